"""Article schema version 2: the page's metadata on the wire, readable by version-1 consumers and back."""
from __future__ import annotations

from typing import Dict, List, Optional  # noqa: UP035 - Faust reads these annotations at runtime

import faust
import jsonschema
import orjson

import schemas
from pipeline import clean_page
from schemas import Article, RawPage, article_id, events_from
from schemas.jsonschema import schema_for

PAGE = (
    "<html lang='en'><head><title>Harbor bridge reopens</title>"
    "<link rel='canonical' href='https://harbor.example/local/bridge?utm_source=feed'>"
    "<meta property='og:site_name' content='Harbor Times'>"
    "<meta property='og:description' content='The bridge reopens after two years.'>"
    "<meta property='og:image' content='https://cdn.harbor.example/bridge.jpg'>"
    "<meta property='article:section' content='Local'>"
    "<meta property='article:tag' content='bridge'><meta property='article:tag' content='traffic'>"
    "<meta property='article:modified_time' content='2026-11-20T09:00:00Z'>"
    "<script type='application/ld+json'>{\"@type\": \"NewsArticle\", \"author\": {\"@type\": \"Person\", "
    "\"name\": \"Dana Whitfield\"}, \"datePublished\": \"2026-11-20T08:15:00Z\"}</script>"
    "</head><body><article><h1>Harbor bridge reopens</h1>"
    + "<p>The harbor bridge reopened on Friday morning after two years of repairs, the city said.</p>" * 4
    + "</article></body></html>"
)


class ArticleV1(faust.Record, serializer="json", include_metadata=False, isodates=False):
    """The Article record as schema version 1 defined it: what a consumer built then decodes with."""

    id: str
    url: str
    site: str
    title: str
    blocks: List[Dict[str, str]]  # noqa: UP006
    text: str
    language: str
    sources: List[Dict[str, str]]  # noqa: UP006
    fetched_at: str
    content_hash: str
    word_count: int
    pipeline_version: str
    published_at: Optional[str] = None  # noqa: UP045
    schema_version: int = 1


def _article() -> Article:
    raw = RawPage(url="https://m.harbor.example/bridge?ref=home", body=PAGE, fetched_at="2026-11-20T10:00:00Z")
    doc = clean_page(raw.body, url=raw.url)
    article, _ = events_from(doc, raw)
    return article


def test_article_carries_the_pages_metadata() -> None:
    article = _article()
    assert article.schema_version == schemas.SCHEMA_VERSION == 2
    assert article.authors == ["Dana Whitfield"] and article.site_name == "Harbor Times"
    assert (article.published_at, article.modified_at) == ("2026-11-20T08:15:00+00:00", "2026-11-20T09:00:00+00:00")
    assert article.description == "The bridge reopens after two years."
    assert article.image == "https://cdn.harbor.example/bridge.jpg"
    assert (article.section, article.tags) == ("Local", ["bridge", "traffic"])
    # the URL the id is the hash of: the page's canonical link, normalised, not the fetched URL
    assert article.canonical_url == "https://harbor.example/local/bridge"
    assert article.id == article_id(article.canonical_url) == article_id("https://harbor.example/local/bridge")


def test_version_2_payload_is_valid_against_its_json_schema() -> None:
    jsonschema.validate(orjson.loads(_article().dumps()), schema_for("articles.clean"))


def test_a_version_1_consumer_reads_version_2_events() -> None:
    payload = _article().dumps()
    old = ArticleV1.loads(payload, serializer="json")
    assert (old.id, old.title, old.published_at) == (_article().id, "Harbor bridge reopens", "2026-11-20T08:15:00+00:00")
    assert old.word_count > 0 and old.text.startswith("The harbor bridge")


def test_version_1_events_still_decode_with_the_new_fields_absent() -> None:
    old = ArticleV1(id="a1", url="https://harbor.example/x", site="harbor.example", title="T", blocks=[],
                    text="body", language="en", sources=[], fetched_at="2026-01-01T00:00:00Z",
                    content_hash="h", word_count=1, pipeline_version="0.1.0")
    payload = orjson.loads(old.dumps())
    assert payload["schema_version"] == 1 and "authors" not in payload
    article = Article.loads(old.dumps(), serializer="json")
    assert article.schema_version == 1 and article.title == "T"
    assert (article.authors, article.tags, article.canonical_url, article.site_name) == (None, None, None, None)
    jsonschema.validate(payload, schema_for("articles.clean"))
