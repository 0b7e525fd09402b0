"""The whole pipeline's throughput and latency on a real broker, beside bare ``clean_page``.

    python benchmarks/pipeline.py [--pages 2000] [--quick] [--port 31900]   (make bench-pipeline)

One run reports:

* bare ``clean_page`` pages/s in this process (the ceiling for one core), and the whole per-page
  job (raw message parsed, cleaned, events built) for comparison;
* drain pages/s of ``depeche worker`` for each ``--configs`` entry, ``WxP`` = W workers with P
  cleaning processes each (default 1x1, 1x2, 2x1, 2x2; ``--runs`` times each, interleaved, the run of
  median rate shown with every rate), every run on a fresh consumer group and
  fresh output topics, reading the same pre-filled raw topic (the development sets' pages repeated
  under distinct URLs, decoded as ``depeche produce`` does);
* CPU seconds per page of the worker(s) (the whole process tree: event loop, fork server, cleaning
  processes) and of the broker, read from /proc while the drain runs, and each worker's RSS;
* produce → outcome latency p50/p90/p99/max at 25%, 50% and 75% of the drain rate measured for
  ``--latency-config`` (one worker kept running; pages produced at a fixed rate);
* with ``--stories DIR``, each stage-on drain's stories (the final membership of every story, once
  the stories topic stops growing) as JSON, to compare the stage's decisions across two versions.

Every run is audited: each page produced has an outcome (an article or a reject) after dropping
repeats, and the run fails loudly otherwise.

How rates are taken: from the broker timestamps of the outcomes (the worker's clock), between the
5th and the 95th percentile of them, so the workers' start-up and the last stragglers are left
out. CPU is interpolated over the same window from samples taken every 0.2 s. On a shared machine
wall-clock rates move with the load (the load average is printed); CPU per page moves much less,
so compare the worker's CPU per page with the bare job's to see the pipeline's own overhead.

Not a test: nothing is asserted beyond the audit. The broker is started by deploy/kafka.py on
``--port`` (controller on ``--port``+1, workers' web views from ``--port``+10) and stopped at the end.
"""
from __future__ import annotations

import argparse
import asyncio
import gc
import importlib.util
import json
import logging
import os
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
import uuid
from collections.abc import AsyncIterator, Iterator, Sequence
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple

REPO_ROOT = Path(__file__).resolve().parent.parent
# always first: run as a script, this folder leads sys.path and its pipeline.py would
# shadow the package
sys.path.insert(0, str(REPO_ROOT))

import orjson  # noqa: E402
from aiokafka import AIOKafkaConsumer, AIOKafkaProducer, TopicPartition  # noqa: E402
from aiokafka.admin import AIOKafkaAdminClient, NewTopic  # noqa: E402

from benchmarks import loop_profile  # noqa: E402
from benchmarks.datasets import DEVELOPMENT_SETS, load_pages  # noqa: E402
from pipeline import CleanError, clean_page  # noqa: E402
from schemas import Origin, raw_page_from_bytes  # noqa: E402
from schemas.outcome import PageJob  # noqa: E402

PYTHON = sys.executable
TICKS = os.sysconf("SC_CLK_TCK")
PAGE_SIZE = os.sysconf("SC_PAGE_SIZE")
SAMPLE_EVERY = 0.2  # seconds between CPU samples
WINDOW = (0.05, 0.95)  # outcome percentiles between which rates and CPU are taken


# --- pages ------------------------------------------------------------------------------------------

def raw_messages(count: int, distinct: int | None = None) -> list[tuple[bytes, bytes]]:
    """``count`` raw-topic (key, value) messages: the development sets' pages in turn (the first
    ``distinct`` of them only, if given: more copies), each copy under a URL of its own, encoded as
    ``depeche produce`` encodes a fetched page."""
    bodies = []
    for dataset in DEVELOPMENT_SETS:
        for page in load_pages(dataset):
            url = page.url or f"https://bench.example/{dataset.name}/{page.key}"
            try:
                bodies.append(raw_page_from_bytes(page.html.encode("utf-8"), url=url,
                                                  fetched_at="2026-11-30T12:00:00Z"))
            except CleanError:  # what `depeche produce` refuses never reaches the topic
                continue
    bodies = bodies[:distinct] if distinct else bodies
    messages = []
    for i in range(count):
        raw = bodies[i % len(bodies)]
        url = f"{raw.url}{'&' if '?' in raw.url else '?'}bench_copy={i // len(bodies)}"
        messages.append((url.encode(), raw.derive(url=url).dumps()))
    return messages


# --- bare cleaning ------------------------------------------------------------------------------------

@dataclass
class Bare:
    clean_rate: float  # clean_page, pages per wall second
    clean_cpu: float  # clean_page, CPU seconds per page
    job_rate: float  # the whole job (parse, clean, events), pages per wall second
    job_cpu: float


def bare_cleaning(messages: Sequence[tuple[bytes, bytes]], rounds: int = 2) -> Bare:
    """clean_page alone, then the pool's whole job, over the same messages in this process (one
    core), in turn ``rounds`` times; each one's least CPU per page (the round least disturbed by
    other work on the machine, and neither one always measured first, on colder caches)."""
    raws = [orjson.loads(value) for _, value in messages]
    job = PageJob()
    origin = Origin(topic="bench", partition=0, offset=0)
    for raw in raws[:20]:  # warm-up: lazy imports and compiled patterns
        _clean(raw)
    clean: list[tuple[float, float]] = []
    whole: list[tuple[float, float]] = []
    for _ in range(rounds):
        gc.collect()
        wall, cpu = time.perf_counter(), time.process_time()
        for raw in raws:
            _clean(raw)
        clean.append((time.perf_counter() - wall, time.process_time() - cpu))
        gc.collect()
        wall, cpu = time.perf_counter(), time.process_time()
        for _, value in messages:
            job(value, origin)
        whole.append((time.perf_counter() - wall, time.process_time() - cpu))
    n = len(messages)
    (clean_wall, clean_cpu), (job_wall, job_cpu) = min(clean, key=lambda r: r[1]), min(whole, key=lambda r: r[1])
    return Bare(n / clean_wall, clean_cpu / n, n / job_wall, job_cpu / n)


def _clean(raw: dict[str, Any]) -> None:
    try:
        clean_page(raw["body"], url=raw["url"], content_type=raw["content_type"])
    except CleanError:
        pass


# --- /proc ---------------------------------------------------------------------------------------------

def _stat(pid: int) -> list[str] | None:
    try:
        text = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    return text[text.rindex(")") + 2:].split()  # fields from the 3rd on (state, ppid, ...)


def cpu_of(pid: int) -> float:
    fields = _stat(pid)
    return 0.0 if fields is None else (int(fields[11]) + int(fields[12])) / TICKS  # utime, stime


def session_cpu_rss(sid: int) -> tuple[float, float]:
    """CPU seconds and RSS (MB, summed: pages shared by forks count once per process) of every
    live process in session ``sid`` (a worker, its fork server and cleaning processes)."""
    cpu = rss = 0.0
    for entry in os.scandir("/proc"):
        if entry.name.isdigit():
            fields = _stat(int(entry.name))
            if fields is not None and int(fields[3]) == sid:
                cpu += (int(fields[11]) + int(fields[12])) / TICKS
                rss += int(fields[21]) * PAGE_SIZE / 2**20
    return cpu, rss


def cleaning_busy(sid: int) -> float:
    """Seconds the cleaning processes of worker ``sid`` (its fork server's children) were running
    or runnable (waiting for a core), from /proc/PID/schedstat: what is left of their wall time they
    spent idle, waiting for a page from the event loop."""
    busy = 0.0
    for entry in os.scandir("/proc"):
        if entry.name.isdigit() and int(entry.name) != sid:
            fields = _stat(int(entry.name))
            if fields is not None and int(fields[3]) == sid and int(fields[1]) != sid:
                try:
                    running, waiting = Path(f"/proc/{entry.name}/schedstat").read_text().split()[:2]
                except (OSError, ValueError):
                    continue
                busy += (int(running) + int(waiting)) / 1e9
    return busy


def rss_mb(pid: int) -> float:
    fields = _stat(pid)
    return 0.0 if fields is None else int(fields[21]) * PAGE_SIZE / 2**20


class Sample(NamedTuple):
    """One reading of the processes under measure. A worker's main process runs the event loop
    and Kafka clients; its cleaning processes are the rest of its session (its tree)."""

    at: float  # wall time
    workers_cpu: float  # CPU seconds of the workers' whole trees
    broker_cpu: float
    main_rss: list[float]  # MB, each worker's main process
    main_cpu: float  # CPU seconds of the workers' main processes
    trees_rss: float  # MB, the workers' whole trees
    cleaning_busy: float  # seconds the workers' cleaning processes ran or waited for a core


class Sampler(threading.Thread):
    """A :class:`Sample` every SAMPLE_EVERY seconds."""

    def __init__(self, workers: Sequence[int], broker: int | None) -> None:
        super().__init__(daemon=True)
        self.workers, self.broker = list(workers), broker
        self.samples: list[Sample] = []
        self._halt = threading.Event()

    def run(self) -> None:
        while not self._halt.is_set():
            trees = [session_cpu_rss(w) for w in self.workers]
            self.samples.append(Sample(
                at=time.time(), workers_cpu=sum(cpu for cpu, _ in trees),
                broker_cpu=cpu_of(self.broker) if self.broker else 0.0,
                main_rss=[rss_mb(w) for w in self.workers], main_cpu=sum(cpu_of(w) for w in self.workers),
                trees_rss=sum(rss for _, rss in trees), cleaning_busy=sum(map(cleaning_busy, self.workers))))
            self._halt.wait(SAMPLE_EVERY)

    def stop(self) -> None:
        self._halt.set()
        self.join()

    def at(self, when: float) -> tuple[float, float, list[float], float, float]:
        """Workers' CPU, broker CPU, RSS (the sample before), main processes' CPU and cleaning
        processes' busy time at wall time ``when``."""
        before = [s for s in self.samples if s.at <= when] or self.samples[:1]
        after = [s for s in self.samples if s.at >= when] or self.samples[-1:]
        a, b = before[-1], after[0]
        share = 0.0 if b.at == a.at else (when - a.at) / (b.at - a.at)

        def between(x: float, y: float) -> float:
            return x + share * (y - x)

        return (between(a.workers_cpu, b.workers_cpu), between(a.broker_cpu, b.broker_cpu), a.main_rss,
                between(a.main_cpu, b.main_cpu), between(a.cleaning_busy, b.cleaning_busy))


# --- Kafka -------------------------------------------------------------------------------------------

async def create_topic(bootstrap: str, topic: str, partitions: int) -> None:
    admin = AIOKafkaAdminClient(bootstrap_servers=bootstrap)
    await admin.start()
    try:
        await admin.create_topics([NewTopic(topic, num_partitions=partitions, replication_factor=1)])
    finally:
        await admin.close()


def producer(bootstrap: str) -> AIOKafkaProducer:
    return AIOKafkaProducer(bootstrap_servers=bootstrap, acks="all", compression_type="zstd",
                            max_request_size=32 * 1024 * 1024)


async def fill(bootstrap: str, topic: str, messages: Sequence[tuple[bytes, bytes]]) -> None:
    sender = producer(bootstrap)
    await sender.start()
    try:
        await asyncio.gather(*[await sender.send(topic, key=k, value=v) for k, v in messages])
    finally:
        await sender.stop()


async def end_offsets(bootstrap: str, topics: Sequence[str]) -> int:
    """Sum of the end offsets of ``topics`` (0 for a topic not created yet): cheap progress."""
    consumer = AIOKafkaConsumer(bootstrap_servers=bootstrap, group_id=None, enable_auto_commit=False)
    await consumer.start()
    try:
        cluster = await consumer._client.fetch_all_metadata()  # noqa: SLF001 - any topic, no subscription
        partitions = [TopicPartition(t, p) for t in topics for p in cluster.partitions_for_topic(t) or ()]
        return sum((await consumer.end_offsets(partitions)).values()) if partitions else 0
    finally:
        await consumer.stop()


async def records_to_end(bootstrap: str, topics: Sequence[str]) -> AsyncIterator[Any]:
    """Every record of ``topics``, from the beginning to the end offsets they have when reading starts."""
    consumer = AIOKafkaConsumer(*topics, bootstrap_servers=bootstrap, group_id=None,
                                auto_offset_reset="earliest", enable_auto_commit=False)
    await consumer.start()
    try:
        while not consumer.assignment():
            await consumer.getmany(timeout_ms=200)
        await consumer.seek_to_beginning()
        ends = await consumer.end_offsets(list(consumer.assignment()))
        while [tp for tp, end in ends.items() if await consumer.position(tp) < end]:
            for records in (await consumer.getmany(timeout_ms=500, max_records=5000)).values():
                for record in records:
                    yield record
    finally:
        await consumer.stop()


async def final_stories(bootstrap: str, topic: str, *, quiet: float = 6.0, timeout: float = 180.0,
                        ) -> dict[str, list[list[str | None]]]:
    """Each story's final membership on ``topic`` (its latest event: ``[member, duplicate_of]``,
    sorted), read once the topic has not grown for ``quiet`` seconds (the stage is done)."""
    consumer = AIOKafkaConsumer(bootstrap_servers=bootstrap, group_id=None, enable_auto_commit=False)
    await consumer.start()
    try:
        partitions: list[TopicPartition] = []
        last, since, deadline = -1, time.monotonic(), time.monotonic() + timeout
        while time.monotonic() < deadline:
            if not partitions:
                cluster = await consumer._client.fetch_all_metadata()  # noqa: SLF001 - no subscription
                partitions = [TopicPartition(topic, p) for p in cluster.partitions_for_topic(topic) or ()]
            count = sum((await consumer.end_offsets(partitions)).values()) if partitions else 0
            if count != last:
                last, since = count, time.monotonic()
            elif time.monotonic() - since >= quiet:
                break
            await asyncio.sleep(0.5)
    finally:
        await consumer.stop()
    latest: dict[str, list[list[str | None]]] = {}
    async for record in records_to_end(bootstrap, [topic]):  # a story's events are on one partition, in order
        event = orjson.loads(record.value)
        latest[event["id"]] = sorted([m["id"], m["duplicate_of"]] for m in event["members"])
    return latest


async def read_outcomes(bootstrap: str, topics: Sequence[str]) -> dict[str, int]:
    """url → broker timestamp (ms) of its first outcome, read from the beginning to the end."""
    first: dict[str, int] = {}
    async for record in records_to_end(bootstrap, topics):
        url = orjson.loads(record.value).get("url") or f"?{record.topic}:{record.offset}"
        first[url] = min(record.timestamp, first.get(url, record.timestamp))
    return first


def wait_for_outcomes(bootstrap: str, outputs: Sequence[str], urls: set[str], *, timeout: float,
                      workers: Sequence[WorkerRun] = ()) -> dict[str, int]:
    """Outcomes of ``urls`` once every one of them has one; SystemExit after ``timeout``."""
    deadline = time.monotonic() + timeout
    while True:
        for worker in workers:
            worker.check()
        if asyncio.run(end_offsets(bootstrap, outputs)) >= len(urls):
            found = asyncio.run(read_outcomes(bootstrap, outputs))
            if urls <= found.keys():
                return {url: found[url] for url in urls}
        if time.monotonic() > deadline:
            raise SystemExit(f"not every page got an outcome within {timeout:.0f} s: the audit failed")
        time.sleep(1.0)


# --- workers -------------------------------------------------------------------------------------------

@dataclass
class WorkerRun:
    """One ``depeche worker`` subprocess, in a session of its own (its pool processes too)."""

    env: dict[str, str]
    workdir: Path
    process: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        self.workdir.mkdir(parents=True, exist_ok=True)
        with open(self.workdir / "worker.log", "ab") as log:
            self.process = subprocess.Popen([PYTHON, "-m", "agents.cli", "worker"], cwd=REPO_ROOT, env=self.env,
                                            stdout=log, stderr=subprocess.STDOUT, start_new_session=True)

    @property
    def pid(self) -> int:
        assert self.process is not None
        return self.process.pid

    def check(self) -> None:
        if self.process is not None and self.process.poll() is not None:
            tail = (self.workdir / "worker.log").read_text(errors="replace")[-3000:]
            raise SystemExit(f"a worker exited with {self.process.returncode}:\n{tail}")

    def ready(self) -> bool:
        port = self.env["DEPECHE_WEB_PORT"]
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/readyz", timeout=2) as response:  # noqa: S310
                return bool(response.status == 200)
        except OSError:
            return False

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        self.process.terminate()
        try:
            self.process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, 9)
            self.process.wait(timeout=10)


def parse_config(config: str) -> tuple[int, int, bool]:
    """``WxP`` (W workers of P cleaning processes), ``WxP/off`` with the stories stage off:
    (workers, processes, stories stage on)."""
    sizes, _, stage = config.partition("/")
    count, processes = (int(part) for part in sizes.split("x"))
    if stage not in ("", "off"):
        raise SystemExit(f"not a configuration: {config} (WxP or WxP/off)")
    return count, processes, stage != "off"


@contextmanager
def workers(bootstrap: str, raw_topic: str, *, config: str, partitions: int, web_port: int,
            workdir: Path) -> Iterator[tuple[list[WorkerRun], list[str]]]:
    """``config``'s workers (:func:`parse_config`) in one fresh consumer group with fresh output
    topics, all started at once; yields them and the outcome topics (articles, rejected)."""
    count, processes, stories = parse_config(config)
    prefix = f"b{uuid.uuid4().hex[:8]}"
    outputs = [f"{prefix}.articles", f"{prefix}.rejected"]
    base = {**os.environ, "DEPECHE_APP_ID": f"bench-{prefix}", "DEPECHE_BROKER_URL": f"kafka://{bootstrap}",
            "DEPECHE_TOPIC_RAW": raw_topic, "DEPECHE_TOPIC_ARTICLES": outputs[0],
            "DEPECHE_TOPIC_REJECTED": outputs[1], "DEPECHE_TOPIC_TICKER": f"{prefix}.ticker",
            "DEPECHE_TOPIC_STORIES": f"{prefix}.stories",
            "DEPECHE_TOPIC_PARTITIONS": str(partitions), "DEPECHE_CLEAN_PROCESSES": str(processes),
            "DEPECHE_LOG_LEVEL": os.environ.get("DEPECHE_LOG_LEVEL", "info"),
            "DEPECHE_STORY_STAGE": "on" if stories else "off"}
    runs = [WorkerRun({**base, "DEPECHE_WEB_PORT": str(web_port + i), "DEPECHE_DATA_DIR": str(workdir / f"w{i}")},
                      workdir / f"w{i}") for i in range(count)]
    try:
        for run in runs:
            run.start()
        yield runs, outputs
    finally:
        for run in runs:
            run.stop()


# --- drains and latency ------------------------------------------------------------------------------

@dataclass
class Drain:
    config: str
    pages: int
    rate: float  # pages/s in the window
    worker_cpu: float  # CPU seconds per page, all workers' process trees
    loop_cpu: float  # of which the workers' main processes (event loop, Kafka clients, pool IPC)
    broker_cpu: float | None
    #: Share of the cleaning processes' wall time in the window spent neither running nor waiting
    #: for a core: idle, waiting for the next page, while the raw topic still held pages.
    cleaning_idle: float = 0.0
    rss_start: list[float] = field(default_factory=list)
    rss_end: list[float] = field(default_factory=list)
    seconds: float = 0.0  # first to last outcome
    rates: list[float] = field(default_factory=list)  # of every run of this configuration (--runs)
    memory: list[tuple[int, float, float]] = field(default_factory=list)  # memory_over_drain


def median_run(found: Sequence[Drain]) -> Drain:
    """The run of median rate (its CPU and RSS figures with it), knowing every run's rate."""
    ordered = sorted(found, key=lambda d: d.rate)
    middle = ordered[(len(ordered) - 1) // 2]
    middle.rates = [d.rate for d in found]
    return middle


def window(stamps_ms: Sequence[int]) -> tuple[float, float, int]:
    """(start, end) wall times in seconds and the outcomes between them (WINDOW percentiles)."""
    ordered = sorted(stamps_ms)
    lo, hi = int(WINDOW[0] * (len(ordered) - 1)), int(WINDOW[1] * (len(ordered) - 1))
    return ordered[lo] / 1000, ordered[hi] / 1000, hi - lo


def drain(bootstrap: str, raw_topic: str, messages: Sequence[tuple[bytes, bytes]], *, config: str, broker: int | None,
          partitions: int, web_port: int, scratch: Path, profile: Path | None = None,
          stories: Path | None = None) -> Drain:
    """Drain the raw topic with ``config``'s workers; with ``profile``, py-spy samples the first
    worker's main process into that file meanwhile (benchmarks/loop_profile.py); with ``stories``
    (and the stage on), the stories' final membership is written there once the stage is done."""
    urls = {key.decode() for key, _ in messages}
    with workers(bootstrap, raw_topic, config=config, partitions=partitions,
                 web_port=web_port, workdir=scratch / f"drain-{config.replace('/', '-')}") as (runs, outputs):
        sampler = Sampler([run.pid for run in runs], broker)
        sampler.start()
        spy = loop_profile.start(runs[0].pid, profile) if profile else None
        try:
            stamps = wait_for_outcomes(bootstrap, outputs, urls, timeout=60 + 2 * len(urls), workers=runs)
        finally:
            if spy is not None:
                loop_profile.stop(spy)
            sampler.stop()
        if stories is not None and parse_config(config)[2]:
            topic = outputs[0].removesuffix(".articles") + ".stories"
            stories.write_text(json.dumps(asyncio.run(final_stories(bootstrap, topic)), indent=1, sort_keys=True) + "\n")
    start, end, pages = window(list(stamps.values()))
    cpu_start, broker_start, rss_start, loop_start, busy_start = sampler.at(start)
    cpu_end, broker_end, rss_end, loop_end, busy_end = sampler.at(end)
    ordered = sorted(stamps.values())
    count, processes, _ = parse_config(config)
    idle = 1 - (busy_end - busy_start) / max((end - start) * count * processes, 1e-3)
    return Drain(config=config, pages=len(stamps), rate=pages / max(end - start, 1e-3),
                 worker_cpu=(cpu_end - cpu_start) / pages, loop_cpu=(loop_end - loop_start) / pages,
                 broker_cpu=(broker_end - broker_start) / pages if broker else None, cleaning_idle=max(0.0, idle),
                 rss_start=rss_start, rss_end=rss_end, seconds=(ordered[-1] - ordered[0]) / 1000,
                 memory=memory_over_drain(sampler.samples, ordered))


def memory_over_drain(samples: Sequence[Sample],
                      ordered_ms: Sequence[int], points: int = 10) -> list[tuple[int, float, float]]:
    """(pages done, RSS MB of the workers' main processes, of their whole process trees) when the
    drain's first outcome came, then after every tenth of the pages, and at the end."""
    series = []
    for i in range(points + 1):
        done = max(1, round(i * len(ordered_ms) / points))
        when = ordered_ms[done - 1] / 1000
        sample = next((s for s in samples if s.at >= when), samples[-1])
        series.append((done, sum(sample.main_rss), sample.trees_rss))
    return series


@dataclass
class Latency:
    share: float
    rate: float
    pages: int
    p50: float
    p90: float
    p99: float
    max: float


async def produce_at(bootstrap: str, topic: str, messages: Sequence[tuple[bytes, bytes]], rate: float) -> dict[str, float]:
    """Send ``messages`` at ``rate``/s on a fixed schedule; url → wall time of its send."""
    sender = producer(bootstrap)
    await sender.start()
    sent: dict[str, float] = {}
    try:
        pending = []
        t0 = time.monotonic()
        for i, (key, value) in enumerate(messages):
            delay = t0 + i / rate - time.monotonic()
            if delay > 0:
                await asyncio.sleep(delay)
            sent[key.decode()] = time.time()
            pending.append(await sender.send(topic, key=key, value=value))
        await asyncio.gather(*pending)
    finally:
        await sender.stop()
    return sent


def latencies(bootstrap: str, messages: Sequence[tuple[bytes, bytes]], *, config: str, max_rate: float,
              shares: Sequence[float], seconds: float, partitions: int, web_port: int, scratch: Path) -> list[Latency]:
    """One group of workers kept running; for each share of ``max_rate``, fresh pages produced at
    that rate for ``seconds``, and each page's produce → outcome time."""
    raw_topic = f"bench-{uuid.uuid4().hex[:8]}.latency.raw"
    asyncio.run(create_topic(bootstrap, raw_topic, partitions))
    results = []
    with workers(bootstrap, raw_topic, config=config, partitions=partitions,
                 web_port=web_port, workdir=scratch / f"latency-{config}") as (runs, outputs):
        deadline = time.monotonic() + 180
        while not all(run.ready() for run in runs):
            for run in runs:
                run.check()
            if time.monotonic() > deadline:
                raise SystemExit("the latency workers were not ready within 180 s")
            time.sleep(0.5)
        offset = 0
        for share in shares:
            rate = share * max_rate
            batch = []
            for i in range(max(20, int(rate * seconds))):  # distinct URLs across shares
                key, value = messages[(offset + i) % len(messages)]
                url = f"{key.decode()}&latency={share}-{i}"
                batch.append((url.encode(), orjson.dumps({**orjson.loads(value), "url": url})))
            offset += len(batch)
            sent = asyncio.run(produce_at(bootstrap, raw_topic, batch, rate))
            done = wait_for_outcomes(bootstrap, outputs, set(sent), timeout=120 + 2 * len(batch), workers=runs)
            ms = sorted(max(0.0, done[url] - sent[url] * 1000) for url in sent)
            results.append(Latency(share, rate, len(ms), _pct(ms, 50), _pct(ms, 90), _pct(ms, 99), ms[-1]))
    return results


def _pct(ordered: Sequence[float], p: float) -> float:
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


# --- report ----------------------------------------------------------------------------------------------

def report(bare: Bare, drains: Sequence[Drain], lats: Sequence[Latency], *, pages: int, partitions: int,
           load: tuple[float, float], command: str = "", memory: bool = False) -> str:
    """The figures as Markdown, ready to paste into the README."""
    lines = [f"`{command or 'python benchmarks/pipeline.py'}`, {time.strftime('%Y-%m-%d', time.gmtime())}: "
             f"{pages} pages (development sets, distinct URLs), raw topic of {partitions} partitions; "
             f"load average {load[0]:.1f} before, {load[1]:.1f} after; {os.cpu_count()} cores",
             "",
             "| run | pages/s | % of bare clean_page | worker CPU ms/page | of which main process | "
             "broker CPU ms/page | cleaning processes idle | worker RSS MB (start → end) | outcomes |",
             "|---|---|---|---|---|---|---|---|---|",
             f"| bare `clean_page`, this process | {bare.clean_rate:.0f} | 100% | {bare.clean_cpu * 1000:.2f} | | | | | |",
             f"| bare job (parse, clean, events) | {bare.job_rate:.0f} | {bare.job_rate / bare.clean_rate:.0%} | "
             f"{bare.job_cpu * 1000:.2f} | | | | | |"]
    for d in drains:
        workers_, processes, stories = parse_config(d.config)
        rss = ", ".join(f"{a:.0f} → {b:.0f}" for a, b in zip(d.rss_start, d.rss_end, strict=True))
        broker = "" if d.broker_cpu is None else f"{d.broker_cpu * 1000:.2f}"
        rates = f" ({', '.join(f'{r:.0f}' for r in d.rates)})" if len(d.rates) > 1 else ""
        lines.append(f"| {workers_} worker(s) × {processes} cleaning process(es)"
                     f"{'' if stories else ', stories stage off'} | {d.rate:.0f}{rates} | "
                     f"{d.rate / bare.clean_rate:.0%} | {d.worker_cpu * 1000:.2f} | {d.loop_cpu * 1000:.2f} | "
                     f"{broker} | {d.cleaning_idle:.0%} | {rss} | "
                     f"{d.pages}/{pages} |")
    if memory:
        for d in drains:
            lines += ["", f"RSS over the {d.config} drain, MB: pages done | worker main process | whole worker "
                      "tree (main, fork server, cleaning processes; shared pages counted per process)",
                      "", "| pages done | main process | worker tree |", "|---|---|---|"]
            lines += [f"| {done} | {main:.0f} | {tree:.0f} |" for done, main, tree in d.memory]
    if lats:
        lines += ["", "| produce → outcome | rate (pages/s) | pages | p50 ms | p90 ms | p99 ms | max ms |",
                  "|---|---|---|---|---|---|---|"]
        for lat in lats:
            lines.append(f"| {lat.share:.0%} of max | {lat.rate:.0f} | {lat.pages} | {lat.p50:.0f} | "
                         f"{lat.p90:.0f} | {lat.p99:.0f} | {lat.max:.0f} |")
    return "\n".join(lines)


def deploy_kafka() -> Any:
    spec = importlib.util.spec_from_file_location("deploy_kafka", REPO_ROOT / "deploy" / "kafka.py")
    assert spec is not None and spec.loader is not None
    kafka = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(kafka)
    return kafka


def start_broker(kafka: Any, port: int, data_dir: Path) -> tuple[str, int]:
    # Workers of one run start together; a short join delay puts them in the same first generation.
    bootstrap = kafka.start(port=port, controller_port=port + 1, data_dir=data_dir, fresh=True,
                            fast_start=True, timeout=180,
                            overrides={"group.initial.rebalance.delay.ms": "3000"})
    pid = int((data_dir / "node-1" / "kafka.pid").read_text())
    return bootstrap, pid


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pages", type=int, default=None, help="pages per drain (default 2000; --quick: 600)")
    parser.add_argument("--quick", action="store_true", help="fewer pages and shorter latency runs (a few minutes)")
    parser.add_argument("--configs", nargs="+", default=["1x1", "1x2", "2x1", "2x2"],
                        help="drains as WORKERSxPROCESSES, WxP/off with the stories stage off (default: 1x1 1x2 2x1 2x2)")
    parser.add_argument("--latency-config", default="1x1", help="the workers of the latency runs, and whose "
                        "drain rate is their maximum (default 1x1)")
    parser.add_argument("--latency-seconds", type=float, default=None, help="seconds of producing per rate "
                        "(default 20; --quick: 8; 0: no latency runs)")
    parser.add_argument("--latency-rate", type=float, default=None, help="pages/s the latency runs take "
                        "their shares of, instead of the latency config's drain rate (to compare two trees "
                        "at the same rates on a busy machine)")
    parser.add_argument("--runs", type=int, default=1, help="drains per configuration, interleaved; the "
                        "table shows the run of median rate and every rate")
    parser.add_argument("--partitions", type=int, default=12, help="of the raw topic and the workers' topics")
    parser.add_argument("--port", type=int, default=31900, help="the broker's port (+1 its controller, "
                        "+10… the workers' web views)")
    parser.add_argument("--data-dir", type=Path, default=None, help="the broker's data (default: a temp dir)")
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    parser.add_argument("--bare-pages", type=int, default=2000, help="pages of the bare cleaning runs "
                        "(default: 2000, or --pages if fewer)")
    parser.add_argument("--memory", action="store_true", help="also print each drain's RSS every tenth of "
                        "its pages (use with --pages 20000 --configs 1x1 --latency-seconds 0)")
    parser.add_argument("--distinct", type=int, default=None, help="pages of the development sets the "
                        "drains repeat (default: all 889); fewer make more copies for the stories stage")
    parser.add_argument("--stories", type=Path, default=None, help="write each drain's stories (final "
                        "membership, stage on) into this folder, to compare two versions of the stage")
    parser.add_argument("--profile", type=Path, default=None, help="py-spy the first worker's main process "
                        "of each drain into this folder and print where its CPU goes (benchmarks/loop_profile.py)")
    args = parser.parse_args(argv)
    logging.getLogger("aiokafka").setLevel(logging.ERROR)  # "not leader" retries while new topics elect leaders
    pages = args.pages or (600 if args.quick else 2000)
    seconds = args.latency_seconds if args.latency_seconds is not None else (8.0 if args.quick else 20.0)
    configs = list(args.configs)
    if args.latency_config not in configs:
        configs.insert(0, args.latency_config)

    load_before = os.getloadavg()[0]
    messages = raw_messages(pages, args.distinct)
    print(f"bare cleaning of {min(pages, args.bare_pages)} pages ...", flush=True)
    bare = bare_cleaning(messages[:args.bare_pages])
    print(f"  clean_page {bare.clean_rate:.0f} pages/s, whole job {bare.job_rate:.0f} pages/s", flush=True)
    data_dir = args.data_dir or Path(tempfile.gettempdir()) / f"depeche-bench-pipeline-{args.port}"
    with ExitStack() as stack:
        scratch = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="depeche-bench-")))
        kafka = deploy_kafka()
        stack.callback(kafka.stop, data_dir=data_dir)  # also when interrupted while it starts
        bootstrap, broker = start_broker(kafka, args.port, data_dir)
        raw_topic = f"bench-{uuid.uuid4().hex[:8]}.pages.raw"
        asyncio.run(create_topic(bootstrap, raw_topic, args.partitions))
        asyncio.run(fill(bootstrap, raw_topic, messages))
        runs: dict[str, list[Drain]] = {config: [] for config in configs}
        for run in range(args.runs):
            for config in configs:  # interleaved, so a change of load hits every configuration alike
                print(f"drain {config} (run {run + 1} of {args.runs}) ...", flush=True)
                profile = None
                if args.profile:
                    args.profile.mkdir(parents=True, exist_ok=True)
                    profile = args.profile / f"drain-{config.replace('/', '-')}-run{run + 1}.txt"
                stories = None
                if args.stories:
                    args.stories.mkdir(parents=True, exist_ok=True)
                    stories = args.stories / f"stories-{config.replace('/', '-')}-run{run + 1}.json"
                result = drain(bootstrap, raw_topic, messages, config=config, broker=broker,
                               partitions=args.partitions, web_port=args.port + 10, scratch=scratch / f"run{run}",
                               profile=profile, stories=stories)
                print(f"  {result.rate:.0f} pages/s, worker CPU {result.worker_cpu * 1000:.2f} ms/page "
                      f"({result.loop_cpu * 1000:.2f} in the main process), cleaning processes idle "
                      f"{result.cleaning_idle:.0%}", flush=True)
                if profile:
                    print(loop_profile.table(profile, result.loop_cpu * 1000), flush=True)
                if args.memory:
                    print("  RSS MB (pages done: main process, whole worker tree): " + ", ".join(
                        f"{done}: {main:.0f}, {tree:.0f}" for done, main, tree in result.memory), flush=True)
                runs[config].append(result)
        drains = [median_run(found) for found in runs.values()]
        max_rate = args.latency_rate or next(d.rate for d in drains if d.config == args.latency_config)
        lats = []
        if seconds > 0:
            print(f"latency at 25/50/75% of {max_rate:.0f} pages/s ({args.latency_config}) ...", flush=True)
            lats = latencies(bootstrap, messages, config=args.latency_config, max_rate=max_rate,
                             shares=(0.25, 0.5, 0.75), seconds=seconds, partitions=args.partitions,
                             web_port=args.port + 20, scratch=scratch)
    text = report(bare, drains, lats, pages=pages, partitions=args.partitions,
                  load=(load_before, os.getloadavg()[0]),
                  memory=args.memory, command=" ".join(["python benchmarks/pipeline.py", *(argv if argv is not None else sys.argv[1:])]))
    print("\n" + text)
    if args.json:
        args.json.write_text(json.dumps({"pages": pages, "bare": bare.__dict__, "drains": [d.__dict__ for d in drains],
                                         "latency": [lat.__dict__ for lat in lats]}, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
