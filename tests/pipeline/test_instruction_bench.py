"""benchmarks/instructions.py: the parts that run without valgrind (a callgrind run of even a
two-page set takes about a minute, too long for the suite; the whole script is run by hand)."""
from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from benchmarks import instructions, timing

STDERR = """==4242== Callgrind, a call-graph generating cache profiler
==4242== Events    : Ir
==4242== Collected : 2935788698
==4242==
==4242== I   refs:      2,935,788,698
"""


def test_the_count_is_read_from_callgrinds_closing_lines() -> None:
    assert instructions.collected(STDERR) == 2_935_788_698


def test_output_without_a_count_is_an_error_not_zero() -> None:
    with pytest.raises(RuntimeError, match="no instruction count"):
        instructions.collected("valgrind: failed to start tool 'callgrind'\n")


def _tiny_set(folder: Path, count: int) -> Path:
    (folder / "html").mkdir(parents=True)
    truth = {}
    for i in range(count):
        key = f"page{i}"
        truth[key] = {"articleBody": "", "url": f"https://news.example/{key}"}
        (folder / "html" / f"{key}.html.gz").write_bytes(gzip.compress(f"<p>{key}</p>".encode()))
    (folder / "ground-truth.json").write_text(json.dumps(truth), encoding="utf-8")
    return folder


@pytest.mark.parametrize("extract, expected", [
    (True, ["warm-up", "https://news.example/page0", "https://news.example/page2", "https://news.example/page4"]),
    (False, ["warm-up"]),  # the base run: what is subtracted is loading and warming up only
])
def test_the_child_warms_up_then_extracts_every_nth_page(tmp_path: Path, monkeypatch, extract, expected) -> None:
    calls: list[str] = []
    monkeypatch.setattr(timing, "build", lambda name: lambda html, url: calls.append(url or "warm-up"))

    instructions.child("depeche", _tiny_set(tmp_path / "tiny", 5), 2, extract)

    assert calls == expected
