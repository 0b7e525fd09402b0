"""Event contracts: JSON Schemas in sync with records, raw-page validation, ids and keys."""
from __future__ import annotations

import orjson
import pytest

import schemas
from schemas import InvalidRawPage, RawPage, article_id, canonical_url, outcome_of_message, parse_raw_page
from schemas.jsonschema import SCHEMA_DIR, schema_for


@pytest.mark.parametrize("topic", list(schemas.TOPIC_RECORDS))
def test_json_schema_files_match_records(topic: str) -> None:
    on_disk = orjson.loads((SCHEMA_DIR / f"{topic}.schema.json").read_bytes())
    assert on_disk == schema_for(topic), "run `python -m schemas` to regenerate"


def test_payload_has_no_faust_metadata_and_carries_schema_version() -> None:
    page = RawPage(url="https://a.example/x", body="b", fetched_at="2026-01-01T00:00:00Z")
    payload = orjson.loads(page.dumps())
    assert "__faust" not in payload and payload["schema_version"] == schemas.SCHEMA_VERSION


@pytest.mark.parametrize(
    ("value", "reason"),
    [
        (b"<html>not json</html>", "not_json"),
        (b"[1, 2]", "bad_shape"),
        (b'{"body": "x"}', "bad_shape"),
        (b'{"url": "https://a.example", "body": 3}', "bad_shape"),
        (b'{"url": "https://a.example", "body": "x", "site": 7}', "bad_shape"),
        (b'{"url": "https://a.example", "body": "\xff\xfe"}', "invalid_utf8"),
        (b"", "empty_message"),
        (None, "empty_message"),
    ],
)
def test_bad_raw_messages_name_their_reason(value: bytes | None, reason: str) -> None:
    with pytest.raises(InvalidRawPage) as info:
        parse_raw_page(value)
    assert info.value.reason == reason


def test_outcome_of_bad_message_is_a_rejected_event_with_origin() -> None:
    outcome = outcome_of_message(b"nope", origin=schemas.Origin(topic="pages.raw", partition=2, offset=41))
    assert outcome.article is None and outcome.rejected is not None
    assert (outcome.rejected.reason, outcome.rejected.topic, outcome.rejected.partition,
            outcome.rejected.offset, outcome.rejected.size) == ("not_json", "pages.raw", 2, 41, 4)


def test_outcome_of_a_page_with_an_unreadable_url_is_a_reject_not_a_cleaner_failure() -> None:
    value = orjson.dumps({"url": "http://[::1/2024/03/07/a", "body": "Un titre\nUn paragraphe assez long pour compter."})
    outcome = outcome_of_message(value)
    assert outcome.article is None and outcome.rejected is not None
    assert (outcome.rejected.reason, outcome.rejected.url) == ("invalid_url", "http://[::1/2024/03/07/a")


def test_outcome_of_good_page() -> None:
    body = "Un titre d'article\n- 10:18Premier titre du fil\n- 09:05Deuxième titre du fil\n" \
           "Le corps de l'article est assez long pour passer le seuil.\nSource : AFP\n"
    value = orjson.dumps({"url": "https://www.site.example/a", "body": body, "content_type": "text/plain"})
    outcome = outcome_of_message(value)
    assert outcome.rejected is None and outcome.article is not None
    article = outcome.article
    assert article.site == "site.example" and article.title == "Un titre d'article"
    assert article.sources == [{"name": "AFP", "kind": "agency", "evidence": "Source : AFP"}]
    assert article.word_count == len(article.text.split())
    assert [(t.site, t.time) for t in outcome.ticker] == [("site.example", "10:18"), ("site.example", "09:05")]
    assert all(t.page_url == "https://www.site.example/a" for t in outcome.ticker)


def test_article_id_is_stable_across_tracking_parameters_and_fragments() -> None:
    a = article_id("https://www.Site.example/a/b?id=3&utm_source=x#top")
    assert a == article_id("https://www.site.example/a/b?id=3")
    assert a != article_id("https://www.site.example/a/b?id=4")
    assert canonical_url("HTTPS://Site.example:443/x?fbclid=1") == "https://site.example/x"


def test_ticker_key_folds_case_and_spaces_but_not_site_or_time() -> None:
    key = schemas.ticker_key("s.example", "10:18", "Liverpool  retire le numéro 20")
    assert key == schemas.ticker_key("s.example", "10:18", "liverpool retire le numéro 20")
    assert key != schemas.ticker_key("t.example", "10:18", "Liverpool retire le numéro 20")
    assert key != schemas.ticker_key("s.example", "10:19", "Liverpool retire le numéro 20")


def test_raw_page_from_legacy_bytes_decodes() -> None:
    raw = schemas.raw_page_from_bytes("<p>Noël à l'Élysée</p>".encode("windows-1252"), url="https://a.example",
                                      content_type="text/html; charset=windows-1252")
    assert raw.body == "<p>Noël à l'Élysée</p>" and raw.content_type == "text/html"
