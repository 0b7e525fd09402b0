"""The ticker dedup table forgets items older than the horizon, and knows where their tombstones go."""
from __future__ import annotations

from agents.ticker_memory import entry, expired, purge_interval, seen

HOUR = 3600.0


def test_an_item_sent_within_the_horizon_is_seen() -> None:
    value = entry(at=1_000.0, partition=1)
    assert seen(value, now=1_000.0 + HOUR, horizon=2 * HOUR)
    assert not seen(value, now=1_000.0 + 3 * HOUR, horizon=2 * HOUR)
    assert not seen(None, now=1_000.0, horizon=2 * HOUR)


def test_only_entries_past_the_horizon_expire_each_with_its_partition() -> None:
    items = [("old", entry(at=0.0, partition=2)), ("new", entry(at=9 * HOUR, partition=0)),
             ("gone", None)]
    assert expired(items, now=10 * HOUR, horizon=2 * HOUR) == [("old", 2)]


def test_an_entry_of_the_older_layout_expires_partitioned_by_key() -> None:
    """The previous layout kept the item's seen_at string forever: it has no send time, so it
    counts as expired (the item may come once more, same key), its tombstone keyed like its candidate."""
    legacy = ("abc", "2026-11-23T10:00:00Z")
    assert not seen(legacy[1], now=0.0, horizon=HOUR)
    assert expired([legacy], now=0.0, horizon=HOUR) == [("abc", None)]


def test_purge_interval_is_a_tenth_of_the_horizon_within_bounds() -> None:
    assert purge_interval(7 * 24 * HOUR) == 600.0
    assert purge_interval(100.0) == 10.0
    assert purge_interval(3.0) == 1.0
