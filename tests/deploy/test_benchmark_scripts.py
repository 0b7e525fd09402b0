"""Every benchmark script starts as documented (``python benchmarks/<name>.py``), whatever
PYTHONPATH holds: run as a script, the benchmarks folder leads ``sys.path``, and its
``pipeline.py`` must not shadow the ``pipeline`` package."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
SCRIPTS = sorted(
    path for path in (REPO / "benchmarks").glob("*.py")
    # the user-facing ones: run as scripts, with options (timing.py is a child, datasets.py a module)
    if "ArgumentParser(" in (text := path.read_text(encoding="utf-8")) and "__main__" in text
)


def test_there_are_scripts() -> None:
    assert len(SCRIPTS) >= 3, SCRIPTS


@pytest.mark.parametrize("pythonpath", ["", str(REPO)], ids=["bare", "repo-on-pythonpath"])
@pytest.mark.parametrize("script", SCRIPTS, ids=lambda path: path.name)
def test_script_answers_help(script: Path, pythonpath: str) -> None:
    env = {**os.environ, "PYTHONPATH": pythonpath}
    done = subprocess.run([sys.executable, str(script), "--help"], cwd=REPO, env=env,
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr[-2000:]
    assert "usage" in done.stdout.lower()
