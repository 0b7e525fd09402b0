"""Reading pages from disk for ``depeche clean`` and ``depeche produce``: the CLI's I/O edge."""
from __future__ import annotations

import gzip
import re
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

__all__ = ["PAGE_SUFFIXES", "PageFile", "content_type_for", "iter_page_files", "read_page", "url_in_html"]

PAGE_SUFFIXES = (".html", ".htm", ".txt", ".gz")
_CANONICAL = re.compile(
    rb"""<link[^>]+rel=["']?canonical["']?[^>]*href=["']([^"']+)["']|"""
    rb"""<meta[^>]+property=["']og:url["'][^>]*content=["']([^"']+)["']""",
    re.I,
)


@dataclass(frozen=True, slots=True)
class PageFile:
    """One page read from disk (or stdin), still as bytes."""

    name: str
    body: bytes
    content_type: str


def content_type_for(name: str) -> str:
    """``text/plain`` for .txt (also inside .gz), otherwise ``text/html``."""
    stem = name[:-3] if name.endswith(".gz") else name
    return "text/plain" if stem.endswith(".txt") else "text/html"


def iter_page_files(paths: list[str]) -> Iterator[Path | None]:
    """Files named, and page files inside folders named, sorted; ``-`` (stdin) as None."""
    for raw in paths:
        if raw == "-":
            yield None
            continue
        path = Path(raw)
        if path.is_dir():
            yield from sorted(p for p in path.rglob("*") if p.is_file() and p.name.endswith(PAGE_SUFFIXES))
        else:
            yield path


def read_page(path: Path | None, *, content_type: str | None = None) -> PageFile:
    if path is None:
        body = sys.stdin.buffer.read()
        name = "-"
    else:
        body = path.read_bytes()
        name = str(path)
    if name.endswith(".gz") or body[:2] == b"\x1f\x8b":
        body = gzip.decompress(body)
    return PageFile(name=name, body=body, content_type=content_type or content_type_for(name))


def url_in_html(body: bytes) -> str | None:
    """The page's own canonical URL (``<link rel=canonical>`` / ``og:url``) from its head."""
    match = _CANONICAL.search(body[:65536])
    if match is None:
        return None
    found = match.group(1) or match.group(2)
    return found.decode("utf-8", "replace").strip() or None
