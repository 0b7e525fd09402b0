"""Lanes: work runs concurrently, each lane finishes in submit order, a failure stops the acks."""
from __future__ import annotations

import asyncio

import pytest

from agents.lanes import Lanes


async def after(delay: float, value: str) -> str:
    await asyncio.sleep(delay)
    return value


async def test_each_lane_finishes_in_submit_order_while_work_runs_concurrently() -> None:
    lanes = Lanes(limit=10)
    finished: list[tuple[str, str]] = []

    def record(lane: str):  # type: ignore[no-untyped-def]
        async def finish(value: str) -> None:
            finished.append((lane, value))
        return finish

    started = asyncio.get_running_loop().time()
    # lane a: a slow first page, then fast ones; lane b: fast pages only
    await lanes.submit("a", after(0.5, "a1"), record("a"))
    await lanes.submit("a", after(0.0, "a2"), record("a"))
    await lanes.submit("b", after(0.0, "b1"), record("b"))
    await lanes.submit("a", after(0.1, "a3"), record("a"))
    await lanes.submit("b", after(0.05, "b2"), record("b"))
    await lanes.drain()
    assert [v for lane, v in finished if lane == "a"] == ["a1", "a2", "a3"]
    assert [v for lane, v in finished if lane == "b"] == ["b1", "b2"]
    assert finished.index(("b", "b2")) < finished.index(("a", "a1"))  # b did not wait for a
    assert asyncio.get_running_loop().time() - started < 5  # concurrent: safety bound, not timing


async def test_submit_waits_while_the_limit_is_in_flight() -> None:
    lanes = Lanes(limit=2)
    release = asyncio.Event()

    async def blocked() -> str:
        await release.wait()
        return "x"

    async def finish(_: str) -> None:
        return None

    await lanes.submit(0, blocked(), finish)
    await lanes.submit(1, blocked(), finish)
    third = asyncio.ensure_future(lanes.submit(2, after(0, "y"), finish))
    await asyncio.sleep(0.1)
    assert not third.done() and len(lanes) == 2
    release.set()
    await third
    await lanes.drain()
    assert len(lanes) == 0


async def test_after_a_failed_finish_nothing_later_is_finished_and_the_error_comes_back() -> None:
    lanes = Lanes(limit=10)
    finished: list[str] = []

    async def finish(value: str) -> None:
        if value == "bad":
            raise RuntimeError("send failed")
        finished.append(value)

    await lanes.submit("a", after(0.05, "ok"), finish)
    await lanes.submit("a", after(0.0, "bad"), finish)
    await lanes.submit("a", after(0.0, "later"), finish)
    with pytest.raises(RuntimeError, match="send failed"):
        await lanes.drain()
    assert finished == ["ok"]  # "later" would be acked past the hole
    with pytest.raises(RuntimeError):
        await lanes.submit("b", after(0, "more"), finish)


async def test_cancel_leaves_unfinished_work_unfinished() -> None:
    lanes = Lanes(limit=10)
    finished: list[str] = []

    async def finish(value: str) -> None:
        finished.append(value)

    await lanes.submit("a", after(10, "slow"), finish)
    await lanes.cancel()
    assert finished == [] and len(lanes) == 0
