"""What a downstream consumer needs to drop re-delivered events (the pipeline is at-least-once).

After a worker crash the pages it had cleaned since its last offset commit are cleaned again,
so their events can appear twice on the output topics. A re-delivered event is the *same*
event: same identity, below. A consumer keeps the identities it has seen (or reads a compacted
topic, or upserts by identity into its store) and drops repeats. See docs/guarantees.md.
"""
from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from typing import Any

import orjson

__all__ = ["Deduplicator", "event_identity"]


def event_identity(event: Mapping[str, Any]) -> str:
    """The identity of one output event, stable across re-delivery.

    * Article: ``article:<id>:<content_hash>`` -- the same page cleaned twice is one article; a
      re-fetch of the url whose text changed is a new version (same Kafka key, new identity).
    * Rejected: ``rejected:<topic>:<partition>:<offset>`` -- one raw message, one reject
      (``rejected:<reason>:<url>`` for rejects made outside the worker, without an origin).
    * TickerItem: ``ticker:<id>`` -- one headline per (site, time, title).
    * anything else: the whole event.
    """
    if "content_hash" in event and "id" in event:
        return f"article:{event['id']}:{event['content_hash']}"
    if "reason" in event and "rejected_at" in event:
        if event.get("offset") is not None:
            return f"rejected:{event.get('topic')}:{event.get('partition')}:{event['offset']}"
        return f"rejected:{event['reason']}:{event.get('url')}:{event.get('detail')}"
    if "page_url" in event and "id" in event:
        return f"ticker:{event['id']}"
    return "event:" + orjson.dumps(dict(event), option=orjson.OPT_SORT_KEYS).decode()


class Deduplicator:
    """Remembers identities; :meth:`first` is True once per identity. Memory grows with the
    number of distinct events (a long-running consumer would bound it, e.g. by time)."""

    def __init__(self) -> None:
        self._seen: set[str] = set()
        self.duplicates = 0

    def first(self, event: Mapping[str, Any]) -> bool:
        identity = event_identity(event)
        if identity in self._seen:
            self.duplicates += 1
            return False
        self._seen.add(identity)
        return True

    def filter(self, events: Iterable[Mapping[str, Any]]) -> Iterator[Mapping[str, Any]]:
        return (event for event in events if self.first(event))
