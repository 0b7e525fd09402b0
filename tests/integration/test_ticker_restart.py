"""The ticker dedup table survives a worker restart (it is rebuilt from its changelog topic)."""
from __future__ import annotations

import orjson
import pytest

from tests.support.worker import WorkerProcess, consume_until, produce_values, run

pytestmark = pytest.mark.integration

TICKER = "- 09:10Premier titre du fil d'actualité\n- 08:55Deuxième titre du fil d'actualité\n"


def page(url: str, title: str) -> tuple[bytes, bytes]:
    body = f"{TICKER}{title}\nUn paragraphe d'article assez long pour passer le seuil minimal du nettoyeur.\n"
    return url.encode(), orjson.dumps({"url": url, "body": body, "content_type": "text/plain"})


def test_dedup_survives_restart(kafka_bootstrap: str, tmp_path) -> None:
    first = WorkerProcess(bootstrap=kafka_bootstrap, workdir=tmp_path / "first")
    first.start()
    try:
        run(produce_values(kafka_bootstrap, first.topics["raw"], [page("https://fil.example/1", "Premier article")]))
        assert len(run(consume_until(kafka_bootstrap, first.topics["ticker"], count=2, timeout=60))) == 2
    finally:
        first.stop()
    # Same app id and topics, fresh process and empty local state: only the changelog remembers.
    second = WorkerProcess(bootstrap=kafka_bootstrap, workdir=tmp_path / "second", prefix=first.prefix)
    second.start()
    try:
        run(produce_values(kafka_bootstrap, second.topics["raw"], [page("https://fil.example/2", "Second article")]))
        articles = run(consume_until(kafka_bootstrap, second.topics["articles"], count=2, timeout=60))
        assert sorted(a["url"] for a in articles) == ["https://fil.example/1", "https://fil.example/2"]
        ticker = run(consume_until(kafka_bootstrap, second.topics["ticker"], count=2, timeout=10, settle=3))
        assert len(ticker) == 2, "the restarted worker published a ticker item again"
        assert second.get_json("/api/stats")["ticker_duplicates"] == 2
    finally:
        second.stop()
