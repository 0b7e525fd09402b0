"""(b) the broker is killed and restarted mid-stream: the worker recovers by itself."""
from __future__ import annotations

import time
from pathlib import Path
from types import ModuleType

import pytest

from tests.support.worker import run

from .conftest import SINGLE_DATA_DIR
from .harness import (
    FaultWorker,
    SteadyProducer,
    assert_delivered_by_one_worker,
    audit,
    record_figures,
    rng,
    wait_for_all_outcomes,
    wait_until,
)

pytestmark = [pytest.mark.faults, pytest.mark.timeout(900)]

PAGES = 800
RATE = 20.0


def outputs(bootstrap: str, worker: FaultWorker) -> int:
    result = run(audit(bootstrap, worker.topics))
    return result.articles_events + result.rejected_events


def test_broker_restart_mid_stream_worker_recovers(single_broker: str, kafka: ModuleType, tmp_path: Path) -> None:
    moments = rng("broker restart")
    worker = FaultWorker(bootstrap=single_broker, workdir=tmp_path / "worker")
    started = time.monotonic()
    producer = SteadyProducer(single_broker, worker.topics["raw"], PAGES, RATE, worker.prefix)
    try:
        worker.start()
        producer.start()
        time.sleep(moments.uniform(5.0, 15.0))
        sent_at_crash = producer.sent
        kafka.kill_node(data_dir=SINGLE_DATA_DIR)  # SIGKILL: a crash, not a clean shutdown
        down = time.monotonic()
        time.sleep(moments.uniform(2.0, 8.0))
        kafka.start(data_dir=SINGLE_DATA_DIR, fast_start=True, timeout=120)
        up = time.monotonic()
        before = outputs(single_broker, worker)
        # Resumed = new output events reach the topics after the broker is back.
        resumed = wait_until(lambda: outputs(single_broker, worker) > before, timeout=300, interval=0.5)
        producer.join(timeout=600)
        result = run(wait_for_all_outcomes(single_broker, worker.topics, expected=PAGES, timeout=300))
        caught_up = time.monotonic() - up
        same_process = worker.alive() and worker.starts == 1
    finally:
        worker.stop()
    figures = {
        "pages": PAGES, "sent_at_broker_crash": sent_at_crash, "broker_down_seconds": round(up - down, 1),
        "lost": result.lost, "duplicated_raw": result.raw_duplicates,
        "duplicated_after_dedup": result.dedup_duplicates,
        "resume_seconds_after_broker_up": None if resumed is None else round(resumed, 1),
        "all_pages_done_seconds_after_broker_up": round(caught_up, 1),
        "worker_restarted": not same_process, "producer_failures": len(producer.failed),
        "test_seconds": round(time.monotonic() - started, 1),
    }
    record_figures("broker_restart", figures)
    assert_delivered_by_one_worker(result, pages=PAGES, producer=producer, worker=worker, same_process=same_process)
    assert resumed is not None
