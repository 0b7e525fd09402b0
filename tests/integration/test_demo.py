"""The README's first command, as ``depeche demo --once``: its own broker, a worker, the samples."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.support.worker import free_port

pytestmark = pytest.mark.integration
SAMPLES = Path(__file__).parents[2] / "agents" / "samples"


def _events(output: str, topic: str) -> list[dict]:
    prefix = f"{topic}  "
    return [json.loads(line[len(prefix):]) for line in output.splitlines() if line.startswith(prefix)]


def test_demo_prints_one_outcome_per_sample_and_a_deduplicated_ticker(tmp_path: Path) -> None:
    port, web_port = free_port(), free_port()
    env = {key: value for key, value in os.environ.items() if not key.startswith("DEPECHE_")}
    done = subprocess.run(
        [sys.executable, "-m", "agents.cli", "demo", "--once", "--port", str(port),
         "--web-port", str(web_port), "--state-dir", str(tmp_path)],
        env=env, capture_output=True, timeout=420,
    )
    output = done.stdout.decode()
    assert done.returncode == 0, output[-3000:] + done.stderr.decode()[-3000:]

    samples = json.loads((SAMPLES / "manifest.json").read_text())["pages"]
    articles = _events(output, "articles.clean")
    rejected = _events(output, "pages.rejected")
    ticker = _events(output, "ticker.items")
    assert sorted(e["url"] for e in articles + rejected) == sorted(s["url"] for s in samples)
    assert [r["reason"] for r in rejected] == ["empty_body"]  # the one empty sample page
    assert all(a["title"] and a["sources"] and a["word_count"] > 50 for a in articles)
    # the two atlas-sport pages share ticker headlines: each is published once
    keys = [(t["site"], t["time"], t["title"]) for t in ticker]
    assert len(ticker) >= 4 and len(keys) == len(set(keys))
    assert f"http://127.0.0.1:{web_port}/" in output
    assert "stopping the local broker" in output
