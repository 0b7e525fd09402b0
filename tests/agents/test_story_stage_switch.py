"""DEPECHE_STORY_STAGE: the stories agents run in a worker by default (the cleaner sends the probes,
nothing reads the articles topic back), and not when it is off; ``articles`` reads that topic."""
from __future__ import annotations

import os
import subprocess
import sys

import pytest

from tests.support.kafka import REPO

AGENTS = "from agents.app import load_components; print(sorted(load_components().agents))"


@pytest.mark.parametrize(("value", "present", "reads_articles"), [("on", True, False), ("off", False, False),
                                                                   ("articles", True, True)])
def test_story_stage_switch(value: str, present: bool, reads_articles: bool) -> None:
    out = subprocess.run([sys.executable, "-c", AGENTS], cwd=REPO, env={**os.environ, "DEPECHE_STORY_STAGE": value},
                         check=True, capture_output=True, text=True).stdout
    assert ("agents.stories.work_stories" in out) is present
    assert ("agents.stories.index_articles" in out) is reads_articles
    assert "agents.cleaner.clean_pages" in out
