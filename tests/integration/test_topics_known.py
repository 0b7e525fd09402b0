"""Before its consumer starts, the worker waits until every broker's metadata has the topics it
created (agents.clients.wait_for_topics), on the real broker."""
from __future__ import annotations

import uuid

import pytest

from agents.clients import ensure_topics, wait_for_topics
from agents.settings import Settings

pytestmark = pytest.mark.integration


async def test_created_topics_are_known_and_a_missing_one_is_named(kafka_bootstrap: str) -> None:
    settings = Settings.from_env({"DEPECHE_BROKER_URL": f"kafka://{kafka_bootstrap}", "DEPECHE_TOPIC_PARTITIONS": "3"})
    created = [f"known-{uuid.uuid4().hex[:8]}-{n}" for n in range(2)]
    await ensure_topics(settings, created)
    assert await wait_for_topics(settings, created, timeout=30) == []
    never = f"never-{uuid.uuid4().hex[:8]}"
    missing = await wait_for_topics(settings, [*created, never], timeout=0.5)
    assert missing and all(entry.startswith(f"{never} on broker ") for entry in missing)
    # asking does not create it (the broker auto-creates topics on metadata requests unless told not to)
    assert await wait_for_topics(settings, [never], timeout=0.5) == missing
