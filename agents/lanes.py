"""Many pages in flight, each partition's outcomes still finished in input order.

Cleaning runs concurrently (in the pool), but a page's outcome is sent, and its offset acked, only
after the previous page of the same partition is done: Kafka commits an offset per partition, and
an ack past a page still in flight could commit past it (faust#606: the gap guard misses a single
missing offset). Pages of other partitions do not wait for each other.
"""
from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Hashable
from typing import Any, TypeVar

__all__ = ["Lanes"]

T = TypeVar("T")


class Lanes:
    """At most ``limit`` jobs in flight; ``finish`` steps run one at a time per lane, in submit order."""

    def __init__(self, limit: int) -> None:
        self._slots = asyncio.Semaphore(limit)
        self._tails: dict[Hashable, asyncio.Task[None]] = {}
        self._tasks: set[asyncio.Task[Any]] = set()
        self._failure: BaseException | None = None

    def __len__(self) -> int:
        return len(self._tasks)

    async def submit(self, lane: Hashable, work: Awaitable[T], finish: Callable[[T], Awaitable[None]]) -> None:
        """Start ``work`` now; ``finish(result)`` once every earlier job of ``lane`` has finished.

        Waits while ``limit`` jobs are in flight. Raises the error of a ``finish`` that failed: the
        lane is stuck then (nothing after the failed job may be acked), so the caller must stop."""
        try:
            if self._failure is not None:
                raise self._failure
            await self._slots.acquire()
        except BaseException:
            if asyncio.iscoroutine(work):
                work.close()  # never started: no "never awaited" warning, nothing half done
            raise
        started = asyncio.ensure_future(work)
        task = asyncio.create_task(self._in_turn(lane, self._tails.get(lane), started, finish))
        self._tails[lane] = task
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def drain(self) -> None:
        """Wait until every job submitted so far has finished."""
        while self._tasks:
            await asyncio.wait(list(self._tasks))
        if self._failure is not None:
            raise self._failure

    async def cancel(self) -> None:
        """Cancel every job in flight (shutdown: unfinished pages are not acked, so redelivered)."""
        tasks = list(self._tasks)
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)

    async def _in_turn(self, lane: Hashable, previous: asyncio.Task[None] | None, started: asyncio.Future[T],
                       finish: Callable[[T], Awaitable[None]]) -> None:
        try:
            result = await started
            if previous is not None:
                await asyncio.wait([previous])
            if self._failure is None:  # after a failed job nothing more of any lane may be acked
                await finish(result)
        except Exception as error:  # noqa: BLE001 - kept, and raised to the caller by submit/drain
            self._failure = self._failure or error
        finally:
            if not started.done():
                started.cancel()
            self._slots.release()
            if self._tails.get(lane) is asyncio.current_task():
                del self._tails[lane]
