"""The worker's consumer fetches a stream partition after a rebalance only once it has been sought
to where the group starts it (agents/consumer.py); the broker calls are stood in for."""
from __future__ import annotations

import asyncio
from collections.abc import Mapping

from faust.types import TP

from agents.app import App
from agents.consumer import Consumer

RAW = TP("pages.raw", 0)
RAW_NEVER_COMMITTED = TP("pages.raw", 1)
CHANGELOG = TP("depeche-ticker-seen-changelog", 0)


class Broker:
    """What the consumer asks the broker during a seek, answered from fixed offsets."""

    def __init__(self, committed: Mapping[TP, int | None], starts: Mapping[TP, int]) -> None:
        self.committed, self.starts = dict(committed), dict(starts)
        self.sought: list[tuple[TP, int]] = []  # seeks, in order
        self.answer = asyncio.Event()
        self.answer.set()
        self.active_while_asked: set[TP] | None = None

    def attach(self, consumer: Consumer) -> None:
        async def seek_to_committed() -> Mapping[TP, int | None]:
            self.active_while_asked = set(consumer._get_active_partitions())
            await self.answer.wait()
            # aiokafka seeks only the partitions committed above 0 (seek_to_committed)
            self.sought.extend((tp, offset) for tp, offset in self.committed.items() if offset)
            return self.committed

        async def earliest_offsets(*tps: TP) -> Mapping[TP, int]:
            return {tp: self.starts[tp] for tp in tps}

        async def seek_wait(partitions: Mapping[TP, int]) -> None:
            self.sought.extend(partitions.items())

        async def revoked(revoked: set[TP]) -> None:  # the app's rebalance work, not under test
            return None

        consumer.seek_to_committed = seek_to_committed  # type: ignore[method-assign]
        consumer.earliest_offsets = earliest_offsets  # type: ignore[method-assign]
        consumer.seek_wait = seek_wait  # type: ignore[method-assign]
        consumer.assignment = lambda: set(self.committed) | {CHANGELOG}  # type: ignore[method-assign]
        consumer._is_changelog_tp = lambda tp: tp.topic.endswith("-changelog")  # type: ignore[method-assign]
        consumer._on_partitions_revoked = revoked  # type: ignore[assignment]


def consumer_of(broker: Broker) -> Consumer:
    app = App("test-consumer", broker="kafka://127.0.0.1:9")  # never connected
    consumer = app.consumer
    assert isinstance(consumer, Consumer)
    broker.attach(consumer)
    consumer.pause_partitions({RAW, RAW_NEVER_COMMITTED, CHANGELOG})  # as Faust does on assignment
    return consumer


async def test_a_resumed_stream_partition_is_fetched_only_after_its_seek() -> None:
    broker = Broker(committed={RAW: 21}, starts={})
    consumer = consumer_of(broker)
    consumer.resume_partitions({RAW, CHANGELOG})  # what Faust's recovery does before it seeks
    assert consumer._get_active_partitions() == {CHANGELOG}  # table recovery goes on
    await consumer.perform_seek()
    assert broker.active_while_asked == {CHANGELOG}
    assert broker.sought == [(RAW, 21)]
    assert consumer._get_active_partitions() == {RAW, CHANGELOG}
    # Faust's bookkeeping matches the position: read from 21, committed at 21 (no hole before it).
    assert consumer._read_offset[RAW] == 21 and consumer._committed_offset[RAW] == 21


async def test_a_partition_without_a_committed_offset_is_sought_to_the_start_of_its_log() -> None:
    # aiokafka leaves such a partition where it was fetching, possibly past messages Faust dropped
    broker = Broker(committed={RAW: 40, RAW_NEVER_COMMITTED: None}, starts={RAW_NEVER_COMMITTED: 3})
    consumer = consumer_of(broker)
    consumer.resume_partitions({RAW, RAW_NEVER_COMMITTED})
    await consumer.perform_seek()
    assert broker.sought == [(RAW, 40), (RAW_NEVER_COMMITTED, 3)]
    assert consumer._committed_offset[RAW_NEVER_COMMITTED] is None
    assert {RAW, RAW_NEVER_COMMITTED} <= consumer._get_active_partitions()


async def _seek_waiting_for_the_broker() -> tuple[Broker, Consumer, asyncio.Future[None]]:
    """A consumer whose seek of RAW (committed at 5) has started and waits for the broker's answer."""
    broker = Broker(committed={RAW: 5}, starts={})
    broker.answer.clear()
    consumer = consumer_of(broker)
    consumer.resume_partitions({RAW})
    seeking = asyncio.ensure_future(consumer.perform_seek())
    await asyncio.sleep(0.01)
    return broker, consumer, seeking


async def test_a_seek_overtaken_by_a_rebalance_resumes_nothing() -> None:
    broker, consumer, seeking = await _seek_waiting_for_the_broker()
    await consumer.on_partitions_revoked({RAW, CHANGELOG})
    consumer.pause_partitions({RAW})  # the next assignment pauses it again
    broker.answer.set()
    await seeking
    assert RAW not in consumer._get_active_partitions()  # the next assignment's seek will resume it


async def test_a_seek_given_up_by_faust_still_resumes_its_partitions() -> None:
    # Faust's recovery stops waiting after broker_request_timeout and cancels the seek.
    broker, consumer, seeking = await _seek_waiting_for_the_broker()
    seeking.cancel()
    broker.answer.set()
    for _ in range(10):
        await asyncio.sleep(0)
    assert RAW in consumer._get_active_partitions()


def test_a_drained_buffer_does_not_resume_a_partition_waiting_for_its_seek() -> None:
    consumer = consumer_of(Broker(committed={RAW: 5}, starts={}))
    consumer._buffered_partitions.add(RAW)  # its stream's buffer was full before the rebalance
    consumer.resume_partitions({RAW})
    consumer.on_buffer_drop(RAW)
    assert RAW not in consumer._get_active_partitions()


async def test_a_fetch_asks_for_a_copy_of_the_active_partitions() -> None:
    # aiokafka reads the set while it waits for records, and takes an empty set for "every partition"
    consumer = consumer_of(Broker(committed={RAW: 5}, starts={}))
    asked: list[set[TP]] = []

    async def getmany(active_partitions: set[TP], timeout: float) -> dict[TP, list[object]]:
        consumer.pause_partitions({RAW, CHANGELOG})  # a rebalance begins while aiokafka waits
        asked.append(set(active_partitions))
        return {}

    consumer._thread.getmany = getmany  # type: ignore[method-assign]
    live = consumer._get_active_partitions()
    live.update({RAW, CHANGELOG})
    await consumer._getmany(live, timeout=0.1)
    assert asked == [{RAW, CHANGELOG}]
