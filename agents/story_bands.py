"""An article's band probes for the stories stage, made in the cleaning process that made the
article: no Faust here (a cleaning process imports this module, agents/pool.py).

Why there: the worker's event loop is one core at most and serves every cleaning process of the
worker, so the per-article work of the stage (member record, LSH band keys, compact fingerprint,
partitions, JSON) is done beside the cleaning, which scales with processes, and the loop only
appends ready bytes to the batch it sends (agents/story_probes.py).
"""
from __future__ import annotations

import dataclasses
import logging
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import orjson
from aiokafka.partitioner import murmur2

from pipeline.fingerprint import band_keys, compact
from schemas import Outcome

from . import story_memory

__all__ = ["ArticleProbes", "partition_of", "probes_of"]

log = logging.getLogger(__name__)


def partition_of(key: str, partitions: int) -> int:
    """The partition of ``partitions`` a message keyed ``key`` goes to: what aiokafka's default
    partitioner, which Faust's producer uses, computes (Kafka's murmur2), so tables stay where
    keyed messages put them."""
    return (murmur2(key.encode()) & 0x7FFFFFFF) % partitions


def probes_of(article: Mapping[str, Any], partitions: int) -> list[tuple[int, dict[str, Any]]]:
    """An Article (as a dict)'s probes, ``(partition, {"member", "bands"})``: one per partition of
    ``partitions`` its LSH bands map to; none without a usable fingerprint (logged)."""
    member = story_memory.member_of(article)
    if member is None:
        return []
    try:
        bands = band_keys(member["fp"])
        member["compact"] = compact(member.pop("fp"))
    except ValueError as error:  # a fingerprint of another shape: this article is left out
        log.warning("article %s: unusable fingerprint (%s), not checked for copies", member["id"], error)
        return []
    by_partition: defaultdict[int, list[list[Any]]] = defaultdict(list)
    for band, key in enumerate(bands):
        by_partition[partition_of(key, partitions)].append([band, key])
    return [(partition, {"member": member, "bands": found}) for partition, found in by_partition.items()]


@dataclass(frozen=True, slots=True)
class ArticleProbes:
    """What a cleaning process adds to each Outcome with an article (PageJob's ``then``): its
    probes for ``partitions`` story-work partitions, serialised."""

    partitions: int

    def __call__(self, outcome: Outcome) -> Outcome:
        if outcome.article is None:
            return outcome
        probes = [(partition, orjson.dumps(probe))
                  for partition, probe in probes_of(outcome.article.asdict(), self.partitions)]
        return dataclasses.replace(outcome, probes=probes)
