"""Score and time depeche's cleaner beside trafilatura, readability-lxml and rs-trafilatura.

    python benchmarks/extraction.py [--dataset PATH] [--half a|b] [--passes 3] [--no-peer]
                                    [--worst N] [--per-page FILE] [--no-memory]
                                    [--perturb semantic|names|oldweb]

By default both development sets are scored in one run (``benchmarks.datasets``):
../shared/datasets/article-extraction-benchmark (181 pages) and
../shared/datasets/wcxb-dev-articles (708 pages); ``--dataset`` picks one folder of the same
layout instead.  ``--half a`` / ``--half b`` keeps the fixed half of each set (by a hash of the
page key): study failures on half a, confirm a fix on half b.  ``--perturb KIND`` removes the
cues of older markup from every page before any extractor sees it (``benchmarks.perturb``:
HTML5 tags, ARIA, schema.org, meaningful class/id names), gold unchanged.

Quality: the text scored for depeche is ``pipeline.clean_page(...).text``, the whole cleaner as
users get it; each peer is called as ``benchmarks.extractors`` states.  Per page, word 4-shingle
precision / recall / F1 (``benchmarks.scoring``); the table shows their **means over all pages**,
an empty output scoring 0 in all three.  That is the scrapinghub set's own definition.  The WCXB
README's table uses another average over the same per-page scores (precision over pages with
output, recall over all pages, F1 the harmonic mean of the two), so for the same extractor it
shows other figures than this table.  "empty" counts pages whose output has no word.
``--per-page FILE`` writes every page's scores for every extractor as JSON lines; ``--worst N``
lists depeche's N worst pages per set beside the best peer on each.

Speed: on one pinned core, pages decoded beforehand, only the extraction calls timed, each pass
in a fresh process (no cache carried between passes), passes of the extractors interleaved; the
median of ``--passes`` passes is reported (``benchmarks.timing``; ``--passes 0`` skips timing).
Memory: tracemalloc peak and peak RSS growth on the largest page and on a synthetic page
just under depeche's page-size limit, 16 MiB (``benchmarks.memory``; ``--no-memory`` skips
it).  The peers are development-only dependencies (the ``dev`` extra), imported lazily;
``--no-peer`` runs depeche alone.
"""
from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterable, Mapping, Sequence
from contextlib import nullcontext
from pathlib import Path
from typing import NamedTuple, TextIO

REPO_ROOT = Path(__file__).resolve().parent.parent
# always first: run as a script, this folder leads sys.path and its pipeline.py would
# shadow the package
sys.path.insert(0, str(REPO_ROOT))

from benchmarks.datasets import (  # noqa: E402
    DEVELOPMENT_SETS, HALVES, DatasetMissing, Page, half_of, load_pages,
)
from benchmarks.extractors import PEERS, Extractor, build, version_of  # noqa: E402
from benchmarks.memory import report_memory  # noqa: E402
from benchmarks.perturb import KINDS, perturb_pages  # noqa: E402
from benchmarks.scoring import Score, mean_score, score_text, tokenize  # noqa: E402
from benchmarks.timing import median_seconds, one_core  # noqa: E402


class PageResult(NamedTuple):
    score: Score
    words: int  # words in the extractor's output; 0 is an empty page
    error: str | None  # the exception the extractor raised, scored as an empty output


class SetSummary(NamedTuple):
    score: Score
    empty: int
    errors: int


def run_page(extractor: Extractor, page: Page) -> PageResult:
    try:
        text = extractor(page.html, page.url)
        error = None
    except Exception as exc:  # noqa: BLE001 - a peer's failure on one page must not end the run
        text, error = "", f"{type(exc).__name__}: {exc}"[:200]
    return PageResult(score_text(text, page.expected), len(tokenize(text)), error)


def evaluate(extractor: Extractor, pages: Sequence[Page]) -> list[PageResult]:
    return [run_page(extractor, page) for page in pages]


def summarise(results: Iterable[PageResult]) -> SetSummary:
    items = list(results)
    return SetSummary(
        mean_score(result.score for result in items),
        sum(1 for result in items if result.words == 0),
        sum(1 for result in items if result.error is not None),
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--dataset", type=Path, help="one set's folder (default: both sets)")
    parser.add_argument("--half", choices=HALVES, help="only that fixed half of each set")
    parser.add_argument("--passes", type=int, default=3, help="timing passes (0: no timing)")
    parser.add_argument("--no-peer", action="store_true", help="depeche alone, no peer")
    parser.add_argument(
        "--worst", type=int, default=0, metavar="N", help="list depeche's N worst pages per set"
    )
    parser.add_argument(
        "--per-page", type=Path, metavar="FILE", help="write per-page scores as JSON lines"
    )
    parser.add_argument("--no-memory", action="store_true", help="skip the memory measurements")
    parser.add_argument(
        "--perturb", choices=KINDS, help="remove these markup cues from every page first"
    )
    args = parser.parse_args(argv)

    names = ["depeche"] + ([] if args.no_peer else list(PEERS))
    try:
        extractors = {name: build(name) for name in names}
    except ImportError as error:
        print(error, file=sys.stderr)
        return 2
    datasets = [args.dataset] if args.dataset else list(DEVELOPMENT_SETS)
    try:
        loaded = [
            (dataset, perturb_pages(load_pages(dataset, half=args.half), args.perturb))
            for dataset in datasets
        ]
    except DatasetMissing as error:
        print(error, file=sys.stderr)
        return 2

    with one_core() as pinned:
        return run(args, extractors, loaded, pinned)


def run(
    args: argparse.Namespace,
    extractors: Mapping[str, Extractor],
    loaded: Sequence[tuple[Path, list[Page]]],
    pinned: str,
) -> int:
    names = list(extractors)
    print(f"one core ({pinned}), {args.passes} timing passes, median reported")
    print("versions: " + ", ".join(f"{name} {version_of(name)}" for name in names))
    print("scores: means over all pages of per-page word 4-shingle P/R/F1 (empty output = 0);")
    print("        the WCXB README averages differently (P over non-empty pages), see --help")

    per_page = args.per_page.open("w", encoding="utf-8") if args.per_page else nullcontext()
    with per_page as per_page_file:
        for dataset, pages in loaded:
            if not pages:
                print(f"\n{dataset.name}: no pages", file=sys.stderr)
                return 2
            results = {name: evaluate(extractor, pages) for name, extractor in extractors.items()}
            seconds: dict[str, float] = {}
            if args.passes > 0:
                seconds = median_seconds(names, dataset, args.half, args.passes, args.perturb)
            report_set(dataset, args.half, args.perturb, pages, results, seconds)
            if args.worst:
                report_worst(pages, results, args.worst)
            if per_page_file is not None:
                write_per_page(per_page_file, dataset, pages, results)

    if not args.no_memory:
        largest = max((page.html for _, pages in loaded for page in pages), key=len)
        report_memory(extractors, largest)
    return 0


def report_set(
    dataset: Path,
    half: str | None,
    perturbation: str | None,
    pages: Sequence[Page],
    results: Mapping[str, list[PageResult]],
    seconds: Mapping[str, float],
) -> None:
    megabytes = sum(len(page.html.encode("utf-8")) for page in pages) / 1e6
    part = (f", half {half}" if half else "") + (f", perturbed: {perturbation}" if perturbation else "")
    print(f"\n== {dataset.name}{part}: {len(pages)} pages, {megabytes:.1f} MB of HTML ==")
    print(f"{'extractor':<15} {'F1':>7} {'prec':>7} {'recall':>7} {'empty':>6} {'pages/s':>9} {'MB/s':>7}")
    summaries = {name: summarise(items) for name, items in results.items()}
    for name, summary in summaries.items():
        score = summary.score
        speed = "        -       -"
        if name in seconds:
            speed = f"{len(pages) / seconds[name]:9.1f} {megabytes / seconds[name]:7.2f}"
        print(
            f"{name:<15} {score.f1:7.4f} {score.precision:7.4f} {score.recall:7.4f} "
            f"{summary.empty:6d} {speed}"
        )
    for name, summary in summaries.items():
        if summary.errors:
            first = next(
                (page.key, result.error)
                for page, result in zip(pages, results[name])
                if result.error is not None
            )
            print(f"  {name} raised on {summary.errors} pages (scored empty), e.g. {first[0]}: {first[1]}")
    peers = [name for name in summaries if name != "depeche"]
    if peers:
        best = max(peers, key=lambda name: summaries[name].score.f1)
        gap = summaries["depeche"].score.f1 - summaries[best].score.f1
        line = f"depeche: F1 {gap:+.4f} against the best peer ({best})"
        if "trafilatura" in seconds and "depeche" in seconds:
            line += f"; {seconds['trafilatura'] / seconds['depeche']:.2f}x trafilatura's pages/s"
        print(line)


def report_worst(pages: Sequence[Page], results: Mapping[str, list[PageResult]], count: int) -> None:
    ours = results["depeche"]
    peers = [name for name in results if name != "depeche"]
    order = sorted(range(len(pages)), key=lambda index: ours[index].score.f1)[:count]
    print(f"\nworst {len(order)} pages (depeche), beside the best peer on each page:")
    print(f"{'key':<20} {'F1':>6} {'P':>6} {'R':>6} {'words':>6}  {'best peer':<22} url")
    for index in order:
        mine = ours[index]
        beside = ""
        if peers:
            peer = max(peers, key=lambda name: results[name][index].score.f1)
            beside = f"{peer} {results[peer][index].score.f1:.3f}"
        print(
            f"{pages[index].key[:20]:<20} {mine.score.f1:6.3f} {mine.score.precision:6.3f} "
            f"{mine.score.recall:6.3f} {mine.words:6d}  {beside:<22} {pages[index].url or ''}"
        )


def write_per_page(
    out: TextIO, dataset: Path, pages: Sequence[Page], results: Mapping[str, list[PageResult]]
) -> None:
    """One JSON line per page: its set, half, key and URL, then each extractor's scores."""
    for index, page in enumerate(pages):
        scores = {}
        for name, items in results.items():
            result = items[index]
            scores[name] = {
                "f1": round(result.score.f1, 4),
                "precision": round(result.score.precision, 4),
                "recall": round(result.score.recall, 4),
                "words": result.words,
            }
            if result.error is not None:
                scores[name]["error"] = result.error
        record = {"set": dataset.name, "half": half_of(page.key), "key": page.key, "url": page.url}
        out.write(json.dumps({**record, "extractors": scores}, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    raise SystemExit(main())
