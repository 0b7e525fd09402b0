"""Run ``depeche worker`` as a real subprocess against the test broker, and talk to its topics."""
from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
import time
import urllib.request
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import orjson
from aiokafka import AIOKafkaConsumer, AIOKafkaProducer, TopicPartition

from .kafka import REPO
from .ports import free_port


@dataclass
class WorkerProcess:
    """One ``depeche worker`` with its own app id and topic names, so tests do not share state."""

    bootstrap: str
    workdir: Path
    prefix: str = field(default_factory=lambda: f"t{uuid.uuid4().hex[:8]}")
    web_port: int = field(default_factory=free_port)
    #: Partitions of the topics the worker creates. One partition keeps every topic in produce
    #: order, which lets a test send an end marker last and know all before it was handled.
    partitions: int = 2
    #: The command that starts the worker (default: ``depeche worker``); settings go by env.
    command: list[str] = field(default_factory=lambda: [sys.executable, "-m", "agents.cli", "worker", "-l", "info"])
    #: Settings added to (or overriding) the ones this class derives.
    extra_env: dict[str, str] = field(default_factory=dict)
    #: Log stderr (the log lines) alone to worker.log, stdout (Faust's banner) to worker.out.
    split_stderr: bool = False
    process: subprocess.Popen[bytes] | None = None

    @property
    def topics(self) -> dict[str, str]:
        return {
            "raw": f"{self.prefix}.pages.raw",
            "articles": f"{self.prefix}.articles.clean",
            "ticker": f"{self.prefix}.ticker.items",
            "rejected": f"{self.prefix}.pages.rejected",
        }

    @property
    def env(self) -> dict[str, str]:
        return {
            **os.environ,
            "DEPECHE_APP_ID": f"depeche-{self.prefix}",
            "DEPECHE_BROKER_URL": f"kafka://{self.bootstrap}",
            "DEPECHE_TOPIC_RAW": self.topics["raw"],
            "DEPECHE_TOPIC_ARTICLES": self.topics["articles"],
            "DEPECHE_TOPIC_TICKER": self.topics["ticker"],
            "DEPECHE_TOPIC_REJECTED": self.topics["rejected"],
            "DEPECHE_TOPIC_PARTITIONS": str(self.partitions),
            "DEPECHE_WEB_PORT": str(self.web_port),
            "DEPECHE_DATA_DIR": str(self.workdir / "data"),
            **self.extra_env,
        }

    @property
    def web_url(self) -> str:
        return f"http://127.0.0.1:{self.web_port}"

    def start(self, *, timeout: float = 90.0) -> None:
        """Start the worker and wait until its web view answers and its agents are subscribed."""
        self.workdir.mkdir(parents=True, exist_ok=True)
        log = open(self.workdir / "worker.log", "ab")  # noqa: SIM115 - lives as long as the process
        out = open(self.workdir / "worker.out", "ab") if self.split_stderr else log  # noqa: SIM115
        self.process = subprocess.Popen(
            self.command, cwd=REPO, env=self.env, stdout=out, stderr=log, start_new_session=True,
        )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"worker exited with {self.process.returncode}:\n{self.log_tail()}")
            if "Worker]: Ready" in self.log_text():
                try:
                    self.get_json("/api/stats")
                    return
                except OSError:
                    pass
            time.sleep(0.3)
        raise RuntimeError(f"worker not ready after {timeout}s:\n{self.log_tail()}")

    def stop(self, *, sig: int = signal.SIGTERM, timeout: float = 30.0) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        os.killpg(self.process.pid, sig)
        try:
            self.process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=10)

    def log_text(self) -> str:
        path = self.workdir / "worker.log"
        return path.read_text(errors="replace") if path.exists() else ""

    def log_tail(self, lines: int = 60) -> str:
        return "\n".join(self.log_text().splitlines()[-lines:])

    def get_json(self, path: str) -> Any:
        with urllib.request.urlopen(self.web_url + path, timeout=5) as response:  # noqa: S310 - loopback
            return orjson.loads(response.read())


async def produce_values(bootstrap: str, topic: str, items: list[tuple[bytes | None, bytes | None]]) -> None:
    """Send raw (key, value) pairs: tests send malformed messages the CLI would refuse."""
    producer = AIOKafkaProducer(bootstrap_servers=bootstrap, acks="all", compression_type="zstd",
                                max_request_size=32 * 1024 * 1024)
    await producer.start()
    try:
        for key, value in items:
            await producer.send_and_wait(topic, key=key, value=value)
    finally:
        await producer.stop()


async def consume_until(
    bootstrap: str, topic: str, *, count: int, timeout: float = 60.0
) -> list[dict[str, Any]]:
    """Read ``topic`` from the beginning until ``count`` events arrived or ``timeout`` passed;
    returns what was read. To show that nothing more came, use ``consume_through`` (an end
    marker) or ``consume_to_end`` (after the worker says it is done), never a wait."""
    consumer = AIOKafkaConsumer(topic, bootstrap_servers=bootstrap, group_id=None,
                                auto_offset_reset="earliest", enable_auto_commit=False)
    await consumer.start()
    events: list[dict[str, Any]] = []
    try:
        deadline = time.monotonic() + timeout
        while len(events) < count and time.monotonic() < deadline:
            batch = await consumer.getmany(timeout_ms=500)
            for records in batch.values():
                events.extend(orjson.loads(r.value) for r in records)
    finally:
        await consumer.stop()
    return events


async def consume_through(
    bootstrap: str, topic: str, *, marker: Callable[[dict[str, Any]], bool], timeout: float = 60.0
) -> list[dict[str, Any]]:
    """Read ``topic`` from the beginning up to and including the first event ``marker`` accepts,
    and return the events before it. On a topic of one partition, everything the worker sent
    before the marker's outcome is in that list: a test sends the marker after the pages under
    test and asserts on the list, instead of waiting an arbitrary time for extras that should
    not come. Fails if the marker does not arrive within ``timeout`` seconds."""
    consumer = AIOKafkaConsumer(topic, bootstrap_servers=bootstrap, group_id=None,
                                auto_offset_reset="earliest", enable_auto_commit=False)
    await consumer.start()
    events: list[dict[str, Any]] = []
    try:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            batch = await consumer.getmany(timeout_ms=500)
            for records in batch.values():
                for record in records:
                    event = orjson.loads(record.value)
                    if marker(event):
                        return events
                    events.append(event)
    finally:
        await consumer.stop()
    raise AssertionError(f"the end marker did not reach {topic} within {timeout}s; {len(events)} events "
                         "before it were read")


async def consume_to_end(bootstrap: str, topic: str, *, timeout: float = 30.0) -> list[dict[str, Any]]:
    """Every event in ``topic`` now: read from the beginning to the end offsets it has once its
    partitions are known. When the worker says it has handled the inputs (its counters move after
    each send is acknowledged), this is all it sent for them, with no wait for extras."""
    consumer = AIOKafkaConsumer(topic, bootstrap_servers=bootstrap, group_id=None,
                                auto_offset_reset="earliest", enable_auto_commit=False)
    await consumer.start()
    records: list[Any] = []
    try:
        deadline = time.monotonic() + timeout
        while not consumer.assignment():  # the partitions arrive with the first metadata
            if time.monotonic() > deadline:
                raise AssertionError(f"no partitions of {topic} assigned within {timeout}s")
            batch = await consumer.getmany(timeout_ms=200)
            records.extend(r for rs in batch.values() for r in rs)
        ends = await consumer.end_offsets(list(consumer.assignment()))
        while [tp for tp, end in ends.items() if await consumer.position(tp) < end]:
            if time.monotonic() > deadline:
                raise AssertionError(f"could not read {topic} to its end offsets {ends} within {timeout}s")
            batch = await consumer.getmany(timeout_ms=500)
            records.extend(r for rs in batch.values() for r in rs)
    finally:
        await consumer.stop()
    return [orjson.loads(r.value) for r in records if r.offset < ends[TopicPartition(r.topic, r.partition)]]


def run(coro: Any) -> Any:
    return asyncio.run(coro)
