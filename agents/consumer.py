"""Faust's Kafka consumer, with every stream partition sought back to its committed offset after a
rebalance before any of its messages reaches an agent.

Why (the scale-out test, docs/guarantees.md "Rebalances complete"): at a rebalance Faust drops the
messages it has fetched but not yet handed to an agent, and their partition's fetch position is
already past them. Its table recovery then resumes the flow (for the changelogs), and when it
completes it makes the stream partitions fetchable *before* seeking them back to their committed
offsets, a seek that asks the broker once per partition (a few hundred ms on a busy machine).
Meanwhile the worker processes messages from the old position, past the dropped ones. Once the
seek has set the partition's read offset back to the committed one, the next message delivered
(from the position already advanced) looks like a gap in the log: Faust counts a gap's offsets
as acked (they are normally compacted records or transaction markers), its head-gap guard lets
the committed offset itself through (faust #606), and the next commit goes past the dropped
messages; those read again after the seek are dropped too, as older than the last one delivered.
Seen in a run: a worker kept raw partition 1, had handed its agent offset 57 before the
rebalance, got 62 and 63 during the seek, and committed 64; 58-61 were never cleaned.

Two more ways the fetch position moves past messages no agent gets: Faust seeks only the
partitions committed above 0 (aiokafka's ``seek_to_committed``), so one without a commit keeps
its position; and Faust hands aiokafka its live set of fetchable partitions, which a rebalance
can empty while aiokafka waits for records, and aiokafka takes an empty set for "all": it returns
(and moves past) records of paused partitions, which Faust then drops without a word. In the same
run the worker that took over raw partition 10, committed at 27, got 73 as its first message
(27-72 lost); of the paths in the code, this is the one that fits.

So here a stream partition is made fetchable only once it has been sought to where the group
starts it (its committed offset, or the start of its log without one, as ``earliest`` does) and
Faust's read and commit offsets are set to match; and a fetch returns records only of the
partitions it asked for, so nothing moves a held partition's position before its resume. Changelog
partitions stay with table recovery.
"""
from __future__ import annotations

import asyncio
from collections.abc import Iterable

from faust.transport.consumer import RecordMap, ensure_TPset
from faust.transport.drivers import aiokafka as aiokafka_driver
from faust.types import TP

__all__ = ["Consumer", "Transport"]


class Consumer(aiokafka_driver.Consumer):
    """Stream partitions resumed by Faust wait for :meth:`perform_seek` to be fetched."""

    def __init__(self, *args, **kwargs) -> None:  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        #: stream partitions Faust resumed, held back until they have been sought
        self._awaiting_seek: set[TP] = set()
        #: assignments seen: a seek begun under an earlier one resumes nothing
        self._assignments = 0

    def resume_partitions(self, tps: Iterable[TP]) -> None:
        tpset = ensure_TPset(tps)
        streams = {tp for tp in tpset if not self._is_changelog_tp(tp)}
        self._awaiting_seek |= streams
        super().resume_partitions(tpset - streams)

    async def perform_seek(self) -> None:
        """Seek every assigned partition to its committed offset (a stream partition without one
        to the start of its log), set Faust's read and commit offsets to match, and only then let
        the held stream partitions be fetched.

        Shielded: Faust gives up waiting for it after ``broker_request_timeout`` (and cancels it),
        but resumes the flow anyway; the held partitions must still be resumed once sought."""
        await asyncio.shield(self._seek_then_resume(self._assignments))

    async def _seek_then_resume(self, assignment: int) -> None:
        committed = await self.seek_to_committed()  # aiokafka seeks those committed above 0 only
        unsought = [tp for tp, offset in committed.items() if not offset and not self._is_changelog_tp(tp)]
        if unsought:
            starts = await self.earliest_offsets(*unsought)
            await self.seek_wait({tp: starts[tp] for tp in unsought})  # in the consumer's thread
        if assignment != self._assignments:  # revoked meanwhile: the next assignment seeks again
            return
        # Nothing has fetched the held partitions since (a fetch asks only for active ones, see
        # _getmany), so they are still where they were sought.
        starts = {tp: offset if offset else None for tp, offset in committed.items()}
        self._read_offset.update(starts)
        self._committed_offset.update(starts)
        ready = self._awaiting_seek & self.assignment()
        self._awaiting_seek.clear()
        super().resume_partitions(ready)

    async def _getmany(self, active_partitions: set[TP] | None, timeout: float) -> RecordMap:
        """Records of the partitions active when the fetch was asked for, and of no other.

        Faust passes its live set of active partitions, and aiokafka reads it while it waits for
        records; a rebalance can empty it meanwhile, and aiokafka takes an empty set for "every
        partition": it hands over (and moves past) records of paused partitions, which Faust then
        drops without a word. A copy keeps the fetch to what was asked."""
        asked = set(active_partitions) if active_partitions is not None else None
        return await super()._getmany(asked, timeout)

    def on_buffer_drop(self, tp: TP) -> None:
        """Faust makes a partition fetchable again when its stream's buffer drains, paused or
        not: a partition waiting for its seek (or paused by a rebalance) stays as it is."""
        if tp in self._awaiting_seek or tp in self._paused_partitions:
            self._buffered_partitions.discard(tp)
            return
        super().on_buffer_drop(tp)

    async def on_partitions_revoked(self, revoked: set[TP]) -> None:
        self._assignments += 1
        self._awaiting_seek.difference_update(revoked)
        # Faust fetches a partition whose buffer was full even when it is paused; after a
        # rebalance nothing may be fetched before its seek.
        self._buffered_partitions.difference_update(revoked)
        await super().on_partitions_revoked(revoked)


class Transport(aiokafka_driver.Transport):
    """Faust's aiokafka transport with the consumer above."""

    Consumer = Consumer
