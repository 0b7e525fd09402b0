"""The agents: raw pages → clean articles, ticker candidates and rejects; ticker dedup."""
from __future__ import annotations

import logging
from pathlib import Path

from pipeline import SourceCatalog, default_catalog
from schemas import Origin, Outcome, TickerItem, outcome_of_message

from .app import app, settings
from .stats import stats
from .topics import articles, raw_pages, rejected_pages, ticker_candidates, ticker_items

__all__ = ["clean_pages", "publish_ticker", "ticker_seen"]

log = logging.getLogger(__name__)


def _catalog() -> SourceCatalog:
    if not settings.sources_file:
        return default_catalog()
    return SourceCatalog.from_json(Path(settings.sources_file).read_bytes(), base=default_catalog())


CATALOG = _catalog()

#: ticker id → first time seen; changelog-backed, so dedup survives a restart.
ticker_seen = app.Table("ticker-seen", default=None, partitions=settings.topic_partitions)


async def publish(outcome: Outcome) -> None:
    """Send one page's events; the article or the reject is keyed so re-delivery is idempotent."""
    if outcome.rejected is not None:
        rejected = outcome.rejected
        await rejected_pages.send(key=(rejected.url or "").encode() or None, value=rejected)
        stats.rejected_out += 1
        stats.rejects_by_reason[rejected.reason] += 1
        stats.recent_rejected.appendleft(rejected.asdict())
        return
    article = outcome.article
    assert article is not None
    await articles.send(key=article.id.encode(), value=article)
    stats.articles_out += 1
    stats.pages_by_site[article.site] += 1
    stats.recent_articles.appendleft(article.asdict())
    for item in outcome.ticker:
        await ticker_candidates.send(key=item.id.encode(), value=item)


@app.agent(raw_pages)
async def clean_pages(stream):  # type: ignore[no-untyped-def]
    """Clean every raw page; bad input becomes a Rejected event and the stream goes on."""
    async for event in stream.events():
        message = event.message
        stats.pages_in += 1
        origin = Origin(topic=message.topic, partition=message.partition, offset=message.offset)
        await publish(outcome_of_message(event.value, origin=origin, catalog=CATALOG))


@app.agent(ticker_candidates)
async def publish_ticker(stream):  # type: ignore[no-untyped-def]
    """Publish each (site, time, title) headline once, however many pages repeat it."""
    item: TickerItem
    async for item in stream:
        if ticker_seen.get(item.id) is not None:
            stats.ticker_duplicates += 1
            continue
        ticker_seen[item.id] = item.seen_at
        await ticker_items.send(key=item.id.encode(), value=item)
        stats.ticker_published += 1
