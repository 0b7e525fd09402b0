"""The worker's dashboard and JSON API against a real worker and broker: numbers match what went in."""
from __future__ import annotations

import re
import time
import urllib.error
import urllib.request
from collections import Counter
from pathlib import Path
from typing import Any

import orjson
import pytest
from prometheus_client.parser import text_string_to_metric_families

from tests.support.worker import WorkerProcess, consume_to_end, consume_until, produce_values, run

pytestmark = pytest.mark.integration

PAGES = Path(__file__).parents[1] / "fixtures" / "dashboard"
REPO = Path(__file__).parents[2]
SCRIPT_TITLE = "<script>alert(1)</script>"
#: Titles of the clean articles the good pages become.
TITLES = [
    "Dockers end nine-day strike at the container terminal",
    "Ferry timetable changes for the winter season announced",
    "Valley library reopens with longer hours",
    SCRIPT_TITLE,
]
#: Ticker headlines on the good pages: two text pages carry two each (one shared by both).
TICKER_CANDIDATES = 4


def raw(url: str, body: str, content_type: str) -> tuple[bytes, bytes]:
    value = {"url": url, "body": body, "content_type": content_type, "fetched_at": "2026-11-23T10:00:00Z"}
    return url.encode(), orjson.dumps(value)


def dashboard_messages() -> list[tuple[bytes | None, bytes]]:
    """Four good pages (two sites; two text pages share one ticker headline), three bad messages."""
    return [
        raw("https://quay-news.example/port/strike-ends", (PAGES / "quay-strike.txt").read_text(), "text/plain"),
        raw("https://quay-news.example/ferry/winter-timetable", (PAGES / "quay-ferry.txt").read_text(),
            "text/plain"),
        raw("https://www.valleypost.example/town/library-reopens", (PAGES / "valley-library.html").read_text(),
            "text/html"),
        raw("https://quay-news.example/port/script", (PAGES / "script-title.html").read_text(), "text/html"),
        (b"broken", b"{this is not json"),
        raw("https://quay-news.example/empty", "", "text/html"),
        (None, b'{"hello": "world"}'),
    ]


def get(worker: WorkerProcess, path: str, accept: str = "*/*") -> tuple[int, dict[str, str], bytes]:
    request = urllib.request.Request(worker.web_url + path, headers={"Accept": accept})
    try:
        with urllib.request.urlopen(request, timeout=5) as response:  # noqa: S310 - loopback
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


def wait_for(check: Any, *, timeout: float = 20.0, every: float = 0.3) -> Any:
    """Call ``check`` until it returns something truthy; the last value otherwise."""
    deadline = time.monotonic() + timeout
    while True:
        value = check()
        if value or time.monotonic() > deadline:
            return value
        time.sleep(every)


def process_pages(worker: WorkerProcess, bootstrap: str) -> dict[str, Any]:
    """Produce the dashboard pages, wait until the worker has handled every one of them and
    every ticker candidate they carry, then read each output topic to its end: that is all the
    worker sent for them, so the tests can count exactly, with no wait for extras."""
    messages = dashboard_messages()
    run(produce_values(bootstrap, worker.topics["raw"], messages))

    # Counters move after each send is acknowledged, and a skipped duplicate has no event.
    def handled() -> bool:
        stats = worker.get_json("/api/stats")
        return (stats["pages_in"] >= len(messages) and stats["articles_out"] + stats["rejected_out"] >= len(messages)
                and stats["ticker_published"] + stats["ticker_duplicates"] >= TICKER_CANDIDATES)

    assert wait_for(handled, timeout=60), worker.get_json("/api/stats")
    return {topic: run(consume_to_end(bootstrap, worker.topics[topic])) for topic in ("articles", "rejected", "ticker")}


@pytest.fixture(scope="module")
def dash(kafka_bootstrap: str, tmp_path_factory: pytest.TempPathFactory):
    worker = WorkerProcess(bootstrap=kafka_bootstrap, workdir=tmp_path_factory.mktemp("dashboard"))
    worker.start()
    try:
        events = process_pages(worker, kafka_bootstrap)
        yield {**events, "worker": worker, "stats": worker.get_json("/api/stats")}
    finally:
        worker.stop()


def test_stats_count_what_was_produced(dash) -> None:
    stats, worker = dash["stats"], dash["worker"]
    assert len(dash["articles"]) == 4 and len(dash["rejected"]) == 3 and len(dash["ticker"]) == 3
    assert stats["pages_in"] == len(dashboard_messages()) == 7
    assert stats["articles_out"] == len(dash["articles"])
    assert stats["rejected_out"] == len(dash["rejected"])
    assert stats["rejects_by_reason"] == dict(Counter(r["reason"] for r in dash["rejected"]))
    assert stats["rejects_by_reason"] == {"not_json": 1, "empty_body": 1, "bad_shape": 1}
    # Two text pages carry two ticker headlines each, one of them shared: 3 published, 1 skipped.
    assert stats["ticker_published"] == len(dash["ticker"]) == 3
    assert stats["ticker_duplicates"] == 1
    assert stats["pages_by_site"] == dict(Counter(a["site"] for a in dash["articles"]))
    assert stats["sites"] == {
        "quay-news.example": {"articles": 3, "ticker_published": 3, "ticker_duplicates": 1},
        "valleypost.example": {"articles": 1, "ticker_published": 0, "ticker_duplicates": 0},
    }
    topics = worker.topics
    assert {name: row["messages"] for name, row in stats["topics"].items()} == {
        topics["raw"]: 7, topics["articles"]: 4, topics["ticker"]: 3, topics["rejected"]: 3}
    from pipeline import __version__

    assert stats["version"] == stats["worker"]["version"] == __version__
    assert stats["worker"]["url"] == worker.web_url and stats["uptime_s"] > 0
    assert sum(stats["history"]["pages_in"]) == 7 and len(stats["history"]["pages_in"]) == 120
    assert set(stats["rates"]) >= {"pages_in_per_s", "articles_out_per_s", "rejected_out_per_s"}


def test_consumer_lag_per_partition_reaches_zero(dash) -> None:
    worker = dash["worker"]

    def caught_up() -> list[dict[str, Any]] | None:
        lag = worker.get_json("/api/stats")["lag"]
        return lag if lag and all(row["committed"] is not None and row["lag"] == 0 for row in lag) else None

    lag = wait_for(caught_up, timeout=20)
    assert lag, worker.get_json("/api/stats")["lag"]
    assert sorted(row["partition"] for row in lag) == [0, 1]
    assert {row["topic"] for row in lag} == {worker.topics["raw"]}
    assert sum(row["highwater"] for row in lag) == 7


def test_articles_api_lists_latest_first_and_links_each_event(dash) -> None:
    worker = dash["worker"]
    listed = worker.get_json("/api/articles?limit=10")["articles"]
    assert sorted(a["title"] for a in listed) == sorted(TITLES)
    assert len(worker.get_json("/api/articles?limit=2")["articles"]) == 2
    published = {a["id"]: a for a in dash["articles"]}
    for summary in listed:
        assert summary["href"] == f"/api/articles/{summary['id']}"
        assert {"title", "site", "sources", "language", "url"} <= set(summary)
        assert worker.get_json(summary["href"]) == published[summary["id"]]
    status, _, body = get(worker, "/api/articles/no-such-id")
    assert status == 404 and orjson.loads(body)["error"] == "not found"


def test_rejected_api_shows_latest_rejects_with_reasons(dash) -> None:
    rejected = dash["worker"].get_json("/api/rejected")["rejected"]
    # Newest first within a partition; the three keys may land on either partition.
    assert sorted(r["reason"] for r in rejected) == ["bad_shape", "empty_body", "not_json"]
    by_reason = {r["reason"]: r for r in rejected}
    assert by_reason["empty_body"]["url"] == "https://quay-news.example/empty"
    assert by_reason["not_json"]["size"] == len(b"{this is not json")
    assert {r["topic"] for r in rejected} == {dash["worker"].topics["raw"]}
    assert len(dash["worker"].get_json("/api/rejected?limit=1")["rejected"]) == 1


def test_metrics_carry_our_counters_and_fausts(dash) -> None:
    status, headers, body = get(dash["worker"], "/metrics")
    assert status == 200 and headers["Content-Type"].startswith("text/plain")
    samples = {(s.name, tuple(sorted(s.labels.items()))): s.value
               for family in text_string_to_metric_families(body.decode()) for s in family.samples}
    assert samples[("depeche_pages_in_total", ())] == 7
    # No site label by default (bounded series; per-site counts are the dashboard's top sites).
    assert samples[("depeche_articles_out_total", ())] == 4
    for reason in ("not_json", "empty_body", "bad_shape"):
        assert samples[("depeche_rejected_total", (("reason", reason),))] == 1
    assert samples[("depeche_ticker_published_total", ())] == 3
    assert samples[("depeche_ticker_duplicates_total", ())] == 1
    assert not any(dict(labels).get("site") for name, labels in samples if name.startswith("depeche_"))
    assert samples[("depeche_worker_info", (("version", dash["stats"]["version"]),))] == 1
    names = {name for name, _ in samples}
    assert {"faust_messages_received_total", "faust_topic_partition_end_offset"} <= names


def test_api_returns_scraped_title_as_data_and_the_page_never_embeds_it(dash) -> None:
    worker = dash["worker"]
    status, headers, body = get(worker, "/api/articles", accept="application/json")
    assert status == 200 and headers["Content-Type"].startswith("application/json")
    assert SCRIPT_TITLE in [a["title"] for a in orjson.loads(body)["articles"]]
    status, headers, page = get(worker, "/", accept="text/html")
    assert status == 200 and headers["Content-Type"].startswith("text/html")
    assert b"alert(1)" not in page and b"<script src=\"/static/dashboard.js\"" in page
    assert "script-src 'self'" in headers["Content-Security-Policy"]
    script = (REPO / "agents" / "static" / "dashboard.js").read_text()
    assert not re.search(r"\.(inner|outer)HTML\s*[+]?=|insertAdjacentHTML|document\.write|\beval\(", script)


def test_dashboard_wins_over_fausts_index_and_faust_views_stay(dash) -> None:
    worker = dash["worker"]
    status, _, page = get(worker, "/", accept="text/html,application/xhtml+xml,*/*;q=0.8")
    assert status == 200 and b"<title>depeche" in page
    status, _, body = get(worker, "/", accept="application/json")
    assert status == 200 and orjson.loads(body) == {"status": "OK"}
    assert get(worker, "/router/")[0] == 200
    status, headers, script = get(worker, "/static/dashboard.js")
    assert status == 200 and headers["Content-Type"].startswith("text/javascript") and b"textContent" in script
    assert get(worker, "/static/dashboard.css")[0] == 200
    assert get(worker, "/static/..%2Fviews.py")[0] == 404


@pytest.fixture(scope="module")
def pair(kafka_bootstrap: str, tmp_path_factory: pytest.TempPathFactory):
    """Two workers of one app (same group and topics), each serving its own view."""
    first = WorkerProcess(bootstrap=kafka_bootstrap, workdir=tmp_path_factory.mktemp("pair-a"))
    second = WorkerProcess(bootstrap=kafka_bootstrap, workdir=tmp_path_factory.mktemp("pair-b"),
                           prefix=first.prefix)
    try:
        first.start()
        second.start()

        def both_assigned() -> bool:
            workers = first.get_json("/api/cluster")["workers"]
            return len(workers) == 2 and all(w["ok"] and w["partitions"] for w in workers)

        assert wait_for(both_assigned, timeout=30), first.get_json("/api/cluster")
        yield first, second
    finally:
        second.stop()
        first.stop()


def test_cluster_view_sums_every_worker(pair, kafka_bootstrap: str) -> None:
    first, second = pair
    run(produce_values(kafka_bootstrap, first.topics["raw"], dashboard_messages()))
    run(consume_until(kafka_bootstrap, first.topics["articles"], count=4, timeout=60))
    run(consume_until(kafka_bootstrap, first.topics["rejected"], count=3, timeout=30))
    run(consume_until(kafka_bootstrap, first.topics["ticker"], count=3, timeout=30))

    def settled() -> bool:
        total = first.get_json("/api/cluster")["total"]
        return total["ticker_published"] >= 3 and total["ticker_duplicates"] >= 1

    wait_for(settled, timeout=20)
    own = [first.get_json("/api/stats"), second.get_json("/api/stats")]
    assert sorted(s["worker"]["url"] for s in own) == sorted([first.web_url, second.web_url])
    for worker in (first, second):
        cluster = worker.get_json("/api/cluster")
        total = cluster["total"]
        assert sorted(w["url"] for w in cluster["workers"]) == sorted([first.web_url, second.web_url])
        assert total["pages_in"] == sum(s["pages_in"] for s in own) == 7
        assert total["articles_out"] == 4 and total["rejected_out"] == 3
        assert total["ticker_published"] == 3 and total["ticker_duplicates"] == 1
        assert total["rejects_by_reason"] == {"not_json": 1, "empty_body": 1, "bad_shape": 1}
        assert total["sites"]["quay-news.example"]["articles"] == 3
        assert sorted(row["partition"] for row in total["lag"]) == [0, 1]
    # The Prometheus view of the same: each worker's /metrics, summed as `sum(...)` would.
    pages = 0.0
    for worker in (first, second):
        text = get(worker, "/metrics")[2].decode()
        pages += sum(s.value for f in text_string_to_metric_families(text) for s in f.samples
                     if s.name == "depeche_pages_in_total")
    assert pages == 7
