"""The stories stage: clean articles → their LSH bands → copies found → stories.

Each hop is re-keyed through an internal topic so that the table it reads is partitioned the
way it is read, whatever the number of workers (as ticker candidates are, agents/cleaner.py):

    articles.clean ─► index_articles ─► story-bands (by band key) ─► match_bands [story-bands table]
      ─► story-matches (by article id) ─► gather_matches [story-pending table]
      ─► story-joins (by story id) ─► join_stories [stories table] ─► stories (Story, by story id)

The decisions are agents/story_memory.py's; tables are changelog-backed (rebuilt from their
changelogs on restart) and purged past DEPECHE_STORY_HORIZON with tombstones. Every hop sends,
waits for the broker's ack, then goes on (at-least-once; every step is idempotent by key).
"""
from __future__ import annotations

import logging
import time

import orjson

from schemas import Story, utc_now
from pipeline.fingerprint import band_keys, compact

from . import story_memory
from .app import app, settings
from .story_stats import story_stats
from .topics import articles_read, stories, story_bands, story_joins, story_matches

__all__ = ["expire_stories", "gather_matches", "index_articles", "join_stories", "match_bands"]

log = logging.getLogger(__name__)

band_table = app.Table("story-bands", default=None, partitions=settings.topic_partitions)
pending_table = app.Table("story-pending", default=None, partitions=settings.topic_partitions)
story_table = app.Table("stories", default=None, partitions=settings.topic_partitions)


@app.agent(articles_read)
async def index_articles(stream):  # type: ignore[no-untyped-def]
    """Send each fingerprinted article to its bands' partitions (one message per band)."""
    async for value in stream:
        try:
            article = orjson.loads(value)
            member = story_memory.member_of(article) if isinstance(article, dict) else None
        except (orjson.JSONDecodeError, TypeError, KeyError) as error:  # not an Article: nothing to index
            log.warning("an articles message that is not an Article (%s), not checked for copies", error)
            continue
        if member is None:
            continue
        try:
            keys = band_keys(member["fp"])
            member["compact"] = compact(member.pop("fp"))
        except ValueError as error:  # a fingerprint of another shape: this article is left out
            log.warning("article %s: unusable fingerprint (%s), not checked for copies", member["id"], error)
            continue
        acks = [await story_bands.send(key=key.encode(), value={"band": band, "key": key, "member": member})
                for band, key in enumerate(keys)]
        for ack in acks:
            await ack


@app.agent(story_bands)
async def match_bands(stream):  # type: ignore[no-untyped-def]
    """Confirm an article's candidates in one band, record it there, answer to its gatherer."""
    async for event in stream.events():
        probe = event.value
        member = probe["member"]
        matches, later, band_table[probe["key"]] = story_memory.probe(
            band_table.get(probe["key"]), member, partition=event.message.partition, now=time.time(),
            horizon=settings.story_horizon, threshold=settings.story_threshold)
        member = {k: v for k, v in member.items() if k != "compact"}
        await (await story_matches.send(key=member["id"].encode(),
                                        value={"band": probe["band"], "matches": matches, "later": later,
                                               "member": member}))


@app.agent(story_matches)
async def gather_matches(stream):  # type: ignore[no-untyped-def]
    """Once every band of an article answered: its duplicate_of and story, sent to the story."""
    async for event in stream.events():
        answer = event.value
        article_id = answer["member"]["id"]
        pending, decision = story_memory.gather(
            pending_table.get(article_id), band=answer["band"], matches=answer["matches"],
            later=answer.get("later", []), member=answer["member"], partition=event.message.partition,
            now=time.time())
        if decision is None:
            pending_table[article_id] = pending
            continue
        await (await story_joins.send(key=decision["story"].encode(), value=decision))
        for copy in decision["later"]:  # copies cleaned before this earlier article: they move to its story
            await (await story_joins.send(key=copy.encode(), value={
                "relink": copy, "story": decision["story"], "duplicate_of": article_id}))
        pending_table.pop(article_id, None)
        story_stats.record_decision(copy=decision["duplicate_of"] is not None)


@app.agent(story_joins)
async def join_stories(stream):  # type: ignore[no-untyped-def]
    """Add the member to its story; a story of two members or more is published again."""
    async for event in stream.events():
        decision = event.value
        if "relink" in decision:  # this story's first article turned out to copy an earlier one
            moved = story_memory.relink(story_table.get(decision["relink"]), article=decision["relink"],
                                        story=decision["story"], duplicate_of=decision["duplicate_of"])
            for forward in moved:
                await (await story_joins.send(key=forward["story"].encode(), value=forward))
            if moved:
                story_table.pop(decision["relink"], None)
            continue
        story_id = decision["story"]
        entry = story_memory.join(story_table.get(story_id), decision, partition=event.message.partition,
                                  now=time.time())
        story_table[story_id] = entry
        if len(entry["members"]) < 2:
            continue  # an article without copies: kept for when one comes, not a story yet
        story = Story.from_data({**story_memory.story_record(story_id, entry), "updated_at": utc_now()})
        await (await stories.send(key=story_id.encode(), value=story))
        story_stats.record_story(story.asdict() | {"first": story.first.asdict(),
                                                   "members": [m.asdict() for m in story.members]})


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
