"""Fault tests: each test owns its broker(s), on ports and data dirs of its own."""
from __future__ import annotations

from collections.abc import Iterator
from types import ModuleType

import pytest

from tests.support.kafka import REPO, deploy_kafka

SINGLE_PORT = 39292
SINGLE_DATA_DIR = REPO / ".run" / "kafka-fault-test"
CLUSTER_PORT = 39092
CLUSTER_CONTROLLER_PORT = 39192
CLUSTER_DATA_DIR = REPO / ".run" / "kafka-cluster-test"


@pytest.fixture(scope="session")
def kafka() -> ModuleType:
    return deploy_kafka()


@pytest.fixture
def single_broker(kafka: ModuleType) -> Iterator[str]:
    """A fresh single-node broker the test may kill and restart."""
    try:
        bootstrap = kafka.start(port=SINGLE_PORT, controller_port=SINGLE_PORT + 1, data_dir=SINGLE_DATA_DIR,
                                fresh=True, fast_start=True, timeout=120)
    except Exception as exc:  # noqa: BLE001
        pytest.fail(f"the fault-test broker did not start: {exc}")
    yield bootstrap
    kafka.stop(data_dir=SINGLE_DATA_DIR)


@pytest.fixture
def cluster(kafka: ModuleType) -> Iterator[str]:
    """A fresh 3-node KRaft cluster (replication factor 3, min.insync.replicas 2)."""
    try:
        bootstrap = kafka.start(port=CLUSTER_PORT, controller_port=CLUSTER_CONTROLLER_PORT, nodes=3,
                                data_dir=CLUSTER_DATA_DIR, fresh=True, fast_start=True, timeout=180,
                                overrides={"min.insync.replicas": "2", "default.replication.factor": "3"})
    except Exception as exc:  # noqa: BLE001
        pytest.fail(f"the 3-node fault-test cluster did not start: {exc}")
    yield bootstrap
    kafka.stop(data_dir=CLUSTER_DATA_DIR)
