"""A send the broker keeps refusing: the stall shows in /api/stats and /metrics, the worker exits
with code 75 after DEPECHE_PUBLISH_GIVE_UP seconds, and once the topic is writable again a
restarted worker delivers the page (its offset was never committed)."""
from __future__ import annotations

import time
import urllib.request
from dataclasses import dataclass, field

import orjson
import pytest
from aiokafka.admin import AIOKafkaAdminClient, NewTopic
from aiokafka.admin.config_resource import ConfigResource, ConfigResourceType

from agents.publishing import EXIT_GAVE_UP
from tests.support.worker import WorkerProcess, consume_until, produce_values, run

pytestmark = pytest.mark.integration

GIVE_UP = 8.0
#: The group hands the dead worker's partition to the restarted one after this many seconds.
QUICK_REJOIN = {"DEPECHE_SESSION_TIMEOUT": "10"}


@dataclass
class Worker(WorkerProcess):
    partitions: int = 1
    extra_env: dict[str, str] = field(default_factory=dict)

    @property
    def env(self) -> dict[str, str]:
        return {**super().env, **self.extra_env}


async def create_topic(bootstrap: str, name: str, configs: dict[str, str]) -> None:
    admin = AIOKafkaAdminClient(bootstrap_servers=bootstrap)
    await admin.start()
    try:
        await admin.create_topics([NewTopic(name, num_partitions=1, replication_factor=1, topic_configs=configs)])
    finally:
        await admin.close()


async def set_topic_config(bootstrap: str, name: str, configs: dict[str, str]) -> None:
    admin = AIOKafkaAdminClient(bootstrap_servers=bootstrap)
    await admin.start()
    try:
        await admin.alter_configs([ConfigResource(ConfigResourceType.TOPIC, name, configs)])
    finally:
        await admin.close()


def metrics(worker: WorkerProcess) -> str:
    with urllib.request.urlopen(worker.web_url + "/metrics", timeout=5) as response:  # noqa: S310 - loopback
        return response.read().decode()


def stalled_seconds(text: str, topic: str) -> float | None:
    prefix = f'depeche_publish_stalled_seconds{{partition="0",topic="{topic}"}} '
    for line in text.splitlines():
        if line.startswith(prefix):
            return float(line.removeprefix(prefix))
    return None


def test_a_send_that_keeps_failing_is_shown_then_the_worker_exits_and_the_page_comes_again(
        kafka_bootstrap: str, tmp_path) -> None:
    worker = Worker(bootstrap=kafka_bootstrap, workdir=tmp_path / "first",
                    extra_env={"DEPECHE_PUBLISH_GIVE_UP": str(GIVE_UP), **QUICK_REJOIN})
    # Topics the worker cannot write to: the broker refuses every batch over 100 bytes on both
    # outcome topics (the article, then the reject the worker makes of an article refused as too
    # large), on every attempt.
    for topic in (worker.topics["articles"], worker.topics["rejected"]):
        run(create_topic(kafka_bootstrap, topic, {"max.message.bytes": "100"}))
    worker.start()
    try:
        url = "https://stall.example/1"
        body = "Titre\n" + "Un paragraphe d'article assez long pour passer le seuil minimal du nettoyeur. " * 3
        run(produce_values(kafka_bootstrap, worker.topics["raw"], [
            (url.encode(), orjson.dumps({"url": url, "body": body, "content_type": "text/plain"}))]))
        shown: list[dict] = []
        gauge: float | None = None
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and worker.process is not None and worker.process.poll() is None:
            try:
                shown = worker.get_json("/api/stats")["publish_stalls"]
                gauge = stalled_seconds(metrics(worker), worker.topics["raw"])
            except OSError:
                break  # it just exited
            if shown and shown[0]["seconds"] >= 1 and gauge is not None and gauge >= 1:
                break
            time.sleep(0.3)
        assert shown, "the stalled publish never showed in /api/stats:\n" + worker.log_tail()
        assert shown[0]["topic"] == worker.topics["raw"] and shown[0]["partition"] == 0
        assert shown[0]["seconds"] >= 1 and shown[0]["gives_up_in_s"] <= GIVE_UP
        assert shown[0]["failures"] >= 1 and "MessageSizeTooLarge" in shown[0]["last_error"]
        assert gauge is not None and gauge >= 1, "no depeche_publish_stalled_seconds for the raw partition"

        assert worker.process is not None
        code = worker.process.wait(timeout=120)  # a generous bound: it gives up after GIVE_UP s
        assert code == EXIT_GAVE_UP, worker.log_tail()
        assert "giving up, exiting with code 75" in worker.log_text()
    finally:
        worker.stop()

    # The broker accepts again; the restarted worker cleans the page again and delivers it.
    for topic in (worker.topics["articles"], worker.topics["rejected"]):
        run(set_topic_config(kafka_bootstrap, topic, {"max.message.bytes": "1048588"}))  # Kafka's default
    again = Worker(bootstrap=kafka_bootstrap, workdir=tmp_path / "second", prefix=worker.prefix,
                   extra_env=QUICK_REJOIN)
    again.start()
    try:
        articles = run(consume_until(kafka_bootstrap, again.topics["articles"], count=1, timeout=90))
        assert [a["url"] for a in articles] == [url]
        assert again.get_json("/api/stats")["publish_stalls"] == []
    finally:
        again.stop()
