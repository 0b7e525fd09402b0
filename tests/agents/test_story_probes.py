"""The cleaner's probes, without Kafka: made in the cleaning process with the article
(agents/story_bands.py, PageJob's ``then``), gathered over a window or a count of articles
(agents/story_probes.py), one story-work message per partition, and each page's wait ends only once
the broker acked the message carrying its probes (its raw message is acked after that)."""
from __future__ import annotations

import asyncio
from typing import Any

import orjson
import pytest

from agents import story_probes
from agents.app import settings
from agents.story_bands import ArticleProbes, probes_of
from agents.story_probes import ProbeBatcher, partition_for
from schemas import Origin
from schemas.outcome import PageJob
from tests.agents.test_story_batches import cleaned
from tests.agents.test_story_memory import FIXTURES, article, text_of

PARTITIONS = settings.topic_partitions


class HeldTopic:
    """story-work whose acks come when the test says."""

    def __init__(self, *, fail: bool = False) -> None:
        self.sent: list[tuple[int, dict[str, Any]]] = []
        self.acks: list[asyncio.Future[None]] = []
        self.fail = fail

    async def send(self, *, partition: int, value: bytes, value_serializer: str) -> asyncio.Future[None]:
        if self.fail:
            raise ConnectionError("broker gone")
        assert value_serializer == "raw"
        self.sent.append((partition, orjson.loads(value)))
        ack: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self.acks.append(ack)
        return ack

    def ack_all(self) -> None:
        for ack in self.acks:
            if not ack.done():
                ack.set_result(None)


async def _once(send: Any) -> None:
    await send()


def _articles(count: int) -> list[dict[str, Any]]:
    text = text_of(FIXTURES / "lavrov-rubio-riyad.txt")
    return [article(f"a{n}", text, n) for n in range(count)]


def test_probes_are_those_of_each_band_grouped_by_partition() -> None:
    art = _articles(1)[0]
    probes = probes_of(art, PARTITIONS)
    bands = [band for _, probe in probes for band in probe["bands"]]
    assert sorted(band for band, _ in bands) == [0, 1, 2, 3], "every band probed once"
    for partition, probe in probes:
        assert {partition_for(k) for _, k in probe["bands"]} == {partition}, "one partition per probe"
        assert probe["member"]["id"] == "a0" and "fp" not in probe["member"] and probe["member"]["compact"]
    assert probes_of({**art, "fingerprint": None}, PARTITIONS) == []


def test_the_cleaning_process_makes_the_probes_the_stage_would_make_of_the_article() -> None:
    outcome = cleaned(_articles(1)[0])
    assert outcome.probes and outcome.probes == [
        (partition, orjson.dumps(probe)) for partition, probe in probes_of(outcome.article.asdict(), PARTITIONS)]
    page = FIXTURES / "lavrov-rubio-riyad.txt"
    raw = orjson.dumps({"url": "https://a.example/x", "body": page.read_text(encoding="utf-8"),
                        "content_type": "text/plain"})
    job = PageJob(then=ArticleProbes(PARTITIONS))
    made = job(raw, Origin())
    assert made.article is not None and made.probes, "a page's job makes its probes with its article"
    assert made.article_json == made.article.dumps(), "and the article's JSON, as Faust would send it"
    assert PageJob()(raw, Origin()).probes == [], "not without the stage"
    rejected = job(b"not json", Origin())
    assert rejected.rejected is not None and rejected.probes == []


def test_a_window_of_articles_is_one_message_per_partition_acked_before_the_wait_ends(
        monkeypatch: pytest.MonkeyPatch) -> None:
    topic = HeldTopic()
    monkeypatch.setattr(story_probes, "story_work", topic)

    async def main() -> None:
        batcher = ProbeBatcher(_once, within=0.05)
        arts = _articles(5)
        waits = [batcher.add(cleaned(a).probes) for a in arts]
        assert topic.sent == [], "nothing sent before the window closes"
        await asyncio.sleep(0.2)
        partitions = [partition for partition, _ in topic.sent]
        assert len(partitions) == len(set(partitions)) == len({p for p, _ in cleaned(arts[0]).probes})
        assert all(len(value["probes"]) == 5 for _, value in topic.sent), "the same bands: one item per article"
        assert not any(wait.done() for wait in waits), "not acked by the broker yet"
        topic.ack_all()
        await asyncio.sleep(0)
        await asyncio.sleep(0)
        assert all(wait.done() and wait.exception() is None for wait in waits)
        await batcher.close()

    asyncio.run(main())


def test_a_full_batch_goes_at_once_and_an_article_without_probes_waits_for_nothing(
        monkeypatch: pytest.MonkeyPatch) -> None:
    topic = HeldTopic()
    monkeypatch.setattr(story_probes, "story_work", topic)

    async def main() -> None:
        batcher = ProbeBatcher(_once, batch=2, within=60.0)
        first, second, third = (batcher.add(cleaned(a).probes) for a in _articles(3))
        nothing = batcher.add([])
        assert nothing.done()
        await asyncio.sleep(0.01)
        assert first is second and third is not first, "two articles a batch"
        assert {len(value["probes"]) for _, value in topic.sent} == {2}, "the full batch went without waiting"
        topic.ack_all()
        await asyncio.sleep(0.01)
        assert first.done() and not third.done(), "the third waits for its own batch"
        drained = asyncio.ensure_future(batcher.drain())
        await asyncio.sleep(0.01)
        topic.ack_all()
        await drained
        assert third.done() and third.exception() is None
        await batcher.close()

    asyncio.run(main())


def test_a_failed_send_reaches_every_wait_and_close_cancels_the_rest(monkeypatch: pytest.MonkeyPatch) -> None:
    topic = HeldTopic(fail=True)
    monkeypatch.setattr(story_probes, "story_work", topic)

    async def main() -> None:
        batcher = ProbeBatcher(_once, within=60.0)
        failed = batcher.add(cleaned(_articles(1)[0]).probes)
        await batcher.drain()
        assert isinstance(failed.exception(), ConnectionError), "a page whose probes were not sent is not acked"
        pending = batcher.add(cleaned(_articles(1)[0]).probes)
        await batcher.close()
        assert pending.cancelled(), "stopped: its page is not acked, it comes again"

    asyncio.run(main())
