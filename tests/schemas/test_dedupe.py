"""The downstream dedupe rule: a re-delivered event has the identity of the first delivery."""
from __future__ import annotations

from schemas.dedupe import Deduplicator, event_identity


def test_article_identity_is_id_and_content() -> None:
    first = {"id": "a1", "content_hash": "h1", "url": "u", "fetched_at": "t"}
    assert event_identity(first) == event_identity(dict(first))
    assert event_identity(first) != event_identity({**first, "content_hash": "h2"})  # a new version


def test_reject_identity_is_the_raw_offset_not_the_time() -> None:
    one = {"reason": "not_json", "detail": "d", "rejected_at": "t1", "topic": "pages.raw", "partition": 1, "offset": 9}
    assert event_identity(one) == event_identity({**one, "rejected_at": "t2"})
    assert event_identity(one) != event_identity({**one, "offset": 10})


def test_ticker_identity_ignores_seen_at() -> None:
    item = {"id": "k", "page_url": "u", "seen_at": "t1", "title": "x"}
    assert event_identity(item) == event_identity({**item, "seen_at": "t2"})


def test_deduplicator_counts_repeats() -> None:
    events = [{"id": "a", "content_hash": "1"}, {"id": "a", "content_hash": "1"}, {"id": "b", "content_hash": "1"}]
    seen = Deduplicator()
    assert [e["id"] for e in seen.filter(events)] == ["a", "b"]
    assert seen.duplicates == 1
