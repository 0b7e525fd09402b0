"""(a) kill -9 the worker at random moments while 2,000 pages flow, restart it, five times: no page
and no ticker item lost."""
from __future__ import annotations

import time
from pathlib import Path

import pytest

from agents.clients import tail_topic
from agents.settings import Settings
from tests.support.worker import run

from .harness import (FaultWorker, SteadyProducer, record_figures, rng, wait_for_all_outcomes, wait_for_ticker,
                      wait_until)

pytestmark = [pytest.mark.faults, pytest.mark.timeout(1200)]

PAGES = 2000
KILLS = 5
RATE = 20.0  # pages/s: the flow lasts ~100 s, long enough for five kill/restart cycles


def test_kill_9_worker_five_times_no_page_lost(single_broker: str, tmp_path: Path) -> None:
    moments = rng("worker kill -9")
    worker = FaultWorker(bootstrap=single_broker, workdir=tmp_path / "worker")
    started = time.monotonic()
    producer = SteadyProducer(single_broker, worker.topics["raw"], PAGES, RATE, worker.prefix, ticker=True)
    recoveries: list[float | None] = []
    sent_at_kill: list[int] = []
    try:
        worker.start()
        producer.start()
        for _ in range(KILLS):
            time.sleep(moments.uniform(0.3, 5.0))
            sent_at_kill.append(producer.sent)
            worker.kill()
            killed = time.monotonic()
            worker.start()
            # Recovered = the new process has cleaned a page again (its counters start at 0).
            waited = wait_until(lambda: worker.get_json("/api/stats")["pages_in"] > 0, timeout=180)
            recoveries.append(None if waited is None else round(time.monotonic() - killed, 1))
        producer.join(timeout=600)
        result = run(wait_for_all_outcomes(single_broker, worker.topics, expected=PAGES, timeout=300))
        ticker = run(wait_for_ticker(single_broker, worker.topics, pages=PAGES, prefix=worker.prefix, timeout=120))
        assert worker.alive(), worker.log_tail()
    finally:
        worker.stop()
    # What a downstream consumer sees through `depeche tail --dedupe`: each page's article once.
    articles: list[dict] = []
    run(tail_topic(Settings.from_env({"DEPECHE_BROKER_URL": f"kafka://{single_broker}"}), worker.topics["articles"],
                   from_beginning=True, idle_timeout=5, dedupe=True, emit=articles.append))
    figures = {
        "pages": PAGES, "kills": KILLS, "sent_at_each_kill": sent_at_kill,
        "lost": result.lost, "duplicated_raw": result.raw_duplicates,
        "duplicated_after_dedup": result.dedup_duplicates,
        "article_events": result.articles_events, "articles_after_tail_dedupe": len(articles), "rejected_events": result.rejected_events,
        "recovery_seconds": recoveries, "producer_failures": len(producer.failed),
        "ticker_expected": ticker.expected, "ticker_lost": ticker.lost, "ticker_events": ticker.events,
        "ticker_repeats": ticker.repeats,
        "test_seconds": round(time.monotonic() - started, 1),
    }
    record_figures("worker_kill_9", figures)
    assert not producer.failed, producer.failed[:3]
    assert result.pages == PAGES
    assert result.lost == 0, f"lost pages at raw partition:offset {result.missing_examples}"
    assert result.dedup_duplicates == 0
    good_pages = PAGES - PAGES // 25
    assert len(articles) == len({a["url"] for a in articles}) == good_pages
    assert all(seconds is not None for seconds in recoveries), recoveries
    # Ticker: every item of every good page published at least once; a repeat has the same key.
    assert ticker.lost == 0, f"{ticker.line()}; lost items: {ticker.missing_examples}"
    assert ticker.unexpected == 0 and ticker.mixed_keys == 0, ticker.line()
