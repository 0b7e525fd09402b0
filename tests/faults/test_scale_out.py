"""(d) scale-out on a 3-broker cluster: two workers share the stream, a third joins, one leaves,
all with the same settings; every page is processed once after dedup, and the ticker dedup holds
while the partition of a headline every page carries moves from worker to worker."""
from __future__ import annotations

import os
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from types import ModuleType

import pytest
from aiokafka.partitioner import DefaultPartitioner

from schemas import Origin, outcome_of_message
from tests.support.kafka import REPO
from tests.support.ports import free_port_run
from tests.support.worker import run

from .harness import (
    FaultWorker,
    SteadyProducer,
    expected_ticker,
    page,
    read_all,
    record_figures,
    wait_for_all_outcomes,
    wait_for_ticker,
    wait_until,
)

pytestmark = [pytest.mark.faults, pytest.mark.scale_out, pytest.mark.timeout(600)]

DATA_DIR = REPO / ".run" / "kafka-scale-out-test"
RATE = 20.0  # pages/s, from before the first worker is busy until after the last change of the group
TAIL = 100  # pages produced after the worker leaves
PARTITIONS = 12  # the default (DEPECHE_TOPIC_PARTITIONS): no reconfiguration for a fleet


@pytest.fixture
def scale_out_cluster(kafka: ModuleType) -> Iterator[str]:
    """A fresh 3-node cluster of its own (replication factor 3, min.insync.replicas 2). Ports are
    free ones, or DEPECHE_TEST_KAFKA_PORT..+5 (brokers, then controllers) when set."""
    base = os.environ.get("DEPECHE_TEST_KAFKA_PORT")
    brokers = int(base) if base else free_port_run(3)
    controllers = brokers + 3 if base else free_port_run(3, avoid=frozenset(range(brokers, brokers + 3)))
    try:
        bootstrap = kafka.start(port=brokers, controller_port=controllers, nodes=3, data_dir=DATA_DIR, fresh=True,
                                fast_start=True, timeout=180,
                                overrides={"min.insync.replicas": "2", "default.replication.factor": "3"})
    except Exception as exc:  # noqa: BLE001
        pytest.fail(f"the 3-node scale-out cluster did not start: {exc}")
    yield bootstrap
    kafka.stop(data_dir=DATA_DIR)


class Flow(SteadyProducer):
    """The steady producer's pages, sent until :meth:`finish` (then ``tail`` more): the flow lasts
    through every change of the group however long workers take to start on a busy machine."""

    def __init__(self, bootstrap: str, topic: str, prefix: str) -> None:
        super().__init__(bootstrap, topic, count=10**9, rate=RATE, prefix=prefix, ticker=True)
        self._until: int | None = None

    def finish(self, tail: int) -> None:
        self._until = self.sent + tail

    def _more(self) -> bool:
        return self._until is None or self.sent < self._until


def pages_in(worker: FaultWorker) -> int:
    return int(worker.get_json("/api/stats")["pages_in"])


def owner(workers: list[FaultWorker], partition: int) -> FaultWorker | None:
    """The worker that owns ``partition`` once the group is settled: every partition owned by
    exactly one worker. Faust assigns topics of the same partition count together, so the owner of
    raw partition p also owns partition p of the ticker candidates and of the dedup table."""
    owned = [(worker, worker.get_json("/readyz")) for worker in workers]
    if any(answer["rebalancing"] for _, answer in owned):
        return None
    taken = sorted(p for _, answer in owned for p in answer["partitions"])
    if taken != list(range(PARTITIONS)):
        return None
    return next(worker for worker, answer in owned if partition in answer["partitions"])


def shared_headline(prefix: str) -> tuple[str, int]:
    """Id and candidates partition of the headline every good page carries (the cleaner's own id)."""
    _, value = page(0, prefix, ticker=True)
    items = outcome_of_message(value, origin=Origin(topic="expected", partition=0, offset=0)).ticker
    shared = next(item for item in items if item.time == "06:00")
    return shared.id, DefaultPartitioner()(shared.id.encode(), list(range(PARTITIONS)), [])


def settled_owner(workers: list[FaultWorker], partition: int, *, timeout: float = 300.0) -> FaultWorker:
    """The owner of ``partition`` once the group has settled (tables recovered after a rebalance
    take long on a busy machine: the bound is generous)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            found = owner(workers, partition)
        except OSError:  # a web view busy or not up yet: ask again
            found = None
        if found is not None:
            return found
        time.sleep(1)
    answers = []
    for worker in workers:
        try:
            answers.append(worker.get_json("/readyz"))
        except OSError as error:
            answers.append({"error": repr(error)})
    raise AssertionError(f"the group did not settle with every partition owned by one worker: {answers}")


def test_worker_added_and_another_stopped_mid_stream(scale_out_cluster: str, tmp_path: Path) -> None:
    bootstrap = scale_out_cluster
    # One group, one set of settings: only the data dir and the web port differ between workers.
    settings = {"DEPECHE_REPLICATION_FACTOR": "3", "DEPECHE_CLEAN_PROCESSES": "1"}
    first = FaultWorker(bootstrap=bootstrap, workdir=tmp_path / "a", partitions=PARTITIONS, extra_env=settings)
    second, joining = (FaultWorker(bootstrap=bootstrap, workdir=tmp_path / name, prefix=first.prefix,
                                   partitions=PARTITIONS, extra_env=settings) for name in ("b", "c"))
    fleet = [first, second, joining]
    shared_id, shared_partition = shared_headline(first.prefix)
    producer = Flow(bootstrap, first.topics["raw"], first.prefix)
    started = time.monotonic()
    try:
        with ThreadPoolExecutor(2) as pool:  # both at once, as a fleet starts; a failed start raises here
            for started_worker in [pool.submit(worker.start, timeout=180) for worker in (first, second)]:
                started_worker.result()
        producer.start()
        assert wait_until(lambda: pages_in(first) > 0 and pages_in(second) > 0, timeout=120) is not None, \
            "the two workers did not both get pages: " + second.log_tail()
        before_join = settled_owner([first, second], shared_partition)
        joining.start(timeout=180)
        joined_at = producer.sent
        assert wait_until(lambda: pages_in(joining) > 0, timeout=120) is not None, \
            "the added worker got no pages: " + joining.log_tail()
        after_join = settled_owner(fleet, shared_partition)
        # Stop the shared headline's owner, unless it is the worker just added (then it moved already).
        leaving = after_join if after_join is not joining else next(w for w in (first, second) if w is not after_join)
        staying = [worker for worker in fleet if worker is not leaving]
        left_at = producer.sent
        leaving_pages = pages_in(leaving)
        leaving.stop(timeout=120)  # a graceful stop: it finishes the pages in flight and leaves the group
        assert leaving.process is not None and leaving.process.returncode == 0, \
            f"the stopped worker exited with {leaving.process and leaving.process.returncode}: {leaving.log_tail()}"

        after_stop = settled_owner(staying, shared_partition)
        producer.finish(TAIL)
        producer.join(timeout=300)
        assert not producer.is_alive(), "the producer did not finish"
        pages = producer.sent
        result = run(wait_for_all_outcomes(bootstrap, first.topics, expected=pages, timeout=240))
        ticker = run(wait_for_ticker(bootstrap, first.topics, pages=pages, prefix=first.prefix, timeout=120))
        candidates = {record.key for record in run(read_all(bootstrap, f"depeche-{first.prefix}-ticker-candidates"))}
        stayed = [pages_in(worker) for worker in staying]
        assert all(worker.alive() for worker in staying), "".join(worker.log_tail() for worker in staying)
    finally:
        producer.finish(0)  # ends the flow if an assertion above stopped the test
        stoppers = [threading.Thread(target=worker.stop) for worker in fleet]
        for stopper in stoppers:
            stopper.start()
        for stopper in stoppers:
            stopper.join()
    keys = [record.key for record in run(read_all(bootstrap, first.topics["ticker"]))]
    published = set(keys)
    shared_events = keys.count(shared_id.encode())
    expected_ids = {key.encode() for key in expected_ticker(pages, first.prefix)}
    # Where a lost item was lost: before the candidates topic (the page's publish), or after it (dedup).
    unpublished = expected_ids - published
    owners = [fleet.index(w) for w in (before_join, after_join, after_stop)]
    figures = {
        "pages": pages, "sent_when_added": joined_at, "sent_when_stopped": left_at,
        "pages_in_stopped_worker": leaving_pages, "pages_in_remaining": stayed,
        "shared_headline_partition": shared_partition, "its_owner_before_join_after_join_after_stop": owners,
        "shared_headline_events": shared_events,
        "lost": result.lost, "duplicated_raw": result.raw_duplicates, "duplicated_after_dedup": result.dedup_duplicates,
        "ticker_expected": ticker.expected, "ticker_lost": ticker.lost, "ticker_events": ticker.events,
        "ticker_repeats": ticker.repeats, "ticker_lost_among_candidates": len(unpublished & candidates),
        "ticker_lost_never_candidates": len(unpublished - candidates), "producer_failures": len(producer.failed),
        "test_seconds": round(time.monotonic() - started, 1),
    }
    record_figures("scale_out_add_and_stop", figures)
    assert not producer.failed, producer.failed[:3]
    assert result.pages == pages
    assert result.lost == 0, f"lost pages at raw partition:offset {result.missing_examples}"
    assert result.dedup_duplicates == 0
    # The work was really shared: the stopped worker, the one added and the one that stayed all cleaned pages.
    assert leaving_pages > 0 and all(count > 0 for count in stayed), figures
    # Ticker dedup across moves: every item published, a key always one item, nothing made up.
    assert ticker.lost == 0, f"{ticker.line()}; lost items: {ticker.missing_examples}"
    assert ticker.unexpected == 0 and ticker.mixed_keys == 0, ticker.line()
    # The headline every page repeats was published once, though its partition changed hands: each
    # new owner found it in the dedup table rebuilt from the changelog. (It was first sent before
    # the join, so no move could catch it between its send and its record.)
    assert owners[0] != owners[1] or owners[1] != owners[2], figures
    assert shared_events == 1, figures
