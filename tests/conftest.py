"""Shared fixtures. The integration tier uses the real broker that deploy/kafka.py starts."""
from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.support.kafka import REPO, TEST_DATA_DIR, TEST_PORT, deploy_kafka

SEEDS = REPO.parent / "shared" / "seeds"
FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture(scope="session")
def kafka_bootstrap() -> Iterator[str]:
    """A fresh single-node KRaft broker for the session. Fails, never skips, if it cannot start."""
    kafka = deploy_kafka()
    try:
        bootstrap = kafka.start(port=TEST_PORT, controller_port=TEST_PORT + 1, data_dir=TEST_DATA_DIR,
                                fresh=True, fast_start=True, timeout=120)
    except Exception as exc:  # noqa: BLE001 - any failure to start is a test failure
        pytest.fail(f"the local Kafka broker did not start (deploy/kafka.py): {exc}")
    yield bootstrap
    kafka.stop(data_dir=TEST_DATA_DIR)


@pytest.fixture(scope="session")
def seeds_dir() -> Path:
    """The seed pages beside the checkout. Missing seeds fail the tests that need them: a skip
    would let the suite pass without checking what those tests promise."""
    if not SEEDS.is_dir():
        pytest.fail(f"the seed pages are missing: expected them in {SEEDS} (../shared/seeds beside this "
                    "checkout, as on CI); tests that read them cannot pass without them", pytrace=False)
    return SEEDS
