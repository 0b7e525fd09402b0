"""Inputs of ``depeche clean`` and ``depeche produce``: page files, folders, WARC archives, stdin.

Inputs are checked before anything is read or sent (:func:`resolve_inputs`), so a wrong path or
an empty folder is one clear error and no broker is contacted for nothing. Pages are then read
one at a time (:func:`iter_pages`): an archive of millions of records is never held in memory.
"""
from __future__ import annotations

import gzip
import os
import sys
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from pipeline.urls import canonical_link

from .warc import WarcTally, is_warc_head, read_warc

__all__ = [
    "PAGE_SUFFIXES",
    "Input",
    "InputError",
    "PageFile",
    "content_type_for",
    "iter_pages",
    "resolve_inputs",
    "url_in_html",
]

#: Files a folder is searched for (``.gz`` covers gzipped pages and ``.warc.gz`` archives).
PAGE_SUFFIXES = (".html", ".htm", ".txt", ".gz", ".warc")
_SNIFF_BYTES = 4096  # a gzip member's Huffman tables come before its first byte of text


class InputError(Exception):
    """An input that cannot be used at all (missing, unreadable, a folder without pages)."""


@dataclass(frozen=True, slots=True)
class Input:
    """One file to read (``path`` None: stdin), and whether it is a WARC archive."""

    path: Path | None
    warc: bool = False

    @property
    def name(self) -> str:
        return "-" if self.path is None else str(self.path)


@dataclass(frozen=True, slots=True)
class PageFile:
    """One page read from a file, stdin or a WARC record, still as bytes."""

    name: str
    body: bytes
    content_type: str
    url: str | None = None  # known for WARC records (WARC-Target-URI)
    fetched_at: str | None = None  # WARC-Date


def content_type_for(name: str) -> str:
    """``text/plain`` for .txt (also inside .gz), otherwise ``text/html``."""
    stem = name[:-3] if name.endswith(".gz") else name
    return "text/plain" if stem.endswith(".txt") else "text/html"


def resolve_inputs(paths: list[str]) -> list[Input]:
    """Every input named, folders expanded (sorted); raises InputError naming the first path that
    does not exist or cannot be read, or when there is nothing at all to read."""
    inputs: list[Input] = []
    empty: list[str] = []
    for raw in paths:
        if raw == "-":
            inputs.append(Input(None))
            continue
        path = Path(raw)
        if path.is_dir():
            found = [_input(p) for p in sorted(path.rglob("*")) if p.is_file() and p.name.lower().endswith(PAGE_SUFFIXES)]
            if not found:
                empty.append(raw)
            inputs.extend(found)
        elif path.exists():
            inputs.append(_input(path))
        else:
            raise InputError(f"{raw}: no such file or directory")
    if not inputs:
        raise InputError(f"no pages to read in {', '.join(empty)} (looked for {' '.join(PAGE_SUFFIXES)} files)")
    return inputs


def _input(path: Path) -> Input:
    if not os.access(path, os.R_OK):
        raise InputError(f"{path}: permission denied")
    try:
        with path.open("rb") as file:
            head = file.read(_SNIFF_BYTES)
    except OSError as error:
        raise InputError(f"{path}: {error.strerror or error}") from None
    return Input(path, warc=is_warc_head(head))


def iter_pages(
    inputs: list[Input], *, content_type: str | None, tally: WarcTally, problems: list[str],
) -> Iterator[PageFile]:
    """The pages of every input in order. A file that cannot be read or unpacked is added to
    ``problems`` and skipped; WARC records are accounted for in ``tally``."""
    for item in inputs:
        if item.path is None:
            yield from _stdin_pages(content_type, tally, problems)
        elif item.warc:
            try:
                stream = item.path.open("rb")
            except OSError as error:
                problems.append(f"{item.name}: cannot read: {_why(error)}")
                continue
            with stream:
                yield from _warc_pages(stream, item.name, tally, seekable=True)
        else:
            try:
                body = _unpack(item.path.read_bytes(), item.name)
            except (OSError, EOFError, zlib.error) as error:
                problems.append(f"{item.name}: cannot read: {_why(error)}")
                continue
            yield PageFile(item.name, body, content_type or content_type_for(item.name))


def _stdin_pages(content_type: str | None, tally: WarcTally, problems: list[str]) -> Iterator[PageFile]:
    stream = sys.stdin.buffer
    head = stream.read(_SNIFF_BYTES)  # a pipe may hand out less at a time than a peek would need
    if is_warc_head(head):
        yield from _warc_pages(_Prefixed(head, stream), "-", tally, seekable=False)
        return
    try:
        body = _unpack(head + stream.read(), "-")
    except (OSError, EOFError, zlib.error) as error:
        problems.append(f"-: cannot read: {_why(error)}")
        return
    yield PageFile("-", body, content_type or "text/html")


class _Prefixed:
    """The bytes already read from a stream, then the rest of it."""

    def __init__(self, head: bytes, rest) -> None:  # type: ignore[no-untyped-def]
        self.head, self.rest = head, rest

    def read(self, size: int = -1) -> bytes:
        if not self.head:
            return self.rest.read(size)
        if size < 0:
            data, self.head = self.head + self.rest.read(), b""
            return data
        data, self.head = self.head[:size], self.head[size:]
        return data


def _warc_pages(stream, name: str, tally: WarcTally, *, seekable: bool) -> Iterator[PageFile]:  # type: ignore[no-untyped-def]
    for page in read_warc(stream, name, tally, seekable=seekable):
        yield PageFile(page.url, page.body, page.content_type, url=page.url, fetched_at=page.fetched_at)


def _unpack(body: bytes, name: str) -> bytes:
    if name.endswith(".gz") or body[:2] == b"\x1f\x8b":
        return gzip.decompress(body)
    return body


def _why(error: BaseException) -> str:
    if isinstance(error, OSError) and error.strerror:
        return error.strerror
    return str(error) or type(error).__name__


def url_in_html(body: bytes) -> str | None:
    """The page's own canonical URL (``<link rel=canonical>`` / ``og:url``) from its head."""
    return canonical_link(body[:262_144].decode("utf-8", "replace"))
