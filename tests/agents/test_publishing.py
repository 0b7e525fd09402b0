"""Publishing retries a failed send, shows the stall while it lasts, and gives up after a bounded time."""
from __future__ import annotations

import asyncio
import subprocess
import sys

import pytest
from prometheus_client import CollectorRegistry, generate_latest

from agents.publishing import EXIT_GAVE_UP, PublishGaveUp, StallCollector, Stalls
from tests.support.kafka import REPO


class FlakySend:
    """Fails ``failures`` times, then succeeds; records what each attempt saw of the stall."""

    def __init__(self, stalls: Stalls, failures: int) -> None:
        self.stalls, self.failures, self.calls = stalls, failures, 0
        self.seen: list[list[dict[str, object]]] = []

    async def __call__(self) -> None:
        self.calls += 1
        self.seen.append([{"failures": s.failures, "last_error": s.last_error} for s in self.stalls.pending()])
        if self.calls <= self.failures:
            raise ConnectionError(f"broker said no ({self.calls})")


async def test_a_failing_send_is_retried_until_it_succeeds_and_the_stall_clears() -> None:
    stalls = Stalls()
    send = FlakySend(stalls, failures=3)
    await stalls.until_sent(send, topic="pages.raw", partition=2, give_up=60, first_delay=0.01)
    assert send.calls == 4
    # Each retry saw the stall with the failures so far and the last error.
    assert [row[0]["failures"] for row in send.seen] == [0, 1, 2, 3]
    assert send.seen[-1][0]["last_error"] == "ConnectionError: broker said no (3)"
    assert list(stalls.pending()) == []


async def test_a_send_that_keeps_failing_gives_up() -> None:
    stalls = Stalls()
    send = FlakySend(stalls, failures=10**9)
    with pytest.raises(PublishGaveUp, match=r"pages\.raw:0 not sent after 0\.3 s .*broker said no"):
        await stalls.until_sent(send, topic="pages.raw", partition=0, give_up=0.3, first_delay=0.01,
                                max_delay=0.05)
    assert send.calls > 1
    assert list(stalls.pending()) == []


async def test_a_send_that_never_finishes_gives_up_too() -> None:
    stalls = Stalls()

    async def hangs() -> None:
        await asyncio.Event().wait()  # a broker that never acks

    with pytest.raises(PublishGaveUp, match="none, still waiting"):
        await stalls.until_sent(hangs, topic="pages.raw", partition=1, give_up=0.2)


async def test_cancellation_is_not_retried() -> None:
    """A worker shutting down cancels the agent: that must go through, not count as a failed send."""
    stalls = Stalls()

    async def hangs() -> None:
        await asyncio.Event().wait()

    task = asyncio.create_task(stalls.until_sent(hangs, topic="pages.raw", partition=1, give_up=60))
    await asyncio.sleep(0.05)
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    assert list(stalls.pending()) == []


async def test_a_stalled_partition_shows_in_the_snapshot_and_the_gauge() -> None:
    clock = [1000.0]
    stalls = Stalls(clock=lambda: clock[0])
    registry = CollectorRegistry()
    registry.register(StallCollector(stalls))
    release = asyncio.Event()

    async def waits() -> None:
        await release.wait()

    task = asyncio.create_task(stalls.until_sent(waits, topic="pages.raw", partition=1, give_up=300))
    await asyncio.sleep(0.01)
    assert stalls.snapshot() == []  # just started: normal work, not a stall
    clock[0] += 42.0
    [row] = stalls.snapshot()
    assert row == {"topic": "pages.raw", "partition": 1, "seconds": 42.0, "failures": 0, "last_error": "",
                   "gives_up_in_s": 258.0}
    metrics = generate_latest(registry).decode()
    assert 'depeche_publish_stalled_seconds{partition="1",topic="pages.raw"} 42.0' in metrics
    release.set()
    await task
    assert stalls.snapshot() == []
    # The partition's series stays, at 0: an alert on "> N seconds" clears.
    assert 'depeche_publish_stalled_seconds{partition="1",topic="pages.raw"} 0.0' in generate_latest(registry).decode()


def test_giving_up_exits_at_once_with_the_restart_code() -> None:
    code = ("import asyncio\n"
            "from agents.publishing import PublishGaveUp, exit_for_restart\n"
            "async def main():\n"
            "    try:\n"
            "        exit_for_restart(PublishGaveUp('events for pages.raw:0 not sent'))\n"
            "    finally:\n"
            "        print('cleanup ran')  # a graceful stop would get here (and commit)\n"
            "asyncio.run(main())\n")
    done = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, timeout=60)
    assert done.returncode == EXIT_GAVE_UP == 75
    assert "cleanup ran" not in done.stdout
    assert "events for pages.raw:0 not sent" in done.stderr


def test_a_hand_acking_agent_that_fails_exits_with_the_restart_code_and_its_error() -> None:
    """Faust would restart the agent and the next rebalance would wait forever for its unacked
    events; the worker leaves uncommitted instead, with the error in its log."""
    code = ("import asyncio\n"
            "from agents.publishing import exit_after_crash\n"
            "async def main():\n"
            "    try:\n"
            "        raise KeyError('changelog has 0 partitions')\n"
            "    except KeyError as error:\n"
            "        exit_after_crash('publish_ticker', error)\n"
            "    finally:\n"
            "        print('cleanup ran')\n"
            "asyncio.run(main())\n")
    done = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, timeout=60)
    assert done.returncode == EXIT_GAVE_UP
    assert "cleanup ran" not in done.stdout
    assert "publish_ticker" in done.stderr and "changelog has 0 partitions" in done.stderr
