"""Instructions per page of depeche and a peer, counted by valgrind: a speed ratio load cannot move.

    python benchmarks/instructions.py [--peer NAME] [--step N] [--dataset PATH]

Wall-clock pages/s on a shared virtual machine move by more than a round of speed-ups: the same
pass over WCXB has taken 5.5 s and 13.4 s minutes apart on an idle guest, and the peer's own rate
moves by 20-30% between runs, so the ratio ``benchmarks/extraction.py`` prints can swing from
under 4x to over 6x.  ``valgrind --tool=callgrind`` counts the instructions a process runs, the
same whatever else the host does.  Instructions are not time (an instruction of libxml2 and one
of the Python interpreter do not cost the same), so this is a second gauge beside the timed
ratio, not a replacement: it tells whether a change did less work, and how much work each
extractor does per page.

For every ``--step``-th page of each set (same pages for both), each extractor runs in two
processes under callgrind: one that loads the pages and warms the extractor up, one that also
extracts every page; the difference is the extraction's own count.  Runs go in parallel, one per
core (valgrind runs a process about 50x slower: ~10 minutes on 2 cores for both sets at --step 10).
"""
from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
# always first: run as a script, this folder leads sys.path and its pipeline.py would
# shadow the package
sys.path.insert(0, str(REPO_ROOT))

from benchmarks.datasets import DEVELOPMENT_SETS, DatasetMissing, add_dataset_option, load_pages  # noqa: E402

#: callgrind's closing line: "==123== Collected : 2935788698"
_COLLECTED = re.compile(r"Collected\s*:\s*(\d+)")


def collected(valgrind_stderr: str) -> int:
    """The instruction count callgrind reports at exit."""
    found = _COLLECTED.findall(valgrind_stderr)
    if not found:
        raise RuntimeError(f"no instruction count in valgrind's output:\n{valgrind_stderr[-2000:]}")
    return int(found[-1])


def count(name: str, dataset: Path, step: int, extract: bool) -> int:
    """Instructions of one child process (see ``child``) under callgrind."""
    with tempfile.TemporaryDirectory() as scratch:
        done = subprocess.run(
            ["valgrind", "--tool=callgrind", f"--callgrind-out-file={scratch}/out",
             sys.executable, __file__, "--child", name, str(dataset), str(step), str(int(extract))],
            cwd=REPO_ROOT, capture_output=True, text=True, check=False,
        )
    if done.returncode != 0:
        raise RuntimeError(f"{name} on {dataset.name} failed under valgrind:\n{done.stderr[-2000:]}")
    return collected(done.stderr)


def child(name: str, dataset: Path, step: int, extract: bool) -> None:
    """Load every ``step``-th page, warm the extractor up; with ``extract``, run it on each page."""
    from benchmarks.timing import extract_all, warmed_up

    pages = load_pages(dataset)[::step]
    extractor = warmed_up(name)
    if extract:
        extract_all(extractor, pages)


def per_page(name: str, dataset: Path, step: int, pages: int, runs: ThreadPoolExecutor,
             sums: ThreadPoolExecutor) -> Future[float]:
    """Millions of instructions per page for extractor ``name``, once both its runs are done
    (the wait happens in ``sums``, so that it holds none of the ``runs`` slots)."""
    base, full = runs.submit(count, name, dataset, step, False), runs.submit(count, name, dataset, step, True)
    return sums.submit(lambda: (full.result() - base.result()) / pages / 1e6)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    add_dataset_option(parser)
    parser.add_argument("--peer", default="trafilatura", help="the extractor to compare with (default: trafilatura)")
    parser.add_argument("--step", type=int, default=10, help="count every N-th page of each set (default 10)")
    parser.add_argument("--child", nargs=4, metavar=("NAME", "DATASET", "STEP", "EXTRACT"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        name, dataset, step, extract = args.child
        child(name, Path(dataset), int(step), extract == "1")
        return 0
    if shutil.which("valgrind") is None:
        print("benchmarks/instructions.py: valgrind is not installed (apt-get install valgrind)", file=sys.stderr)
        return 2
    if args.step < 1:
        parser.error("--step must be at least 1")
    try:
        sizes = {dataset: len(load_pages(dataset)[::args.step]) for dataset in args.dataset or DEVELOPMENT_SETS}
    except DatasetMissing as error:
        print(f"benchmarks/instructions.py: {error}", file=sys.stderr)
        return 2
    print(f"valgrind callgrind, every {args.step}th page, instructions of the extraction only (millions per page)")
    print(f"{'set':28s} {'pages':>5s} {'depeche':>9s} {args.peer:>14s} {'ratio':>7s}")
    # every run queued at once (one per core); the threads only wait on valgrind processes
    with ThreadPoolExecutor(max_workers=os.cpu_count() or 1) as runs, ThreadPoolExecutor() as sums:
        queued = {
            dataset: [per_page(name, dataset, args.step, pages, runs, sums) for name in ("depeche", args.peer)]
            for dataset, pages in sizes.items()
        }
        for dataset, (ours, theirs) in queued.items():
            a, b = ours.result(), theirs.result()
            print(f"{dataset.name:28s} {sizes[dataset]:5d} {a:9.1f} {b:14.1f} {b / a:6.2f}x", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
