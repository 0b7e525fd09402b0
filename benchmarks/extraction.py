"""Score and time the HTML extractor against trafilatura on an article-extraction benchmark.

    python benchmarks/extraction.py [--dataset PATH] [--passes 3] [--no-peer] [--worst N]

The dataset is a folder with ``html/<key>.html.gz`` pages and ``ground-truth.json``
(``{key: {"articleBody": str, "url": str}}``).  Quality is word 4-shingle precision / recall /
F1 per page (``benchmarks.scoring``), averaged over pages; the text scored is the body blocks
joined by blank lines.  Speed is measured on one core: all pages are decompressed and decoded
first, only the extraction calls are timed, and the median of ``--passes`` passes is reported.
Memory: tracemalloc peak while extracting the largest page and a synthetic 20 MB page.
trafilatura is a development-only peer, imported lazily.
"""
from __future__ import annotations

import argparse
import gc
import gzip
import json
import statistics
import sys
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
if str(REPO_ROOT) not in sys.path:
    sys.path.insert(0, str(REPO_ROOT))

from benchmarks.scoring import Score, mean_score, score_text  # noqa: E402
from pipeline.errors import CleanError  # noqa: E402
from pipeline.html_extract import extract_html  # noqa: E402

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
        pages.append((key, decode(raw), truth[key].get("url"), truth[key].get("articleBody") or ""))
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
    try:
        result = extract_html(html, url=url)
    except CleanError:
        return ""
    return "\n\n".join(block.text for block in result.blocks)


def trafilatura_peer() -> Extractor:
    import trafilatura  # dev-only dependency, imported lazily

    def run(html: str, url: str | None) -> str:
        return trafilatura.extract(html, include_comments=False) or ""

    return run


def evaluate(extractor: Extractor, pages: list[Page]) -> tuple[Score, list[tuple[str, Score]]]:
    per_page = [(key, score_text(extractor(html, url), body)) for key, html, url, body in pages]
    return mean_score(s for _, s in per_page), per_page


def throughput(extractor: Extractor, pages: list[Page], passes: int) -> float:
    """Median seconds for one pass over all pages."""
    timings = []
    for _ in range(passes):
        gc.collect()
        start = time.perf_counter()
        for _, html, url, _ in pages:
            extractor(html, url)
        timings.append(time.perf_counter() - start)
    return statistics.median(timings)


def peak_memory(extractor: Extractor, html: str) -> int:
    gc.collect()
    tracemalloc.start()
    try:
        extractor(html, None)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return peak


def synthetic_page(size: int) -> str:
    paragraph = (
        "<p>The council met on Tuesday to discuss the budget, and members said that the "
        "proposal would be revised before the vote planned for next month.</p>\n"
    )
    nav = '<ul class="menu">' + "".join(f'<li><a href="/s{i}">Section {i}</a></li>' for i in range(20)) + "</ul>\n"
    chunk = '<div class="ad">Bann728x90</div>\n' + nav + paragraph * 20
    repeats = max(1, size // len(chunk))
    return "<html><head><title>Synthetic</title></head><body><article>" + chunk * repeats + "</article></body></html>"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dataset", type=Path, default=DEFAULT_DATASET)
    parser.add_argument("--passes", type=int, default=3)
    parser.add_argument("--no-peer", action="store_true", help="skip trafilatura")
    parser.add_argument("--worst", type=int, default=0, metavar="N", help="list the N worst pages")
    parser.add_argument("--no-memory", action="store_true", help="skip the memory measurements")
    args = parser.parse_args(argv)

    pages = load_pages(args.dataset)
    if not pages:
        print(f"no pages under {args.dataset}", file=sys.stderr)
        return 2
    megabytes = sum(len(html.encode("utf-8")) for _, html, _, _ in pages) / 1e6
    print(f"{len(pages)} pages, {megabytes:.1f} MB of HTML, {args.passes} timing passes, one core")

    runs: list[tuple[str, Extractor]] = [("depeche", ours)]
    if not args.no_peer:
        runs.append(("trafilatura", trafilatura_peer()))

    rows = []
    worst: list[tuple[str, Score]] = []
    for name, extractor in runs:
        score, per_page = evaluate(extractor, pages)
        seconds = throughput(extractor, pages, args.passes)
        rows.append((name, score, len(pages) / seconds, megabytes / seconds))
        if name == "depeche":
            worst = sorted(per_page, key=lambda item: item[1].f1)[: args.worst]

    print()
    print(f"{'extractor':<12} {'F1':>7} {'prec':>7} {'recall':>7} {'pages/s':>9} {'MB/s':>7}")
    for name, score, pps, mbps in rows:
        print(f"{name:<12} {score.f1:7.4f} {score.precision:7.4f} {score.recall:7.4f} {pps:9.1f} {mbps:7.2f}")
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
        largest = max(pages, key=lambda page: len(page[1]))
        big = synthetic_page(20 * 1024 * 1024)
        print("\nmemory (tracemalloc peak, Python allocations):")
        for label, html in ((f"largest page ({len(largest[1]) / 1e6:.2f} MB)", largest[1]),
                            (f"synthetic page ({len(big) / 1e6:.1f} MB)", big)):
            for name, extractor in runs:
                start = time.perf_counter()
                peak = peak_memory(extractor, html)
                elapsed = time.perf_counter() - start
                print(f"  {label:<28} {name:<12} peak {peak / 1e6:8.1f} MB  ({elapsed:.2f} s)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
