"""One raw message in, the events it yields out: the whole per-page job, minus Kafka."""
from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass, field

from pipeline import CleanError, CleanOptions, SourceCatalog, clean_page
from pipeline.options import DEFAULT_OPTIONS

from .convert import InvalidRawPage, events_from, parse_raw_page, rejected, rejected_for
from .events import Article, RawPage, Rejected, TickerItem

__all__ = ["TIMEOUT", "Origin", "Outcome", "PageJob", "outcome_of_message", "outcome_of_page"]

#: Reject reason of a page whose cleaning ran past the worker's deadline (DEPECHE_CLEAN_TIMEOUT).
TIMEOUT = "timeout"


@dataclass(frozen=True, slots=True)
class Origin:
    """Where a message came from, for the rejected-pages topic."""

    topic: str | None = None
    partition: int | None = None
    offset: int | None = None


@dataclass(frozen=True, slots=True)
class Outcome:
    """Exactly one of ``article`` / ``rejected`` is set; ``ticker`` only with an article.

    ``article_json``: the article as it goes on the wire (``Article.dumps()``), when made in a
    cleaning process (PageJob), so that the worker's event loop sends ready bytes. ``probes``: the
    article's band probes for the stories stage, ``(story-work partition, JSON item)``, when the
    worker has its cleaning processes make them (agents/story_bands.py)."""

    article: Article | None = None
    ticker: list[TickerItem] = field(default_factory=list)
    rejected: Rejected | None = None
    probes: list[tuple[int, bytes]] = field(default_factory=list)
    article_json: bytes | None = None


def outcome_of_page(
    raw: RawPage,
    *,
    origin: Origin = Origin(),
    options: CleanOptions = DEFAULT_OPTIONS,
    catalog: SourceCatalog | None = None,
) -> Outcome:
    """Clean one RawPage; a CleanError becomes a Rejected, never an exception."""
    try:
        doc = clean_page(raw.body, url=raw.url, content_type=raw.content_type, options=options, catalog=catalog)
    except CleanError as error:
        return Outcome(rejected=rejected(error, size=_utf8_size(raw.body), url=raw.url, topic=origin.topic,
                                         partition=origin.partition, offset=origin.offset))
    except (RecursionError, MemoryError, ValueError, TypeError, LookupError, ArithmeticError) as bug:
        # A cleaner bug must not stop the stream or lose the page: it is rejected with the cause.
        return Outcome(rejected=rejected_for(
            "internal_error", f"the cleaner failed on this page: {bug!r}", size=_utf8_size(raw.body), url=raw.url,
            topic=origin.topic, partition=origin.partition, offset=origin.offset))
    article, ticker = events_from(doc, raw)
    return Outcome(article=article, ticker=ticker)


def _utf8_size(body: str) -> int:
    """A reject's size; counted only for rejects, not for every page cleaned."""
    return len(body.encode("utf-8", "surrogatepass"))


def outcome_of_message(
    value: bytes | None,
    *,
    origin: Origin = Origin(),
    options: CleanOptions = DEFAULT_OPTIONS,
    catalog: SourceCatalog | None = None,
) -> Outcome:
    """Validate and clean one raw-topic message; bad input becomes a Rejected with a reason."""
    try:
        raw = parse_raw_page(value)
    except InvalidRawPage as error:
        return Outcome(rejected=rejected(error, size=len(value or b""), url=error.url, topic=origin.topic,
                                         partition=origin.partition, offset=origin.offset))
    return outcome_of_page(raw, origin=origin, options=options, catalog=catalog)


@dataclass(frozen=True, slots=True)
class PageJob:
    """:func:`outcome_of_message` with the worker's options and catalog bound, as one picklable
    callable: what a cleaning process runs (agents/pool.py), a raw message in, its Outcome out,
    its article serialised there too; ``then``, if given (picklable too), adds to each Outcome what
    else the worker wants made there."""

    options: CleanOptions = DEFAULT_OPTIONS
    catalog: SourceCatalog | None = None
    then: Callable[[Outcome], Outcome] | None = None

    def __call__(self, value: bytes | None, origin: Origin) -> Outcome:
        outcome = outcome_of_message(value, origin=origin, options=self.options, catalog=self.catalog)
        if outcome.article is not None:
            outcome = dataclasses.replace(outcome, article_json=outcome.article.dumps())
        return outcome if self.then is None else self.then(outcome)
