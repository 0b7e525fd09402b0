"""The worker's root logger stays at the log level asked for: at ``warn`` Faust's spinner would put
it at DEBUG, and every aiokafka debug record would be built in the event loop. The worker's own
logging setup runs in a subprocess, so this test's logging is left alone."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

# Builds the worker class the app names (the one ``depeche worker`` and ``faust -A agents.app
# worker`` start), runs its logging setup, and prints the effective level of each logger.
PROBE = """
import json, logging, sys
from agents.app import app
worker = app.conf.Worker(app, loglevel=sys.argv[1], redirect_stdouts=False)
worker._setup_logging()
names = ["", "aiokafka", "aiokafka.conn", "aiokafka.consumer.fetcher", "faust", "mode"]
print(json.dumps({name: logging.getLogger(name).getEffectiveLevel() for name in names}))
"""


def effective_levels(loglevel: str, log_format: str) -> dict[str, int]:
    env = {**os.environ, "DEPECHE_LOG_FORMAT": log_format}
    done = subprocess.run([sys.executable, "-c", PROBE, loglevel], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


@pytest.mark.parametrize(("loglevel", "expected"), [("warn", 30), ("error", 40), ("info", 20)])
@pytest.mark.parametrize("log_format", ["plain", "json"])
def test_no_logger_is_at_debug_unless_asked(loglevel: str, expected: int, log_format: str) -> None:
    levels = effective_levels(loglevel, log_format)
    assert levels == dict.fromkeys(levels, expected), levels


def test_debug_still_means_debug() -> None:
    levels = effective_levels("debug", "plain")
    assert levels[""] == 10 and levels["aiokafka"] == 10
