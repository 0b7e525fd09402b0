"""Memory one extraction takes: Python allocations (tracemalloc) and peak RSS growth.

tracemalloc sees only Python's allocations; the RSS probe runs the extractor in a fresh process
and counts everything (lxml's tree, a Rust extractor's heap).  Linux only for RSS.
"""
from __future__ import annotations

import gc
import os
import subprocess
import sys
import tempfile
import tracemalloc
from collections.abc import Mapping
from pathlib import Path

from benchmarks.extractors import EXTRACTORS, Extractor
from pipeline import DEFAULT_OPTIONS

__all__ = ["peak_memory", "report_memory", "rss_growth", "synthetic_page"]

REPO_ROOT = Path(__file__).resolve().parent.parent

_RSS_PROBE = """
import gc, sys
sys.path.insert(0, sys.argv[1])
def status(field):
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith(field + ":"):
                return int(line.split()[1])
html = open(sys.argv[2], encoding="utf-8").read()
from benchmarks.extractors import build
run = build(sys.argv[3])
run("<html><body><p>warm up</p></body></html>", None)
gc.collect()
with open("/proc/self/clear_refs", "w") as f:
    f.write("5")  # reset the peak RSS (VmHWM) to the current RSS
before = status("VmRSS")
run(html, None)
print(status("VmHWM") - before)
"""


def peak_memory(extractor: Extractor, html: str) -> int:
    """Peak bytes of Python allocations while ``extractor`` runs on ``html``."""
    gc.collect()
    tracemalloc.start()
    try:
        extractor(html, None)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return peak


def rss_growth(name: str, html: str) -> int | None:
    """Peak resident memory (KiB) one extraction adds, in a fresh process; None if unknown."""
    with tempfile.NamedTemporaryFile("w", suffix=".html", encoding="utf-8", delete=False) as tmp:
        tmp.write(html)
    try:
        done = subprocess.run(
            [sys.executable, "-c", _RSS_PROBE, str(REPO_ROOT), tmp.name, name],
            capture_output=True, text=True, timeout=600, check=False,
        )
    finally:
        os.unlink(tmp.name)
    try:
        return int(done.stdout.strip().splitlines()[-1])
    except (IndexError, ValueError):
        return None


def synthetic_page(size: int) -> str:
    """A valid article page of about ``size`` characters: ads, menus and paragraphs repeated."""
    paragraph = (
        "<p>The council met on Tuesday to discuss the budget, and members said that the "
        "proposal would be revised before the vote planned for next month.</p>\n"
    )
    links = "".join(f'<li><a href="/s{i}">Section {i}</a></li>' for i in range(20))
    nav = f'<ul class="menu">{links}</ul>\n'
    chunk = '<div class="ad">Bann728x90</div>\n' + nav + paragraph * 20
    repeats = max(1, size // len(chunk))
    head = "<html><head><title>Synthetic</title></head><body><article>"
    return head + chunk * repeats + "</article></body></html>"


def report_memory(extractors: Mapping[str, Extractor], largest: str) -> None:
    """Print both measures for the largest benchmark page and a synthetic page near the limit.

    The synthetic page stays just under ``max_page_bytes`` (UTF-8 bytes), the largest page
    depeche cleans rather than refuses, so its figure is a real extraction.
    """
    big = synthetic_page(DEFAULT_OPTIONS.max_page_bytes - 256 * 1024)
    print("\nmemory: tracemalloc peak (Python allocations only) and peak RSS growth")
    print("(everything, lxml tree or Rust heap included; measured in a fresh process)")
    for label, html in (
        (f"largest page ({len(largest) / 1e6:.2f} MB)", largest),
        (f"synthetic page ({len(big) / 1e6:.1f} MB)", big),
    ):
        for name, extractor in extractors.items():
            peak_text = "    n/a   "  # native heap: only the RSS growth counts it
            if EXTRACTORS[name].python_heap:
                peak_text = f"{peak_memory(extractor, html) / 1e6:7.1f} MB"
            rss = rss_growth(name, html)
            rss_text = f"{rss / 1024:7.1f} MB" if rss is not None else "    n/a"
            print(f"  {label:<28} {name:<15} tracemalloc {peak_text}   RSS +{rss_text}")
