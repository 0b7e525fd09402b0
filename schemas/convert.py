"""Between the cleaner's values and the wire: parse raw pages, build events, name rejects."""
from __future__ import annotations

import hashlib
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlsplit

import orjson

import pipeline
from pipeline import CleanError, Document
from pipeline.fingerprint import fingerprint
from pipeline.urls import canonical_link, normalise_url

from .events import Article, RawPage, Rejected, TickerItem

__all__ = [
    "InvalidRawPage",
    "article_id",
    "canonical_url",
    "events_from",
    "page_url",
    "parse_raw_page",
    "raw_page_from_bytes",
    "rejected",
    "rejected_for",
    "site_of",
    "ticker_key",
    "utc_now",
]

_RAW_REQUIRED = {"url": str, "body": str}
_RAW_OPTIONAL = {"fetched_at": str, "content_type": str, "site": (str, type(None))}


class InvalidRawPage(CleanError):
    """A message on the raw topic that is not a RawPage; ``reason`` says how."""

    def __init__(self, reason: str, detail: str, *, url: str | None = None) -> None:
        super().__init__(detail)
        self.reason = reason
        self.url = url


def utc_now() -> str:
    return datetime.now(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def parse_raw_page(value: bytes | str | None) -> RawPage:
    """Validate one raw-topic message; raises InvalidRawPage (not_json, bad_shape, ...)."""
    if value is None or len(value) == 0:
        raise InvalidRawPage("empty_message", "the message has no value")
    try:
        data: Any = orjson.loads(value)
    except orjson.JSONDecodeError as exc:
        reason = "invalid_utf8" if "utf-8" in str(exc).lower() else "not_json"
        raise InvalidRawPage(reason, f"message is not JSON: {exc}") from None
    if not isinstance(data, dict):
        raise InvalidRawPage("bad_shape", f"expected a JSON object, got {type(data).__name__}")
    url = data.get("url") if isinstance(data.get("url"), str) else None
    for field, kind in _RAW_REQUIRED.items():
        if field not in data:
            raise InvalidRawPage("bad_shape", f"missing field {field!r}", url=url)
        if not isinstance(data[field], kind):
            raise InvalidRawPage("bad_shape", f"field {field!r} must be a string", url=url)
    for field, kinds in _RAW_OPTIONAL.items():
        if field in data and not isinstance(data[field], kinds):
            raise InvalidRawPage("bad_shape", f"field {field!r} has the wrong type", url=url)
    return RawPage(
        url=data["url"],
        body=data["body"],
        fetched_at=data.get("fetched_at") or utc_now(),
        content_type=data.get("content_type") or "text/html",
        site=data.get("site"),
    )


def raw_page_from_bytes(
    body: bytes, *, url: str, content_type: str = "text/html", site: str | None = None,
    fetched_at: str | None = None,
) -> RawPage:
    """A RawPage from fetched bytes: the body decoded once here (UTF-8, declared or guessed charset)
    so the wire carries text; raises UndecodableBody for binary content."""
    from pipeline.clean import media_type
    from pipeline.decoding import decode_body

    kind, charset = media_type(content_type)
    text = decode_body(body, declared_charset=charset)
    return RawPage(url=url, body=text, fetched_at=fetched_at or utc_now(), content_type=kind, site=site)


def canonical_url(url: str) -> str:
    """One spelling per URL (pipeline.urls): tracking parameters, parameter order, default port,
    IDN form, escapes and fragment no longer tell two links to one article apart."""
    return normalise_url(url)


def article_id(url: str) -> str:
    """Stable id from the canonical url: the same article gets the same key on every fetch."""
    return _id_of_canonical(canonical_url(url))


def _id_of_canonical(canonical: str) -> str:
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()[:32]


def page_url(raw: RawPage) -> str:
    """The URL that names the article: the page's own canonical link wins over the fetched URL."""
    if raw.content_type.partition(";")[0].strip().lower() in ("text/html", "application/xhtml+xml"):
        return canonical_link(raw.body, base=raw.url) or raw.url
    return raw.url


def site_of(url: str, declared: str | None = None) -> str:
    if declared:
        return declared
    host = (urlsplit(url).hostname or "").lower()
    return host.removeprefix("www.") or "unknown"


def ticker_key(site: str, time: str, title: str) -> str:
    """One ticker headline per (site, time, title), whitespace and case folded."""
    folded = " ".join(title.split()).casefold()
    return hashlib.sha256(f"{site}\x1f{time}\x1f{folded}".encode()).hexdigest()[:32]


def events_from(doc: Document, raw: RawPage, *, seen_at: str | None = None) -> tuple[Article, list[TickerItem]]:
    """The article event and the ticker events one cleaned page yields."""
    site = site_of(raw.url, raw.site)
    text = doc.text
    named_by = doc.canonical_url or page_url(raw)  # the page's canonical link, read once by the cleaner
    canonical = canonical_url(named_by)  # normalised once, for the id and the field
    article = Article(
        id=_id_of_canonical(canonical),
        url=raw.url,
        site=site,
        title=doc.title,
        blocks=[{"kind": b.kind, "text": b.text} for b in doc.blocks],
        text=text,
        language=doc.language,
        sources=[{"name": s.name, "kind": s.kind, "evidence": s.evidence} for s in doc.sources],
        published_at=doc.published_at,
        authors=list(doc.authors),
        description=doc.description,
        image=doc.image,
        section=doc.section,
        tags=list(doc.tags),
        modified_at=doc.modified_at,
        canonical_url=canonical,  # id == sha256(canonical_url)[:32]
        site_name=doc.site_name,
        fetched_at=raw.fetched_at,
        content_hash=hashlib.sha256(f"{doc.title}\n{text}".encode()).hexdigest(),
        word_count=doc.word_count,
        pipeline_version=pipeline.__version__,
        fingerprint=fingerprint(text),
    )
    seen = seen_at or utc_now()
    ticker = [
        TickerItem(
            id=ticker_key(site, item.time, item.title),
            site=site,
            page_url=raw.url,
            time=item.time,
            title=item.title,
            url=item.url,
            seen_at=seen,
        )
        for item in doc.ticker
    ]
    return article, ticker


def rejected(
    error: CleanError,
    *,
    size: int,
    url: str | None = None,
    topic: str | None = None,
    partition: int | None = None,
    offset: int | None = None,
) -> Rejected:
    return rejected_for(error.reason, error.detail, size=size,
                        url=url if url is not None else getattr(error, "url", None),
                        topic=topic, partition=partition, offset=offset)


def rejected_for(
    reason: str,
    detail: str,
    *,
    size: int,
    url: str | None = None,
    topic: str | None = None,
    partition: int | None = None,
    offset: int | None = None,
) -> Rejected:
    """A Rejected for a failure that is not a CleanError (a cleaner bug, an oversize event)."""
    return Rejected(
        reason=reason,
        detail=detail[:2000],
        size=size,
        url=url,
        topic=topic,
        partition=partition,
        offset=offset,
        rejected_at=utc_now(),
        pipeline_version=pipeline.__version__,
    )
