"""The extractors a benchmark run compares: depeche's cleaner and its peers, by name.

Each entry builds a function ``(html, url) -> text``.  The peers are development-only
dependencies (the ``dev`` extra of pyproject.toml, pinned there) and are imported only when their
entry is built, so depeche itself never needs them.  Each is called the way its authors or the
benchmark that reports it call it:

* trafilatura 2.3.1: ``extract(html, include_comments=False)``;
* readability-lxml 0.9: ``html_text.extract_text(Document(html).summary(html_partial=True))``,
  as the WCXB README states its call;
* rs-trafilatura 0.1.1 (the Rust port of trafilatura): ``extract(html, url=url,
  include_comments=False).main_content`` (``url`` is keyword-only; it hints the page type).
"""
from __future__ import annotations

from collections.abc import Callable
from importlib import metadata
from typing import NamedTuple

from pipeline import clean_page
from pipeline.errors import CleanError

__all__ = ["EXTRACTORS", "Entry", "Extractor", "PEERS", "build", "version_of"]

Extractor = Callable[[str, str | None], str]


def depeche(html: str, url: str | None) -> str:
    """What users get: the whole cleaner (extraction, boilerplate, ticker, sources, language)."""
    try:
        return clean_page(html, url=url).text
    except CleanError:
        return ""


def _depeche() -> Extractor:
    return depeche


def _trafilatura() -> Extractor:
    import trafilatura

    def run(html: str, url: str | None) -> str:
        return trafilatura.extract(html, include_comments=False) or ""

    return run


def _readability() -> Extractor:
    import html_text
    from readability import Document

    def run(html: str, url: str | None) -> str:
        return html_text.extract_text(Document(html).summary(html_partial=True)) or ""

    return run


def _rs_trafilatura() -> Extractor:
    import rs_trafilatura

    def run(html: str, url: str | None) -> str:
        return rs_trafilatura.extract(html, url=url, include_comments=False).main_content or ""

    return run


class Entry(NamedTuple):
    distribution: str  # whose version the report prints
    builder: Callable[[], Extractor]
    #: False when the work happens in native code whose heap tracemalloc cannot see
    python_heap: bool = True


EXTRACTORS: dict[str, Entry] = {
    "depeche": Entry("depeche", _depeche),
    "trafilatura": Entry("trafilatura", _trafilatura),
    "readability": Entry("readability-lxml", _readability),
    "rs-trafilatura": Entry("rs-trafilatura", _rs_trafilatura, python_heap=False),
}
PEERS = tuple(name for name in EXTRACTORS if name != "depeche")


def build(name: str) -> Extractor:
    """The extractor called ``name``; ImportError names the extra to install for a peer."""
    try:
        return EXTRACTORS[name].builder()
    except ImportError as error:
        raise ImportError(
            f"{name} is a development-only peer: pip install -e '.[dev]' ({error})"
        ) from error


def version_of(name: str) -> str:
    try:
        return metadata.version(EXTRACTORS[name].distribution)
    except metadata.PackageNotFoundError:
        return "?"
