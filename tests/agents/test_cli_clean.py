"""``depeche clean``: offline, one JSON line per input, rejects as lines too."""
from __future__ import annotations

import gzip
import os
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


def _run(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run([sys.executable, "-m", "agents.cli", *args], capture_output=True, timeout=60,
                          env={**os.environ, **env})


PAGE = ("Un titre d'article\nLe texte de l'article est assez long pour être gardé tel quel.\n"
        "Avec Zeta Wire\n")


def test_clean_uses_the_workers_sources_file(tmp_path: Path) -> None:
    sources = tmp_path / "sources.json"
    sources.write_text('{"sources": [{"name": "ZW", "kind": "agency", "aliases": ["Zeta Wire"]}]}')
    args = ("clean", "--url", "https://le.example/x", "--content-type", "text/plain", "-")
    plain = subprocess.run([sys.executable, "-m", "agents.cli", *args], input=PAGE.encode(), capture_output=True,
                           timeout=60, env={k: v for k, v in os.environ.items() if k != "DEPECHE_SOURCES_FILE"})
    extended = subprocess.run([sys.executable, "-m", "agents.cli", *args], input=PAGE.encode(), capture_output=True,
                              timeout=60, env={**os.environ, "DEPECHE_SOURCES_FILE": str(sources)})
    assert [s["name"] for s in orjson.loads(plain.stdout)["article"]["sources"]] == []
    assert [s["name"] for s in orjson.loads(extended.stdout)["article"]["sources"]] == ["ZW"]


def test_clean_uses_the_workers_page_limit(tmp_path: Path) -> None:
    page = tmp_path / "page.html"
    page.write_bytes((SAMPLES / "harbor-times-bridge.html").read_bytes())
    size = page.stat().st_size
    (line,) = [orjson.loads(out) for out in _run("clean", str(page), env={"DEPECHE_MAX_PAGE_BYTES": str(size - 1)}).stdout.splitlines()]
    assert line["rejected"]["reason"] == "page_too_large"
    (line,) = [orjson.loads(out) for out in _run("clean", str(page), env={"DEPECHE_MAX_PAGE_BYTES": str(size)}).stdout.splitlines()]
    assert "article" in line


def test_one_default_page_limit_for_library_worker_and_cli() -> None:
    from agents.settings import ENVIRONMENT, Settings
    from pipeline import DEFAULT_OPTIONS

    assert Settings.from_env({}).clean_options() == DEFAULT_OPTIONS
    assert ENVIRONMENT["DEPECHE_MAX_PAGE_BYTES"][0] == str(DEFAULT_OPTIONS.max_page_bytes) == str(16 * 1024 * 1024)


def test_python_m_pipeline_names_a_missing_file() -> None:
    done = subprocess.run([sys.executable, "-m", "pipeline", "/nonexistent.html"], capture_output=True, timeout=60)
    assert done.returncode == 2
    assert done.stderr.decode().strip() == "python -m pipeline: /nonexistent.html: no such file"
