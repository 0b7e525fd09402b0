"""``depeche clean``: offline, one JSON line per input, rejects as lines too."""
from __future__ import annotations

import gzip
import subprocess
import sys
from pathlib import Path

import orjson

SAMPLES = Path(__file__).parents[2] / "agents" / "samples"


def depeche(*args: str, stdin: bytes | None = None) -> list[dict]:
    done = subprocess.run([sys.executable, "-m", "agents.cli", *args], input=stdin, capture_output=True,
                          check=True, timeout=60)
    return [orjson.loads(line) for line in done.stdout.splitlines()]


def test_clean_files_of_both_types_and_a_reject(tmp_path: Path) -> None:
    packed = tmp_path / "page.txt.gz"
    packed.write_bytes(gzip.compress((SAMPLES / "atlas-sport-budget.txt").read_bytes()))
    lines = depeche("clean", str(SAMPLES / "harbor-times-bridge.html"), str(packed),
                    str(SAMPLES / "broken-empty.html"))
    assert [next(iter(line)) for line in lines] == ["article", "article", "rejected"]
    bridge, budget, broken = lines
    # The HTML page's own canonical link names it; the gzipped text dump is read as text/plain.
    assert bridge["article"]["url"] == "https://www.harbortimes.example/local/2026/11/harbor-bridge-reopens"
    assert bridge["article"]["site"] == "harbortimes.example"
    assert budget["article"]["title"].startswith("La fédération dévoile un budget")
    assert [t["time"] for t in budget["ticker"]] == ["11:42", "10:05", "08:30", "07:55"]
    assert broken["rejected"]["reason"] == "empty_body"


def test_clean_stdin_with_url_and_content_type() -> None:
    body = "Un titre d'article\nLe texte de l'article est assez long pour être gardé.\nAvec MAP\n"
    (line,) = depeche("clean", "--url", "https://le.example/x", "--content-type", "text/plain", "-",
                      stdin=body.encode())
    assert line["article"]["url"] == "https://le.example/x"
    assert line["article"]["sources"][0]["name"] == "MAP"


def test_python_m_pipeline_prints_a_document() -> None:
    done = subprocess.run([sys.executable, "-m", "pipeline", str(SAMPLES / "atlas-sport-hakimi.txt")],
                          capture_output=True, check=True, timeout=60)
    record = orjson.loads(done.stdout)["document"]
    assert record["language"] == "fr" and len(record["ticker"]) == 4 and record["text"]
