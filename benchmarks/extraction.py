"""Score and time the HTML extractor against trafilatura on an article-extraction benchmark.

    python benchmarks/extraction.py [--dataset PATH] [--passes 3] [--no-peer] [--worst N]

The dataset is a folder with ``html/<key>.html.gz`` pages and ``ground-truth.json``
(``{key: {"articleBody": str, "url": str}}``).  Quality is word 4-shingle precision / recall /
F1 per page (``benchmarks.scoring``), averaged over pages; the text scored is
``pipeline.clean_page(...).text``, the whole cleaner as users get it.  Speed is measured on one core: all pages are decompressed and decoded
first, the process is pinned to one CPU, only the extraction calls are timed, passes of the
two extractors are interleaved, and the median of ``--passes`` passes is reported.
Memory: tracemalloc peak and peak RSS growth (fresh process, lxml's C allocations included)
while extracting the largest page and a synthetic 20 MB page (``--no-memory`` skips it).
trafilatura (``extract(html, include_comments=False)``) is a development-only peer, imported
lazily; ``--no-peer`` skips it.
"""
from __future__ import annotations

import argparse
import gc
import gzip
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
if str(REPO_ROOT) not in sys.path:
    sys.path.insert(0, str(REPO_ROOT))

from benchmarks.scoring import Score, mean_score, score_text  # noqa: E402
from pipeline.errors import CleanError  # noqa: E402
from pipeline import clean_page  # noqa: E402
from pipeline.html_patterns import forget_class_words  # noqa: E402

DEFAULT_DATASET = REPO_ROOT.parent / "shared" / "datasets" / "article-extraction-benchmark"

Page = tuple[str, str, str | None, str]  # key, html, url, expected body
Extractor = Callable[[str, str | None], str]


def load_pages(dataset: Path) -> list[Page]:
    truth = json.loads((dataset / "ground-truth.json").read_text(encoding="utf-8"))
    pages: list[Page] = []
    for key in sorted(truth):
        path = dataset / "html" / f"{key}.html.gz"
        if not path.exists():
            continue
        raw = gzip.decompress(path.read_bytes())
        expected = truth[key].get("articleBody") or ""
        pages.append((key, decode(raw), truth[key].get("url"), expected))
    return pages


def decode(raw: bytes) -> str:
    """Pages as fetched: UTF-8 mostly; fall back to a declared charset, then cp1252."""
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        pass
    head = raw[:4096].lower()
    marker = head.find(b"charset=")
    if marker != -1:
        charset = head[marker + 8 : marker + 40].strip(b"\"' ").split(b'"')[0].split(b"'")[0]
        charset = charset.split(b";")[0].split(b">")[0].strip().decode("ascii", "ignore")
        try:
            return raw.decode(charset)
        except (LookupError, UnicodeDecodeError):
            pass
    return raw.decode("cp1252", "replace")


def ours(html: str, url: str | None) -> str:
    """What users get: the whole cleaner (extraction, boilerplate, ticker, sources, language)."""
    try:
        return clean_page(html, url=url).text
    except CleanError:
        return ""


def trafilatura_peer() -> Extractor:
    import trafilatura  # dev-only dependency, imported lazily

    def run(html: str, url: str | None) -> str:
        return trafilatura.extract(html, include_comments=False) or ""

    return run


def evaluate(extractor: Extractor, pages: list[Page]) -> tuple[Score, list[tuple[str, Score]]]:
    per_page = [(key, score_text(extractor(html, url), body)) for key, html, url, body in pages]
    return mean_score(s for _, s in per_page), per_page


def one_pass(extractor: Extractor, pages: list[Page]) -> float:
    # Our class-word cache carries over between pages (sites reuse their templates); emptied
    # here so a repeated pass over the same pages is not flattered by the previous one.
    forget_class_words()
    gc.collect()
    start = time.perf_counter()
    for _, html, url, _ in pages:
        extractor(html, url)
    return time.perf_counter() - start


def throughput(
    runs: list[tuple[str, Extractor]], pages: list[Page], passes: int
) -> dict[str, float]:
    """Median seconds per pass over all pages, for each extractor.

    Passes are interleaved (ours, peer, ours, peer...) so that a busy machine slows both alike.
    """
    timings: dict[str, list[float]] = {name: [] for name, _ in runs}
    for _ in range(passes):
        for name, extractor in runs:
            timings[name].append(one_pass(extractor, pages))
    return {name: statistics.median(values) for name, values in timings.items()}


def pin_to_one_core() -> str:
    """Run on a single CPU (Linux); returns a note for the report."""
    try:
        cpu = min(os.sched_getaffinity(0))
        os.sched_setaffinity(0, {cpu})
    except (AttributeError, OSError):
        return "not pinned"
    return f"pinned to CPU {cpu}"


def peak_memory(extractor: Extractor, html: str) -> int:
    gc.collect()
    tracemalloc.start()
    try:
        extractor(html, None)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return peak


_RSS_PROBE = """
import gc, sys
sys.path.insert(0, sys.argv[1])
def status(field):
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith(field + ":"):
                return int(line.split()[1])
html = open(sys.argv[2], encoding="utf-8").read()
from benchmarks.extraction import ours, trafilatura_peer
run = ours if sys.argv[3] == "depeche" else trafilatura_peer()
run("<html><body><p>warm up</p></body></html>", None)
gc.collect()
with open("/proc/self/clear_refs", "w") as f:
    f.write("5")  # reset the peak RSS (VmHWM) to the current RSS
before = status("VmRSS")
run(html, None)
print(status("VmHWM") - before)
"""


def rss_growth(name: str, html: str) -> int | None:
    """Peak resident memory added by one extraction (KiB), in a fresh process: counts the
    C allocations of the lxml tree too, which tracemalloc does not see.  Linux only."""
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


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dataset", type=Path, default=DEFAULT_DATASET)
    parser.add_argument("--passes", type=int, default=3)
    parser.add_argument("--no-peer", action="store_true", help="skip trafilatura")
    parser.add_argument("--worst", type=int, default=0, metavar="N", help="list the N worst pages")
    parser.add_argument("--no-memory", action="store_true", help="skip the memory measurements")
    args = parser.parse_args(argv)

    if not (args.dataset / "ground-truth.json").is_file():
        print(f"no ground-truth.json under {args.dataset} (see --dataset)", file=sys.stderr)
        return 2
    pages = load_pages(args.dataset)
    if not pages:
        print(f"no pages under {args.dataset}", file=sys.stderr)
        return 2
    megabytes = sum(len(html.encode("utf-8")) for _, html, _, _ in pages) / 1e6
    pinned = pin_to_one_core()
    print(
        f"{len(pages)} pages, {megabytes:.1f} MB of HTML, "
        f"{args.passes} timing passes, one core ({pinned})"
    )

    runs: list[tuple[str, Extractor]] = [("depeche", ours)]
    if not args.no_peer:
        runs.append(("trafilatura", trafilatura_peer()))

    rows = []
    worst: list[tuple[str, Score]] = []
    scores = {}
    for name, extractor in runs:
        score, per_page = evaluate(extractor, pages)  # also warms both up before timing
        scores[name] = score
        if name == "depeche":
            worst = sorted(per_page, key=lambda item: item[1].f1)[: args.worst]
    seconds = throughput(runs, pages, args.passes)
    for name, _ in runs:
        rows.append((name, scores[name], len(pages) / seconds[name], megabytes / seconds[name]))

    print()
    print(f"{'extractor':<12} {'F1':>7} {'prec':>7} {'recall':>7} {'pages/s':>9} {'MB/s':>7}")
    for name, score, pps, mbps in rows:
        print(
            f"{name:<12} {score.f1:7.4f} {score.precision:7.4f} {score.recall:7.4f} "
            f"{pps:9.1f} {mbps:7.2f}"
        )
    if len(rows) == 2:
        (_, a, a_pps, _), (_, b, b_pps, _) = rows
        print(f"{'ratio':<12} {a.f1 / b.f1:7.3f} {a.precision / b.precision:7.3f} "
              f"{a.recall / b.recall:7.3f} {a_pps / b_pps:8.2f}x")

    if worst:
        print(f"\nworst {len(worst)} pages (depeche):")
        print(f"{'key':<20} {'F1':>6} {'P':>6} {'R':>6}")
        for key, s in worst:
            print(f"{key[:20]:<20} {s.f1:6.3f} {s.precision:6.3f} {s.recall:6.3f}")

    if not args.no_memory:
        report_memory(runs, pages)
    return 0


def report_memory(runs: list[tuple[str, Extractor]], pages: list[Page]) -> None:
    largest = max(pages, key=lambda page: len(page[1]))[1]
    big = synthetic_page(20 * 1024 * 1024)
    print("\nmemory: tracemalloc peak (Python allocations only) and peak RSS growth")
    print("(everything, lxml tree included; measured in a fresh process)")
    for label, html in (
        (f"largest page ({len(largest) / 1e6:.2f} MB)", largest),
        (f"synthetic page ({len(big) / 1e6:.1f} MB)", big),
    ):
        for name, extractor in runs:
            peak = peak_memory(extractor, html)
            rss = rss_growth(name, html)
            rss_text = f"{rss / 1024:7.1f} MB" if rss is not None else "    n/a"
            print(f"  {label:<28} {name:<12} tracemalloc {peak / 1e6:7.1f} MB   RSS +{rss_text}")


if __name__ == "__main__":
    raise SystemExit(main())
