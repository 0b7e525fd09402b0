"""Readiness of one worker, decided from what its consumer and the group's assignment say.

Kept apart from the web view so the decision is a plain function of four facts, testable
without a broker; ``agents.views`` gathers the facts from the running app.
"""
from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

__all__ = ["Readiness", "readiness"]


@dataclass(frozen=True, slots=True)
class Readiness:
    ready: bool
    detail: str


def readiness(*, running: bool, assigned: Collection[int], members: int, partitions: int) -> Readiness:
    """Ready when the consumer runs and either owns partitions of the raw topic, or is an idle
    member because the group has more members than the raw topic has partitions (a spare that
    takes over when a peer leaves). Otherwise it is waiting for an assignment, or stuck.

    ``assigned``: raw-topic partitions this worker owns; ``members``: workers in the group's last
    assignment; ``partitions``: raw-topic partitions shared out in it.
    """
    if not running:
        return Readiness(False, "the Kafka consumer is not running")
    if assigned:
        return Readiness(True, f"consuming {len(assigned)} of {partitions} partitions of the raw topic")
    if partitions and members > partitions:
        return Readiness(True, f"idle: {members} workers share {partitions} partitions of the raw topic")
    return Readiness(False, f"no partition of the raw topic assigned ({members} workers in the group's last "
                            f"assignment, {partitions} partitions): waiting for a rebalance")
