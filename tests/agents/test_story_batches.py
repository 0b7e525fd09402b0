"""The stories agents' batching, without Kafka: each agent's body runs on batches of fake events,
its story-work messages are fed back to it, and the tables are dicts that check on which partition
each key is read and written. Articles come in as the cleaner sends their probes (ProbeBatcher) or
as DEPECHE_STORY_STAGE=articles reads them back (index_articles). Checked: the same decisions as
story_memory's step-by-step run (tests/agents/test_story_memory.py) whatever the batches and the
way in, every table key on the partition its key maps to, one message per partition and batch,
roots seeded without a join, a page's probes acked before its wait ends."""
from __future__ import annotations

import asyncio
from collections import defaultdict
from collections.abc import AsyncIterator, Iterable
from typing import Any

import orjson
import pytest

from agents import stories, story_probes
from agents.app import settings
from agents.stories import partition_for
from agents.story_bands import ArticleProbes
from agents.story_probes import ProbeBatcher
from schemas import Article, Outcome
from faust.streams import current_event
from tests.agents.test_story_memory import FIXTURES, Stage, article, text_of


class Event:
    """What the agents use of a Faust event (weak-referenceable, as Faust's current event is)."""

    def __init__(self, value: Any, partition: int) -> None:
        self.value = value
        self.message = type("Message", (), {"partition": partition})()


class Stream:
    def __init__(self, batches: Iterable[list[Event]]) -> None:
        self.batches = list(batches)

    async def take_events(self, max_: int, within: float) -> AsyncIterator[list[Event]]:
        for batch in self.batches:
            assert len(batch) <= max_
            yield batch


class Table(dict):
    """A table that checks each key is read and written under an event of its key's partition."""

    def get(self, key: str, default: Any = None) -> Any:
        self._check(key)
        return super().get(key, default)

    def __setitem__(self, key: str, value: Any) -> None:
        self._check(key)
        super().__setitem__(key, value)

    def pop(self, key: str, default: Any = None) -> Any:
        self._check(key)
        return super().pop(key, default)

    @staticmethod
    def _check(key: str) -> None:
        event = current_event()
        assert event is not None, f"table key {key} used outside an event"
        assert event.message.partition == partition_for(key), f"table key {key} used on another partition"


class Topic:
    """Records what is sent: (partition or key, decoded value)."""

    def __init__(self) -> None:
        self.sent: list[tuple[Any, Any]] = []

    async def send(self, *, key: bytes | None = None, value: Any, partition: int | None = None,
                   value_serializer: str | None = None) -> asyncio.Future[None]:
        if value_serializer == "raw":
            value = orjson.loads(value)
        self.sent.append((partition if partition is not None else key, value))
        done: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        done.set_result(None)
        return done

    def take(self) -> list[tuple[Any, Any]]:
        sent, self.sent = self.sent, []
        return sent


async def _send_once(send: Any) -> None:
    await send()


def cleaned(article: dict[str, Any]) -> Outcome:
    """The Outcome a cleaning process hands the worker for ``article``, its probes made there."""
    record = Article(**{"blocks": [], "text": "", "language": "fr", "content_hash": "", "word_count": 0,
                        "pipeline_version": "", **article})
    return ArticleProbes(settings.topic_partitions)(Outcome(article=record))


def probe_batches(articles: list[dict[str, Any]], *, per_batch: int) -> None:
    """``articles``' probes, made as a cleaning process makes them, through the cleaner's
    ProbeBatcher, ``per_batch`` articles a message (the window long enough never to flush first);
    each article's wait ends once its batch is sent."""
    async def main() -> None:
        batcher = ProbeBatcher(_send_once, batch=per_batch, within=60.0)
        waits = [batcher.add(cleaned(article).probes) for article in articles]
        await batcher.drain()
        assert all(wait.done() and wait.exception() is None for wait in waits)
        await batcher.close()

    asyncio.run(main())


class Harness:
    """The four agents on dict tables and recording topics, each batch handed on by hand."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch, *, way_in: str = "cleaner") -> None:
        self.tables = {name: Table() for name in ("band_table", "pending_table", "story_table")}
        self.topics = {name: Topic() for name in ("story_work", "stories")}
        for name, value in {**self.tables, **self.topics}.items():
            monkeypatch.setattr(stories, name, value)
        monkeypatch.setattr(story_probes, "story_work", self.topics["story_work"])
        self.way_in = way_in
        self.joined: list[dict[str, Any]] = []  # every story-joins item

    def run(self, agent: Any, batches: list[list[Event]]) -> None:
        asyncio.run(getattr(agent, "fun", agent)(Stream(batches)))

    def messages(self) -> list[Event]:
        return [Event(value, partition) for partition, value in self.topics["story_work"].take()]

    def add(self, articles: list[dict[str, Any]], *, per_batch: int) -> None:
        """Index ``articles`` ``per_batch`` at a time, then work the story-work messages in
        batches of what the previous batch sent, until nothing is sent."""
        if self.way_in == "cleaner":
            probe_batches(articles, per_batch=per_batch)
        else:
            events = [Event(orjson.dumps(a), n % 3) for n, a in enumerate(articles)]
            self.run(stories.index_articles, [events[i:i + per_batch] for i in range(0, len(events), per_batch)])
        while work := self.messages():
            self.joined += [item for event in work for item in event.value.get("joins", ())]
            self.run(stories.work_stories, [work])

    def members(self, story: str) -> list[tuple[str, str | None]]:
        return [(m["id"], m["duplicate_of"]) for m in self.tables["story_table"][story]["members"]]


def dispatch() -> list[dict[str, Any]]:
    text = text_of(FIXTURES / "lavrov-rubio-riyad.txt")
    other = text_of(FIXTURES / "central-bank-holds-rate.txt")
    return [article("first", text, 1), article("other", other, 2, site="b.example"),
            article("second", text.replace("mardi", "ce mardi"), 3, site="b.example"),
            article("third", text + "\n\nAvec AFP", 4, site="c.example")]


@pytest.mark.parametrize("way_in", ["cleaner", "articles"])
@pytest.mark.parametrize("per_batch", [1, 2, 64])
def test_batches_decide_as_the_stage_does_one_article_at_a_time(monkeypatch: pytest.MonkeyPatch,
                                                                per_batch: int, way_in: str) -> None:
    harness = Harness(monkeypatch, way_in=way_in)
    articles = dispatch()
    harness.add(articles, per_batch=per_batch)
    expected = Stage()
    for art in articles:
        expected.add(art)
    assert harness.members("first") == [(m["id"], m["duplicate_of"]) for m in expected.stories["first"]["members"]]
    assert harness.members("first") == [("first", None), ("second", "first"), ("third", "first")]
    assert set(harness.tables["story_table"]) == set(expected.stories) == {"first", "other"}
    assert not harness.tables["pending_table"], "every article decided, no gathering left"
    assert [j["member"]["id"] for j in harness.joined] == ["second", "third"], "roots seed their story in gather"
    published = harness.topics["stories"].take()
    assert published and {key for key, _ in published} == {b"first"}
    assert len(published[-1][1].members) == 3


def test_a_copy_indexed_before_its_original_is_relinked_in_batches(monkeypatch: pytest.MonkeyPatch) -> None:
    harness = Harness(monkeypatch)
    text = text_of(FIXTURES / "central-bank-cuts-rate.txt")
    harness.add([article("late", text, 9)], per_batch=1)
    harness.add([article("early", text, 1)], per_batch=1)
    assert set(harness.tables["story_table"]) == {"early"}
    assert harness.members("early") == [("early", None), ("late", "early")]


def test_one_message_per_partition_and_batch(monkeypatch: pytest.MonkeyPatch) -> None:
    harness = Harness(monkeypatch)
    text = text_of(FIXTURES / "atlas-lions-qualifier-win.txt")
    copies = [article(f"copy{n}", text, n) for n in range(10)]
    probe_batches(copies, per_batch=64)
    probes = harness.messages()
    partitions = [event.message.partition for event in probes]
    assert len(partitions) == len(set(partitions)) <= 4, "one story-work message per partition"
    assert all(len(e.value["probes"]) == 10 for e in probes), "the ten copies share their band keys"
    harness.run(stories.work_stories, [probes])
    answers = harness.messages()
    by_article = defaultdict(list)
    for event in answers:
        for answer in event.value["answers"]:
            by_article[answer["member"]["id"]].append(len(answer["bands"]))
    assert by_article == {a["id"]: [4] for a in copies}, "an article's four answers travel as one item"
    assert len(answers) == len({partition_for(a["id"]) for a in copies})


def test_re_delivered_batch_changes_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    harness = Harness(monkeypatch)
    articles = dispatch()
    harness.add(articles, per_batch=64)
    keys = {name: set(table) for name, table in harness.tables.items()}
    band_members = {key: len(entry["members"]) for key, entry in harness.tables["band_table"].items()}
    harness.add(articles, per_batch=64)
    assert {name: set(table) for name, table in harness.tables.items()} == keys
    assert {key: len(entry["members"]) for key, entry in harness.tables["band_table"].items()} == band_members
    assert harness.members("first") == [("first", None), ("second", "first"), ("third", "first")]


def test_messages_split_past_the_size_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    topic = Topic()
    monkeypatch.setattr(story_probes, "story_work", topic)
    monkeypatch.setattr(story_probes, "MESSAGE_BYTES", 1000)
    outbox = story_probes.Outbox()
    items = [{"id": f"a{n}", "pad": "x" * 300} for n in range(20)]
    for n, item in enumerate(items):
        outbox.add("same-key", "answers" if n % 2 else "joins", item)

    asyncio.run(outbox.sent())
    sent = topic.take()
    assert len(sent) > 1 and {partition for partition, _ in sent} == {partition_for("same-key")}
    assert all(len(orjson.dumps(value)) <= 1000 for _, value in sent)
    assert sorted((i for _, value in sent for kind in ("answers", "joins") for i in value.get(kind, ())),
                  key=lambda i: int(i["id"][1:])) == items


def test_partition_for_is_kafkas_murmur2() -> None:
    # Kafka's own test vectors (UtilsTest.testMurmur2), so a key lands where any Kafka producer puts it
    for key, hashed in {"21": -973932308, "foobar": -790332482, "a-little-bit-long-string": -985981536}.items():
        assert partition_for(key) == (hashed & 0x7FFFFFFF) % settings.topic_partitions
