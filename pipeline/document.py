"""The values the cleaner returns: frozen, plain, serialisable."""
from __future__ import annotations

import re
from dataclasses import dataclass, field

__all__ = ["Block", "BLOCK_KINDS", "Document", "SourceTag", "TickerItem", "visible_text"]

BLOCK_KINDS = ("heading", "paragraph", "quote", "list_item")

#: Characters that show as nothing yet split words for every reader of the text (search, word
#: counts, shingles): soft hyphens (French and German pages put them inside long words), zero-width
#: spaces, word joiners and byte-order marks left inside text.  Zero-width joiners and
#: non-joiners stay: Persian and Indic spellings and emoji sequences need them.
_INVISIBLE_CHARS = "\u00ad\u200b\u2060\ufeff"
_INVISIBLE = re.compile(f"[{_INVISIBLE_CHARS}]")


def visible_text(text: str) -> str:
    """``text`` without the invisible characters above: applied once, as the values the
    cleaner returns are built, whichever path (HTML or text dump) produced the text.
    Most texts hold none: four substring tests (none at all for ASCII) settle them for a
    twentieth of the regex's cost, microseconds per paragraph."""
    if text.isascii() or not any(map(text.__contains__, _INVISIBLE_CHARS)):
        return text
    return _INVISIBLE.sub("", text)


@dataclass(frozen=True, slots=True)
class Block:
    """One unit of article body, in reading order."""

    kind: str
    text: str

    def __post_init__(self) -> None:
        if self.kind not in BLOCK_KINDS:
            raise ValueError(f"unknown block kind {self.kind!r}")
        text = visible_text(self.text)
        if text != self.text:  # "débat. \ufeff": no space left at an end or doubled
            text = " ".join(text.split())
        object.__setattr__(self, "text", text)


@dataclass(frozen=True, slots=True)
class TickerItem:
    """A timestamped headline from a 'latest news' strip, kept apart from the body."""

    time: str  # HH:MM, 24 h
    title: str
    url: str | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "title", visible_text(self.title))


@dataclass(frozen=True, slots=True)
class SourceTag:
    """A news source credited by the page, with the words that credited it."""

    name: str
    kind: str  # "agency" | "outlet"
    evidence: str


@dataclass(frozen=True, slots=True)
class Document:
    """A cleaned page: what the article says, without the page around it."""

    title: str
    blocks: tuple[Block, ...]
    ticker: tuple[TickerItem, ...] = ()
    sources: tuple[SourceTag, ...] = ()
    language: str = "und"
    published_at: str | None = None
    url: str | None = None
    removed: tuple[str, ...] = field(default=(), repr=False)
    # what the page says about its article (pipeline.metadata); HTML pages only
    authors: tuple[str, ...] = ()
    description: str | None = None
    image: str | None = None  # absolute URL
    section: str | None = None
    tags: tuple[str, ...] = ()
    modified_at: str | None = None  # ISO 8601, like published_at
    canonical_url: str | None = None  # the page's own canonical link, normalised (pipeline.urls)
    site_name: str | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "title", visible_text(self.title))

    @property
    def text(self) -> str:
        """Blocks joined by blank lines: the article body as plain text."""
        return "\n\n".join(block.text for block in self.blocks)

    @property
    def word_count(self) -> int:
        return sum(len(block.text.split()) for block in self.blocks)
