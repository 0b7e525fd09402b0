"""How often the cleaner's language agrees with the page's own ``<html lang>``, and what naming it costs.

    python benchmarks/language.py [--dataset PATH]

Pages: both development sets (``benchmarks.datasets``; ``--dataset`` picks one folder instead)
and the multilingual fixtures of the tests (``tests/fixtures/pages``: their ``<html lang>``;
``tests/fixtures/text``: the language their file name starts with).  Per set: pages with a
declared language, the share where ``clean_page(...).language`` is that language, and the
disagreements listed (a declared language is sometimes the site template's, not the text's).
Cost: CPU time of ``detect_language`` on the sample ``clean_page`` gives it (title and first
blocks), beside the CPU time of ``clean_page`` itself, per page; noisy on a shared machine.
"""
from __future__ import annotations

import argparse
import re
import sys
import time
from collections.abc import Sequence
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
# always first: run as a script, this folder leads sys.path and its pipeline.py would
# shadow the package
sys.path.insert(0, str(REPO_ROOT))

from benchmarks.datasets import DatasetMissing, add_dataset_option, chosen_sets  # noqa: E402
from pipeline import CleanError, clean_page  # noqa: E402
from pipeline.clean import _language_sample  # noqa: E402
from pipeline.language import detect_language  # noqa: E402

FIXTURES = REPO_ROOT / "tests" / "fixtures"
_HTML_LANG = re.compile(r"<html\b[^>]*?\blang\s*=\s*[\"']?([a-zA-Z]{2,3})(?![a-zA-Z])", re.I)


def declared_language(html: str) -> str | None:
    match = _HTML_LANG.search(html[:20_000])
    return match.group(1).lower() if match else None


def measure(name: str, pages: Sequence[tuple[str, str, str | None, str, str | None]]) -> str:
    """``pages``: (key, body, url, content type, declared language)."""
    declared = agree = 0
    clean_seconds = detect_seconds = 0.0
    misses: list[str] = []
    for key, body, url, content_type, expected in pages:
        started = time.process_time()
        try:
            doc = clean_page(body, url=url, content_type=content_type)
        except CleanError:
            continue
        clean_seconds += time.process_time() - started
        sample = _language_sample(doc.title, doc.blocks)
        started = time.process_time()
        detect_language(sample, hint=expected)
        detect_seconds += time.process_time() - started
        if expected:
            declared += 1
            agree += doc.language == expected
            if doc.language != expected:
                misses.append(f"  {key[:16]}: declared {expected}, named {doc.language}: {sample[:70]!r}")
    share = f"{agree / declared:.3f}" if declared else "-"
    count = len(pages)
    lines = [f"{name}: {agree}/{declared} = {share} agree with the declared language; "
             f"detect_language {1000 * detect_seconds / count:.3f} ms/page, clean_page "
             f"{1000 * clean_seconds / count:.2f} ms/page ({100 * detect_seconds / clean_seconds:.1f}%)"]
    return "\n".join(lines + misses)


def fixture_pages() -> list[tuple[str, str, str | None, str, str | None]]:
    pages = []
    for path in sorted((FIXTURES / "pages").glob("*.html")):
        html = path.read_text(encoding="utf-8")
        pages.append((path.name, html, None, "text/html", declared_language(html)))
    for path in sorted((FIXTURES / "text").glob("*.txt")):
        pages.append((path.name, path.read_text(encoding="utf-8"), None, "text/plain", path.name[:2]))
    return pages


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    add_dataset_option(parser)
    args = parser.parse_args(argv)
    try:
        for dataset, pages in chosen_sets(args.dataset):
            print(measure(dataset.name, [(p.key, p.html, p.url, "text/html", declared_language(p.html))
                                         for p in pages]))
    except DatasetMissing as error:
        print(f"benchmarks/language.py: {error}", file=sys.stderr)
        return 2
    print(measure("test fixtures", fixture_pages()))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
