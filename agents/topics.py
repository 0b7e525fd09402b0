"""The topics the worker reads and writes, named from settings."""
from __future__ import annotations

from schemas import Article, Rejected, Story, TickerItem

from .app import app, settings

__all__ = [
    "articles", "articles_read", "raw_pages", "rejected_pages", "stories", "story_work",
    "ticker_candidates", "ticker_items",
]

#: Raw pages are read as bytes: the agent validates them itself so that a message that is not
#: JSON, or not a RawPage, lands in the rejected topic instead of failing inside Faust.
raw_pages = app.topic(settings.topic_raw, value_type=bytes, value_serializer="raw", key_serializer="raw")
articles = app.topic(settings.topic_articles, value_type=Article)
#: The same topic as the stories stage reads it: bytes, decoded to a plain dict by the agent. An
#: Article Record built per message (type coercion of every field) was only turned back into a dict.
articles_read = app.topic(settings.topic_articles, value_type=bytes, value_serializer="raw")
ticker_items = app.topic(settings.topic_ticker, value_type=TickerItem)
rejected_pages = app.topic(settings.topic_rejected, value_type=Rejected)
#: Ticker candidates keyed by ticker id, so the dedup table is partitioned the same way.
ticker_candidates = app.topic(
    f"{app.conf.id}-ticker-candidates", value_type=TickerItem, internal=True,
    partitions=settings.topic_partitions,
)

#: Copies of one dispatch (agents/stories.py): the stories topic, and the internal topic that
#: re-keys each article's work so every table is partitioned the way it is read: band probes by
#: LSH band key, band answers by article id, story joins by story id (one topic for the three:
#: a worker fetches every partition it reads each time, whatever it carries).
stories = app.topic(settings.topic_stories, value_type=Story)
story_work = app.topic(f"{app.conf.id}-story-work", internal=True, partitions=settings.topic_partitions)
