"""The agents: raw pages → clean articles, ticker candidates and rejects; ticker dedup."""
from __future__ import annotations

import asyncio
import logging
import time
from typing import Any

from aiokafka.errors import MessageSizeTooLargeError
from faust.exceptions import ProducerSendError

from schemas import Origin, Outcome, Rejected, TickerItem, rejected_for
from schemas.outcome import TIMEOUT, PageJob

from . import ticker_memory
from .app import app, settings
from .lanes import Lanes
from .pool import JobFailed, JobTimeout, ProcessPool, WorkerDied
from .publishing import PublishGaveUp, exit_after_crash, exit_for_restart
from .stats import stats
from .story_bands import ArticleProbes
from .story_probes import ProbeBatcher
from .topics import articles, raw_pages, rejected_pages, story_work, ticker_candidates, ticker_items

__all__ = ["clean_pages", "expire_ticker_seen", "publish_ticker", "ticker_seen"]

log = logging.getLogger(__name__)


CATALOG = settings.source_catalog()  # the same settings build `depeche clean`'s catalog and options
OPTIONS = settings.clean_options()
#: Pages in flight per cleaning process: one being cleaned, the next already written to its process
#: (agents/pool.py), others waiting for it or being sent.
IN_FLIGHT_PER_PROCESS = 4
#: Pages sent, whose raw message waits for their probes' batch to be acked (stories stage), at most.
WAITING_FOR_PROBES = 256

#: ticker id → when it was sent and from which partition (agents/ticker_memory.py); changelog-backed,
#: so dedup survives a restart; entries older than DEPECHE_TICKER_HORIZON are purged.
ticker_seen = app.Table("ticker-seen", default=None, partitions=settings.topic_partitions)


def reject(reason: str, detail: str, *, size: int, url: str | None, origin: Origin) -> Rejected:
    """A Rejected for a failure outside the cleaner's own CleanErrors."""
    return rejected_for(reason, detail, size=size, url=url, topic=origin.topic, partition=origin.partition,
                        offset=origin.offset)


def rejected_key(rejected: Rejected) -> bytes | None:
    """A reject is keyed by the raw message it stands for (topic:partition:offset), so the
    re-delivery of one message after a crash carries the same key (see docs/guarantees.md)."""
    if rejected.topic is not None and rejected.offset is not None:
        return f"{rejected.topic}:{rejected.partition}:{rejected.offset}".encode()
    return (rejected.url or "").encode() or None


#: What a send raises for an event over the producer's message limit: aiokafka refuses it before
#: sending, and Faust wraps that in ProducerSendError.
TOO_LARGE = (MessageSizeTooLargeError, ProducerSendError)


def too_large(error: BaseException) -> bool:
    return isinstance(error, MessageSizeTooLargeError) or isinstance(error.__cause__, MessageSizeTooLargeError)


async def publish(outcome: Outcome, *, origin: Origin = Origin(), size: int = 0) -> dict[str, Any] | None:
    """Send one page's events; the article or the reject is keyed so re-delivery is idempotent.
    The article sent, as a dict, or None when the page was rejected.

    An event over the producer's message limit raises here, before anything is sent: it must not
    crash the agent (the page would be acked and lost), so the page is rejected instead."""
    if outcome.rejected is None:
        article = outcome.article
        assert article is not None
        try:  # the JSON made in the cleaning process if there is (bytes go out as they are)
            await (await articles.send(key=article.id.encode(), value=outcome.article_json or article))
        except TOO_LARGE as error:
            if not too_large(error):
                raise
            outcome = Outcome(rejected=reject(
                "article_too_large", f"the cleaned article is over the message limit: {error.__cause__ or error}",
                size=size, url=article.url, origin=origin))
    if outcome.rejected is not None:
        rejected = outcome.rejected
        try:
            await (await rejected_pages.send(key=rejected_key(rejected), value=rejected))
        except TOO_LARGE as error:  # only a huge url can do that: keep its head
            if not too_large(error):
                raise
            rejected = rejected.derive(url=(rejected.url or "")[:2000])
            await (await rejected_pages.send(key=rejected_key(rejected), value=rejected))
        stats.record_rejected(rejected.asdict())
        return None
    sent = article.asdict()
    stats.record_article(sent)
    acks = []
    for item in outcome.ticker:
        try:
            acks.append(await ticker_candidates.send(key=item.id.encode(), value=item))
        except TOO_LARGE as error:
            if not too_large(error):
                raise
            log.warning("ticker item of %s over the message limit, not published", article.url)
    for result in await asyncio.gather(*acks, return_exceptions=True):  # one wait for the page's items
        if isinstance(result, BaseException):
            if not too_large(result):
                raise result
            log.warning("ticker item of %s over the broker's message limit, not published", article.url)
    return sent


async def publish_until_sent(outcome: Outcome, *, origin: Origin, size: int) -> dict[str, Any] | None:
    """Publish until the broker has acked the page's events, retrying a failed send with backoff:
    an exception out of the agent would make Faust ack the page without an outcome (lost). A retry
    may repeat events; they are keyed (at-least-once). Past DEPECHE_PUBLISH_GIVE_UP seconds the
    worker exits uncommitted, to be restarted (agents/publishing.py). The article sent, or None."""
    published: dict[str, Any] | None = None

    async def send() -> None:
        nonlocal published
        published = await publish(outcome, origin=origin, size=size)

    await _until_sent(send, topic=origin.topic or "", partition=origin.partition or 0)
    return published


async def _until_sent(send, *, topic: str, partition: int) -> None:  # type: ignore[no-untyped-def]
    try:
        await stats.stalls.until_sent(send, topic=topic, partition=partition, give_up=settings.publish_give_up)
    except PublishGaveUp as error:
        exit_for_restart(error)


@app.agent(raw_pages)
async def clean_pages(stream):  # type: ignore[no-untyped-def]
    """Clean every raw page in the pool, several at a time; bad input becomes a Rejected event and
    the stream goes on. A page is acked (its offset committable) only once its outcome is sent, and
    each partition's outcomes go out in input order (agents/lanes.py).

    With the stories stage on, each article's probes (made in the cleaning process,
    agents/story_bands.py) go to ``story-work`` too, batched across pages (agents/story_probes.py); a page is acked once its probes are acked as well, still in
    input order per partition (``acks``), without holding back the next page's outcome."""
    pages = stream.noack()
    probing = settings.story_stage and not settings.story_reads_articles
    job = PageJob(OPTIONS, CATALOG, then=ArticleProbes(settings.topic_partitions) if probing else None)
    pool = ProcessPool(job, processes=settings.clean_processes, timeout=settings.clean_timeout,
                       preload=["schemas.outcome", "agents.story_bands"])
    lanes = Lanes(limit=IN_FLIGHT_PER_PROCESS * settings.clean_processes)
    probes = ProbeBatcher(_probes_until_sent) if probing else None
    acks = Lanes(limit=WAITING_FOR_PROBES)
    try:
        await pool.start()
        async for event in pages.events():
            stats.record_page_in()
            message = event.message
            origin = Origin(topic=message.topic, partition=message.partition, offset=message.offset)

            async def finish(outcome: Outcome, event=event, origin: Origin = origin) -> None:  # type: ignore[no-untyped-def]
                article = await publish_until_sent(outcome, origin=origin, size=len(event.value or b""))
                if probes is None:
                    await pages.ack(event)
                    return
                sent = probes.add(outcome.probes if article is not None else [])
                await acks.submit(event.message.tp, sent, lambda _: pages.ack(event))

            await lanes.submit(message.tp, outcome_in_pool(pool, event.value, origin), finish)
            if not app.flow_control.is_active():
                # A rebalance began: Faust acks the messages it skips from now on, and such an ack
                # must not land before ours of earlier pages (see agents/lanes.py). Finish first.
                await lanes.drain()
                if probes is not None:
                    await probes.drain()
                    await acks.drain()
    except Exception as error:  # noqa: BLE001 - a stop (cancellation) is not an Exception
        exit_after_crash("clean_pages", error)  # its pages in flight stay unacked: redelivered
    finally:
        await lanes.cancel()  # what is not sent is not acked: it comes again after a restart
        await acks.cancel()
        if probes is not None:
            await probes.close()
        await pool.close()


async def _probes_until_sent(send) -> None:  # type: ignore[no-untyped-def]
    """A batch of probes, sent until acked like a page's events (shown as stalled on ``story-work``,
    partition -1: the batch holds probes of pages from every input partition)."""
    await _until_sent(send, topic=story_work.get_topic_name(), partition=-1)


async def outcome_in_pool(pool: ProcessPool, value: bytes | None, origin: Origin) -> Outcome:
    """The page's Outcome, cleaned in a pool process; a deadline, a dead process or a cleaner
    bug becomes a reject (``timeout`` / ``internal_error``), never an exception."""
    size = len(value or b"")
    try:
        return await pool.run(value, origin)
    except JobTimeout as late:
        log.warning("cleaning %s:%s:%s stopped: %s; rejected, its process replaced",
                    origin.topic, origin.partition, origin.offset, late)
        return Outcome(rejected=reject(TIMEOUT, f"cleaning stopped past the deadline (DEPECHE_CLEAN_TIMEOUT): {late}; "
                                       "its process was replaced", size=size, url=None, origin=origin))
    except WorkerDied as died:
        log.error("the cleaning process died on %s:%s:%s: %s", origin.topic, origin.partition, origin.offset, died)
        return Outcome(rejected=reject("internal_error", f"the cleaning process died on this page: {died}",
                                       size=size, url=None, origin=origin))
    except JobFailed as bug:
        log.error("the cleaner failed on %s:%s:%s\n%s", origin.topic, origin.partition, origin.offset, bug.trace)
        return Outcome(rejected=reject("internal_error", f"the cleaner failed on this page: {bug}",
                                       size=size, url=None, origin=origin))


@app.agent(ticker_candidates)
async def publish_ticker(stream):  # type: ignore[no-untyped-def]
    """Publish each (site, time, title) headline once within the horizon, however many pages repeat it.

    Sent first, recorded once acked: a crash in between repeats the item (same key), never loses it.
    Acks are manual: a worker stopped while a send is stalled must not ack (and commit) the candidate."""
    candidates = stream.noack()
    try:
        async for event in candidates.events():
            item: TickerItem = event.value
            partition = event.message.partition
            if ticker_memory.seen(ticker_seen.get(item.id), now=time.time(), horizon=settings.ticker_horizon):
                stats.record_ticker(item.site, duplicate=True)
            else:
                async def send(item: TickerItem = item) -> None:
                    await (await ticker_items.send(key=item.id.encode(), value=item))

                await _until_sent(send, topic=event.message.topic, partition=partition)
                ticker_seen[item.id] = ticker_memory.entry(at=time.time(), partition=partition)
                stats.record_ticker(item.site, duplicate=False)
            await candidates.ack(event)
    except Exception as error:  # noqa: BLE001 - a stop (cancellation) is not an Exception
        exit_after_crash("publish_ticker", error)  # the candidate stays unacked: redelivered


@app.timer(ticker_memory.purge_interval(settings.ticker_horizon))
async def expire_ticker_seen() -> None:
    """Forget ticker items older than the horizon: a tombstone each on the changelog, which compacts,
    so neither the table nor its replay at start grows without bound."""
    if app.rebalancing:  # partitions are moving: the next round purges what this one skips
        return
    for key, partition in ticker_memory.expired(list(ticker_seen.data.items()), now=time.time(),
                                                horizon=settings.ticker_horizon):
        ticker_seen.send_changelog(partition, key, None, value_serializer="raw")
        ticker_seen.data.pop(key, None)
