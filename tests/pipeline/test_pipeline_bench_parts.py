"""The parts of benchmarks/pipeline.py that turn raw samples into figures, on data made here.

The whole benchmark needs a broker and minutes (``make bench-pipeline``); these parts are pure:
the configuration syntax, the RSS series of a drain, and the split of a py-spy profile.
"""
from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from benchmarks import loop_profile
from benchmarks.pipeline import Sample, cleaning_busy, memory_over_drain, parse_config


def test_configs_name_workers_processes_and_the_stories_stage() -> None:
    assert parse_config("1x2") == (1, 2, True)
    assert parse_config("2x1/off") == (2, 1, False)
    with pytest.raises(SystemExit):
        parse_config("1x1/sometimes")


def test_memory_series_follows_the_pages_done() -> None:
    # a sample a second, outcomes at 1..10 s
    samples = [Sample(at=float(t), workers_cpu=0.0, broker_cpu=0.0, main_rss=[100.0 + t], main_cpu=0.0,
                      trees_rss=300.0 + 2 * t, cleaning_busy=0.0) for t in range(0, 12)]
    outcomes_ms = [t * 1000 for t in range(1, 11)]
    series = memory_over_drain(samples, outcomes_ms, points=2)
    assert series == [(1, 101.0, 302.0), (5, 105.0, 310.0), (10, 110.0, 320.0)]


def test_profile_samples_go_to_the_first_matching_component(tmp_path: Path) -> None:
    raw = tmp_path / "profile.txt"
    raw.write_text(
        "run (asyncio/base_events.py);index_articles (agents/stories.py);send (faust/topics.py) 5\n"
        "run (asyncio/base_events.py);Sender._send_produce_req (aiokafka/producer/sender.py) 3\n"
        "run (asyncio/base_events.py);BaseEventLoop._run_once (asyncio/base_events.py) 2\n"
        "BaseEventLoop._run_once (asyncio/base_events.py);mystery (elsewhere.py) 1\n"
    )
    counts, total = loop_profile.breakdown(raw)
    assert total == 11
    assert counts["story stage: index_articles (article decode, band keys, probes sent)"] == 5  # not "send"
    assert counts["aiokafka producer: batches, requests"] == 3
    assert counts["asyncio: loop, tasks, futures, sockets (leaf frame)"] == 2  # the loop only as the leaf
    assert counts[loop_profile.OTHER] == 1  # under the loop, but not the loop's own work
    assert "| 45.5% | 2.27 |" in loop_profile.table(raw, 5.0)


#: A session leader whose child's child computes, as a worker's cleaning processes are the children
#: of its fork server; the leader and its child only wait.
GRANDCHILD_SPINS = """
import os, sys, time
if os.fork() == 0:
    if os.fork() == 0:
        end = time.process_time() + 0.6
        while time.process_time() < end:
            pass
        os._exit(0)
    os.wait()
    os._exit(0)
print("ready", flush=True)
time.sleep(5)
"""


def test_cleaning_busy_counts_the_fork_servers_children_only() -> None:
    leader = subprocess.Popen([sys.executable, "-c", GRANDCHILD_SPINS], stdout=subprocess.PIPE,
                              start_new_session=True)
    try:
        assert leader.stdout is not None and leader.stdout.readline() == b"ready\n"
        busy = 0.0
        deadline = time.monotonic() + 10
        while busy < 0.4 and time.monotonic() < deadline:  # the grandchild's CPU, while it lives
            busy = max(busy, cleaning_busy(leader.pid))
            time.sleep(0.05)
        assert busy >= 0.4
        assert cleaning_busy(os.getpid()) == 0.0  # not a session leader with such a tree
    finally:
        leader.kill()
        leader.wait()
