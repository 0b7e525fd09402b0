"""Plain aiokafka clients for the CLI: produce raw pages, tail a topic, create topics."""
from __future__ import annotations

import asyncio
import sys
from collections.abc import Callable, Iterable
from typing import Any

import orjson
from aiokafka import AIOKafkaConsumer, AIOKafkaProducer
from aiokafka.admin import AIOKafkaAdminClient, NewTopic
from aiokafka.errors import MessageSizeTooLargeError, TopicAlreadyExistsError

from schemas import RawPage

from .settings import Settings

__all__ = ["ProduceReport", "ensure_topics", "produce_pages", "tail_topic"]

#: Largest message the producer sends (before compression); pages over it are refused with a
#: clear error. Raise it together with the broker's ``message.max.bytes`` for larger pages.
MAX_REQUEST_BYTES = 16 * 1024 * 1024


class ProduceReport:
    """What a produce run did: counts and the refusals with their reasons."""

    def __init__(self) -> None:
        self.sent = 0
        self.refused: list[tuple[str, str]] = []


async def ensure_topics(settings: Settings, names: Iterable[str]) -> None:
    """Create the topics with the configured partitions if they do not exist yet."""
    admin = AIOKafkaAdminClient(bootstrap_servers=settings.bootstrap_servers, **settings.aiokafka_security())
    await admin.start()
    try:
        existing = set(await admin.list_topics())
        wanted = [
            NewTopic(name=name, num_partitions=settings.topic_partitions,
                     replication_factor=settings.replication_factor)
            for name in names if name not in existing
        ]
        if wanted:
            try:
                await admin.create_topics(wanted)
            except TopicAlreadyExistsError:
                pass
    finally:
        await admin.close()


async def produce_pages(
    settings: Settings,
    pages: Iterable[RawPage],
    *,
    progress: Callable[[int, str], None] | None = None,
) -> ProduceReport:
    """Send ``pages`` to the raw topic keyed by url (zstd-compressed, acks from all replicas)."""
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
    await producer.start()
    try:
        pending = []
        for page in pages:
            value = page.dumps()
            try:
                pending.append((page.url, await producer.send(settings.topic_raw, key=page.url.encode(), value=value)))
            except MessageSizeTooLargeError:
                report.refused.append((page.url, f"page of {len(value)} bytes is over the {MAX_REQUEST_BYTES}-byte message limit"))
                continue
            report.sent += 1
            if progress is not None:
                progress(report.sent, page.url)
        results = await asyncio.gather(*(future for _, future in pending), return_exceptions=True)
        for (url, _), done in zip(pending, results, strict=True):
            if isinstance(done, Exception):
                # e.g. MessageSizeTooLargeError: under the client's limit, but over the broker's
                # message.max.bytes even after zstd compression.
                report.sent -= 1
                report.refused.append((url, f"the broker refused the page: {done!r}"))
    finally:
        await producer.stop()
    return report


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
    await consumer.start()
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
