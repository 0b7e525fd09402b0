"""Event contracts between the cleaner and Kafka: records, conversions, JSON Schemas."""
from __future__ import annotations

from .convert import (
    InvalidRawPage,
    article_id,
    canonical_url,
    events_from,
    parse_raw_page,
    raw_page_from_bytes,
    rejected,
    rejected_for,
    site_of,
    ticker_key,
    utc_now,
)
from .outcome import Origin, Outcome, outcome_of_message, outcome_of_page
from .events import SCHEMA_VERSION, TOPIC_RECORDS, Article, RawPage, Rejected, Story, StoryMember, TickerItem

__all__ = [
    "SCHEMA_VERSION",
    "TOPIC_RECORDS",
    "Article",
    "InvalidRawPage",
    "Origin",
    "Outcome",
    "RawPage",
    "Rejected",
    "Story",
    "StoryMember",
    "TickerItem",
    "article_id",
    "canonical_url",
    "events_from",
    "outcome_of_message",
    "outcome_of_page",
    "parse_raw_page",
    "raw_page_from_bytes",
    "rejected",
    "rejected_for",
    "site_of",
    "ticker_key",
    "utc_now",
]
