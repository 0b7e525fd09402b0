"""Live counters of one worker, for the dashboard and ``/metrics``: in memory, reset on restart.

Memory and Prometheus series stay bounded whatever the number of sites crawled: per-site figures
are the dashboard's top sites (``TopCounts``), and ``/metrics`` has no per-site series unless
``DEPECHE_METRICS_SITE_LABELS`` allows a capped number of them."""
from __future__ import annotations

import time
from collections import Counter, OrderedDict, deque
from dataclasses import dataclass, field
from typing import Any

from prometheus_client import CollectorRegistry
from prometheus_client import Counter as PromCounter
from prometheus_client import Gauge as PromGauge

from pipeline import __version__

from .publishing import StallCollector, Stalls
from .app import settings
from .topn import TopCounts

__all__ = ["OTHER_SITES", "Metrics", "Rate", "Stats", "stats"]

#: Latest items kept for the dashboard lists, and articles kept for ``/api/articles/{id}``.
_RECENT = 50
_BY_ID = 200
#: The ``site`` label of the sites beyond the cap of ``DEPECHE_METRICS_SITE_LABELS``.
OTHER_SITES = "_other"


class Rate:
    """Events per second, kept as one bucket per second for the last ``keep`` seconds."""

    def __init__(self, window: int = 10, keep: int = 120) -> None:
        self.window = window
        self.keep = keep
        self._buckets: deque[list[int]] = deque(maxlen=keep + 1)

    def add(self, count: int = 1, *, now: float | None = None) -> None:
        second = int(time.time() if now is None else now)
        if self._buckets and self._buckets[-1][0] == second:
            self._buckets[-1][1] += count
        else:
            self._buckets.append([second, count])

    def per_second(self, *, now: float | None = None, since: float | None = None) -> float:
        """Average over the last ``window`` seconds; a younger worker divides by its age."""
        now = time.time() if now is None else now
        first = int(now) - self.window + 1
        total = sum(count for second, count in self._buckets if second >= first)
        span = float(self.window)
        if since is not None:
            span = max(1.0, min(span, now - since))
        return round(total / span, 2)

    def series(self, *, now: float | None = None) -> list[int]:
        """Events in each of the last ``keep`` seconds, oldest first (the dashboard's chart)."""
        last = int(time.time() if now is None else now)
        counts = {second: count for second, count in self._buckets}
        return [counts.get(second, 0) for second in range(last - self.keep + 1, last + 1)]


class Metrics:
    """Our Prometheus counters, in a registry of their own (Faust's sensor metrics join it).

    Every label has a bounded set of values. ``site`` labels are off when ``site_labels`` is 0
    (the default); otherwise the first ``site_labels`` sites seen get a series each and all later
    ones count under ``site="_other"``: a series per site of a 100,000-site crawl would swamp the
    Prometheus server, and the dashboard already shows the top sites."""

    def __init__(self, registry: CollectorRegistry, *, site_labels: int = 0) -> None:
        self.registry = registry
        self.site_labels = site_labels
        self._labelled_sites: set[str] = set()
        by_site = ["site"] if site_labels > 0 else []
        self.pages_in = PromCounter("depeche_pages_in", "Raw pages read from the raw topic", registry=registry)
        self.articles_out = PromCounter("depeche_articles_out", "Clean articles published", by_site,
                                        registry=registry)
        self.rejected = PromCounter("depeche_rejected", "Inputs rejected, by reason", ["reason"],
                                    registry=registry)
        self.ticker_published = PromCounter("depeche_ticker_published", "Ticker items published", by_site,
                                            registry=registry)
        self.ticker_duplicates = PromCounter("depeche_ticker_duplicates",
                                             "Ticker items skipped as already published", by_site,
                                             registry=registry)
        self.info = PromGauge("depeche_worker_info", "Always 1; labels name the worker's version",
                              ["version"], registry=registry)
        self.started = PromGauge("depeche_worker_start_time_seconds", "Unix time the worker started",
                                 registry=registry)
        self.info.labels(version=__version__).set(1)

    def for_site(self, counter: PromCounter, site: str) -> PromCounter:
        """``counter`` itself, or its child for ``site`` when site labels are on (capped)."""
        if self.site_labels <= 0:
            return counter
        if site not in self._labelled_sites and len(self._labelled_sites) < self.site_labels:
            self._labelled_sites.add(site)
        return counter.labels(site=site if site in self._labelled_sites else OTHER_SITES)


@dataclass
class Stats:
    """What this worker has done since it started. The agents call the ``record_*`` methods."""

    started_at: float = field(default_factory=time.time)
    pages_in: int = 0
    articles_out: int = 0
    rejected_out: int = 0
    ticker_published: int = 0
    ticker_duplicates: int = 0
    rejects_by_reason: Counter[str] = field(default_factory=Counter)
    #: Sites kept per count, and shown on the dashboard (``DEPECHE_DASHBOARD_TOP_SITES``).
    top_sites: int = 100
    #: Sites with a series of their own in ``/metrics`` (``DEPECHE_METRICS_SITE_LABELS``; 0: none).
    site_labels: int = 0
    #: Clean articles per site (the name is kept from the first version of /api/stats).
    pages_by_site: TopCounts = field(init=False)
    ticker_by_site: TopCounts = field(init=False)
    duplicates_by_site: TopCounts = field(init=False)
    recent_articles: deque[dict[str, Any]] = field(default_factory=lambda: deque(maxlen=_RECENT))
    recent_rejected: deque[dict[str, Any]] = field(default_factory=lambda: deque(maxlen=_RECENT))
    articles_by_id: OrderedDict[str, dict[str, Any]] = field(default_factory=OrderedDict)
    pages_in_rate: Rate = field(default_factory=Rate)
    articles_out_rate: Rate = field(default_factory=Rate)
    rejected_out_rate: Rate = field(default_factory=Rate)
    metrics: Metrics = field(init=False)
    #: Publishes in progress, per input partition: a stalled one shows here and in /metrics.
    stalls: Stalls = field(default_factory=Stalls)

    def __post_init__(self) -> None:
        self.pages_by_site = TopCounts(self.top_sites)
        self.ticker_by_site = TopCounts(self.top_sites)
        self.duplicates_by_site = TopCounts(self.top_sites)
        self.metrics = Metrics(CollectorRegistry(auto_describe=True), site_labels=self.site_labels)
        self.metrics.started.set(self.started_at)
        self.metrics.registry.register(StallCollector(self.stalls))

    def record_page_in(self) -> None:
        self.pages_in += 1
        self.pages_in_rate.add()
        self.metrics.pages_in.inc()

    def record_article(self, article: dict[str, Any]) -> None:
        """One clean article sent (``Article.asdict()``)."""
        site = str(article.get("site") or "")
        self.articles_out += 1
        self.articles_out_rate.add()
        self.pages_by_site.add(site)
        self.metrics.for_site(self.metrics.articles_out, site).inc()
        self.recent_articles.appendleft(article)
        self.articles_by_id[str(article.get("id"))] = article
        while len(self.articles_by_id) > _BY_ID:
            self.articles_by_id.popitem(last=False)

    def record_rejected(self, rejected: dict[str, Any]) -> None:
        """One reject sent (``Rejected.asdict()``)."""
        reason = str(rejected.get("reason") or "unknown")
        self.rejected_out += 1
        self.rejected_out_rate.add()
        self.rejects_by_reason[reason] += 1
        self.metrics.rejected.labels(reason=reason).inc()
        self.recent_rejected.appendleft(rejected)

    def record_ticker(self, site: str, *, duplicate: bool) -> None:
        """One ticker candidate: published, or skipped as already seen."""
        if duplicate:
            self.ticker_duplicates += 1
            self.duplicates_by_site.add(site)
            self.metrics.for_site(self.metrics.ticker_duplicates, site).inc()
        else:
            self.ticker_published += 1
            self.ticker_by_site.add(site)
            self.metrics.for_site(self.metrics.ticker_published, site).inc()

    def article(self, article_id: str) -> dict[str, Any] | None:
        return self.articles_by_id.get(article_id)

    def sites(self) -> dict[str, dict[str, int]]:
        """The top ``top_sites`` sites by articles, then ticker items, largest first."""
        names = set(self.pages_by_site) | set(self.ticker_by_site) | set(self.duplicates_by_site)
        ranked = sorted(names, key=lambda name: (-self.pages_by_site[name], -self.ticker_by_site[name],
                                                 -self.duplicates_by_site[name], name))
        return {
            name: {"articles": self.pages_by_site[name], "ticker_published": self.ticker_by_site[name],
                   "ticker_duplicates": self.duplicates_by_site[name]}
            for name in ranked[:self.top_sites]
        }

    def snapshot(self) -> dict[str, Any]:
        now = time.time()
        return {
            "version": __version__,
            "started_at": self.started_at,
            "uptime_s": round(now - self.started_at, 1),
            "pages_in": self.pages_in,
            "articles_out": self.articles_out,
            "rejected_out": self.rejected_out,
            "ticker_published": self.ticker_published,
            "ticker_duplicates": self.ticker_duplicates,
            "rates": {
                "window_s": self.pages_in_rate.window,
                "pages_in_per_s": self.pages_in_rate.per_second(now=now, since=self.started_at),
                "articles_out_per_s": self.articles_out_rate.per_second(now=now, since=self.started_at),
                "rejected_out_per_s": self.rejected_out_rate.per_second(now=now, since=self.started_at),
            },
            "history": {
                "seconds": self.pages_in_rate.keep,
                "pages_in": self.pages_in_rate.series(now=now),
                "articles_out": self.articles_out_rate.series(now=now),
                "rejected_out": self.rejected_out_rate.series(now=now),
            },
            "rejects_by_reason": dict(self.rejects_by_reason),
            "pages_by_site": self.pages_by_site.as_dict(),
            "top_sites": self.top_sites,
            "sites": self.sites(),
            "publish_stalls": self.stalls.snapshot(),
        }


stats = Stats(top_sites=settings.dashboard_top_sites, site_labels=settings.metrics_site_labels)
