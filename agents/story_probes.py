"""What the stories stage sends on ``story-work`` (agents/stories.py), and the cleaner's probes.

:class:`Outbox` gathers items and sends one message per partition. :class:`ProbeBatcher` is the
cleaner's side (agents/cleaner.py): each clean article's probes (made and serialised in the
cleaning process, agents/story_bands.py) are gathered for up to ``within`` seconds (or ``batch``
articles) and go out as one message per partition, so that the worker need not read every article back from
the articles topic only to learn its id, url, time and fingerprint (that read, a whole article
fetched and decoded again, over 12 more partitions, was most of the stage's cost).

No Faust agent is registered here: the cleaner imports it whether the stage runs or not.
"""
from __future__ import annotations

import asyncio
from collections import defaultdict
from collections.abc import Awaitable, Callable, Mapping
from typing import Any

import orjson

from .app import settings
from .story_bands import partition_of
from .topics import story_work

__all__ = ["BATCH", "BATCH_WITHIN", "MESSAGE_BYTES", "Outbox", "ProbeBatcher", "partition_for"]

#: Articles (or messages, for the stage's agents) handled at once, at most.
BATCH = 64
#: Seconds a batch waits to fill before it is handled (or sent): each of the stage's hops (the
#: probes, answers, joins) adds up to this to a story's latency (stories are not page outcomes;
#: pages do not wait for them, only their raw message's ack does).
BATCH_WITHIN = 0.25
#: Bytes of items per message, past which a partition's items are split into several messages
#: (the broker takes 1 MB).
MESSAGE_BYTES = 256 * 1024


def partition_for(key: str) -> int:
    """The partition of the stage's topics a message keyed ``key`` goes to (agents/story_bands.py)."""
    return partition_of(key, settings.topic_partitions)


class Outbox:
    """Items for ``story-work``, sent as one message per partition (``{kind: [items], ...}``),
    serialised once here rather than again by Faust."""

    KINDS = ("probes", "answers", "joins")

    def __init__(self) -> None:
        self.items: defaultdict[int, list[tuple[str, bytes]]] = defaultdict(list)

    def __bool__(self) -> bool:
        return bool(self.items)

    def add(self, key: str, kind: str, item: Mapping[str, Any]) -> None:
        self.items[partition_for(key)].append((kind, orjson.dumps(item)))

    def add_serialised(self, partition: int, kind: str, item: bytes) -> None:
        self.items[partition].append((kind, item))

    async def send(self) -> list[Any]:
        """Send every message (all of them again if called again: a retry); their futures, to
        await before what they stand for is acked."""
        futures = []
        for partition, items in self.items.items():
            start, size = 0, 0
            for end, (_, item) in enumerate(items):
                if size and size + len(item) > MESSAGE_BYTES:
                    futures.append(await self._send(partition, items[start:end]))
                    start, size = end, 0
                size += len(item) + 1
            futures.append(await self._send(partition, items[start:]))
        return futures

    async def sent(self) -> None:
        """Send every message and wait for the broker's acks."""
        for future in await self.send():
            await future

    async def _send(self, partition: int, items: list[tuple[str, bytes]]) -> Any:
        parts = [b'"%s":[%s]' % (kind.encode(), b",".join(item for k, item in items if k == kind))
                 for kind in self.KINDS if any(k == kind for k, _ in items)]
        return await story_work.send(partition=partition, value=b"{" + b",".join(parts) + b"}",
                                     value_serializer="raw")


class ProbeBatcher:
    """The cleaner's probes, gathered and sent as one ``story-work`` message per partition every
    ``within`` seconds (or ``batch`` articles, whichever comes first).

    :meth:`add` returns a future that resolves once the broker has acked the message(s) carrying
    those probes: the page's raw message is acked only then (at-least-once: a crash before loses
    no probe, the page comes again). ``send_until_sent(send)`` runs a send until it succeeds (the
    cleaner's retry with backoff and give-up, agents/publishing.py)."""

    def __init__(self, send_until_sent: Callable[[Callable[[], Awaitable[None]]], Awaitable[None]], *,
                 batch: int = BATCH, within: float = BATCH_WITHIN) -> None:
        self._send_until_sent = send_until_sent
        self.batch = batch
        self.within = within
        self._outbox = Outbox()
        self._articles = 0
        self._sent: asyncio.Future[None] | None = None
        self._timer: asyncio.TimerHandle | None = None
        self._sending: set[asyncio.Task[None]] = set()

    def add(self, probes: list[tuple[int, bytes]]) -> asyncio.Future[None]:
        """Gather one article's probes, ``(partition, JSON item)``; what resolves once they are
        sent and acked."""
        loop = asyncio.get_running_loop()
        if not probes:
            done: asyncio.Future[None] = loop.create_future()
            done.set_result(None)
            return done
        if self._sent is None:
            self._sent = loop.create_future()
            self._timer = loop.call_later(self.within, self.flush)
        for partition, probe in probes:
            self._outbox.add_serialised(partition, "probes", probe)
        self._articles += 1
        sent = self._sent
        if self._articles >= self.batch:
            self.flush()
        return sent

    def flush(self) -> None:
        """Send what has gathered now, in the background."""
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None
        if self._sent is None:
            return
        outbox, sent = self._outbox, self._sent
        self._outbox, self._sent, self._articles = Outbox(), None, 0
        task = asyncio.get_running_loop().create_task(self._send(outbox, sent))
        self._sending.add(task)
        task.add_done_callback(self._sending.discard)

    async def drain(self) -> None:
        """Send what has gathered and wait until everything sent so far is acked (or failed)."""
        self.flush()
        while self._sending:
            await asyncio.wait(list(self._sending))

    async def close(self) -> None:
        """Stop: nothing more is sent; whoever waits for probes not sent gets CancelledError (their
        pages are not acked, so they come again)."""
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None
        if self._sent is not None:
            self._sent.cancel()
            self._sent = None
        tasks = list(self._sending)
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)

    async def _send(self, outbox: Outbox, sent: asyncio.Future[None]) -> None:
        try:
            await self._send_until_sent(outbox.sent)
        except asyncio.CancelledError:
            sent.cancel()
            raise
        except Exception as error:  # noqa: BLE001 - handed to every page that waits for these probes
            if not sent.done():
                sent.set_exception(error)
            return
        if not sent.done():
            sent.set_result(None)
