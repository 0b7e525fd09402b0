"""Fault-test harness: a restartable worker, a steady page producer, and the delivery audit.

The audit reads the raw topic (the truth: every (partition, offset) is one page) and both output
topics, and counts per raw message:

* lost        -- no Article and no Rejected for it;
* raw dups    -- output events beyond the first with the same identity (schemas.dedupe), i.e.
                 what a consumer reading the topic without deduplication sees twice;
* dedup dups  -- raw messages still with more than one *distinct* outcome after deduplication
                 (two different articles, or an article and a reject): must be 0.

With ``ticker=True`` pages also carry a ticker (one headline of their own, one shared by all), and
:func:`ticker_audit` checks ``ticker.items`` against what the cleaner makes of the good pages.
"""
from __future__ import annotations

import asyncio
import json
import os
import random
import signal
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import orjson
from aiokafka import AIOKafkaConsumer, AIOKafkaProducer, TopicPartition

from schemas import Origin, outcome_of_message
from schemas.dedupe import event_identity
from tests.support.kafka import REPO
from tests.support.worker import WorkerProcess

FIGURES = REPO / ".run" / "fault-figures.json"


@dataclass
class FaultWorker(WorkerProcess):
    """A WorkerProcess that can be killed and restarted with the same app id, topics and port."""

    extra_env: dict[str, str] = field(default_factory=dict)
    starts: int = 0

    @property
    def env(self) -> dict[str, str]:
        return {**super().env, "DEPECHE_SESSION_TIMEOUT": "10", **self.extra_env}

    def start(self, *, timeout: float = 120.0) -> None:
        log = self.workdir / "worker.log"
        if log.exists():  # "Ready" of the previous run must not count for this one
            log.rename(self.workdir / f"worker.{self.starts}.log")
        self.starts += 1
        super().start(timeout=timeout)

    def kill(self) -> None:
        """kill -9 the whole worker process group: no shutdown, no last commit."""
        assert self.process is not None
        os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=30)

    def alive(self) -> bool:
        return self.process is not None and self.process.poll() is None


def page(i: int, prefix: str, *, ticker: bool = False) -> tuple[bytes, bytes]:
    """One small generated text page (own text), or every 25th one a message that is not JSON.
    With ``ticker``, the page opens with two timestamped headlines: its own and a shared one."""
    url = f"https://faults.example/{prefix}/{i:05d}"
    if i % 25 == 24:
        return url.encode(), f"not json {i}".encode()
    headlines = (f"- 06:00Morning bulletin for the valley\n"
                 f"- {10 + i % 12}:{i % 60:02d}Bulletin {i}: the river at the bridge\n\n") if ticker else ""
    body = headlines + (
        f"Page {i} of the fault test\n\n"
        f"This is generated article number {i}. The river rose by {i % 97} centimetres overnight "
        f"and the council met at dawn to discuss the bridge on street {i % 13}.\n\n"
        f"Residents said the water had never come this far. Officials will report again on day {i % 7}."
    )
    value = {"url": url, "body": body, "content_type": "text/plain", "fetched_at": "2026-11-23T10:00:00Z"}
    return url.encode(), orjson.dumps(value)


class SteadyProducer(threading.Thread):
    """Produces ``count`` pages at ``rate``/s in its own loop; survives broker outages (the
    idempotent producer retries; a send that still fails is counted in ``failed``)."""

    def __init__(self, bootstrap: str, topic: str, count: int, rate: float, prefix: str, *,
                 ticker: bool = False) -> None:
        super().__init__(daemon=True)
        self.bootstrap, self.topic, self.count, self.rate, self.prefix = bootstrap, topic, count, rate, prefix
        self.ticker = ticker
        self.sent = 0
        self.failed: list[str] = []
        self.finished_at: float | None = None

    def run(self) -> None:
        asyncio.run(self._run())

    def _more(self) -> bool:
        """Whether to send another page (a subclass may end the flow another way)."""
        return self.sent < self.count

    async def _run(self) -> None:
        producer = AIOKafkaProducer(bootstrap_servers=self.bootstrap, acks="all", enable_idempotence=True,
                                    compression_type="zstd", request_timeout_ms=300_000,
                                    retry_backoff_ms=250)
        await producer.start()
        try:
            pending = []
            t0 = time.monotonic()
            while self._more():
                delay = t0 + self.sent / self.rate - time.monotonic()
                if delay > 0:
                    await asyncio.sleep(delay)
                key, value = page(self.sent, self.prefix, ticker=self.ticker)
                pending.append(await producer.send(self.topic, key=key, value=value))
                self.sent += 1
            for result in await asyncio.gather(*pending, return_exceptions=True):
                if isinstance(result, Exception):
                    self.failed.append(repr(result))
        finally:
            await producer.stop()
            self.finished_at = time.monotonic()


async def read_all(bootstrap: str, topic: str) -> list[Any]:
    """Every record of ``topic`` from the beginning to its current end (read_committed)."""
    consumer = AIOKafkaConsumer(bootstrap_servers=bootstrap, group_id=None, enable_auto_commit=False,
                                auto_offset_reset="earliest", isolation_level="read_committed")
    await consumer.start()
    try:
        cluster = await consumer._client.fetch_all_metadata()  # noqa: SLF001 - any topic, no subscription
        partitions = [TopicPartition(topic, p) for p in sorted(cluster.partitions_for_topic(topic) or set())]
        if not partitions:
            return []
        consumer.assign(partitions)
        await consumer.seek_to_beginning(*partitions)
        ends = await consumer.end_offsets(partitions)
        records: list[Any] = []
        async def behind() -> bool:
            return any([await consumer.position(tp) < end for tp, end in ends.items()])

        while await behind():
            batch = await consumer.getmany(timeout_ms=1000)
            for recs in batch.values():
                records.extend(recs)
        return records
    finally:
        await consumer.stop()


@dataclass
class Audit:
    pages: int
    lost: int
    raw_duplicates: int
    dedup_duplicates: int
    articles_events: int
    rejected_events: int
    missing_examples: list[str]

    def line(self) -> str:
        return (f"pages={self.pages} lost={self.lost} duplicated_raw={self.raw_duplicates} "
                f"duplicated_after_dedup={self.dedup_duplicates} article_events={self.articles_events} "
                f"rejected_events={self.rejected_events}")


async def audit(bootstrap: str, topics: dict[str, str]) -> Audit:
    raw = await read_all(bootstrap, topics["raw"])
    articles = await read_all(bootstrap, topics["articles"])
    rejected = await read_all(bootstrap, topics["rejected"])
    # raw message -> its outcomes' identities (with repeats)
    by_url = {(r.key or b"").decode(): (r.partition, r.offset) for r in raw}
    outcomes: dict[tuple[int, int], list[str]] = {(r.partition, r.offset): [] for r in raw}
    for record in articles:
        event = orjson.loads(record.value)
        origin = by_url.get(event["url"])
        if origin is not None:
            outcomes[origin].append(event_identity(event))
    for record in rejected:
        event = orjson.loads(record.value)
        origin = (event["partition"], event["offset"])
        if origin in outcomes:
            outcomes[origin].append(event_identity(event))
    lost = [o for o, ids in outcomes.items() if not ids]
    return Audit(
        pages=len(raw),
        lost=len(lost),
        raw_duplicates=sum(len(ids) - len(set(ids)) for ids in outcomes.values()),
        dedup_duplicates=sum(1 for ids in outcomes.values() if len(set(ids)) > 1),
        articles_events=len(articles),
        rejected_events=len(rejected),
        missing_examples=[f"{p}:{o}" for p, o in lost[:10]],
    )


@dataclass
class TickerAudit:
    expected: int  # distinct ticker items the cleaner makes of the good pages
    lost: int  # expected items never published
    unexpected: int  # published items no good page carries
    events: int  # events on ticker.items
    repeats: int  # events beyond the first with the same key (a consumer that dedupes drops them)
    mixed_keys: int  # keys whose events differ in (site, time, title), or differ from the event's id
    missing_examples: list[str]

    def line(self) -> str:
        return (f"ticker expected={self.expected} lost={self.lost} unexpected={self.unexpected} "
                f"events={self.events} repeats={self.repeats} mixed_keys={self.mixed_keys}")


def expected_ticker(pages: int, prefix: str) -> dict[str, tuple[str, str, str]]:
    """Ticker id → (site, time, title) of every item the cleaner makes of the good pages: the
    delivery is checked against the cleaner's own output, not against numbers written here."""
    items: dict[str, tuple[str, str, str]] = {}
    for i in range(pages):
        _, value = page(i, prefix, ticker=True)
        outcome = outcome_of_message(value, origin=Origin(topic="expected", partition=0, offset=i))
        items.update((item.id, (item.site, item.time, item.title)) for item in outcome.ticker)
    return items


async def ticker_audit(bootstrap: str, topics: dict[str, str], *, pages: int, prefix: str) -> TickerAudit:
    """No item lost (every item of every good page published at least once); a repeat carries
    the same key, and a key always the same item."""
    expected = expected_ticker(pages, prefix)
    records = await read_all(bootstrap, topics["ticker"])
    by_key: dict[str, set[tuple[str, str, str, str]]] = {}
    for record in records:
        event = orjson.loads(record.value)
        key = (record.key or b"").decode()
        by_key.setdefault(key, set()).add((event["id"], event["site"], event["time"], event["title"]))
    lost = sorted(set(expected) - set(by_key))
    mixed = [key for key, items in by_key.items()
             if len(items) != 1 or next(iter(items))[0] != key or
             (key in expected and next(iter(items))[1:] != expected[key])]
    return TickerAudit(expected=len(expected), lost=len(lost), unexpected=len(set(by_key) - set(expected)),
                       events=len(records), repeats=len(records) - len(by_key), mixed_keys=len(mixed),
                       missing_examples=[" ".join(expected[key]) for key in lost[:10]])


async def wait_for_ticker(bootstrap: str, topics: dict[str, str], *, pages: int, prefix: str,
                          timeout: float) -> TickerAudit:
    """Audit ``ticker.items`` repeatedly until no expected item is missing (or timeout)."""
    deadline = time.monotonic() + timeout
    while True:
        result = await ticker_audit(bootstrap, topics, pages=pages, prefix=prefix)
        if result.lost == 0 or time.monotonic() > deadline:
            return result
        await asyncio.sleep(2)


async def wait_for_all_outcomes(bootstrap: str, topics: dict[str, str], *, expected: int,
                                timeout: float) -> Audit:
    """Audit repeatedly until every one of ``expected`` pages has an outcome (or timeout)."""
    deadline = time.monotonic() + timeout
    while True:
        result = await audit(bootstrap, topics)
        if (result.pages >= expected and result.lost == 0) or time.monotonic() > deadline:
            return result
        await asyncio.sleep(2)


def assert_delivered_by_one_worker(result: Audit, *, pages: int, producer: SteadyProducer,
                                   worker: FaultWorker, same_process: bool) -> None:
    """The promise under a broker fault: the same worker process delivers every page, once
    after dedup, with no restart and no refused send."""
    assert same_process, "the worker had to be restarted (or died): " + worker.log_tail()
    assert not producer.failed, producer.failed[:3]
    assert result.pages == pages
    assert result.lost == 0, f"lost pages at raw partition:offset {result.missing_examples}"
    assert result.dedup_duplicates == 0


def record_figures(name: str, figures: dict[str, Any]) -> None:
    """Print the figures (pytest -s shows them) and keep them in .run/fault-figures.json."""
    print(f"\nFAULT-FIGURES {name}: {json.dumps(figures)}", flush=True)
    FIGURES.parent.mkdir(parents=True, exist_ok=True)
    data = json.loads(FIGURES.read_text()) if FIGURES.exists() else {}
    data[name] = {**figures, "measured_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())}
    FIGURES.write_text(json.dumps(data, indent=2) + "\n")


def rng(name: str) -> random.Random:
    """Random moments, reproducible with DEPECHE_FAULT_SEED; the seed is printed."""
    seed = int(os.environ.get("DEPECHE_FAULT_SEED") or random.SystemRandom().randrange(1 << 30))
    print(f"\n{name}: DEPECHE_FAULT_SEED={seed}", flush=True)
    return random.Random(seed)


def wait_until(predicate, *, timeout: float, interval: float = 0.2) -> float | None:  # type: ignore[no-untyped-def]
    """Seconds until ``predicate()`` is true, or None after ``timeout``."""
    t0 = time.monotonic()
    while time.monotonic() - t0 < timeout:
        try:
            if predicate():
                return time.monotonic() - t0
        except Exception:  # noqa: BLE001 - not yet: the web view or the broker is still down
            pass
        time.sleep(interval)
    return None


def workdir(base: Path, name: str) -> Path:
    path = base / name
    path.mkdir(parents=True, exist_ok=True)
    return path
