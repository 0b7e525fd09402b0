"""``depeche demo``: the whole pipeline on its bundled sample pages, on a local broker."""
from __future__ import annotations

import asyncio
import importlib.util
import json
import os
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from types import ModuleType
from typing import Any

from schemas import RawPage, raw_page_from_bytes

from .clients import produce_pages, tail_topic
from .settings import Settings

__all__ = ["run_demo"]

SAMPLES = Path(__file__).with_name("samples")
REPO = Path(__file__).resolve().parents[1]


def _deploy_kafka() -> ModuleType:
    spec = importlib.util.spec_from_file_location("depeche_deploy_kafka", REPO / "deploy" / "kafka.py")
    if spec is None or spec.loader is None:
        raise SystemExit("deploy/kafka.py not found: run the demo from a checkout of depeche")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def sample_pages() -> list[RawPage]:
    manifest = json.loads((SAMPLES / "manifest.json").read_text())
    return [
        raw_page_from_bytes((SAMPLES / entry["file"]).read_bytes(), url=entry["url"],
                            content_type=entry["content_type"])
        for entry in manifest["pages"]
    ]


def _wait_for_web(url: str, worker: subprocess.Popen[bytes], log: Path, timeout: float = 90.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if worker.poll() is not None:
            raise SystemExit(f"the worker exited with code {worker.returncode}; see {log}")
        try:
            with urllib.request.urlopen(url, timeout=2):  # noqa: S310 - loopback
                return
        except OSError:
            time.sleep(0.5)
    raise SystemExit(f"the worker did not come up in time; see {log}")


def _say(text: str) -> None:
    print(f"\x1b[1m== {text}\x1b[0m" if sys.stdout.isatty() else f"== {text}", flush=True)


def _print_event(topic: str) -> Any:
    def emit(event: dict[str, Any]) -> None:
        print(f"{topic}  {json.dumps(event, ensure_ascii=False)}", flush=True)

    return emit


def _wait_processed(stats_url: str, pages: int, log: Path, timeout: float = 120.0) -> None:
    """Until the worker has handled every page sent (its counters say so)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with urllib.request.urlopen(stats_url, timeout=2) as response:  # noqa: S310 - loopback
            stats = json.loads(response.read())
        if stats["articles_out"] + stats["rejected_out"] >= pages:
            return
        time.sleep(0.5)
    raise SystemExit(f"the worker did not process {pages} pages in {timeout:.0f}s; see {log}")


async def _show(settings: Settings) -> None:
    for topic in (settings.topic_articles, settings.topic_ticker, settings.topic_rejected):
        await tail_topic(settings, topic, from_beginning=True, idle_timeout=3, emit=_print_event(topic))


def run_demo(*, once: bool = False, port: int = 9092, web_port: int = 6066, state_dir: Path | None = None) -> int:
    """Start broker and worker, produce the samples, print the clean events, keep the web view up.

    Broker and worker state go under ``state_dir`` (``.run`` of the checkout by default), wiped
    at every start: the demo always begins from empty topics."""
    state_dir = state_dir or REPO / ".run"
    run_dir = state_dir / "demo"
    run_dir.mkdir(parents=True, exist_ok=True)
    kafka = _deploy_kafka()
    kafka_dir = state_dir / "demo-kafka"
    _say(f"starting the local Kafka broker on 127.0.0.1:{port} (data in {kafka_dir})")
    bootstrap = kafka.start(port=port, controller_port=port + 1, data_dir=kafka_dir, fresh=True)

    env = {**os.environ, "DEPECHE_BROKER_URL": f"kafka://{bootstrap}", "DEPECHE_WEB_PORT": str(web_port),
           "DEPECHE_DATA_DIR": str(run_dir / "worker")}
    settings = Settings.from_env(env)
    log_path = run_dir / "worker.log"
    _say(f"starting the depeche worker (log in {log_path})")
    log = open(log_path, "wb")  # noqa: SIM115 - open while the worker runs
    worker = subprocess.Popen([sys.executable, "-m", "agents.cli", "worker"], cwd=REPO, env=env,
                              stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    web = f"http://{settings.web_host}:{settings.web_port}/"
    try:
        _wait_for_web(web + "api/stats", worker, log_path)
        pages = sample_pages()
        _say(f"producing {len(pages)} sample pages to {settings.topic_raw}")
        report = asyncio.run(produce_pages(settings, pages))
        _wait_processed(web + "api/stats", report.sent, log_path)
        _say(f"clean events ({report.sent} pages sent)")
        asyncio.run(_show(settings))
        _say(f"web view: {web}  (stats as JSON: {web}api/stats)")
        if once:
            return 0
        _say("pipeline running; produce more with `depeche produce PATH` (same env). Ctrl-C stops it.")
        # Ctrl-C and SIGTERM both stop the demo, even when started from a script that runs it
        # in the background (such shells start it with SIGINT ignored).
        signal.signal(signal.SIGINT, signal.default_int_handler)
        signal.signal(signal.SIGTERM, signal.default_int_handler)
        try:
            while True:
                time.sleep(3600)
        except KeyboardInterrupt:
            return 0
    finally:
        # A second Ctrl-C (or SIGTERM) must not cut the clean-up short and orphan the broker.
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
        _say("stopping the worker")
        if worker.poll() is None:
            os.killpg(worker.pid, signal.SIGTERM)
            try:
                worker.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(worker.pid, signal.SIGKILL)
        log.close()
        _say("stopping the local broker")
        kafka.stop(data_dir=kafka_dir)
