"""Pages per second of one worker draining the same pre-filled raw topic, by cleaning-pool size.

    python benchmarks/pool_throughput.py [--pages 1000] [--processes 1 2] [--runs 3] [--port 31450]

Starts its own broker (deploy/kafka.py) unless ``--bootstrap`` names one, fills one raw topic
with ``--pages`` pages read from ``../shared/datasets/*/html`` (each under a URL of its own,
decoded as ``depeche produce`` does), then for every pool size and run starts a fresh
``depeche worker`` (its own consumer group and output topics, ``DEPECHE_CLEAN_PROCESSES`` set)
and reads its outcomes. The rate is taken between the first and the last outcome's broker
timestamps, so the worker's start-up is left out. Prints one line per run (pages/s, and CPU
milliseconds per page spent in the worker's own process and in its pool, which the load of other
work on the machine does not change much), then the median pages/s per pool size. Not a test: the machine is shared, so say how loaded it was when quoting numbers.
"""
from __future__ import annotations

import argparse
import asyncio
import gzip
import importlib.util
import os
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
# always first: run as a script, this folder leads sys.path and its pipeline.py would
# shadow the package
sys.path.insert(0, str(REPO_ROOT))

from aiokafka import AIOKafkaConsumer, AIOKafkaProducer  # noqa: E402
from aiokafka.admin import AIOKafkaAdminClient, NewTopic  # noqa: E402

from schemas import raw_page_from_bytes  # noqa: E402

DATASETS = REPO_ROOT.parent / "shared" / "datasets"
PYTHON = sys.executable


def load_pages(count: int) -> list[tuple[bytes, bytes]]:
    """``count`` (key, value) raw-topic messages, the dataset pages repeated under distinct URLs."""
    files = sorted(DATASETS.glob("*/html/*.html.gz"))
    if not files:
        raise SystemExit(f"no pages under {DATASETS}/*/html: the shared datasets must be beside the checkout")
    bodies = []
    for path in files:
        try:
            bodies.append(raw_page_from_bytes(gzip.decompress(path.read_bytes()), url="https://x.example/"))
        except ValueError:
            continue  # undecodable: the benchmark is about pages that clean
    messages = []
    for i in range(count):
        page = bodies[i % len(bodies)]
        url = f"https://bench.example/page-{i}"
        messages.append((url.encode(), page.derive(url=url).dumps()))
    return messages


async def create_topics(bootstrap: str, topics: list[str], partitions: int) -> None:
    admin = AIOKafkaAdminClient(bootstrap_servers=bootstrap)
    await admin.start()
    try:
        await admin.create_topics([NewTopic(t, num_partitions=partitions, replication_factor=1) for t in topics])
    finally:
        await admin.close()


async def fill(bootstrap: str, topic: str, messages: list[tuple[bytes, bytes]], partitions: int) -> None:
    await create_topics(bootstrap, [topic], partitions)
    producer = AIOKafkaProducer(bootstrap_servers=bootstrap, acks="all", compression_type="zstd",
                                max_request_size=32 * 1024 * 1024)
    await producer.start()
    try:
        await asyncio.gather(*[await producer.send(topic, key=k, value=v) for k, v in messages])
    finally:
        await producer.stop()


def cpu_seconds(pid: int) -> tuple[float, float]:
    """CPU seconds used so far by ``pid`` itself and by its live descendants (the cleaning pool)."""
    tick = os.sysconf("SC_CLK_TCK")
    stats: dict[int, list[str]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stats[int(entry.name)] = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
    tree, todo = set(), [pid]
    while todo:
        parent = todo.pop()
        for child, fields in stats.items():
            if int(fields[1]) == parent and child not in tree:
                tree.add(child)
                todo.append(child)

    def used(p: int) -> float:
        return (int(stats[p][11]) + int(stats[p][12])) / tick if p in stats else 0.0

    return used(pid), sum(used(p) for p in tree)


async def outcome_times(bootstrap: str, topics: list[str], count: int, timeout: float,
                        worker: subprocess.Popen[bytes], cpu: list[tuple[float, float]]) -> list[int]:
    """Broker timestamps of ``count`` outcomes; ``cpu`` gets the worker's CPU use at the first
    outcome and at the last."""
    consumer = AIOKafkaConsumer(*topics, bootstrap_servers=bootstrap, group_id=None,
                                auto_offset_reset="earliest", enable_auto_commit=False)
    await consumer.start()
    stamps: list[int] = []
    try:
        deadline = time.monotonic() + timeout
        while len(stamps) < count and time.monotonic() < deadline and worker.poll() is None:
            for records in (await consumer.getmany(timeout_ms=500)).values():
                if not stamps and records:
                    cpu.append(cpu_seconds(worker.pid))
                stamps.extend(r.timestamp for r in records)
        cpu.append(cpu_seconds(worker.pid))
    finally:
        await consumer.stop()
    return stamps


def one_run(bootstrap: str, raw_topic: str, count: int, processes: int, partitions: int,
            web_port: int) -> tuple[float, float, float]:
    """Pages/s, and CPU milliseconds per page in the worker's own process and in its pool."""
    prefix = f"b{uuid.uuid4().hex[:8]}"
    topics = {"articles": f"{prefix}.articles", "rejected": f"{prefix}.rejected", "ticker": f"{prefix}.ticker"}
    env = {**os.environ, "DEPECHE_APP_ID": f"bench-{prefix}", "DEPECHE_BROKER_URL": f"kafka://{bootstrap}",
           "DEPECHE_TOPIC_RAW": raw_topic, "DEPECHE_TOPIC_ARTICLES": topics["articles"],
           "DEPECHE_TOPIC_REJECTED": topics["rejected"], "DEPECHE_TOPIC_TICKER": topics["ticker"],
           "DEPECHE_TOPIC_PARTITIONS": str(partitions), "DEPECHE_WEB_PORT": str(web_port),
           "DEPECHE_CLEAN_PROCESSES": str(processes), "DEPECHE_LOG_LEVEL": "warn"}
    asyncio.run(create_topics(bootstrap, list(topics.values()), partitions))
    with tempfile.TemporaryDirectory(prefix="depeche-bench-") as workdir:
        env["DEPECHE_DATA_DIR"] = workdir
        with open(Path(workdir) / "worker.log", "wb") as log:
            worker = subprocess.Popen([PYTHON, "-m", "agents.cli", "worker"], cwd=REPO_ROOT, env=env,
                                      stdout=log, stderr=subprocess.STDOUT)
            cpu: list[tuple[float, float]] = []
            try:
                stamps = asyncio.run(outcome_times(bootstrap, [topics["articles"], topics["rejected"]],
                                                   count, timeout=600, worker=worker, cpu=cpu))
            finally:
                worker.terminate()
                worker.wait(timeout=60)
            if len(stamps) < count:
                tail = (Path(workdir) / "worker.log").read_text(errors="replace")[-3000:]
                raise SystemExit(f"only {len(stamps)} of {count} outcomes came with {processes} process(es):\n{tail}")
    (loop_start, pool_start), (loop_end, pool_end) = cpu[0], cpu[-1]
    return ((count - 1) / ((max(stamps) - min(stamps)) / 1000),
            (loop_end - loop_start) * 1000 / count, (pool_end - pool_start) * 1000 / count)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pages", type=int, default=1000)
    parser.add_argument("--processes", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--partitions", type=int, default=3)
    parser.add_argument("--bootstrap", help="an existing broker; default: start one")
    parser.add_argument("--port", type=int, default=31450, help="port of the broker started (and port+1, +2)")
    args = parser.parse_args(argv)

    kafka = None
    data_dir = Path(tempfile.gettempdir()) / f"depeche-bench-kafka-{args.port}"
    bootstrap = args.bootstrap
    if bootstrap is None:
        spec = importlib.util.spec_from_file_location("deploy_kafka", REPO_ROOT / "deploy" / "kafka.py")
        assert spec is not None and spec.loader is not None
        kafka = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(kafka)
        bootstrap = kafka.start(port=args.port, controller_port=args.port + 1, data_dir=data_dir,
                                fresh=True, fast_start=True, timeout=120)
    try:
        raw_topic = f"bench-{uuid.uuid4().hex[:8]}.pages.raw"
        asyncio.run(fill(bootstrap, raw_topic, load_pages(args.pages), args.partitions))
        rates: dict[int, list[float]] = {n: [] for n in args.processes}
        for run in range(args.runs):
            for processes in args.processes:  # interleaved, so load changes hit both sizes alike
                rate, loop_ms, pool_ms = one_run(bootstrap, raw_topic, args.pages, processes, args.partitions,
                                                 args.port + 2)
                rates[processes].append(rate)
                print(f"run {run + 1}: {processes} process(es): {rate:.1f} pages/s; CPU per page: "
                      f"{loop_ms:.1f} ms in the worker's event loop process, {pool_ms:.1f} ms in the pool; "
                      f"load average {os.getloadavg()[0]:.1f}", flush=True)
        for processes, found in rates.items():
            print(f"{processes} process(es): median {statistics.median(found):.1f} pages/s "
                  f"over {len(found)} runs ({', '.join(f'{r:.1f}' for r in found)}); load average "
                  f"{os.getloadavg()[0]:.1f} at the end")
    finally:
        if kafka is not None:
            kafka.stop(data_dir=data_dir)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
