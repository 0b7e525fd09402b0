"""The Wire copies panel's numbers: most sites first within the hour, credits, today's copy share."""
from __future__ import annotations

from prometheus_client import CollectorRegistry, generate_latest

from agents.story_stats import StoryStats

NOW = 1_764_500_000.0  # 2025-11-30, mid-day UTC


def story(story_id: str, sites: list[str], sources: list[list[str]]) -> dict:
    members = [{"id": f"{story_id}{n}", "site": site, "url": f"https://{site}/x", "title": "t",
                "first_seen": "2025-11-30T10:00:00Z", "sources": names, "duplicate_of": None if n == 0 else f"{story_id}0"}
               for n, (site, names) in enumerate(zip(sites, sources, strict=True))]
    credits: dict[str, int] = {}
    for names in sources:
        for name in names:
            credits[name] = credits.get(name, 0) + 1
    return {"id": story_id, "first": members[0], "members": members, "sites": len(set(sites)), "sources": credits,
            "updated_at": "2025-11-30T10:00:00Z"}


def test_stories_with_most_sites_in_the_last_hour_come_first() -> None:
    stats = StoryStats(CollectorRegistry())
    stats.record_story(story("old", ["a", "b", "c", "d"], [["AFP"]] * 4), now=NOW - 7200)
    stats.record_story(story("two", ["a", "b"], [["AFP"], ["AFP", "RFI"]]), now=NOW - 60)
    stats.record_story(story("three", ["a", "b", "c"], [["Reuters"], [], ["Reuters"]]), now=NOW - 30)
    snap = stats.snapshot(now=NOW)
    assert [s["id"] for s in snap["stories"]] == ["three", "two"]
    assert snap["sources"] == {"Reuters": 2, "AFP": 2, "RFI": 1}
    assert snap["stories"][0]["copies"][1]["duplicate_of"] == "three0"


def test_copy_share_counts_today_only_and_counters_reach_prometheus() -> None:
    registry = CollectorRegistry()
    stats = StoryStats(registry)
    stats.record_decision(copy=True, now=NOW - 86400)  # yesterday
    for copy in (True, False, False, False):
        stats.record_decision(copy=copy, now=NOW)
    today = stats.snapshot(now=NOW)["today"]
    assert (today["checked"], today["copies"], today["copy_share"]) == (4, 1, 0.25)
    text = generate_latest(registry).decode()
    assert "depeche_wire_copies_total 2.0" in text and "depeche_story_articles_checked_total 5.0" in text
