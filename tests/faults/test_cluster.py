"""(c) a 3-broker KRaft cluster, topics with replication factor 3 and min.insync.replicas 2:
one broker is killed mid-stream and nothing is lost."""
from __future__ import annotations

import time
from pathlib import Path
from types import ModuleType

import pytest
from aiokafka.admin import AIOKafkaAdminClient
from aiokafka.admin.config_resource import ConfigResource, ConfigResourceType

from tests.support.worker import run

from .conftest import CLUSTER_DATA_DIR
from .harness import (
    FaultWorker,
    SteadyProducer,
    assert_delivered_by_one_worker,
    audit,
    record_figures,
    rng,
    wait_for_all_outcomes,
    wait_until,
)

pytestmark = [pytest.mark.faults, pytest.mark.timeout(1200)]

PAGES = 1000
RATE = 20.0


async def replication(bootstrap: str, topics: list[str]) -> dict[str, tuple[int, int]]:
    """Per topic: (smallest replica count over its partitions, its effective min.insync.replicas)."""
    admin = AIOKafkaAdminClient(bootstrap_servers=bootstrap)
    await admin.start()
    try:
        described = await admin.describe_topics(topics)
        replicas = {t["topic"]: min(len(p["replicas"]) for p in t["partitions"]) for t in described}
        configs = await admin.describe_configs(
            [ConfigResource(ConfigResourceType.TOPIC, name, {"min.insync.replicas": None}) for name in topics])
        isr: dict[str, int] = {}
        for response in configs:
            for resource in response.resources:  # (error_code, error_message, type, name, entries)
                name, entries = resource[3], resource[4]
                isr.update({name: int(entry[1]) for entry in entries if entry[0] == "min.insync.replicas"})
        return {name: (replicas[name], isr.get(name, -1)) for name in topics}
    finally:
        await admin.close()


def outputs(bootstrap: str, worker: FaultWorker) -> int:
    result = run(audit(bootstrap, worker.topics))
    return result.articles_events + result.rejected_events


def test_one_of_three_brokers_killed_nothing_lost(cluster: str, kafka: ModuleType, tmp_path: Path) -> None:
    moments = rng("3-broker cluster")
    worker = FaultWorker(bootstrap=cluster, workdir=tmp_path / "worker",
                         extra_env={"DEPECHE_REPLICATION_FACTOR": "3"})
    started = time.monotonic()
    producer = SteadyProducer(cluster, worker.topics["raw"], PAGES, RATE, worker.prefix)
    victim = moments.choice([1, 2, 3])
    try:
        worker.start(timeout=180)
        replicas = run(replication(cluster, list(worker.topics.values())))
        assert set(replicas.values()) == {(3, 2)}, replicas  # replication factor 3, min.insync.replicas 2
        producer.start()
        time.sleep(moments.uniform(8.0, 20.0))
        sent_at_kill = producer.sent
        before = outputs(cluster, worker)
        kafka.kill_node(node=victim, data_dir=CLUSTER_DATA_DIR)
        killed = time.monotonic()
        resumed = wait_until(lambda: outputs(cluster, worker) > before + 20, timeout=300, interval=0.5)
        producer.join(timeout=600)
        result = run(wait_for_all_outcomes(cluster, worker.topics, expected=PAGES, timeout=300))
        done = time.monotonic() - killed
        same_process = worker.alive() and worker.starts == 1
    finally:
        worker.stop()
    figures = {
        "pages": PAGES, "killed_node": victim, "sent_at_kill": sent_at_kill, "replication_factor_and_min_isr": replicas,
        "lost": result.lost, "duplicated_raw": result.raw_duplicates,
        "duplicated_after_dedup": result.dedup_duplicates,
        "resume_seconds_after_kill": None if resumed is None else round(resumed, 1),
        "all_pages_done_seconds_after_kill": round(done, 1),
        "worker_restarted": not same_process, "producer_failures": len(producer.failed),
        "test_seconds": round(time.monotonic() - started, 1),
    }
    record_figures("cluster_one_broker_killed", figures)
    assert_delivered_by_one_worker(result, pages=PAGES, producer=producer, worker=worker, same_process=same_process)
