"""Pages per second of one extractor on one core, each pass in a fresh process.

A fresh process per pass means no extractor carries caches from one pass into the next (depeche
once had a cross-page class-word cache; trafilatura keeps LRU caches of its own), so nothing
needs emptying between passes and no pass is flattered by an earlier one.  Within a pass, caches
warm up across pages as they would in a long-running worker.

In the child: the pages are read and decoded first, the extractor is imported and called once on
a small page that is in no set (imports and lazy setup are not timed), then only the extraction
calls over all pages are timed.  The child inherits the parent's CPU pinning.

    python -m benchmarks.timing NAME DATASET [HALF [PERTURBATION]]  # the seconds of one pass
"""
from __future__ import annotations

import gc
import os
import statistics
import subprocess
import sys
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
# always first: run as a script, this folder leads sys.path and its pipeline.py would
# shadow the package
sys.path.insert(0, str(REPO_ROOT))

from benchmarks.datasets import Page, load_pages  # noqa: E402
from benchmarks.extractors import Extractor, build  # noqa: E402
from benchmarks.perturb import perturb_pages  # noqa: E402

__all__ = ["WARM_UP_PAGE", "extract_all", "median_seconds", "one_core", "one_pass", "warmed_up"]

WARM_UP_PAGE = (
    "<html><head><title>Warm-up</title></head><body><nav><a href='/'>Home</a></nav><article>"
    "<h1>Council revises the budget</h1>"
    + "<p>The council met on Tuesday to discuss the budget, and members said that the proposal "
    "would be revised before the vote planned for next month.</p>" * 8
    + "</article><footer>Contact</footer></body></html>"
)


@contextmanager
def one_core() -> Iterator[str]:
    """Pin this process (and the children it starts) to one CPU, then restore its CPUs.

    Yields a note for the report.  Restoring matters when ``main`` runs inside another
    process, such as a test session whose later children should get every CPU back.
    """
    try:
        before = os.sched_getaffinity(0)
        cpu = min(before)
        os.sched_setaffinity(0, {cpu})
    except (AttributeError, OSError):
        yield "not pinned"
        return
    try:
        yield f"pinned to CPU {cpu}"
    finally:
        os.sched_setaffinity(0, before)


def one_pass(
    name: str, dataset: Path, half: str | None, perturbation: str | None = None
) -> float:
    """Seconds one fresh process takes to run extractor ``name`` over the pages (perturbed as
    ``benchmarks.perturb`` says, when ``perturbation`` names a kind)."""
    command = [
        sys.executable, "-m", "benchmarks.timing", name, str(dataset), half or "",
        perturbation or "",
    ]
    done = subprocess.run(
        command, cwd=REPO_ROOT, capture_output=True, text=True, timeout=3600, check=False
    )
    if done.returncode != 0:
        raise RuntimeError(f"timing pass of {name} failed:\n{done.stderr.strip()}")
    return float(done.stdout.strip().splitlines()[-1])


def median_seconds(
    names: Sequence[str], dataset: Path, half: str | None, passes: int,
    perturbation: str | None = None,
) -> dict[str, float]:
    """Median seconds per pass for each extractor.

    Passes are interleaved (depeche, peer, peer, depeche, peer, peer...) so that a busy machine
    slows all of them alike.
    """
    timings: dict[str, list[float]] = {name: [] for name in names}
    for _ in range(passes):
        for name in names:
            timings[name].append(one_pass(name, dataset, half, perturbation))
    return {name: statistics.median(values) for name, values in timings.items()}


def warmed_up(name: str) -> Extractor:
    """Extractor ``name``, called once on a page in no set: imports and lazy setup done."""
    extractor = build(name)
    extractor(WARM_UP_PAGE, None)
    return extractor


def extract_all(extractor: Extractor, pages: Sequence[Page]) -> None:
    """Run ``extractor`` on every page, its output and failures dropped: what is measured."""
    for page in pages:
        try:
            extractor(page.html, page.url)
        except Exception:  # noqa: BLE001 - a failure is scored by the quality pass, not here
            pass


def _timed_pass(name: str, dataset: Path, half: str | None, perturbation: str | None) -> float:
    pages = perturb_pages(load_pages(dataset, half=half), perturbation)
    extractor = warmed_up(name)
    gc.collect()
    start = time.perf_counter()
    extract_all(extractor, pages)
    return time.perf_counter() - start


if __name__ == "__main__":
    name, dataset = sys.argv[1], Path(sys.argv[2])
    half, perturbation = (sys.argv[3:] + ["", ""])[:2]
    print(_timed_pass(name, dataset, half or None, perturbation or None))
