"""The project's own broker script (deploy/kafka.py), loaded for tests."""
from __future__ import annotations

import importlib.util
import os
from pathlib import Path
from types import ModuleType

REPO = Path(__file__).resolve().parents[2]
TEST_PORT = int(os.environ.get("DEPECHE_TEST_KAFKA_PORT", "29092"))
#: Overridable so two checkouts (or two sessions) on one machine do not share a broker.
TEST_DATA_DIR = Path(os.environ.get("DEPECHE_TEST_KAFKA_DATA_DIR") or REPO / ".run" / "kafka-test")


def deploy_kafka() -> ModuleType:
    spec = importlib.util.spec_from_file_location("deploy_kafka", REPO / "deploy" / "kafka.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module
