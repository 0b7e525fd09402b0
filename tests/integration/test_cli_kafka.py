"""``depeche produce`` and ``depeche tail`` against the real broker."""
from __future__ import annotations

import os
import subprocess
import sys
import uuid
from pathlib import Path

import orjson
import pytest

pytestmark = pytest.mark.integration
SAMPLES = Path(__file__).parents[2] / "agents" / "samples"


def test_produce_then_tail_round_trip(kafka_bootstrap: str) -> None:
    topic = f"cli-{uuid.uuid4().hex[:8]}.pages.raw"
    env = {**os.environ, "DEPECHE_BROKER_URL": f"kafka://{kafka_bootstrap}", "DEPECHE_TOPIC_RAW": topic}
    produced = subprocess.run([sys.executable, "-m", "agents.cli", "produce", "-q", str(SAMPLES)], env=env,
                              capture_output=True, timeout=120)
    assert produced.returncode == 0, produced.stderr.decode()
    assert b"produced 5 pages" in produced.stderr
    tailed = subprocess.run([sys.executable, "-m", "agents.cli", "tail", topic, "--from-beginning", "-n", "5",
                             "--idle-timeout", "20"], env=env, capture_output=True, check=True, timeout=120)
    pages = [orjson.loads(line) for line in tailed.stdout.splitlines()]
    assert len(pages) == 5
    by_file = {p["url"].rsplit("/", 1)[-1]: p for p in pages}
    # Text dumps go as text/plain with a file: URL; HTML pages under their canonical URL.
    assert by_file["atlas-sport-budget.txt"]["content_type"] == "text/plain"
    assert "https://www.harbortimes.example/local/2026/11/harbor-bridge-reopens" in [p["url"] for p in pages]
    assert all(p["fetched_at"].endswith("Z") and p["schema_version"] == 2 for p in pages)
