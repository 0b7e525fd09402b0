"""What the ticker dedup table remembers of a published item, and when it forgets it.

Each entry is ``{"at": unix seconds when the item was sent, "partition": p}``. ``at`` bounds the
table: entries older than the horizon (``DEPECHE_TICKER_HORIZON``) no longer count as seen and are
purged, each purge a tombstone on the table's changelog, so the compacted changelog (replayed at
every start) shrinks with the table. ``partition`` is where the tombstone must go: a purge runs on
a timer, outside any event, so Faust cannot take the partition from the event being processed.
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

__all__ = ["Expired", "entry", "expired", "purge_interval", "seen"]

#: The purge runs this often: a tenth of the horizon, between once a second and every 10 minutes.
_PURGE_FRACTION, _PURGE_MIN, _PURGE_MAX = 0.1, 1.0, 600.0


def entry(*, at: float, partition: int) -> dict[str, Any]:
    """The table value for an item sent at ``at`` from candidates partition ``partition``."""
    return {"at": at, "partition": partition}


def seen(value: Any, *, now: float, horizon: float) -> bool:
    """True when the table says the item was sent within the horizon (a duplicate to skip).

    A value of an older layout (the item's ``seen_at`` string, kept forever) has no send time:
    it counts as expired, so such an item may be published once more, with the same key."""
    if not isinstance(value, Mapping) or not isinstance(value.get("at"), int | float):
        return False
    return now - float(value["at"]) <= horizon


Expired = tuple[Any, int | None]


def expired(items: Iterable[tuple[Any, Any]], *, now: float, horizon: float) -> list[Expired]:
    """(key, changelog partition) of every entry past the horizon. The partition is ``None`` for
    an entry of the older layout: its tombstone is then partitioned by key, as its candidate was."""
    out: list[Expired] = []
    for key, value in items:
        if value is None or seen(value, now=now, horizon=horizon):
            continue
        partition = value.get("partition") if isinstance(value, Mapping) else None
        out.append((key, partition if isinstance(partition, int) else None))
    return out


def purge_interval(horizon: float) -> float:
    """Seconds between purges: an entry outlives its horizon by at most a tenth of it (10 min)."""
    return min(_PURGE_MAX, max(_PURGE_MIN, horizon * _PURGE_FRACTION))
