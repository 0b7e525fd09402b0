"""Sending a page's events until the broker confirms them, visibly, for a bounded time.

A send that fails is retried with backoff: an exception out of an agent would make Faust ack the
page with no outcome (lost). But a send that never succeeds must not hold its partition forever in
silence, so every publish is watched: while it waits, its input partition shows as stalled
(``/api/stats`` and the ``depeche_publish_stalled_seconds`` gauge), and after the give-up time the
worker exits with :data:`EXIT_GAVE_UP` without committing, so its supervisor restarts it and the
page is delivered again.
"""
from __future__ import annotations

import asyncio
import logging
import os
import sys
import time
from collections.abc import Awaitable, Callable, Iterator
from dataclasses import dataclass
from typing import NoReturn

from prometheus_client.core import GaugeMetricFamily
from prometheus_client.registry import Collector

__all__ = ["EXIT_GAVE_UP", "PublishGaveUp", "Stall", "StallCollector", "Stalls", "exit_after_crash",
           "exit_for_restart"]

log = logging.getLogger(__name__)

#: EX_TEMPFAIL: a temporary failure, the supervisor is invited to try again.
EXIT_GAVE_UP = 75

#: A publish waiting less than this is normal work, not shown on the dashboard as stalled.
SHOWN_AFTER = 1.0


class PublishGaveUp(Exception):
    """A publish did not succeed within the give-up time."""


@dataclass
class Stall:
    """One publish in progress for an input partition: since when, and how its attempts went."""

    topic: str
    partition: int
    since: float  # time.monotonic()
    give_up_at: float  # time.monotonic()
    failures: int = 0
    last_error: str = ""


class Stalls:
    """The publishes in progress, by input partition."""

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self.clock = clock
        self._pending: dict[int, Stall] = {}

    def pending(self) -> Iterator[Stall]:
        return iter(list(self._pending.values()))

    async def until_sent(self, send: Callable[[], Awaitable[object]], *, topic: str, partition: int,
                         give_up: float, first_delay: float = 0.5, max_delay: float = 30.0) -> None:
        """Await ``send()`` until it succeeds; retry a failure with backoff; raise
        :class:`PublishGaveUp` once ``give_up`` seconds have passed, whether the attempts kept
        failing or one of them never finished. A retry may repeat events: they are keyed."""
        now = self.clock()
        stall = Stall(topic=topic, partition=partition, since=now, give_up_at=now + give_up)
        self._pending[id(stall)] = stall
        delay = first_delay
        try:
            async with asyncio.timeout(give_up):
                while True:
                    try:
                        await send()
                        return
                    except Exception as error:  # noqa: BLE001 - cancellation (shutdown) is not an Exception
                        stall.failures += 1
                        stall.last_error = f"{type(error).__name__}: {error}"[:500]
                        log.warning("could not publish for %s:%s (attempt %d, %s); retrying in %.1f s",
                                    topic, partition, stall.failures, stall.last_error, delay)
                        await asyncio.sleep(delay)
                        delay = min(delay * 2, max_delay)
        except TimeoutError as timeout:
            raise PublishGaveUp(
                f"events for {topic}:{partition} not sent after {give_up:g} s "
                f"({stall.failures} failed attempts; last error: {stall.last_error or 'none, still waiting'})"
            ) from timeout
        finally:
            self._pending.pop(id(stall), None)

    def snapshot(self) -> list[dict[str, object]]:
        """Publishes waiting longer than normal work takes, for ``/api/stats`` (longest first)."""
        now = self.clock()
        rows = [
            {"topic": s.topic, "partition": s.partition, "seconds": round(now - s.since, 1),
             "failures": s.failures, "last_error": s.last_error,
             "gives_up_in_s": round(max(0.0, s.give_up_at - now), 1)}
            for s in self.pending() if now - s.since >= SHOWN_AFTER or s.failures
        ]
        return sorted(rows, key=lambda row: -float(row["seconds"]))  # type: ignore[arg-type]


class StallCollector(Collector):
    """``depeche_publish_stalled_seconds{topic,partition}``: how long the publish in progress on
    each input partition has waited (the oldest, if several), read at scrape time. A partition is
    listed from the first scrape that sees it publishing, then reads 0 between publishes: one
    series per partition, never more."""

    def __init__(self, stalls: Stalls) -> None:
        self.stalls = stalls
        self._seen: set[tuple[str, int]] = set()

    def collect(self) -> Iterator[GaugeMetricFamily]:
        now = self.stalls.clock()
        family = GaugeMetricFamily("depeche_publish_stalled_seconds",
                                   "Seconds the publish in progress on an input partition has waited (0: none)",
                                   labels=["topic", "partition"])
        waiting: dict[tuple[str, int], float] = {}
        for s in self.stalls.pending():
            waiting[(s.topic, s.partition)] = max(now - s.since, waiting.get((s.topic, s.partition), 0.0))
        self._seen.update(waiting)
        for topic, partition in sorted(self._seen):
            family.add_metric([topic, str(partition)], round(waiting.get((topic, partition), 0.0), 3))
        yield family


def exit_for_restart(error: PublishGaveUp) -> NoReturn:
    """Leave at once, committing nothing: the page's offset stays uncommitted, so the restarted
    worker (or another member of the group) cleans it again. A graceful stop would not do: Faust
    acks the event in progress when its stream is closed, and the shutdown commit would lose it."""
    log.critical("giving up, exiting with code %d so the worker is restarted: %s", EXIT_GAVE_UP, error)
    _exit()


def exit_after_crash(agent: str, error: BaseException) -> NoReturn:
    """An agent that acks by hand must not crash: Faust would restart it, but the events it held
    stay tracked and never acked, so the next rebalance waits for them forever
    (``Consumer.wait_empty``), and acking them would lose them. Leave uncommitted instead, to be
    restarted: the events come again, to this worker or to another member of the group."""
    log.critical("agent %s failed, exiting with code %d so the worker is restarted", agent, EXIT_GAVE_UP,
                 exc_info=error)
    _exit()


def _exit() -> NoReturn:
    """Out now, with the logs written: os._exit runs no cleanup that could commit."""
    for handler in logging.getLogger().handlers:
        handler.flush()
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(EXIT_GAVE_UP)
