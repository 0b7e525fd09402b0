"""The values the cleaner returns: frozen, plain, serialisable."""
from __future__ import annotations

from dataclasses import dataclass, field

__all__ = ["Block", "BLOCK_KINDS", "Document", "SourceTag", "TickerItem"]

BLOCK_KINDS = ("heading", "paragraph", "quote", "list_item")


@dataclass(frozen=True, slots=True)
class Block:
    """One unit of article body, in reading order."""

    kind: str
    text: str

    def __post_init__(self) -> None:
        if self.kind not in BLOCK_KINDS:
            raise ValueError(f"unknown block kind {self.kind!r}")


@dataclass(frozen=True, slots=True)
class TickerItem:
    """A timestamped headline from a 'latest news' strip, kept apart from the body."""

    time: str  # HH:MM, 24 h
    title: str
    url: str | None = None


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

    @property
    def text(self) -> str:
        """Blocks joined by blank lines: the article body as plain text."""
        return "\n\n".join(block.text for block in self.blocks)

    @property
    def word_count(self) -> int:
        return sum(len(block.text.split()) for block in self.blocks)
