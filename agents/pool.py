"""Worker processes that run one job at a time each, with a deadline: cleaning off the event loop.

Why our own pool: ``concurrent.futures.ProcessPoolExecutor`` cannot stop one task that runs away
(it can only break the whole pool), and a dead process breaks it too. Here a job over its deadline
has its process ended and replaced, a process that dies is replaced and its job tried once more,
and the other processes go on.

The deadline is CPU time: the kernel ends a process whose job used ``timeout`` seconds of CPU
(``ITIMER_PROF``), so a page is rejected for what it costs, not because the machine was busy. A
process that is blocked instead of computing is killed by the parent after ``2 × timeout + 5`` s
of wall-clock time.

Why the ``forkserver`` start method: the worker runs an asyncio loop, Kafka sockets and threads;
``fork`` would copy them into the child, with locks other threads may hold. ``spawn`` is safe, but
every replacement then pays a new interpreter and the cleaner's imports (1.1-1.7 s measured on
this 2-core machine); the fork server imports them once and forks a clean, single-threaded copy of
itself in about 20 ms. A child dies with its parent (``PR_SET_PDEATHSIG``), and the fork server
exits when the worker does, so no process outlives the worker, even after ``kill -9``.

What crosses between processes: the job's arguments, pickled, in one length-prefixed frame over a
socket pair, and the result (or the job's exception as text) back the same way.

Why a process may hold a second job: the next job's arguments are written while the current one
runs, so the process reads them as soon as it has answered, instead of idling until the event loop
has read the answer and handed it another job (a loop busy with Kafka work made that wait last).
Answers come in the order of the jobs. A job queued behind one whose process died or was ended
never started: it is run elsewhere, and that is not one of its tries.
"""
from __future__ import annotations

import asyncio
import contextlib
import ctypes
import gc
import logging
import multiprocessing
import os
import pickle
import signal
import socket
import struct
import traceback
from collections import deque
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from multiprocessing.process import BaseProcess
from typing import Any

__all__ = ["JobFailed", "JobTimeout", "ProcessPool", "WorkerDied"]

log = logging.getLogger(__name__)

_HEADER = struct.Struct("!Q")  # frame length
_PR_SET_PDEATHSIG = 1
_EXIT_WAIT = 2.0  # seconds a dying process gets to be reaped before we kill it
#: Jobs a process holds at once: the one it runs and the next, already written to its socket.
_JOBS_PER_PROCESS = 2
#: Send buffer asked for our end of each socket (Linux doubles it, within net.core.wmem_max): the
#: next job's arguments (a raw page: 0.4 MB at the 90th percentile of the development sets) must
#: fit whole while the process is busy, or it would read their head and wait for the event loop to
#: write the rest; the default (~200 KB) held the whole page for 71% of them.
_SEND_BUFFER = 4 * 1024 * 1024


class JobTimeout(Exception):
    """The job ran past the deadline; its process was killed and replaced."""


class WorkerDied(Exception):
    """The process running the job died (twice: the job was tried on a fresh process once)."""


class JobFailed(Exception):
    """The job raised in its process; ``args[0]`` is the exception's repr, ``trace`` its traceback."""

    def __init__(self, detail: str, trace: str = "") -> None:
        super().__init__(detail)
        self.trace = trace


class _NotStarted(Exception):
    """The job was queued behind one whose process died or was ended: it never ran there."""


@dataclass(eq=False)
class _Worker:
    process: BaseProcess
    reader: asyncio.StreamReader
    writer: asyncio.StreamWriter
    jobs: int = 0  # jobs written to this process and not answered yet
    broken: bool = False  # its process died, was ended or is mid-job for nobody: no new jobs
    #: Resolves once the last job written here is answered: True, or False when it was not.
    last_turn: asyncio.Future[bool] | None = None

    async def exchange(self, payload: bytes, wall_timeout: float) -> bytes:
        """Write the job now; read its answer once the jobs written before it are answered.

        Raises _NotStarted when a job before it was not answered (the process is gone), and the
        wall-clock deadline counts from the moment this job's turn comes."""
        previous = self.last_turn
        turn: asyncio.Future[bool] = asyncio.get_running_loop().create_future()
        self.last_turn = turn
        answered = False
        try:
            self.writer.write(_HEADER.pack(len(payload)) + payload)
            if previous is not None:
                await asyncio.wait([previous])  # not cancelled with us: it is another job's
                if not previous.result():
                    raise _NotStarted
            reply = await asyncio.wait_for(self._answer(), wall_timeout)
            answered = True
            return reply
        finally:
            if not answered:
                self.broken = True  # before anyone else is handed this process
            turn.set_result(answered)

    async def _answer(self) -> bytes:
        await self.writer.drain()
        (size,) = _HEADER.unpack(await self.reader.readexactly(_HEADER.size))
        return await self.reader.readexactly(size)


class ProcessPool:
    """``processes`` worker processes, each running ``job(*args)`` for one :meth:`run` at a time,
    with the next job already written to it (see the module's docstring).

    Start with :meth:`start`, stop with :meth:`close` (it kills every process). ``preload`` names
    modules the fork server imports once, so that new processes start with them loaded."""

    def __init__(self, job: Callable[..., Any], *, processes: int, timeout: float,
                 preload: Sequence[str] = ()) -> None:
        if processes < 1 or timeout <= 0:
            raise ValueError(f"need at least one process and a positive deadline, not {processes}, {timeout}")
        self.job = job
        self.processes = processes
        self.timeout = timeout
        #: A process that neither finishes nor uses up its CPU deadline (blocked, or starved of CPU
        #: on a machine far too busy) is killed after this much wall-clock time.
        self.wall_timeout = 2 * timeout + 5.0
        self._context = multiprocessing.get_context("forkserver")
        self._context.set_forkserver_preload(list(preload))
        self._workers: set[_Worker] = set()
        self._waiters: deque[asyncio.Future[_Worker]] = deque()  # runs waiting for a free slot
        self._closing = False
        self._refills: set[asyncio.Task[None]] = set()
        self.replaced = 0  # processes killed or found dead, and replaced

    async def start(self) -> None:
        for _ in range(self.processes):
            self._hand_over(await self._spawn())

    async def run(self, *args: Any) -> Any:
        """``job(*args)`` in a pool process; raises JobTimeout, WorkerDied or JobFailed."""
        payload = pickle.dumps(args, protocol=pickle.HIGHEST_PROTOCOL)
        worker = await self._take()
        attempt = 1
        while True:
            try:
                reply = await worker.exchange(payload, self.wall_timeout)
            except _NotStarted:  # the job before it ended its process: not a try of this job
                self._release(worker)
                worker = await self._take()
                continue
            except asyncio.TimeoutError:  # blocked rather than computing: the backstop
                self._release(worker)
                await self._replace(worker)
                raise JobTimeout(f"no answer within {self.wall_timeout:g} s of wall-clock time") from None
            except (asyncio.IncompleteReadError, ConnectionError) as error:
                self._release(worker)
                exitcode = await self._reap(worker)
                if exitcode == -signal.SIGPROF:  # its CPU deadline (see _serve)
                    self._replace_later()
                    raise JobTimeout(f"used more than the {self.timeout:g} s of CPU allowed") from None
                how = _describe_exit(exitcode)
                if attempt == 2:
                    self._replace_later()
                    raise WorkerDied(f"the process died ({how}), also on a second try") from error
                log.warning("a pool process died (%s) during a job; trying the job once more", how)
                attempt = 2
                worker = await self._fresh()  # not another idle one: it may be dead as well
                continue
            except BaseException:  # cancelled (shutdown): the process holds a job for nobody
                self._release(worker)
                self._discard(worker)
                raise
            self._release(worker)
            ok, value, trace = pickle.loads(reply)
            if not ok:
                raise JobFailed(value, trace)
            return value

    async def _take(self) -> _Worker:
        """A process with a free slot, the least busy one; waits while every slot is taken."""
        free = [w for w in self._workers if not w.broken and w.jobs < _JOBS_PER_PROCESS]
        if free:
            worker = min(free, key=lambda w: w.jobs)
            worker.jobs += 1
            return worker
        waiter: asyncio.Future[_Worker] = asyncio.get_running_loop().create_future()
        self._waiters.append(waiter)
        try:
            return await waiter
        except BaseException:
            if waiter.done() and not waiter.cancelled():  # handed a slot as we were cancelled
                self._release(waiter.result())
            else:
                self._waiters.remove(waiter)
            raise

    def _release(self, worker: _Worker) -> None:
        """Give back ``worker``'s slot: to the first waiting run, if the process is sound."""
        worker.jobs -= 1
        if not worker.broken:
            self._hand_over(worker)

    def _hand_over(self, worker: _Worker) -> None:
        """A slot of ``worker`` to each waiting run while it has free ones (a new process: all)."""
        while self._waiters and worker.jobs < _JOBS_PER_PROCESS:
            waiter = self._waiters.popleft()
            if not waiter.done():
                worker.jobs += 1
                waiter.set_result(worker)

    async def close(self) -> None:
        """Kill every process and wait for them; idempotent."""
        self._closing = True
        for task in list(self._refills):
            task.cancel()
        workers, self._workers = list(self._workers), set()
        for worker in workers:
            _kill(worker)
        await asyncio.gather(*(asyncio.to_thread(w.process.join, _EXIT_WAIT) for w in workers))

    def pids(self) -> list[int]:
        return [w.process.pid for w in self._workers if w.process.pid is not None]

    async def _spawn(self) -> _Worker:
        ours, theirs = socket.socketpair()
        ours.setsockopt(socket.SOL_SOCKET, socket.SO_SNDBUF, _SEND_BUFFER)
        process = self._context.Process(target=_serve, args=(self.job, theirs, self.timeout), daemon=True,
                                        name="depeche-clean")
        try:
            # start() talks to the fork server (and starts it the first time, ~1 s): not on the loop
            await asyncio.to_thread(process.start)
        except BaseException:
            ours.close()
            raise
        finally:
            theirs.close()
        reader, writer = await asyncio.open_connection(sock=ours)
        worker = _Worker(process, reader, writer)
        self._workers.add(worker)
        return worker

    async def _replace(self, worker: _Worker) -> None:
        """End ``worker``'s process and start another in the background."""
        await self._reap(worker)
        self._replace_later()

    async def _reap(self, worker: _Worker) -> int | None:
        """Take ``worker`` out of the pool, kill its process unless it ended, wait; its exit code."""
        self._workers.discard(worker)
        worker.writer.close()
        await asyncio.to_thread(worker.process.join, 0.2)  # gone by itself? keep its exit code
        if worker.process.exitcode is None:
            worker.process.kill()
            await asyncio.to_thread(worker.process.join, _EXIT_WAIT)
        return worker.process.exitcode

    async def _fresh(self) -> _Worker:
        """A new process in place of one that died, a slot taken for the second try; if none can
        be started now, a slot of another process, with a replacement on its way."""
        self.replaced += 1
        try:
            worker = await self._spawn()
        except Exception:  # noqa: BLE001 - logged; the refill retries
            log.exception("could not start a cleaning process")
            self.replaced -= 1
            self._replace_later()
            return await self._take()
        worker.jobs += 1
        self._hand_over(worker)  # its other slot
        return worker

    def _discard(self, worker: _Worker) -> None:
        """Kill ``worker`` now (we may be cancelled) and start its replacement in the background."""
        self._workers.discard(worker)
        _kill(worker)
        self._replace_later()

    def _replace_later(self) -> None:
        self.replaced += 1
        if not self._closing:
            task = asyncio.get_running_loop().create_task(self._refill())
            self._refills.add(task)
            task.add_done_callback(self._refills.discard)

    async def _refill(self) -> None:
        """Add one process to the pool, retrying with backoff: the pool never shrinks for good."""
        delay = 0.5
        while not self._closing:
            try:
                worker = await self._spawn()
            except Exception:  # noqa: BLE001 - logged; a page is never lost for this, only delayed
                log.exception("could not start a cleaning process; retrying in %.1f s", delay)
                await asyncio.sleep(delay)
                delay = min(delay * 2, 30.0)
                continue
            if self._closing:
                _kill(worker)
            else:
                self._hand_over(worker)
            return


def _kill(worker: _Worker) -> None:
    worker.writer.close()
    with contextlib.suppress(OSError, ValueError, AttributeError):
        worker.process.kill()


def _describe_exit(exitcode: int | None) -> str:
    if exitcode is None:
        return "exit status unknown"
    if exitcode < 0:
        try:
            return f"killed by {signal.Signals(-exitcode).name}"
        except ValueError:
            return f"killed by signal {-exitcode}"
    return f"exit code {exitcode}"


# --- in the pool process ---------------------------------------------------------------------------

def _serve(job: Callable[..., Any], channel: socket.socket, deadline: float) -> None:
    """A pool process: read a job's arguments, run it, write the result; until the socket closes.

    Each job may use ``deadline`` seconds of this process's CPU: past that, the kernel ends the
    process with SIGPROF (its default action), even inside a regex or lxml that never returns to
    Python. CPU time, not wall-clock time, so a busy machine does not make a good page time out."""
    _die_with_parent()
    _release_fork_server()
    gc.freeze()  # what the fork server loaded lives as long as us: no collection walks it again
    # Ctrl-C reaches the whole process group: the worker decides when we stop, not the terminal.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGPROF, signal.SIG_DFL)  # the CPU deadline: see _cpu_alarm
    inbox, outbox = channel.makefile("rb"), channel.makefile("wb")
    while True:
        header = inbox.read(_HEADER.size)
        if len(header) < _HEADER.size:
            return  # the worker closed its end (or exited)
        (size,) = _HEADER.unpack(header)
        args = pickle.loads(inbox.read(size))
        _cpu_alarm(deadline)
        try:
            reply: tuple[bool, Any, str] = (True, job(*args), "")
        except Exception as error:  # noqa: BLE001 - the parent decides what a failed job means
            reply = (False, repr(error), traceback.format_exc())
        finally:
            _cpu_alarm(0)
        try:
            data = pickle.dumps(reply, protocol=pickle.HIGHEST_PROTOCOL)
        except Exception as error:  # noqa: BLE001 - an unpicklable result is the job's failure too
            data = pickle.dumps((False, f"result cannot be sent back: {error!r}", ""))
        try:
            outbox.write(_HEADER.pack(len(data)) + data)
            outbox.flush()
        except OSError:  # the worker gave up on this job (or exited) as we finished it
            return


def _cpu_alarm(seconds: float) -> None:
    """SIGPROF (whose default action ends the process) once ``seconds`` more of CPU are used; 0 disarms."""
    signal.setitimer(signal.ITIMER_PROF, seconds)


def _release_fork_server() -> None:
    """Close this process's copy of the fork server's "alive" pipe. The fork server exits when
    every holder of that pipe has: the worker and, by multiprocessing's design, each process it
    forked. A process busy on a page would keep it (and so itself, see _die_with_parent) alive
    after a kill -9 of the worker until the page is done; without the copy, the fork server
    exits with the worker and takes its processes with it."""
    from multiprocessing import forkserver

    server = forkserver._forkserver  # noqa: SLF001 - the one fork server of this process
    if server._forkserver_alive_fd is not None:  # noqa: SLF001
        with contextlib.suppress(OSError):
            os.close(server._forkserver_alive_fd)  # noqa: SLF001
        server._forkserver_alive_fd = None  # noqa: SLF001


def _die_with_parent() -> None:
    """Ask Linux to SIGKILL this process when its parent (the fork server) exits: a process
    stuck on a page must not outlive the worker. Elsewhere, the closed socket still ends idle ones."""
    parent = os.getppid()
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    if os.getppid() != parent:  # the parent died before the request took effect
        os._exit(1)
