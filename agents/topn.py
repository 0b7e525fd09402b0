"""Counts per key in bounded memory: the heaviest keys of a stream with unbounded distinct keys.

A worker crawling 100,000 sites must not keep 100,000 counters for its dashboard. This is the
space-saving algorithm (Metwally, Agrawal, El Abbadi, 2005): at most ``capacity`` counters; a new
key takes the place of the smallest one and inherits its count as a possible overestimate. Every
key counted more than ``total / capacity`` times is guaranteed to be kept, with a count that is
never too low and too high by at most its ``error``.
"""
from __future__ import annotations

from collections.abc import Iterator

__all__ = ["TopCounts"]


class TopCounts:
    """Approximate counts of the most frequent keys, with at most ``capacity`` keys in memory."""

    def __init__(self, capacity: int) -> None:
        if capacity < 1:
            raise ValueError(f"capacity must be at least 1, not {capacity}")
        self.capacity = capacity
        self.total = 0
        self._counts: dict[str, int] = {}
        self._errors: dict[str, int] = {}

    def add(self, key: str, count: int = 1) -> None:
        self.total += count
        if key in self._counts:
            self._counts[key] += count
            return
        if len(self._counts) < self.capacity:
            self._counts[key] = count
            self._errors[key] = 0
            return
        smallest = min(self._counts, key=self._counts.__getitem__)
        floor = self._counts.pop(smallest)
        del self._errors[smallest]
        self._counts[key] = floor + count
        self._errors[key] = floor

    def __getitem__(self, key: str) -> int:
        """The key's count (an upper bound once keys were evicted); 0 for a key not kept."""
        return self._counts.get(key, 0)

    def error(self, key: str) -> int:
        """How much of the key's count may belong to keys it replaced (0: exact)."""
        return self._errors.get(key, 0)

    def __contains__(self, key: object) -> bool:
        return key in self._counts

    def __iter__(self) -> Iterator[str]:
        return iter(self._counts)

    def __len__(self) -> int:
        return len(self._counts)

    def most_common(self, limit: int | None = None) -> list[tuple[str, int]]:
        """Kept keys by count, largest first (ties by key, so the order is stable)."""
        ranked = sorted(self._counts.items(), key=lambda item: (-item[1], item[0]))
        return ranked if limit is None else ranked[:limit]

    def as_dict(self) -> dict[str, int]:
        return dict(self.most_common())
