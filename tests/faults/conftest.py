"""Fault tests: each test owns its broker(s), on free ports picked at start and data dirs of its own."""
from __future__ import annotations

from collections.abc import Iterator
from types import ModuleType

import pytest

from tests.support.kafka import REPO, deploy_kafka
from tests.support.ports import free_port_run

SINGLE_DATA_DIR = REPO / ".run" / "kafka-fault-test"
CLUSTER_DATA_DIR = REPO / ".run" / "kafka-cluster-test"


@pytest.fixture(scope="session")
def kafka() -> ModuleType:
    return deploy_kafka()


@pytest.fixture
def single_broker(kafka: ModuleType) -> Iterator[str]:
    """A fresh single-node broker the test may kill and restart."""
    port = free_port_run(2)  # broker, controller
    try:
        bootstrap = kafka.start(port=port, controller_port=port + 1, data_dir=SINGLE_DATA_DIR,
                                fresh=True, fast_start=True, timeout=120)
    except Exception as exc:  # noqa: BLE001
        pytest.fail(f"the fault-test broker did not start: {exc}")
    yield bootstrap
    kafka.stop(data_dir=SINGLE_DATA_DIR)


@pytest.fixture
def cluster(kafka: ModuleType) -> Iterator[str]:
    """A fresh 3-node KRaft cluster (replication factor 3, min.insync.replicas 2)."""
    brokers = free_port_run(3)
    controllers = free_port_run(3, avoid=frozenset(range(brokers, brokers + 3)))
    try:
        bootstrap = kafka.start(port=brokers, controller_port=controllers, nodes=3,
                                data_dir=CLUSTER_DATA_DIR, fresh=True, fast_start=True, timeout=180,
                                overrides={"min.insync.replicas": "2", "default.replication.factor": "3"})
    except Exception as exc:  # noqa: BLE001
        pytest.fail(f"the 3-node fault-test cluster did not start: {exc}")
    yield bootstrap
    kafka.stop(data_dir=CLUSTER_DATA_DIR)
