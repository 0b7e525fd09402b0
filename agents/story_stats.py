"""What one worker knows of wire copies, for the dashboard's "Wire copies" panel, ``/api/stories``
and ``/metrics``: in memory, bounded, reset on restart (like agents/stats.py)."""
from __future__ import annotations

import time
from collections import Counter, OrderedDict
from datetime import UTC, datetime
from typing import Any

from prometheus_client import Counter as PromCounter

from .stats import stats

__all__ = ["StoryStats", "story_stats"]

#: Stories kept for the panel: the ones updated most recently.
_KEPT = 500


class StoryStats:
    """Decisions of this worker's gather agent and stories of its join agent."""

    def __init__(self, registry: Any) -> None:
        self.checked = 0
        self.copies = 0
        self.story_updates = 0
        self._day = ""
        self.checked_today = 0
        self.copies_today = 0
        self._stories: OrderedDict[str, tuple[float, dict[str, Any]]] = OrderedDict()
        self.prom_checked = PromCounter("depeche_story_articles_checked",
                                        "Articles whose copies were looked for (fingerprinted)", registry=registry)
        self.prom_copies = PromCounter("depeche_wire_copies", "Articles found to copy an earlier one",
                                       registry=registry)
        self.prom_updates = PromCounter("depeche_story_updates", "Story events published (a member joined)",
                                        registry=registry)

    def _roll(self, now: float) -> None:
        day = datetime.fromtimestamp(now, UTC).date().isoformat()
        if day != self._day:
            self._day, self.checked_today, self.copies_today = day, 0, 0

    def record_decision(self, *, copy: bool, now: float | None = None) -> None:
        """One article's bands all answered: a copy of an earlier article, or not."""
        now = time.time() if now is None else now
        self._roll(now)
        self.checked += 1
        self.checked_today += 1
        self.prom_checked.inc()
        if copy:
            self.copies += 1
            self.copies_today += 1
            self.prom_copies.inc()

    def record_story(self, story: dict[str, Any], *, now: float | None = None) -> None:
        """One Story event published (``Story.asdict()``-like dict)."""
        now = time.time() if now is None else now
        self.story_updates += 1
        self.prom_updates.inc()
        self._stories.pop(story["id"], None)
        self._stories[story["id"]] = (now, story)
        while len(self._stories) > _KEPT:
            self._stories.popitem(last=False)

    def snapshot(self, *, limit: int = 10, within: float = 3600.0, now: float | None = None) -> dict[str, Any]:
        """The stories with most sites updated within ``within`` seconds, the sources credited
        across their members, and today's share of copies among the articles checked."""
        now = time.time() if now is None else now
        self._roll(now)
        recent = [story for at, story in self._stories.values() if now - at <= within]
        recent.sort(key=lambda s: (-s["sites"], -len(s["members"]), s["id"]))
        credits: Counter[str] = Counter()
        for story in recent:
            for member in story["members"]:
                credits.update(set(member.get("sources") or ()))
        return {
            "window_s": within,
            "stories": [_brief(story) for story in recent[:limit]],
            "stories_in_window": len(recent),
            "sources": dict(credits.most_common(20)),
            "checked": self.checked,
            "copies": self.copies,
            "story_updates": self.story_updates,
            "today": {"date": self._day, "checked": self.checked_today, "copies": self.copies_today,
                      "copy_share": round(self.copies_today / self.checked_today, 4) if self.checked_today else 0.0},
        }


def _brief(story: dict[str, Any]) -> dict[str, Any]:
    first = story["first"]
    return {"id": story["id"], "title": first.get("title"), "site": first.get("site"), "url": first.get("url"),
            "sites": story["sites"], "members": len(story["members"]), "sources": story["sources"],
            "updated_at": story.get("updated_at"),
            "copies": [{"site": m["site"], "url": m["url"], "title": m["title"], "first_seen": m["first_seen"],
                        "duplicate_of": m.get("duplicate_of")} for m in story["members"]]}


story_stats = StoryStats(stats.metrics.registry)
