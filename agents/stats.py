"""Live counters of one worker, for the web view: plain in-memory numbers, reset on restart."""
from __future__ import annotations

import time
from collections import Counter, deque
from dataclasses import dataclass, field
from typing import Any

__all__ = ["Stats", "stats"]

_RECENT = 20


@dataclass
class Stats:
    """What the worker has done since it started."""

    started_at: float = field(default_factory=time.time)
    pages_in: int = 0
    articles_out: int = 0
    rejected_out: int = 0
    ticker_published: int = 0
    ticker_duplicates: int = 0
    rejects_by_reason: Counter[str] = field(default_factory=Counter)
    pages_by_site: Counter[str] = field(default_factory=Counter)
    recent_articles: deque[dict[str, Any]] = field(default_factory=lambda: deque(maxlen=_RECENT))
    recent_rejected: deque[dict[str, Any]] = field(default_factory=lambda: deque(maxlen=_RECENT))

    def snapshot(self) -> dict[str, Any]:
        return {
            "uptime_s": round(time.time() - self.started_at, 1),
            "pages_in": self.pages_in,
            "articles_out": self.articles_out,
            "rejected_out": self.rejected_out,
            "ticker_published": self.ticker_published,
            "ticker_duplicates": self.ticker_duplicates,
            "rejects_by_reason": dict(self.rejects_by_reason),
            "pages_by_site": dict(self.pages_by_site),
        }


stats = Stats()
