"""Plain aiokafka clients for the CLI: produce raw pages, tail a topic, create topics."""
from __future__ import annotations

import asyncio
import sys
from collections import deque
from collections.abc import Callable, Iterable, Mapping
from typing import Any

import orjson
from aiokafka import AIOKafkaConsumer, AIOKafkaProducer
from aiokafka.admin import AIOKafkaAdminClient, NewTopic
from aiokafka.client import AIOKafkaClient
from aiokafka.cluster import ClusterMetadata
from aiokafka.protocol.metadata import MetadataRequest
from aiokafka.errors import MessageSizeTooLargeError, TopicAlreadyExistsError

from schemas import RawPage

from .settings import Settings

__all__ = ["ProduceReport", "ensure_topics", "produce_pages", "tail_topic", "wait_for_topics"]

#: Sends awaited in batches so that a long run (a WARC of millions of pages) holds a bounded
#: number of pending futures while the producer still batches freely.
_MAX_PENDING = 2000

#: Largest message the producer sends (before compression); pages over it are refused with a
#: clear error. Raise it together with the broker's ``message.max.bytes`` for larger pages.
MAX_REQUEST_BYTES = 16 * 1024 * 1024


class ProduceReport:
    """What a produce run did: counts and the refusals with their reasons."""

    def __init__(self) -> None:
        self.sent = 0
        self.bytes = 0  # size of the events sent
        self.refused: list[tuple[str, str]] = []


async def _started(client):  # type: ignore[no-untyped-def]
    """Start an aiokafka client; one that fails to start (no broker) is closed before the error
    goes on, or it would be left open and reported "Unclosed" at exit."""
    try:
        await client.start()
    except BaseException:
        await (client.close() if hasattr(client, "close") else client.stop())
        raise
    return client


async def ensure_topics(settings: Settings, names: Iterable[str], *, config: Mapping[str, str] | None = None) -> None:
    """Create the topics with the configured partitions (and topic ``config``) if they do not exist yet."""
    admin = await _started(AIOKafkaAdminClient(bootstrap_servers=settings.bootstrap_servers,
                                               **settings.aiokafka_security()))
    try:
        existing = set(await admin.list_topics())
        wanted = [
            NewTopic(name=name, num_partitions=settings.topic_partitions,
                     replication_factor=settings.replication_factor, topic_configs=dict(config or {}))
            for name in names if name not in existing
        ]
        if wanted:
            try:
                await admin.create_topics(wanted)
            except TopicAlreadyExistsError:
                pass
    finally:
        await admin.close()


async def wait_for_topics(settings: Settings, names: Iterable[str], *, timeout: float = 60.0) -> list[str]:
    """Wait until every broker's metadata has each topic with its partitions; returns what is
    still missing after ``timeout`` seconds (empty when all arrived).

    A topic just created reaches the brokers' metadata one broker at a time, seconds apart on a
    loaded cluster; a worker whose first metadata comes from a broker without it sees it with 0
    partitions, and Faust then raises PartitionsMismatch on every write to a table whose changelog
    it is (found by the scale-out test)."""
    topics = sorted(set(names))
    client = AIOKafkaClient(bootstrap_servers=settings.bootstrap_servers, **settings.aiokafka_security())
    await client.bootstrap()
    try:
        deadline = asyncio.get_running_loop().time() + timeout
        while True:
            missing = []
            for broker in client.cluster.brokers():
                try:
                    answer = await client.send(broker.nodeId, MetadataRequest(topics, allow_auto_topic_creation=False))
                except Exception as error:  # noqa: BLE001 - a broker that does not answer: ask again
                    missing.append(f"broker {broker.nodeId}: {error!r}")
                    continue
                seen = ClusterMetadata()
                seen.update_metadata(answer)
                missing.extend(f"{name} on broker {broker.nodeId}" for name in topics
                               if not seen.partitions_for_topic(name))
            if not missing or asyncio.get_running_loop().time() > deadline:
                return missing
            await asyncio.sleep(0.25)
    finally:
        await client.close()


async def produce_pages(
    settings: Settings,
    pages: Iterable[RawPage],
    *,
    progress: Callable[[RawPage, int], None] | None = None,
) -> ProduceReport:
    """Send ``pages`` to the raw topic keyed by url (zstd-compressed, acks from all replicas);
    ``progress(page, size)`` is called for each page handed to the producer."""
    await ensure_topics(settings, [settings.topic_raw])
    producer = AIOKafkaProducer(
        bootstrap_servers=settings.bootstrap_servers,
        acks="all",
        enable_idempotence=True,
        compression_type="zstd",
        max_request_size=MAX_REQUEST_BYTES,
        linger_ms=5,
        **settings.aiokafka_security(),
    )
    report = ProduceReport()
    await _started(producer)
    try:
        pending: deque[tuple[str, int, asyncio.Future]] = deque()
        for page in pages:
            value = page.dumps()
            try:
                pending.append((page.url, len(value), await producer.send(settings.topic_raw, key=page.url.encode(),
                                                                           value=value)))
            except MessageSizeTooLargeError:
                report.refused.append((page.url, f"page of {len(value)} bytes is over the {MAX_REQUEST_BYTES}-byte message limit"))
                continue
            report.sent += 1
            report.bytes += len(value)
            if progress is not None:
                progress(page, len(value))
            if len(pending) >= _MAX_PENDING:
                await _settle(pending, _MAX_PENDING // 2, report)
        await _settle(pending, len(pending), report)
    finally:
        await producer.stop()
    return report


async def _settle(pending: deque[tuple[str, int, asyncio.Future]], count: int, report: ProduceReport) -> None:
    """Wait for the oldest ``count`` sends; a send the broker refused moves to ``report.refused``."""
    batch = [pending.popleft() for _ in range(count)]
    results = await asyncio.gather(*(future for _, _, future in batch), return_exceptions=True)
    for (url, size, _), done in zip(batch, results, strict=True):
        if isinstance(done, Exception):
            # e.g. MessageSizeTooLargeError: under the client's limit, but over the broker's
            # message.max.bytes even after zstd compression.
            report.sent -= 1
            report.bytes -= size
            report.refused.append((url, f"the broker refused the page: {done!r}"))


async def tail_topic(
    settings: Settings,
    topic: str,
    *,
    from_beginning: bool = False,
    limit: int | None = None,
    idle_timeout: float | None = None,
    dedupe: bool = False,
    emit: Callable[[dict[str, Any]], None] = lambda event: sys.stdout.buffer.write(orjson.dumps(event) + b"\n"),
) -> int:
    """Emit the topic's events as dicts; stop after ``limit`` events or ``idle_timeout`` s of quiet.

    ``dedupe`` drops events re-delivered after a worker crash (schemas.dedupe.event_identity)."""
    from schemas.dedupe import Deduplicator

    seen = Deduplicator() if dedupe else None
    consumer = AIOKafkaConsumer(
        topic,
        bootstrap_servers=settings.bootstrap_servers,
        group_id=None,
        auto_offset_reset="earliest" if from_beginning else "latest",
        enable_auto_commit=False,
        **settings.aiokafka_security(),
    )
    await _started(consumer)
    count = 0
    try:
        while limit is None or count < limit:
            batch = await consumer.getmany(timeout_ms=int((idle_timeout or 1.0) * 1000))
            if not batch:
                if idle_timeout is not None:
                    break
                continue
            for records in batch.values():
                for record in records:
                    try:
                        event = orjson.loads(record.value) if record.value is not None else None
                    except orjson.JSONDecodeError:
                        event = {"undecodable_value": repr(record.value[:200])}
                    if seen is not None and isinstance(event, dict) and not seen.first(event):
                        continue
                    emit(event)
                    count += 1
                    if limit is not None and count >= limit:
                        return count
            sys.stdout.flush()
    finally:
        await consumer.stop()
    return count
