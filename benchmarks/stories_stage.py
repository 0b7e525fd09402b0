"""The stories stage through a real broker: what it sends per article, and whether its stories are
the ones ``agents/story_memory.py`` decides.

    python benchmarks/stories_stage.py [--originals 300] [--copies 2] [--port 32700] [--json FILE]

The wire-copies labelled set (benchmarks/wire_copies.py: development pages, copies of them under
other templates, hand-written negatives) is put as Article events, in stream order, on partition 0
of a fresh worker's articles topic (nothing on its raw topic: the stage alone, working a backlog;
``DEPECHE_STORY_STAGE=articles``, the stage reading that topic instead of the cleaner's probes).
Once the stories topic and the stage's internal topics stop growing, it prints the messages and
changelog records per article, topic by topic, and compares the stories topic's final membership
(the latest event of each story: each member and its ``duplicate_of``) with the decisions of the
stage's functions run in the same order (``wire_copies.run_stream``). ``--json`` writes that
membership, to compare two versions of the stage.

Not a test: nothing is asserted. The broker is started by deploy/kafka.py on ``--port``
(controller on ``--port``+1, the worker's web view on ``--port``+10) and stopped at the end.
"""
from __future__ import annotations

import argparse
import asyncio
import json
import os
import sys
import tempfile
import time
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

REPO_ROOT = Path(__file__).resolve().parent.parent
# always first: run as a script, this folder leads sys.path and its pipeline.py would
# shadow the package
sys.path.insert(0, str(REPO_ROOT))

import orjson  # noqa: E402
from aiokafka import AIOKafkaConsumer, AIOKafkaProducer, TopicPartition  # noqa: E402

from benchmarks import pipeline as bench  # noqa: E402
from benchmarks import wire_copies  # noqa: E402


async def _put(bootstrap: str, topic: str, articles: list[dict[str, Any]]) -> None:
    producer = AIOKafkaProducer(bootstrap_servers=bootstrap, acks="all")
    await producer.start()
    try:
        for article in articles:
            await producer.send(topic, key=article["id"].encode(), value=orjson.dumps(article), partition=0)
        await producer.flush()
    finally:
        await producer.stop()


async def _records(bootstrap: str, topic: str) -> list[dict[str, Any]]:
    return [orjson.loads(record.value) async for record in bench.records_to_end(bootstrap, [topic])]


async def _counts(bootstrap: str, marker: str) -> dict[str, int]:
    """Messages on every topic whose name holds ``marker`` (end offsets summed)."""
    consumer = AIOKafkaConsumer(bootstrap_servers=bootstrap, group_id=None, enable_auto_commit=False)
    await consumer.start()
    try:
        cluster = await consumer._client.fetch_all_metadata()  # noqa: SLF001 - every topic, no subscription
        counts = {}
        for topic in sorted(t for t in cluster.topics() if marker in t):
            partitions = [TopicPartition(topic, p) for p in cluster.partitions_for_topic(topic) or ()]
            counts[topic] = sum((await consumer.end_offsets(partitions)).values()) if partitions else 0
        return counts
    finally:
        await consumer.stop()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--originals", type=int, default=300)
    parser.add_argument("--copies", type=int, default=2)
    parser.add_argument("--seed", type=int, default=12)
    parser.add_argument("--port", type=int, default=32700, help="the broker's port")
    parser.add_argument("--json", type=Path, help="also write the final membership to this file")
    args = parser.parse_args(argv)

    docs, _ = wire_copies.build_set(originals=args.originals, copies=args.copies, seed=args.seed)
    start = datetime(2026, 11, 1, tzinfo=UTC)
    articles = [wire_copies._article(doc, start + timedelta(seconds=n)) for n, doc in enumerate(docs)]  # noqa: SLF001
    expected, _, _, _ = wire_copies.run_stream(docs, threshold=wire_copies.story_memory.DEFAULT_THRESHOLD)
    kafka = bench.deploy_kafka()
    data_dir = Path(tempfile.gettempdir()) / f"depeche-bench-stories-{args.port}"
    prefix = f"s{uuid.uuid4().hex[:8]}"
    app_id = f"bench-{prefix}"
    try:
        bootstrap, _ = bench.start_broker(kafka, args.port, data_dir)
        env = {**os.environ, "DEPECHE_APP_ID": app_id, "DEPECHE_BROKER_URL": f"kafka://{bootstrap}",
               "DEPECHE_TOPIC_RAW": f"{prefix}.raw", "DEPECHE_TOPIC_ARTICLES": f"{prefix}.articles",
               "DEPECHE_TOPIC_REJECTED": f"{prefix}.rejected", "DEPECHE_TOPIC_TICKER": f"{prefix}.ticker",
               "DEPECHE_TOPIC_STORIES": f"{prefix}.stories", "DEPECHE_CLEAN_PROCESSES": "1",
               "DEPECHE_WEB_PORT": str(args.port + 10), "DEPECHE_LOG_LEVEL": "warn",
               # the articles are put on the articles topic, not cleaned: the stage must read them there
               "DEPECHE_STORY_STAGE": "articles"}
        with tempfile.TemporaryDirectory(prefix="depeche-bench-stories-") as scratch:
            worker = bench.WorkerRun({**env, "DEPECHE_DATA_DIR": f"{scratch}/data"}, Path(scratch))
            worker.start()
            try:
                deadline = time.monotonic() + 180
                while not worker.ready():
                    worker.check()
                    if time.monotonic() > deadline:
                        raise SystemExit("the worker was not ready within 180 s")
                    time.sleep(0.5)
                began = time.monotonic()
                asyncio.run(_put(bootstrap, f"{prefix}.articles", articles))
                last, quiet = -1, 0
                while quiet < 4:  # 20 s without a message more on the stage's topics
                    worker.check()
                    now = sum(n for topic, n in asyncio.run(_counts(bootstrap, prefix)).items()
                              if not topic.endswith(".articles"))
                    quiet, last = (quiet + 1 if now == last else 0), now
                    time.sleep(5)
                print(f"{len(articles)} articles worked in {time.monotonic() - began - 20:.0f} s")
            finally:
                worker.stop()
        counts = asyncio.run(_counts(bootstrap, prefix))
        events = asyncio.run(_records(bootstrap, f"{prefix}.stories"))
    finally:
        kafka.stop(data_dir=data_dir)
    print("\n| topic | messages | per article |\n|---|---|---|")
    for topic, n in counts.items():
        if n:
            print(f"| {topic.removeprefix(app_id + '-')} | {n} | {n / len(articles):.2f} |")
    latest: dict[str, list[tuple[str, str | None]]] = {}
    for event in sorted(events, key=lambda e: e["updated_at"]):
        latest[event["id"]] = sorted((m["id"], m["duplicate_of"]) for m in event["members"])
    got = {member: copy_of for members in latest.values() for member, copy_of in members}
    decided = {key for key, copy_of in expected.items() if copy_of} | {v for v in expected.values() if v}
    differences = sorted(k for k in set(got) | decided if got.get(k) != expected.get(k))
    print(f"\n{len(events)} Story events, {len(latest)} stories, {sum(1 for v in got.values() if v)} copies "
          f"(run_stream: {sum(1 for v in expected.values() if v)}); members whose duplicate_of differs from "
          f"run_stream: {len(differences)} {differences[:5]}")
    if args.json:
        args.json.write_text(json.dumps(latest, indent=1, sort_keys=True) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
