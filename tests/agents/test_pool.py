"""The cleaning pool on its own: deadlines kill and replace a process, crashes are retried once,
job errors come back as text, and closing leaves no process behind. No broker needed."""
from __future__ import annotations

import asyncio
import gc
import operator
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import pytest

from agents.pool import JobFailed, JobTimeout, ProcessPool, WorkerDied

# operator.call(f, *args) runs any importable function in the pool process: no test-only job code.
CALL = operator.call


@asynccontextmanager
async def running(pool: ProcessPool) -> AsyncIterator[ProcessPool]:
    """The pool, started, and closed when the test is done with it (passed or not)."""
    await pool.start()
    try:
        yield pool
    finally:
        await pool.close()


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    try:  # a zombie is dead for our purposes
        with open(f"/proc/{pid}/stat") as stat:
            return stat.read().split(")")[-1].split()[0] != "Z"
    except FileNotFoundError:
        return False


async def wait_dead(pids: list[int], within: float = 10.0) -> list[int]:
    deadline = time.monotonic() + within
    while time.monotonic() < deadline and any(alive(p) for p in pids):
        await asyncio.sleep(0.05)
    return [p for p in pids if alive(p)]


async def test_results_come_back_and_jobs_run_in_other_processes() -> None:
    async with running(ProcessPool(CALL, processes=2, timeout=30)) as pool:
        pids = set(await asyncio.gather(*(pool.run(os.getpid) for _ in range(8))))
        assert os.getpid() not in pids
        assert pids <= set(pool.pids())
        assert await pool.run(pow, 2, 10) == 1024


#: A job that computes for minutes: the CPU deadline ends it.
SPIN = (sum, range(10**11))


async def test_a_job_over_the_cpu_deadline_has_its_process_ended_and_replaced() -> None:
    async with running(ProcessPool(CALL, processes=1, timeout=0.5)) as pool:
        [stuck] = pool.pids()
        started = time.monotonic()
        with pytest.raises(JobTimeout, match="of CPU allowed"):
            await pool.run(*SPIN)
        assert time.monotonic() - started < 5  # safety bound: well under the wall-clock backstop
        assert await wait_dead([stuck]) == []
        assert await pool.run(os.getpid) != stuck  # the replacement takes the next job
        assert pool.replaced == 1


async def test_a_job_blocked_without_computing_is_killed_after_the_wall_clock_backstop() -> None:
    async with running(ProcessPool(CALL, processes=1, timeout=0.5)) as pool:
        [stuck] = pool.pids()
        with pytest.raises(JobTimeout, match="no answer within 6 s of wall-clock time"):
            await pool.run(time.sleep, 60)
        assert await wait_dead([stuck]) == []
        assert await pool.run(pow, 2, 3) == 8


async def test_time_spent_waiting_does_not_count_against_the_cpu_deadline() -> None:
    async with running(ProcessPool(CALL, processes=1, timeout=0.5)) as pool:
        assert await pool.run(time.sleep, 1.0) is None  # 1 s of wall clock, almost no CPU
        assert pool.replaced == 0


async def test_the_event_loop_keeps_running_while_a_job_is_stuck() -> None:
    async with running(ProcessPool(CALL, processes=1, timeout=2)) as pool:
        job = asyncio.ensure_future(pool.run(*SPIN))
        ticks = 0
        while not job.done():
            await asyncio.sleep(0.05)
            ticks += 1
        assert isinstance(job.exception(), JobTimeout)
        assert ticks > 10  # the loop ran all along (2 s of CPU / 0.05 s: 40 ticks on an idle machine)


async def test_a_process_that_dies_is_replaced_and_the_job_tried_once_more() -> None:
    async with running(ProcessPool(CALL, processes=1, timeout=30)) as pool:
        with pytest.raises(WorkerDied, match="SIGABRT"):
            await pool.run(os.abort)
        assert pool.replaced == 2  # first try, then the second one
        assert await pool.run(pow, 3, 2) == 9


async def test_the_second_try_runs_on_a_fresh_process_not_on_another_dead_one() -> None:
    async with running(ProcessPool(CALL, processes=2, timeout=30)) as pool:
        for pid in pool.pids():  # as the OOM killer might: both, while idle
            os.kill(pid, signal.SIGKILL)
        assert await pool.run(pow, 2, 5) == 32
        assert await pool.run(pow, 2, 6) == 64  # the other dead one, found and replaced in turn


async def test_a_job_that_raises_comes_back_as_job_failed_with_its_traceback() -> None:
    async with running(ProcessPool(CALL, processes=1, timeout=30)) as pool:
        with pytest.raises(JobFailed, match="ValueError") as failed:
            await pool.run(int, "not a number")
        assert "Traceback" in failed.value.trace
        assert pool.replaced == 0  # the process is fine and stays
        assert await pool.run(int, "42") == 42


async def test_close_kills_busy_and_idle_processes() -> None:
    pool = ProcessPool(CALL, processes=2, timeout=60)
    await pool.start()
    pids = pool.pids()
    busy = asyncio.ensure_future(pool.run(time.sleep, 60))
    await asyncio.sleep(0.3)
    busy.cancel()
    await pool.close()
    assert await wait_dead(pids) == []


async def test_ctrl_c_to_the_process_group_does_not_kill_a_busy_process() -> None:
    async with running(ProcessPool(CALL, processes=1, timeout=30)) as pool:
        [pid] = pool.pids()
        job = asyncio.ensure_future(pool.run(time.sleep, 1.0))
        await asyncio.sleep(0.3)
        os.kill(pid, signal.SIGINT)
        assert await job is None
        assert pool.replaced == 0


async def test_the_next_job_starts_while_the_event_loop_is_busy() -> None:
    """The second job is written while the first runs: its process starts it as soon as the first
    is done, not once the event loop has read the first answer (the loop is blocked meanwhile)."""
    async with running(ProcessPool(CALL, processes=1, timeout=30)) as pool:
        first = asyncio.ensure_future(pool.run(time.sleep, 0.5))
        second = asyncio.ensure_future(pool.run(time.monotonic))  # the pool process's clock, when it starts
        await asyncio.sleep(0.1)  # both written
        time.sleep(1.5)  # the loop blocked (busy with other work) past the end of the first job
        blocked_until = time.monotonic()
        assert await first is None
        assert await second < blocked_until - 0.5  # started while the loop was still blocked


async def test_a_job_queued_behind_a_dying_one_runs_on_the_replacement_and_is_not_a_try() -> None:
    async with running(ProcessPool(CALL, processes=1, timeout=30)) as pool:
        dying = asyncio.ensure_future(pool.run(os.abort))
        queued = asyncio.ensure_future(pool.run(pow, 2, 7))
        with pytest.raises(WorkerDied, match="SIGABRT"):
            await dying
        assert await queued == 128
        assert pool.replaced == 2  # the dying job's two tries, nothing for the queued one


async def test_a_job_queued_behind_one_over_the_cpu_deadline_is_not_timed_out() -> None:
    async with running(ProcessPool(CALL, processes=1, timeout=0.5)) as pool:
        stuck = asyncio.ensure_future(pool.run(*SPIN))
        queued = asyncio.ensure_future(pool.run(pow, 3, 3))
        with pytest.raises(JobTimeout, match="of CPU allowed"):
            await stuck
        assert await queued == 27
        assert pool.replaced == 1


def granted_send_buffer() -> int:
    """What the kernel grants a socket that asks for the pool's send buffer (net.core.wmem_max caps it)."""
    ours, theirs = socket.socketpair()
    with ours, theirs:
        ours.setsockopt(socket.SOL_SOCKET, socket.SO_SNDBUF, 4 * 1024 * 1024)
        return ours.getsockopt(socket.SOL_SOCKET, socket.SO_SNDBUF)


async def test_a_large_next_job_is_written_whole_while_the_process_is_busy() -> None:
    """A raw page of 2 MB (or what this kernel lets a socket hold) queued behind a running job sits
    whole in the process's socket, not partly in the event loop's buffer (the process would wait
    for the loop to send the rest). The default buffer (~200 KB) holds a tenth of 2 MB."""
    size = min(2_000_000, granted_send_buffer() // 2)
    async with running(ProcessPool(CALL, processes=1, timeout=30)) as pool:
        first = asyncio.ensure_future(pool.run(time.sleep, 0.5))
        second = asyncio.ensure_future(pool.run(len, b"x" * size))
        await asyncio.sleep(0.2)
        [worker] = pool._workers  # noqa: SLF001 - what the loop still holds is the point
        assert worker.writer.transport.get_write_buffer_size() == 0
        assert await first is None
        assert await second == size


async def test_what_a_pool_process_starts_with_is_out_of_the_collectors_sight() -> None:
    async with running(ProcessPool(CALL, processes=1, timeout=30, preload=["json"])) as pool:
        assert await pool.run(gc.get_freeze_count) > 1000  # the modules loaded before the job


#: A worker stand-in: a pool whose one process sleeps on a job (as one computes on a page), its pids printed.
POOL_OWNER = """
import asyncio, operator, os, time
from agents.pool import ProcessPool

async def main():
    pool = ProcessPool(operator.call, processes=1, timeout=60)
    await pool.start()
    job = asyncio.ensure_future(pool.run(time.sleep, 60))
    await asyncio.sleep(0.5)
    print(*pool.pids(), flush=True)
    await job

asyncio.run(main())
"""


async def test_a_busy_pool_process_dies_soon_after_a_kill_9_of_its_owner() -> None:
    owner = subprocess.Popen([sys.executable, "-c", POOL_OWNER], stdout=subprocess.PIPE)
    try:
        assert owner.stdout is not None
        pids = [int(pid) for pid in owner.stdout.readline().split()]
        assert pids and all(alive(pid) for pid in pids)
        owner.kill()  # kill -9: no close(), no cleanup
        owner.wait()
        assert await wait_dead(pids, within=10.0) == []  # not after the 60 s job
    finally:
        owner.kill()
        owner.wait()
