"""``clean_page`` in a child process, timed in CPU seconds and stopped when it runs away.

Timing a page in the test process cannot fail cleanly: a regex that backtracks for minutes
holds the test (Python cannot interrupt it) and a loaded machine inflates wall-clock times.
Here the child measures the CPU time of the call alone, and a CPU timer (``SIGPROF``, whose
default action ends the process) stops it at ``KILL_FACTOR`` times the page's bound: a runaway
page fails its test within seconds of CPU time, whatever else the machine is doing.

Bounds are safety bounds, not benchmarks: ``SECONDS_PER_100_KB`` of CPU per 100 KB of page,
at least ``MIN_SECONDS``, where a linear cleaner needs a few hundredths.
"""
from __future__ import annotations

import multiprocessing
import signal
import time
import traceback
from dataclasses import dataclass
from multiprocessing.connection import Connection

__all__ = ["MIN_SECONDS", "SECONDS_PER_100_KB", "Cleaner", "Outcome", "bound_for"]

SECONDS_PER_100_KB = 1.0
MIN_SECONDS = 1.0
#: The child is stopped at this many times the bound (its CPU time, not the wall clock's).
KILL_FACTOR = 3.0
#: Wall-clock backstop should the child hang without using CPU (it never should).
_WALL_BACKSTOP_SECONDS = 300.0


def bound_for(body: str | bytes) -> float:
    """The CPU seconds a page of this size may take."""
    return max(MIN_SECONDS, SECONDS_PER_100_KB * len(body) / 100_000)


@dataclass(frozen=True, slots=True)
class Outcome:
    """What one call gave: ``document``; ``clean_error`` with the error's ``reason`` and
    ``detail``; ``other_error`` (a bug: the traceback in ``detail``); or ``killed`` (it ran
    over KILL_FACTOR times its bound)."""

    kind: str
    reason: str
    detail: object
    cpu_seconds: float


def _serve(conn: Connection) -> None:
    """Child: clean each (body, content_type, kill_after) received; send back an Outcome."""
    from pipeline import CleanError, clean_page  # imported here: the parent needs no pipeline

    while True:
        try:
            body, content_type, kill_after = conn.recv()
        except EOFError:
            return
        signal.setitimer(signal.ITIMER_PROF, kill_after)  # SIGPROF's default action: end
        started = time.process_time()
        try:
            document = clean_page(body, url="https://example.org/page", content_type=content_type)
            kind, reason, detail = "document", "", type(document).__name__
        except CleanError as error:
            kind, reason, detail = "clean_error", error.reason, error.detail
        except Exception as error:  # noqa: BLE001 - reported to the test, which fails on it
            kind, reason, detail = "other_error", type(error).__name__, traceback.format_exc()
        spent = time.process_time() - started
        signal.setitimer(signal.ITIMER_PROF, 0)
        conn.send(Outcome(kind, reason, detail, spent))


class Cleaner:
    """One child process cleaning pages one at a time; replaced when a page kills it."""

    def __init__(self) -> None:
        self._context = multiprocessing.get_context("spawn")
        self._process: multiprocessing.process.BaseProcess | None = None
        self._conn: Connection | None = None

    def clean(self, body: str | bytes, content_type: str) -> Outcome:
        kill_after = KILL_FACTOR * bound_for(body)
        conn = self._connection()
        conn.send((body, content_type, kill_after))
        if conn.poll(_WALL_BACKSTOP_SECONDS):
            try:
                return conn.recv()
            except EOFError:
                pass  # the CPU timer ended the child
        self.close()
        return Outcome("killed", "", f"stopped after {kill_after:.0f} s of CPU time", kill_after)

    def _connection(self) -> Connection:
        if self._conn is None:
            parent, child = self._context.Pipe()
            self._process = self._context.Process(target=_serve, args=(child,), daemon=True)
            self._process.start()
            child.close()
            self._conn = parent
        return self._conn

    def close(self) -> None:
        if self._conn is not None:
            self._conn.close()
            self._conn = None
        if self._process is not None:
            self._process.join(5)  # the child ends on EOF
            if self._process.is_alive():
                self._process.kill()
                self._process.join()
            self._process = None
