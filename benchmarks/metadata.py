"""Metadata coverage of depeche's articles, and agreement with trafilatura's metadata.

    python benchmarks/metadata.py [--dataset PATH] [--no-htmldate]

For each development set (``benchmarks.datasets``; ``--dataset`` picks one folder instead), every
page goes through ``pipeline.clean_page`` and through trafilatura's ``extract_metadata`` (its
defaults: htmldate with extensive search).  Per field: the share of pages where depeche found it,
where trafilatura found it, and, over the pages where both found it, the share where they agree:

- dates equal to the day; authors equal as sets of names (case, spaces, accents, punctuation folded);
- description, site name: equal text (case and spaces folded); image, canonical URL: equal URL
  (``pipeline.urls.normalise_url``); section: one of trafilatura's categories; tags: equal sets
  (trafilatura's comma-separated strings split).

Pages the cleaner rejects (too little text) still count, with no field found.  Cost: the time of
``pipeline.metadata.page_metadata`` alone on a tree parsed beforehand (with the extractor's
credits as bylines, as ``clean_page`` calls it), beside ``clean_page``, and
(unless ``--no-htmldate``) what htmldate would add as the date fallback on the pages whose
structured data gives no date: a second parse into an ``lxml.html`` tree (htmldate accepts no
other) plus ``find_date(extensive_search=False, original_date=True)``; how many dates it adds,
and how many of those agree with trafilatura's.  Times are CPU seconds of this process (less noisy than wall-clock on a shared machine, still noisy).
"""
from __future__ import annotations

import argparse
import re
import sys
import time
import unicodedata
from collections import Counter
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

REPO_ROOT = Path(__file__).resolve().parent.parent
# always first: run as a script, this folder leads sys.path and its pipeline.py would
# shadow the package
sys.path.insert(0, str(REPO_ROOT))

from lxml import etree  # noqa: E402

from benchmarks.datasets import DatasetMissing, Page, add_dataset_option, chosen_sets  # noqa: E402
from pipeline import CleanError, Document, clean_page  # noqa: E402
from pipeline.html_extract import extract_html  # noqa: E402
from pipeline.metadata import Metadata, page_metadata  # noqa: E402
from pipeline.urls import normalise_url  # noqa: E402

#: depeche field -> trafilatura attribute, in table order.
FIELDS = (
    ("authors", "author"), ("published_at", "date"), ("modified_at", None),
    ("description", "description"), ("image", "image"), ("section", "categories"),
    ("tags", "tags"), ("site_name", "sitename"), ("canonical_url", "url"),
)


_PUNCTUATION = re.compile(r"[^\w\s]")


def _fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return " ".join("".join(c for c in decomposed if not unicodedata.combining(c)).casefold().split())


def _names(value: Any) -> frozenset[str]:
    """Names as sets, punctuation dropped too ("Sarah E. Needleman" = "Sarah E Needleman")."""
    items = value.split(";") if isinstance(value, str) else value
    return frozenset(" ".join(_PUNCTUATION.sub(" ", _fold(item)).split()) for item in items if item.strip())


def _url(value: str) -> str:
    return normalise_url(value).removesuffix("/")


_AGREE: dict[str, Callable[[Any, Any], bool]] = {
    "authors": lambda ours, theirs: _names(ours) == _names(theirs),
    "published_at": lambda ours, theirs: ours[:10] == theirs[:10],
    "description": lambda ours, theirs: _fold(ours) == _fold(theirs),
    "image": lambda ours, theirs: _url(ours) == _url(theirs),
    "section": lambda ours, theirs: _fold(ours) in {_fold(c) for c in theirs},
    # trafilatura keeps a keywords meta as one comma-separated string
    "tags": lambda ours, theirs: {_fold(t) for t in ours} == {_fold(t) for v in theirs for t in v.split(",") if t.strip()},
    "site_name": lambda ours, theirs: _fold(ours) == _fold(theirs),
    "canonical_url": lambda ours, theirs: _url(ours) == _url(theirs),
}

_PARSER_OPTIONS = dict(encoding="utf-8", huge_tree=True, remove_comments=True, remove_pis=True,
                       no_network=True, default_doctype=False, collect_ids=False)


def measure(pages: Sequence[Page], *, with_htmldate: bool) -> dict[str, Any]:
    from trafilatura.metadata import extract_metadata

    found: Counter[str] = Counter()
    theirs_found: Counter[str] = Counter()
    both: Counter[str] = Counter()
    agree: Counter[str] = Counter()
    times: Counter[str] = Counter()
    fallback: Counter[str] = Counter()
    parser = etree.HTMLParser(**_PARSER_OPTIONS)
    for page in pages:
        started = time.process_time()
        try:
            doc: Document | None = clean_page(page.html, url=page.url)
        except CleanError:
            doc = None
        times["clean_page"] += time.process_time() - started
        root = etree.fromstring(page.html.encode("utf-8", "replace"), parser)
        credits = extract_html(page.html, url=page.url).credits if root is not None else ()
        started = time.process_time()
        alone: Metadata | None = (page_metadata(root, page.html, url=page.url, bylines=credits)
                                  if root is not None else None)
        times["page_metadata"] += time.process_time() - started
        theirs = extract_metadata(page.html, default_url=page.url)
        for name, their_name in FIELDS:
            ours = getattr(doc, name) if doc is not None else None
            their_value = getattr(theirs, their_name) if their_name else None
            found[name] += bool(ours)
            theirs_found[name] += bool(their_value)
            if ours and their_value and name in _AGREE:
                both[name] += 1
                agree[name] += _AGREE[name](ours, their_value)
        if with_htmldate and alone is not None and not alone.published_at:
            _htmldate_fallback(page, theirs.date, times, fallback)
    return {"pages": len(pages), "found": found, "theirs": theirs_found, "both": both, "agree": agree,
            "times": times, "fallback": fallback}


def _htmldate_fallback(page: Page, their_date: str | None, times: Counter[str], counts: Counter[str]) -> None:
    import lxml.html
    from htmldate import find_date

    counts["without_structured_date"] += 1
    started = time.process_time()
    tree = lxml.html.fromstring(page.html.encode("utf-8", "replace"),
                                parser=lxml.html.HTMLParser(**_PARSER_OPTIONS))
    date = find_date(tree, extensive_search=False, original_date=True, url=page.url)
    times["htmldate_fallback"] += time.process_time() - started
    if date:
        counts["found"] += 1
        counts["agree_with_trafilatura"] += bool(their_date) and date == their_date


def _share(count: int, total: int) -> str:
    return f"{100 * count / total:.0f}%" if total else "-"


def print_table(results: dict[str, dict[str, Any]], out: Any = sys.stdout) -> None:
    names = list(results)
    header = "| field | " + " | ".join(f"{n}: depeche | trafilatura | agree" for n in names) + " |"
    out.write(header + "\n|---|" + "---|---|---|" * len(names) + "\n")
    for name, _ in FIELDS:
        cells = []
        for result in results.values():
            total = result["pages"]
            both = result["both"][name]
            agree = f"{_share(result['agree'][name], both)} of {both}" if name in _AGREE else "-"
            theirs = _share(result["theirs"][name], total) if name != "modified_at" else "-"
            cells.append(f"{_share(result['found'][name], total)} | {theirs} | {agree}")
        out.write(f"| {name} | " + " | ".join(cells) + " |\n")
    out.write("\n")
    for set_name, result in results.items():
        total = result["pages"]
        times = result["times"]
        line = (f"{set_name} ({total} pages): clean_page {1000 * times['clean_page'] / total:.2f} ms/page, "
                f"page_metadata alone {1000 * times['page_metadata'] / total:.2f} ms/page")
        fallback = result["fallback"]
        if fallback:
            line += (f"; htmldate fallback on the {fallback['without_structured_date']} pages without a "
                     f"structured date: {fallback['found']} dates found "
                     f"({fallback['agree_with_trafilatura']} equal to trafilatura's), "
                     f"+{1000 * times['htmldate_fallback'] / total:.2f} ms/page over the set")
        out.write(line + "\n")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    add_dataset_option(parser)
    parser.add_argument("--no-htmldate", action="store_true", help="skip measuring the htmldate fallback")
    args = parser.parse_args(argv)
    results: dict[str, dict[str, Any]] = {}
    try:
        for dataset, pages in chosen_sets(args.dataset):
            results[dataset.name] = measure(pages, with_htmldate=not args.no_htmldate)
    except DatasetMissing as error:
        print(f"benchmarks/metadata.py: {error}", file=sys.stderr)
        return 2
    print_table(results)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
