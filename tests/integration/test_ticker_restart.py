"""The ticker dedup table survives a worker restart (rebuilt from its changelog topic), and forgets
items older than the horizon with tombstones on that changelog, so neither grows without bound."""
from __future__ import annotations

import time
from dataclasses import dataclass, field

import orjson
import pytest
from aiokafka import AIOKafkaConsumer
from aiokafka.admin import AIOKafkaAdminClient
from aiokafka.admin.config_resource import ConfigResource, ConfigResourceType

from tests.support.worker import WorkerProcess, consume_through, consume_until, produce_values, run

pytestmark = pytest.mark.integration

TICKER = "- 09:10Premier titre du fil d'actualité\n- 08:55Deuxième titre du fil d'actualité\n"
#: The end marker's own ticker: its first item on ticker.items means every candidate before it
#: was handled (one partition everywhere, so candidates are handled in the order they were sent).
MARKER_TICKER = "- 23:58Titre de fin de test\n- 23:57Avant-dernier titre de fin de test\n"
MARKER_TITLE = "Titre de fin de test"


@dataclass
class TickerWorker(WorkerProcess):
    """A worker on one-partition topics, with extra settings."""

    partitions: int = 1
    extra_env: dict[str, str] = field(default_factory=dict)

    @property
    def env(self) -> dict[str, str]:
        return {**super().env, **self.extra_env}

    @property
    def changelog(self) -> str:
        return f"depeche-{self.prefix}-ticker-seen-changelog"


def page(url: str, title: str, ticker: str = TICKER) -> tuple[bytes, bytes]:
    body = f"{ticker}{title}\nUn paragraphe d'article assez long pour passer le seuil minimal du nettoyeur.\n"
    return url.encode(), orjson.dumps({"url": url, "body": body, "content_type": "text/plain"})


def is_marker(event: dict) -> bool:
    return event.get("title") == MARKER_TITLE


def test_dedup_survives_restart(kafka_bootstrap: str, tmp_path) -> None:
    first = TickerWorker(bootstrap=kafka_bootstrap, workdir=tmp_path / "first")
    first.start()
    try:
        run(produce_values(kafka_bootstrap, first.topics["raw"], [page("https://fil.example/1", "Premier article")]))
        assert len(run(consume_until(kafka_bootstrap, first.topics["ticker"], count=2, timeout=60))) == 2
    finally:
        first.stop()
    # Same app id and topics, fresh process and empty local state: only the changelog remembers.
    second = TickerWorker(bootstrap=kafka_bootstrap, workdir=tmp_path / "second", prefix=first.prefix)
    second.start()
    try:
        run(produce_values(kafka_bootstrap, second.topics["raw"], [
            page("https://fil.example/2", "Second article"),
            page("https://fil.example/end", "Article de fin", MARKER_TICKER),
        ]))
        ticker = run(consume_through(kafka_bootstrap, second.topics["ticker"], marker=is_marker, timeout=60))
        assert len(ticker) == 2, "the restarted worker published a ticker item again"
        assert second.get_json("/api/stats")["ticker_duplicates"] == 2
    finally:
        second.stop()


async def changelog_records(bootstrap: str, topic: str) -> list[tuple[str, bytes | None]]:
    """(ticker id, raw value) of every record on the table's changelog so far (keys are JSON
    strings); a tombstone's value is None."""
    consumer = AIOKafkaConsumer(topic, bootstrap_servers=bootstrap, group_id=None,
                                auto_offset_reset="earliest", enable_auto_commit=False)
    await consumer.start()
    try:
        records: list[tuple[str, bytes | None]] = []
        while batch := await consumer.getmany(timeout_ms=2000):
            records.extend((orjson.loads(r.key), r.value) for recs in batch.values() for r in recs)
        return records
    finally:
        await consumer.stop()


async def cleanup_policy(bootstrap: str, topic: str) -> str:
    admin = AIOKafkaAdminClient(bootstrap_servers=bootstrap)
    await admin.start()
    try:
        [response] = await admin.describe_configs(
            [ConfigResource(ConfigResourceType.TOPIC, topic, {"cleanup.policy": None})])
        entries = {entry[0]: entry[1] for entry in response.resources[0][4]}  # (error, message, type, name, entries)
        return str(entries["cleanup.policy"])
    finally:
        await admin.close()


def test_items_older_than_the_horizon_are_forgotten_with_tombstones(kafka_bootstrap: str, tmp_path) -> None:
    horizon = 3.0
    worker = TickerWorker(bootstrap=kafka_bootstrap, workdir=tmp_path / "w",
                          extra_env={"DEPECHE_TICKER_HORIZON": str(horizon)})
    worker.start()
    try:
        run(produce_values(kafka_bootstrap, worker.topics["raw"], [page("https://fil.example/a", "Premier article")]))
        first = run(consume_until(kafka_bootstrap, worker.topics["ticker"], count=2, timeout=60))
        keys = {item["id"] for item in first}
        assert len(keys) == 2
        # The purge (every second with this horizon) writes one tombstone per expired item.
        deadline = time.monotonic() + 60
        tombstones: set[str] = set()
        while time.monotonic() < deadline and tombstones != keys:
            records = run(changelog_records(kafka_bootstrap, worker.changelog))
            tombstones = {key for key, value in records if value is None}
        assert tombstones == keys, f"no tombstone for {keys - tombstones} on {worker.changelog}: {records}"
        # Each item was recorded once (when sent), then deleted once.
        assert sorted(key for key, value in records if value is not None) == sorted(keys)
        assert run(cleanup_policy(kafka_bootstrap, worker.changelog)) == "compact"  # the broker drops them
        # Forgotten: the same headlines on a new page are published again, under the same keys.
        run(produce_values(kafka_bootstrap, worker.topics["raw"], [
            page("https://fil.example/b", "Second article"),
            page("https://fil.example/end", "Article de fin", MARKER_TICKER),
        ]))
        ticker = run(consume_through(kafka_bootstrap, worker.topics["ticker"], marker=is_marker, timeout=60))
        assert [item["id"] for item in ticker[2:]] == [item["id"] for item in first]
        assert {item["page_url"] for item in ticker[2:]} == {"https://fil.example/b"}
    finally:
        worker.stop()
