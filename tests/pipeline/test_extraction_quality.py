"""Quality floor on the development benchmark (../shared/datasets/article-extraction-benchmark).

Not a timed test: it scores ``clean_page(...).text`` with the benchmark's metric and fails when a
change drops quality below the issue's targets (trafilatura scored F1 0.954 on this set in our
runs; precision must stay ≥ 0.95). Speed is measured by benchmarks/extraction.py, never here.
"""
from __future__ import annotations

import pytest

from benchmarks.extraction import DEFAULT_DATASET, load_pages
from benchmarks.scoring import mean_score, score_text
from pipeline import CleanError, clean_page

F1_FLOOR = 0.96
PRECISION_FLOOR = 0.95
#: Pages that come out with nothing of their article (F1 0): a collapse shows here first.
MAX_EMPTY_PAGES = 3


@pytest.fixture(scope="module")
def benchmark_pages():
    if not (DEFAULT_DATASET / "ground-truth.json").is_file():
        pytest.skip("../shared/datasets/article-extraction-benchmark is not beside this checkout")
    return load_pages(DEFAULT_DATASET)


def _cleaned_text(html: str, url: str | None) -> str:
    try:
        return clean_page(html, url=url).text
    except CleanError:
        return ""


def test_the_whole_set_is_there(benchmark_pages) -> None:
    assert len(benchmark_pages) == 181


def test_quality_stays_above_the_floor(benchmark_pages) -> None:
    scores = [score_text(_cleaned_text(html, url), body) for _, html, url, body in benchmark_pages]
    overall = mean_score(scores)
    assert overall.f1 >= F1_FLOOR, overall
    assert overall.precision >= PRECISION_FLOOR, overall
    empty = [score for score in scores if score.f1 == 0.0]
    assert len(empty) <= MAX_EMPTY_PAGES, f"{len(empty)} pages came out empty"
