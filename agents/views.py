"""The worker's web view: the dashboard at ``/``, its JSON API, Prometheus ``/metrics`` and the
``/healthz`` and ``/readyz`` probes.

Routes are registered on import, before the worker starts its web server; Faust mounts its own
blueprints (``/router``, the production index at ``/``) only when the server starts, and aiohttp
answers a path with the first route registered for it, so our ``/`` wins over Faust's index.
"""
from __future__ import annotations

import asyncio
import logging
import os
import socket
import time
from importlib import resources
from typing import Any

import aiohttp
from faust.sensors.prometheus import setup_prometheus_sensors
from faust.web import Request, Response, View

from .app import app, settings
from .health import readiness
from .stats import stats
from .story_stats import story_stats

__all__ = ["ArticleView", "ArticlesView", "ClusterView", "DashboardView", "HealthView", "ReadyView", "RejectedView",
           "StaticView", "StatsView", "StoriesView", "cluster_snapshot", "consumer_lag", "sum_snapshots", "worker_readiness",
           "worker_snapshot"]

log = logging.getLogger(__name__)

#: Faust's sensor metrics join our counters in one fresh registry, served at ``/metrics``.
#: The prefix is fixed (not the app id) so that queries work for every deployment.
setup_prometheus_sensors(app, pattern="/metrics", registry=stats.metrics.registry, name_prefix="faust")

_STATIC = resources.files(__package__) / "static"
_ASSETS = {"dashboard.css": "text/css", "dashboard.js": "text/javascript"}
#: Scraped data is only ever set as text by dashboard.js; the policy is a second line of defence.
_HEADERS = {
    "Content-Security-Policy": "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; "
                               "connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "Cache-Control": "no-store",
}
_PEER_TIMEOUT = aiohttp.ClientTimeout(total=2.0)


@app.page("/")
class DashboardView(View):
    """The live dashboard (HTML). A client that asks for JSON only gets Faust's ``{"status": "OK"}``."""

    async def get(self, request: Request) -> Response:
        accept = request.headers.get("Accept", "")
        if "application/json" in accept and "text/html" not in accept:
            return self.json({"status": "OK"})
        html = (_STATIC / "dashboard.html").read_text(encoding="utf-8")
        return self.html(html, headers=dict(_HEADERS))


@app.page("/static/{name}")
class StaticView(View):
    """The dashboard's own script and style sheet, shipped in the package (no CDN)."""

    async def get(self, request: Request, name: str) -> Response:
        content_type = _ASSETS.get(name)
        if content_type is None:
            return self.json({"error": "not found"}, status=404)
        body = (_STATIC / name).read_bytes()
        return self.bytes(body, content_type=content_type, headers=dict(_HEADERS))


@app.page("/api/stats")
class StatsView(View):
    """This worker's counters, rates, consumer lag, uptime and version, as JSON."""

    async def get(self, request: Request) -> Response:
        return self.json(await worker_snapshot())


@app.page("/healthz")
class HealthView(View):
    """Liveness: any answer at all means the event loop runs (a probe's timeout catches one that
    is blocked); nothing else is checked, so a broker outage never gets the worker restarted."""

    async def get(self, request: Request) -> Response:
        return self.json({"status": "ok", "uptime_s": round(time.time() - stats.started_at, 1)})


@app.page("/readyz")
class ReadyView(View):
    """Readiness: 200 when the consumer runs and owns partitions of the raw topic, or is an idle
    member of a group with more workers than partitions; 503 otherwise (see agents/health.py)."""

    async def get(self, request: Request) -> Response:
        answer = worker_readiness()
        return self.json(answer, status=200 if answer["ready"] else 503)


def worker_readiness() -> dict[str, Any]:
    """The facts ``agents.health.readiness`` decides on, read from the running app."""
    try:
        consumer = app.consumer
        running = bool(consumer.started) and not consumer.should_stop and not consumer.crashed
        assigned = sorted(tp.partition for tp in consumer.assignment() if tp.topic == settings.topic_raw)
    except Exception:  # noqa: BLE001 - no consumer yet
        running, assigned = False, []
    distribution = app.assignor.external_topic_distribution  # worker url -> {topic: [partitions]}
    members = len(distribution)
    partitions = sum(len(topics.get(settings.topic_raw, ())) for topics in distribution.values())
    verdict = readiness(running=running, assigned=assigned, members=members, partitions=partitions)
    return {"ready": verdict.ready, "detail": verdict.detail, "partitions": assigned, "members": members,
            "raw_partitions": partitions, "rebalancing": bool(app.rebalancing)}


@app.page("/api/cluster")
class ClusterView(View):
    """Every worker of the consumer group, and their counters summed (see docs/dashboard.md)."""

    async def get(self, request: Request) -> Response:
        return self.json(await cluster_snapshot())


@app.page("/api/articles")
class ArticlesView(View):
    """The latest clean articles, newest first (``?limit=N``), without their text."""

    async def get(self, request: Request) -> Response:
        limit = _limit(request.query.get("limit"))
        return self.json({"articles": [_summary(a) for a in list(stats.recent_articles)[:limit]]})


@app.page("/api/articles/{article_id}")
class ArticleView(View):
    """One recent clean article, the whole event as published to the articles topic."""

    async def get(self, request: Request, article_id: str) -> Response:
        article = stats.article(article_id)
        if article is None:
            return self.json({"error": "not found", "id": article_id,
                              "detail": "only the latest articles this worker cleaned are kept"}, status=404)
        return self.json(article)


@app.page("/api/rejected")
class RejectedView(View):
    """The latest rejected inputs with their reasons, newest first (``?limit=N``)."""

    async def get(self, request: Request) -> Response:
        limit = _limit(request.query.get("limit"))
        return self.json({"rejected": list(stats.recent_rejected)[:limit]})


@app.page("/api/stories")
class StoriesView(View):
    """Wire copies: the stories this worker published in the last hour with most sites
    (``?limit=N``), the sources credited across their members, today's share of copies."""

    async def get(self, request: Request) -> Response:
        return self.json(story_stats.snapshot(limit=_limit(request.query.get("limit"))))


def _limit(raw: str | None, default: int = 10, most: int = 50) -> int:
    try:
        return max(1, min(most, int(raw))) if raw else default
    except ValueError:
        return default


def _summary(article: dict[str, Any]) -> dict[str, Any]:
    keys = ("id", "url", "site", "title", "language", "sources", "word_count", "fetched_at", "published_at")
    return {**{key: article.get(key) for key in keys}, "href": f"/api/articles/{article.get('id')}"}


def _worker_url() -> str:
    return str(app.conf.canonical_url).rstrip("/")


async def consumer_lag() -> list[dict[str, Any]]:
    """Per assigned partition of the raw topic: log end offset (highwater), committed offset,
    consumer position and lag = highwater - committed (position while nothing is committed)."""
    try:
        consumer = app.consumer
        assigned = sorted(tp for tp in consumer.assignment() if tp.topic == settings.topic_raw)
    except Exception:  # noqa: BLE001 - before the consumer starts, or during a rebalance
        return []
    committed_offsets = app.monitor.tp_committed_offsets
    rows = []
    for tp in assigned:
        try:
            highwater = consumer.highwater(tp)
        except Exception:  # noqa: BLE001
            highwater = None
        try:
            position = await asyncio.wait_for(consumer.position(tp), timeout=1.0)
        except Exception:  # noqa: BLE001
            position = None
        committed = committed_offsets.get(tp)
        base = committed if committed is not None else position
        lag = max(0, highwater - base) if highwater is not None and base is not None else None
        rows.append({"topic": tp.topic, "partition": tp.partition, "highwater": highwater,
                     "committed": committed, "position": position, "lag": lag, "worker": _worker_url()})
    return rows


async def worker_snapshot() -> dict[str, Any]:
    """``stats.snapshot()`` plus what only the app knows: topics, lag, who this worker is."""
    snapshot = stats.snapshot()
    snapshot["worker"] = {"url": _worker_url(), "app_id": app.conf.id, "host": socket.gethostname(),
                          "pid": os.getpid(), "version": snapshot["version"]}
    snapshot["topics"] = {
        settings.topic_raw: {"direction": "in", "messages": stats.pages_in},
        settings.topic_articles: {"direction": "out", "messages": stats.articles_out},
        settings.topic_ticker: {"direction": "out", "messages": stats.ticker_published},
        settings.topic_rejected: {"direction": "out", "messages": stats.rejected_out},
    }
    snapshot["lag"] = await consumer_lag()
    return snapshot


def _peer_urls() -> list[str]:
    """Web URLs of the consumer group's members, from Faust's partition assignor."""
    urls = {_worker_url()}
    try:
        for metadata in (app.router.external_topics_metadata(), app.router.tables_metadata()):
            urls.update(str(url).rstrip("/") for url in metadata)
    except Exception:  # noqa: BLE001 - no assignment yet
        log.debug("no assignment yet", exc_info=True)
    return sorted(urls)


async def _fetch_peer(url: str) -> dict[str, Any]:
    if url == _worker_url():
        return await worker_snapshot()
    async with app.http_client.get(f"{url}/api/stats", timeout=_PEER_TIMEOUT) as response:
        response.raise_for_status()
        return dict(await response.json())


async def cluster_snapshot() -> dict[str, Any]:
    """Ask every worker for its ``/api/stats`` and add them up."""
    urls = _peer_urls()
    results = await asyncio.gather(*(_fetch_peer(url) for url in urls), return_exceptions=True)
    workers: list[dict[str, Any]] = []
    snapshots: list[dict[str, Any]] = []
    for url, result in zip(urls, results, strict=True):
        if isinstance(result, BaseException):
            workers.append({"url": url, "ok": False, "error": f"{type(result).__name__}: {result}"})
            continue
        snapshots.append(result)
        workers.append({"url": url, "ok": True, "version": result.get("version"),
                        "uptime_s": result.get("uptime_s"), "pages_in": result.get("pages_in"),
                        "articles_out": result.get("articles_out"), "rejected_out": result.get("rejected_out"),
                        "partitions": sorted(row["partition"] for row in result.get("lag", []))})
    return {"workers": workers, "total": sum_snapshots(snapshots)}


_SUMMED = ("pages_in", "articles_out", "rejected_out", "ticker_published", "ticker_duplicates")


def sum_snapshots(snapshots: list[dict[str, Any]]) -> dict[str, Any]:
    """Counters and rates add up; per-reason, per-site and per-topic maps add key by key; lag
    rows (each worker reports the partitions it owns) are listed together."""
    total: dict[str, Any] = {key: sum(int(s.get(key, 0)) for s in snapshots) for key in _SUMMED}
    total["version"] = sorted({str(s.get("version")) for s in snapshots})
    total["uptime_s"] = max((float(s.get("uptime_s", 0)) for s in snapshots), default=0.0)
    rates: dict[str, Any] = {}
    for snapshot in snapshots:
        for key, value in snapshot.get("rates", {}).items():
            rates[key] = value if key == "window_s" else round(rates.get(key, 0) + value, 2)
    total["rates"] = rates
    history: dict[str, Any] = {}
    for snapshot in snapshots:
        for key, value in snapshot.get("history", {}).items():
            if key == "seconds":
                history[key] = value
            else:
                previous = history.get(key) or [0] * len(value)
                history[key] = [a + b for a, b in zip(previous, value, strict=False)]
    total["history"] = history
    for key in ("rejects_by_reason", "pages_by_site"):
        merged: dict[str, int] = {}
        for snapshot in snapshots:
            for name, count in snapshot.get(key, {}).items():
                merged[name] = merged.get(name, 0) + int(count)
        total[key] = merged
    total["pages_by_site"] = dict(sorted(total["pages_by_site"].items(), key=lambda item: (-item[1], item[0]))
                                  [:stats.top_sites])
    sites: dict[str, dict[str, int]] = {}
    for snapshot in snapshots:
        for name, counts in snapshot.get("sites", {}).items():
            row = sites.setdefault(name, {})
            for field_name, count in counts.items():
                row[field_name] = row.get(field_name, 0) + int(count)
    ranked = sorted(sites.items(), key=lambda item: (-item[1].get("articles", 0),
                                                     -item[1].get("ticker_published", 0), item[0]))
    total["sites"] = dict(ranked[:stats.top_sites])
    total["top_sites"] = stats.top_sites
    topics: dict[str, dict[str, Any]] = {}
    for snapshot in snapshots:
        for name, info in snapshot.get("topics", {}).items():
            row = topics.setdefault(name, {"direction": info.get("direction"), "messages": 0})
            row["messages"] += int(info.get("messages", 0))
    total["topics"] = topics
    total["lag"] = sorted((row for s in snapshots for row in s.get("lag", [])),
                          key=lambda row: (row["topic"], row["partition"]))
    total["publish_stalls"] = [{**row, "worker": s.get("worker", {}).get("url")}
                               for s in snapshots for row in s.get("publish_stalls", [])]
    return total
