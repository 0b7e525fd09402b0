"""benchmarks/extraction.py as a developer runs it, on a tiny set made here (no peers, no shared/).

The benchmark is not imported by the pipeline, so nothing else notices when it breaks; these tests
run it end to end, timing child process included, on two pages written to a temporary folder.
"""
from __future__ import annotations

import gzip
import json
import os
from pathlib import Path

import pytest

from benchmarks import extraction
from benchmarks.datasets import DatasetMissing, half_of, load_pages

ARTICLE = (
    "<html><head><title>Council revises the budget</title></head><body>"
    "<nav><a href='/'>Home</a> <a href='/world'>World</a></nav><article>"
    "<h1>Council revises the budget</h1>"
    "<p>The council met on Tuesday to discuss the budget, and members said that the proposal "
    "would be revised before the vote planned for next month.</p>"
    "<p>Several members asked for more money for schools and roads, while others wanted the "
    "city to keep its reserves for the winter.</p>"
    "</article><footer>Contact us</footer></body></html>"
)
GOLD = (
    "The council met on Tuesday to discuss the budget, and members said that the proposal "
    "would be revised before the vote planned for next month.\n\nSeveral members asked for more "
    "money for schools and roads, while others wanted the city to keep its reserves for the winter."
)


def _write_set(folder: Path, pages: dict[str, str | None]) -> Path:
    """A set of the shared layout; a page given as None is listed in the gold but has no file."""
    (folder / "html").mkdir(parents=True)
    truth = {}
    for key, html in pages.items():
        truth[key] = {"articleBody": GOLD, "url": f"https://news.example/{key}"}
        if html is not None:
            (folder / "html" / f"{key}.html.gz").write_bytes(gzip.compress(html.encode("utf-8")))
    (folder / "ground-truth.json").write_text(json.dumps(truth), encoding="utf-8")
    return folder


def test_a_run_scores_times_and_writes_every_page(tmp_path: Path, capsys) -> None:
    dataset = _write_set(tmp_path / "tiny", {"good": ARTICLE, "blank": "<html><body></body></html>"})
    per_page = tmp_path / "pages.jsonl"
    cpus = os.sched_getaffinity(0)

    code = extraction.main([
        "--dataset", str(dataset), "--no-peer", "--passes", "1", "--no-memory",
        "--worst", "1", "--per-page", str(per_page),
    ])

    assert code == 0
    assert os.sched_getaffinity(0) == cpus  # pinned for the run only, not for the test session
    out = capsys.readouterr().out
    depeche_row = next(line for line in out.splitlines() if line.startswith("depeche "))
    f1, precision, recall, empty, pages_per_second = depeche_row.split()[1:6]
    assert float(f1) == pytest.approx(0.5, abs=0.01)  # the good page ~1, the blank one 0
    assert int(empty) == 1
    assert float(pages_per_second) > 0
    lines = [json.loads(line) for line in per_page.read_text(encoding="utf-8").splitlines()]
    assert [line["key"] for line in lines] == ["blank", "good"]
    assert lines[0]["extractors"]["depeche"]["words"] == 0
    assert lines[1]["extractors"]["depeche"]["f1"] > 0.95
    assert {line["half"] for line in lines} <= {"a", "b"}


def test_a_half_keeps_only_its_pages(tmp_path: Path) -> None:
    keys = [f"page-{number}" for number in range(40)]
    dataset = _write_set(tmp_path / "halves", {key: ARTICLE for key in keys})
    half_a = [page.key for page in load_pages(dataset, half="a")]
    half_b = [page.key for page in load_pages(dataset, half="b")]
    assert sorted(half_a + half_b) == sorted(keys)
    assert half_a and half_b
    assert all(half_of(key) == "a" for key in half_a)


def test_a_page_listed_without_its_file_is_an_error_not_a_smaller_set(tmp_path: Path) -> None:
    dataset = _write_set(tmp_path / "partial", {"here": ARTICLE, "gone": None})
    with pytest.raises(DatasetMissing, match="gone"):
        load_pages(dataset)


def test_a_missing_set_ends_the_run_with_a_clear_message(tmp_path: Path, capsys) -> None:
    assert extraction.main(["--dataset", str(tmp_path / "nowhere"), "--no-peer"]) == 2
    assert "no ground-truth.json under" in capsys.readouterr().err


def test_a_perturbed_run_scores_and_times_the_perturbed_pages(tmp_path: Path, capsys) -> None:
    # the article's only container is an <article>; perturbed, the same text in a <div>
    dataset = _write_set(tmp_path / "tiny", {"good": ARTICLE})
    code = extraction.main([
        "--dataset", str(dataset), "--no-peer", "--passes", "1", "--no-memory",
        "--perturb", "oldweb",
    ])
    assert code == 0
    out = capsys.readouterr().out
    assert "perturbed: oldweb" in out
    depeche_row = next(line for line in out.splitlines() if line.startswith("depeche "))
    f1, *_, pages_per_second = depeche_row.split()[1:6]
    assert float(f1) > 0.95 and float(pages_per_second) > 0
