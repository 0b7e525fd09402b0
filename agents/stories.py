"""The stories stage: clean articles → their LSH bands → copies found → stories.

Each step is re-keyed through the internal topic ``story-work`` so that the table it reads is
partitioned the way it is read, whatever the number of workers (as ticker candidates are,
agents/cleaner.py):

    clean_pages (each article's probes) ─► story-work: probes (by band key)
      ─► work_stories [story-bands table] ─► story-work: answers (by article id)
      ─► work_stories [story-pending table; a root's story entry] ─► story-work: joins (by story id;
         copies and relinks) ─► work_stories [stories table] ─► stories (Story, by story id)

**The cleaner sends the probes** (agents/story_probes.py), right after the article, batched over
pages; the worker does not read its own articles back from the articles topic (a whole article
fetched and decoded again for its id, url, time and fingerprint, and 12 more partitions in every
fetch: most of what the stage cost). Articles put on that topic by anything else are not indexed,
unless ``DEPECHE_STORY_STAGE=articles``: then :func:`index_articles` reads the topic instead, and
the cleaner sends no probes.

**Batched**, because Faust's and aiokafka's cost per message and per topic partition read, not the
decisions, was the stage's cost: each agent takes what its stream holds (up to ``BATCH`` messages,
waiting up to ``BATCH_WITHIN`` seconds for them) and sends ONE message per partition of
``story-work`` with every item bound for that partition, whatever its kind (probes, answers,
joins); the cleaner's probes go the same way, gathered over ``BATCH_WITHIN`` seconds. Under load a
batch of 64 articles makes at most 12 probe messages instead of 256, and the
answers for all of an article's bands travel together, so most articles are decided without a
story-pending entry. One topic for the three kinds, not one each: every partition a worker reads is
in each of its fetches, and three topics of 12 partitions cost more to fetch than they carry. An
item goes to the partition its key maps to with the producer's own partitioner
(:func:`partition_for`), where a message keyed by it would go, and its table work runs under an
event of that partition: Faust writes a key's changelog to the current event's partition.

**Roots skip a hop.** An article without copies (most of them) is its own story's root: its story
id is its article id, the key its answers came by, so work_stories seeds the story entry on the
partition it is on, where the story's joins come.

The decisions are agents/story_memory.py's; tables are changelog-backed (rebuilt from their
changelogs on restart) and purged past DEPECHE_STORY_HORIZON with tombstones. At-least-once: a
batch's table writes and messages are sent, their acks awaited, and only then is the batch acked
(Faust's take), as a raw page is acked only once its probes are; every step is idempotent by key.
"""
from __future__ import annotations

import logging
import time
import weakref
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from typing import Any

import orjson
from faust.streams import _current_event  # no public setter; see _under

from schemas import Story, utc_now

from . import story_memory
from .app import app, settings
from .story_bands import probes_of
from .story_probes import BATCH, BATCH_WITHIN, Outbox, partition_for
from .story_stats import story_stats
from .topics import articles_read, stories, story_work

__all__ = ["BATCH", "BATCH_WITHIN", "expire_stories", "index_articles", "partition_for", "work_stories"]

log = logging.getLogger(__name__)

band_table = app.Table("story-bands", default=None, partitions=settings.topic_partitions)
pending_table = app.Table("story-pending", default=None, partitions=settings.topic_partitions)
story_table = app.Table("stories", default=None, partitions=settings.topic_partitions)


@contextmanager
def _under(event: Any) -> Iterator[None]:
    """Faust reads and writes a table on the partition of the event being processed (the
    changelog partition of a write, the partition store of a read); a batch holds events of
    several partitions, so each item's table work runs under an event of its key's partition."""
    token = _current_event.set(weakref.ref(event))
    try:
        yield
    finally:
        _current_event.reset(token)


async def _acked(futures: list[Any]) -> None:
    for future in futures:
        await future


def _article_probes(value: bytes) -> list[tuple[int, dict[str, Any]]]:
    """The probes of an Article message, or none (logged) when it has no fingerprint or is not
    an Article."""
    try:
        article = orjson.loads(value)
        return probes_of(article, settings.topic_partitions) if isinstance(article, dict) else []
    except (orjson.JSONDecodeError, TypeError, KeyError, AttributeError) as error:  # not an Article
        log.warning("an articles message that is not an Article (%s), not checked for copies", error)
        return []


async def index_articles(stream):  # type: ignore[no-untyped-def]
    """``DEPECHE_STORY_STAGE=articles``: every article on the articles topic, whoever produced it,
    sent to its bands' partitions (one message per partition and batch). By default the cleaner
    sends its articles' probes itself (agents/cleaner.py) and nothing reads the articles back."""
    async for events in stream.take_events(BATCH, within=BATCH_WITHIN):
        outbox = Outbox()
        for event in events:
            for partition, probe in _article_probes(event.value):
                outbox.add_serialised(partition, "probes", orjson.dumps(probe))
        await outbox.sent()


if settings.story_reads_articles:
    app.agent(articles_read)(index_articles)


@app.agent(story_work)
async def work_stories(stream):  # type: ignore[no-untyped-def]
    """A batch of story-work: its probes answered, its answers gathered into decisions, its
    joins made; what that sends on goes out as one message per partition."""
    async for events in stream.take_events(BATCH, within=BATCH_WITHIN):
        now = time.time()
        outbox = Outbox()
        published: dict[str, Story] = {}
        _probe(events, outbox, now=now)
        _gather(events, outbox, published, now=now)
        _join_all(events, outbox, published, now=now)
        await _acked([*await outbox.send(), *[await _publish(story) for story in published.values()]])


def _probe(events: list[Any], outbox: Outbox, *, now: float) -> None:
    """Confirm each probed article's candidates in its bands and record it there (each band
    entry written once per batch); all of an article's answers in the batch go as one item."""
    entries: dict[str, tuple[Any, dict[str, Any]]] = {}  # band key → (an event of its partition, entry)
    answers: dict[str, dict[str, Any]] = {}
    for event in events:
        with _under(event):
            for probe in event.value.get("probes", ()):
                member = probe["member"]
                answer = answers.setdefault(member["id"], {
                    "member": {k: v for k, v in member.items() if k != "compact"}, "bands": []})
                for band, key in probe["bands"]:
                    entry = entries[key][1] if key in entries else band_table.get(key)
                    matches, later, entry = story_memory.probe(
                        entry, member, partition=event.message.partition, now=now,
                        horizon=settings.story_horizon, threshold=settings.story_threshold)
                    entries[key] = (event, entry)
                    answer["bands"].append([band, matches, later])
    for key, (event, entry) in entries.items():
        with _under(event):
            band_table[key] = entry
    for article_id, answer in answers.items():
        outbox.add(article_id, "answers", answer)


def _gather(events: list[Any], outbox: Outbox, published: dict[str, Story], *, now: float) -> None:
    """Once every band of an article answered: its duplicate_of and story. A root's story entry
    is seeded here (its partition is the story's); a copy's decision, and relinks, go to the
    story's partition."""
    gathered: dict[str, tuple[Any, dict[str, Any], list[list[Any]]]] = {}
    for event in events:
        for answer in event.value.get("answers", ()):
            article_id = answer["member"]["id"]
            _, member, bands = gathered.get(article_id, (None, answer["member"], []))
            gathered[article_id] = (event, member, bands + answer["bands"])
    for article_id, (event, member, bands) in gathered.items():
        with _under(event):
            entry = pending = pending_table.get(article_id)
            decision = None
            for band, matches, later in bands:
                pending, decision = story_memory.gather(
                    pending, band=band, matches=matches, later=later, member=member,
                    partition=event.message.partition, now=now)
            if decision is None:
                pending_table[article_id] = pending
                continue
            if entry is not None:
                pending_table.pop(article_id, None)
            story_stats.record_decision(copy=decision["duplicate_of"] is not None)
            if decision["story"] == article_id:  # a root: its story's partition is this one
                story = _join(article_id, decision, partition=event.message.partition, now=now)
                if story is not None:
                    published[article_id] = story
            else:
                outbox.add(decision["story"], "joins", decision)
            for copy in decision["later"]:  # copies cleaned before this earlier article: they move to its story
                outbox.add(copy, "joins", {"relink": copy, "story": decision["story"], "duplicate_of": article_id})


def _join_all(events: list[Any], outbox: Outbox, published: dict[str, Story], *, now: float) -> None:
    """Add each member to its story; a story of two members or more is published again (once
    per batch, as it stands at the batch's end)."""
    for event in events:
        with _under(event):
            for decision in event.value.get("joins", ()):
                if "relink" in decision:  # this story's first article turned out to copy an earlier one
                    moved = story_memory.relink(
                        story_table.get(decision["relink"]), article=decision["relink"],
                        story=decision["story"], duplicate_of=decision["duplicate_of"])
                    for forward in moved:
                        outbox.add(forward["story"], "joins", forward)
                    if moved:
                        story_table.pop(decision["relink"], None)
                    continue
                story = _join(decision["story"], decision, partition=event.message.partition, now=now)
                if story is not None:
                    published[decision["story"]] = story


def _join(story_id: str, decision: Mapping[str, Any], *, partition: int, now: float) -> Story | None:
    """Write the member into its story's entry (under an event of the story's partition); the
    story to publish once it has two members or more."""
    entry = story_memory.join(story_table.get(story_id), decision, partition=partition, now=now)
    story_table[story_id] = entry
    if len(entry["members"]) < 2:
        return None  # an article without copies: kept for when one comes, not a story yet
    return Story.from_data({**story_memory.story_record(story_id, entry), "updated_at": utc_now()})


async def _publish(story: Story) -> Any:
    story_stats.record_story(story.asdict() | {"first": story.first.asdict(),
                                               "members": [m.asdict() for m in story.members]})
    return await stories.send(key=story.id.encode(), value=story)


@app.timer(min(600.0, max(1.0, settings.story_horizon / 10)))
async def expire_stories() -> None:
    """Forget what is older than the horizon: band members, stale gatherings and stories, each
    purge a tombstone (or a shorter value) on the table's compacted changelog."""
    if app.rebalancing:  # partitions are moving: the next round purges what this one skips
        return
    now, horizon = time.time(), settings.story_horizon
    for key, value in list(band_table.data.items()):
        if value is None:
            continue
        pruned = story_memory.prune_band(value, now=now, horizon=horizon)
        if pruned is None:
            band_table.send_changelog(value.get("partition"), key, None, value_serializer="raw")
            band_table.data.pop(key, None)
        elif len(pruned["members"]) != len(value["members"]):
            band_table.send_changelog(value.get("partition"), key, pruned)
            band_table.data[key] = pruned
    for table in (pending_table, story_table):
        for key, partition in story_memory.expired_keys(list(table.data.items()), now=now, horizon=horizon):
            table.send_changelog(partition, key, None, value_serializer="raw")
            table.data.pop(key, None)
