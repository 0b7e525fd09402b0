"""Pages through the real broker: produced → worker → articles.clean, ticker.items, pages.rejected."""
from __future__ import annotations

import time
from pathlib import Path

import orjson
import pytest

from tests.support.worker import WorkerProcess, consume_through, produce_values, run

pytestmark = pytest.mark.integration
SAMPLES = Path(__file__).parents[2] / "agents" / "samples"


def raw(url: str, body: str, content_type: str = "text/plain") -> tuple[bytes, bytes]:
    value = {"url": url, "body": body, "content_type": content_type, "fetched_at": "2026-11-23T10:00:00Z"}
    return url.encode(), orjson.dumps(value)


#: Sent after the pages under test: a text page with a ticker of its own (its article and ticker
#: items end those topics), then a malformed message (its reject ends the rejected topic).
MARKER_URL = "https://marker.example/end"
MARKER_PAGE = ("- 23:58Dernier titre du fil de fin de test\n- 23:59Avant-dernier titre du fil de fin de test\n"
               "Fin du test\nCe paragraphe marque la fin des pages envoyées par le test, rien ne vient après lui.\n")
MARKER_REJECT = b"end marker, not json"


@pytest.fixture(scope="module")
def flow(kafka_bootstrap: str, tmp_path_factory: pytest.TempPathFactory):
    """One worker on one-partition topics; two pages of one site sharing a ticker, an HTML page, a
    malformed message, then a good page after it; then the end markers. Outcomes keep produce
    order on one partition, so what precedes a marker's outcome is everything the pages gave."""
    worker = WorkerProcess(bootstrap=kafka_bootstrap, workdir=tmp_path_factory.mktemp("flow"), partitions=1)
    worker.start()
    hakimi = (SAMPLES / "atlas-sport-hakimi.txt").read_text()
    budget = (SAMPLES / "atlas-sport-budget.txt").read_text()
    bridge = (SAMPLES / "harbor-times-bridge.html").read_text()
    messages = [
        raw("https://atlas-sport.example/a", hakimi),
        raw("https://atlas-sport.example/b", budget),
        raw("https://www.harbortimes.example/bridge", bridge, "text/html"),
        (b"broken", b"{this is not json"),
        raw("https://atlas-sport.example/c", hakimi.replace("Les Lions de l'Atlas entament", "Les Lions reprennent")),
    ]
    markers = [raw(MARKER_URL, MARKER_PAGE), (b"end-marker", MARKER_REJECT)]
    try:
        run(produce_values(kafka_bootstrap, worker.topics["raw"], messages + markers))
        articles = run(consume_through(kafka_bootstrap, worker.topics["articles"], timeout=90,
                                       marker=lambda a: a["url"] == MARKER_URL))
        rejected = run(consume_through(kafka_bootstrap, worker.topics["rejected"], timeout=30,
                                       marker=lambda r: r["size"] == len(MARKER_REJECT)))
        ticker = run(consume_through(kafka_bootstrap, worker.topics["ticker"], timeout=30,
                                     marker=lambda t: t["page_url"] == MARKER_URL))
        # Counters move right after each send is acknowledged: poll until the last reject counted.
        stats = worker.get_json("/api/stats")
        deadline = time.monotonic() + 10
        while stats["rejected_out"] < 2 and time.monotonic() < deadline:
            time.sleep(0.2)
            stats = worker.get_json("/api/stats")
        yield {"articles": articles, "rejected": rejected, "ticker": ticker, "stats": stats, "worker": worker}
    finally:
        worker.stop()


def test_every_good_page_becomes_one_article(flow) -> None:
    urls = sorted(a["url"] for a in flow["articles"])
    assert urls == ["https://atlas-sport.example/a", "https://atlas-sport.example/b",
                    "https://atlas-sport.example/c", "https://www.harbortimes.example/bridge"]


def test_article_event_is_clean(flow) -> None:
    by_url = {a["url"]: a for a in flow["articles"]}
    hakimi = by_url["https://atlas-sport.example/a"]
    assert hakimi["title"] == "Les Lions de l'Atlas entament leur préparation avec un effectif rajeuni"
    assert hakimi["site"] == "atlas-sport.example" and hakimi["language"] == "fr"
    assert [s["name"] for s in hakimi["sources"]] == ["MAP"]
    for gone in ("Bann728x90", "Suivez-nous", "11:42", "Lire aussi", "Tous droits réservés", "Avec MAP"):
        assert gone not in hakimi["text"]
    assert hakimi["text"] == "\n\n".join(b["text"] for b in hakimi["blocks"])
    assert hakimi["word_count"] == len(hakimi["text"].split())
    assert "__faust" not in hakimi and hakimi["schema_version"] == 2
    bridge = by_url["https://www.harbortimes.example/bridge"]
    assert bridge["language"] == "en" and "AP" in [s["name"] for s in bridge["sources"]]
    assert "Accept all cookies" not in bridge["text"] and "Harbor Street bridge reopened" in bridge["text"]


def test_ticker_is_deduplicated_across_pages_of_one_site(flow) -> None:
    ticker = flow["ticker"]
    keys = [(t["site"], t["time"], t["title"]) for t in ticker]
    assert len(keys) == len(set(keys)), "a ticker headline was published twice"
    # Pages a and c share four headlines, b shares three of them and adds one: five distinct.
    assert len(keys) == 5
    assert {t["time"] for t in ticker} == {"11:42", "10:05", "08:30", "21:17", "07:55"}
    assert all(t["site"] == "atlas-sport.example" for t in ticker)
    assert flow["stats"]["ticker_duplicates"] == 7


def test_malformed_message_is_rejected_and_the_next_page_still_cleaned(flow) -> None:
    (reject,) = flow["rejected"]
    assert reject["reason"] == "not_json" and reject["size"] == len(b"{this is not json")
    assert reject["topic"] == flow["worker"].topics["raw"] and reject["offset"] is not None
    assert "https://atlas-sport.example/c" in [a["url"] for a in flow["articles"]]
    # The counters include the two end markers (a page and a reject).
    assert flow["stats"]["pages_in"] == 7 and flow["stats"]["rejected_out"] == 2
