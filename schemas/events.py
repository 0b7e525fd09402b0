"""Wire contracts: one Faust Record per topic, JSON (orjson) on the wire, no Faust metadata."""
from __future__ import annotations

from typing import Dict, List, Optional  # noqa: UP035 - Faust reads these annotations at runtime

import faust

__all__ = ["SCHEMA_VERSION", "Article", "RawPage", "Rejected", "Story", "StoryMember", "TickerItem", "TOPIC_RECORDS"]

#: Bumped on any change a consumer could notice; every event carries it.
SCHEMA_VERSION = 2


class _Event(faust.Record, serializer="json", include_metadata=False, isodates=False):
    """Base for every event: plain JSON a non-Faust consumer can read."""


class RawPage(_Event):
    """A page as fetched, produced to ``pages.raw`` keyed by url."""

    url: str
    body: str
    fetched_at: str  # ISO 8601 UTC
    content_type: str = "text/html"
    site: Optional[str] = None  # noqa: UP045
    schema_version: int = SCHEMA_VERSION


class Article(_Event):
    """A cleaned article on ``articles.clean``, keyed by ``id``."""

    id: str
    url: str
    site: str
    title: str
    blocks: List[Dict[str, str]]  # noqa: UP006 - [{kind, text}]
    text: str
    language: str
    sources: List[Dict[str, str]]  # noqa: UP006 - [{name, kind, evidence}]
    fetched_at: str
    content_hash: str
    word_count: int
    pipeline_version: str
    published_at: Optional[str] = None  # noqa: UP045
    # version 2: what the page says about its article (pipeline.metadata); None in version-1 events
    authors: Optional[List[str]] = None  # noqa: UP006, UP045 - [] when the page names none
    description: Optional[str] = None  # noqa: UP045
    image: Optional[str] = None  # noqa: UP045 - absolute URL
    section: Optional[str] = None  # noqa: UP045
    tags: Optional[List[str]] = None  # noqa: UP006, UP045
    modified_at: Optional[str] = None  # noqa: UP045 - ISO 8601
    canonical_url: Optional[str] = None  # noqa: UP045 - the URL the id is the hash of
    site_name: Optional[str] = None  # noqa: UP045
    schema_version: int = SCHEMA_VERSION
    #: MinHash of the normalised text (pipeline/fingerprint.py), base64; None for very short texts.
    fingerprint: Optional[str] = None  # noqa: UP045


class TickerItem(_Event):
    """One 'latest news' headline on ``ticker.items``, published once per (site, time, title)."""

    id: str
    site: str
    page_url: str
    time: str  # HH:MM, 24 h
    title: str
    seen_at: str
    url: Optional[str] = None  # noqa: UP045
    schema_version: int = SCHEMA_VERSION


class Rejected(_Event):
    """An input that could not be cleaned, on ``pages.rejected``: nothing is dropped silently."""

    reason: str  # short code: not_json, bad_shape, empty_body, ...
    detail: str
    size: int
    rejected_at: str
    url: Optional[str] = None  # noqa: UP045
    topic: Optional[str] = None  # noqa: UP045
    partition: Optional[int] = None  # noqa: UP045
    offset: Optional[int] = None  # noqa: UP045
    pipeline_version: str = ""
    schema_version: int = SCHEMA_VERSION


class StoryMember(_Event):
    """One article of a story: where it appeared, when first seen, whom it credits."""

    id: str
    site: str
    url: str
    title: str
    first_seen: str  # the article's fetched_at
    sources: List[str]  # noqa: UP006 - names of the credited sources
    duplicate_of: Optional[str] = None  # noqa: UP045 - the earliest copy's id; None for the first


class Story(_Event):
    """Copies and rewrites of one dispatch on ``stories``, keyed by ``id`` (its first article's id);
    an updated event each time a member joins."""

    id: str
    first: StoryMember
    members: List[StoryMember]  # noqa: UP006 - in order of first_seen
    sites: int
    sources: Dict[str, int]  # noqa: UP006 - source name → members crediting it
    updated_at: str
    schema_version: int = SCHEMA_VERSION


#: Default topic name → the record carried on it.
TOPIC_RECORDS: dict[str, type[_Event]] = {
    "pages.raw": RawPage,
    "articles.clean": Article,
    "ticker.items": TickerItem,
    "pages.rejected": Rejected,
    "stories": Story,
}
