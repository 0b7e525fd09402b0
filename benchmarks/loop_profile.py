"""Where a worker's main process (event loop, Kafka clients, pool IPC) spends its CPU, by sampling.

benchmarks/pipeline.py ``--profile DIR`` runs py-spy (the ``profile`` extra: ``pip install -e ".[profile]"``;
the benchmark says so when it is missing) against the first worker of each drain and
prints the samples split into components, in CPU ms per page once scaled by the main process's
measured CPU per page. Sampling from outside, so the worker runs its shipped code unchanged.

A sample is counted once, in the first component of :data:`COMPONENTS` whose pattern one of its
frames matches: the story agents first (all their work, sends and table writes included), then the
cleaning agent's own steps, then what runs in Faust's and aiokafka's background tasks.
"""
from __future__ import annotations

import re
import shutil
import signal
import subprocess
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

__all__ = ["COMPONENTS", "breakdown", "start", "stop"]

#: A pattern starting with this is matched against the innermost frame only (the asyncio loop's
#: frames are in every sample, so only its own work, not the work it runs, is the loop's).
LEAF = "leaf:"
#: (component, regex over one frame "function (file)"), tried in order; the first match wins.
COMPONENTS: list[tuple[str, str]] = [
    ("story stage: index_articles (article decode, band keys, probes sent)", r"index_articles \(.*stories\.py"),
    ("story stage: work_stories (probes, gathering, joins, table writes, sends)", r"work_stories \(.*stories\.py"),
    ("story stage: the cleaner's probes (band keys, batches, sends)", r"\(.*agents/story_probes\.py"),
    ("ticker dedup agent", r"publish_ticker \(.*cleaner\.py"),
    ("pool IPC: pickle out, result unpickled", r"\(.*agents/pool\.py"),
    ("stats of the web view", r"\(.*agents/stats\.py"),
    ("event serialisation (Record → JSON) in sends", r"(dumps|to_representation|asdict|_prepare_payload|"
                                                        r"serialize|prepare_value|prepare_key) \(.*faust/"),
    ("send: Faust/aiokafka enqueue", r"(publish|send) \(.*(agents/cleaner\.py|faust/topics\.py|faust/app)"),
    ("clean_pages loop, acks, lanes", r"\(.*agents/(cleaner|lanes)\.py"),
    ("event deserialisation (JSON → Record) on receive", r"(loads|decode|to_message|from_data|"
                                                          r"_init_subclass|__init__) \(.*faust/(serializers|models)"),
    ("compression (zstd)", r"(zstd|compress)"),
    ("aiokafka producer: batches, requests", r"\(.*aiokafka/producer/"),
    ("aiokafka consumer: fetch, records", r"\(.*aiokafka/(consumer|record)/"),
    ("aiokafka connection, protocol", r"\(.*aiokafka/"),
    ("Faust tables, changelog", r"\(.*faust/tables/"),
    ("Faust consumer, commits, streams, events", r"\(.*faust/(transport|streams|events|channels|topics|agents)"),
    ("logging", r"\(.*logging/"),
    ("asyncio: loop, tasks, futures, sockets (leaf frame)", LEAF + r"\(asyncio/"),
]
OTHER = "other"


def start(pid: int, output: Path) -> subprocess.Popen[bytes]:
    """py-spy recording ``pid`` (main thread and any other) into ``output`` (raw collapsed stacks)."""
    spy = shutil.which("py-spy") or str(Path(__import__("sys").executable).parent / "py-spy")
    if not Path(spy).exists():
        raise SystemExit('--profile needs py-spy: .venv/bin/pip install -e ".[profile]"')
    # --gil: only samples of a thread running Python code. Without it, a thread that is runnable but
    # waiting for a core (a busy 2-core machine) is sampled wherever it is, mostly in the socket
    # writes that woke the broker or a cleaning process; --nonblocking: the worker is not paused.
    return subprocess.Popen([spy, "record", "--pid", str(pid), "--format", "raw", "--nolineno", "--rate", "100",
                             "--gil", "--nonblocking", "--output", str(output)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def stop(spy: subprocess.Popen[bytes]) -> None:
    """Stop recording (py-spy writes its file on SIGINT)."""
    if spy.poll() is None:
        spy.send_signal(signal.SIGINT)
        try:
            spy.wait(timeout=30)
        except subprocess.TimeoutExpired:
            spy.kill()
            spy.wait(timeout=10)


def breakdown(path: Path, components: Sequence[tuple[str, str]] = COMPONENTS) -> tuple[Counter[str], int]:
    """Samples per component, and the total, from py-spy's raw output."""
    rules = [(name, re.compile(pattern.removeprefix(LEAF)), pattern.startswith(LEAF)) for name, pattern in components]
    counts: Counter[str] = Counter()
    total = 0
    for line in path.read_text(errors="replace").splitlines():
        stack, _, count = line.rpartition(" ")
        if not stack or not count.isdigit():
            continue
        frames = stack.split(";")
        total += int(count)
        counts[next((name for name, rule, leaf in rules
                     if any(rule.search(f) for f in (frames[-1:] if leaf else frames))), OTHER)] += int(count)
    return counts, total


def table(path: Path, loop_ms_per_page: float) -> str:
    """The breakdown as a Markdown table: share of samples and ms CPU per page."""
    counts, total = breakdown(path)
    lines = [f"main-process profile ({total} samples; {loop_ms_per_page:.2f} ms CPU/page measured):", "",
             "| component | share | ms CPU/page |", "|---|---|---|"]
    for name, count in counts.most_common():
        share = count / max(total, 1)
        lines.append(f"| {name} | {share:.1%} | {share * loop_ms_per_page:.2f} |")
    return "\n".join(lines)


if __name__ == "__main__":  # re-read a saved profile: python benchmarks/loop_profile.py FILE MS_PER_PAGE
    import sys
    print(table(Path(sys.argv[1]), float(sys.argv[2])))
