"""Web views on the worker's Faust web server."""
from __future__ import annotations

from typing import Any

from faust.web import Request, Response, View

from .app import app
from .stats import stats

__all__ = ["StatsView"]


@app.page("/api/stats")
class StatsView(View):
    """Counters since the worker started, as JSON."""

    async def get(self, request: Request) -> Response:
        return self.json(stats.snapshot())


@app.page("/api/articles")
class ArticlesView(View):
    """The latest clean articles (``?limit=N``)."""

    async def get(self, request: Request) -> Response:
        limit = _limit(request.query.get("limit"))
        items: list[dict[str, Any]] = list(stats.recent_articles)[:limit]
        return self.json({"articles": items})


@app.page("/api/rejected")
class RejectedView(View):
    """The latest rejected inputs with their reasons."""

    async def get(self, request: Request) -> Response:
        limit = _limit(request.query.get("limit"))
        return self.json({"rejected": list(stats.recent_rejected)[:limit]})


def _limit(raw: str | None, default: int = 10, most: int = 100) -> int:
    try:
        return max(1, min(most, int(raw))) if raw else default
    except ValueError:
        return default
