"""The line-based path: text dumps of pages (one paragraph per line) into title and blocks."""
from __future__ import annotations

import re
from collections.abc import Sequence

from .document import Block

__all__ = ["blocks_from_lines", "unwrap_lines"]

_SENTENCE_END = re.compile(r"[.!?:;…»”\"')\]]\s*$")
_BULLET = re.compile(r"^\s*(?:[-–•·*▪]|\d{1,2}[.)])\s+(?=\S)")
_QUOTE = re.compile(r"^\s*>\s?")
#: Headings are short and do not end like sentences.
_HEADING_MAX_CHARS = 160
_HEADING_MIN_WORDS = 2


def unwrap_lines(lines: Sequence[str]) -> list[str]:
    """Join hard-wrapped lines: a line that does not end a sentence, followed by one that
    starts in lower case, is the same paragraph.

    Each paragraph's lines are joined once, at its end, and only its last line is read for a
    sentence end: growing the paragraph line by line and searching all of it each time cost
    the square of its length.
    """
    out: list[str] = []
    paragraph: list[str] = []  # lines of the paragraph being read (stripped, none empty)
    for line in lines:
        text = line.strip()
        if paragraph and text and text[0].islower() and not _SENTENCE_END.search(paragraph[-1]):
            paragraph.append(text)
            continue
        if paragraph:
            out.append(" ".join(paragraph))
            paragraph = []
        if text:
            paragraph.append(text)
        else:
            out.append(text)
    if paragraph:
        out.append(" ".join(paragraph))
    return out


def _looks_like_heading(text: str) -> bool:
    words = text.split()
    return (
        len(text) <= _HEADING_MAX_CHARS
        and len(words) >= _HEADING_MIN_WORDS
        and not _SENTENCE_END.search(text)
        and not _BULLET.match(text)
    )


def blocks_from_lines(lines: Sequence[str]) -> tuple[str, list[Block]]:
    """Read the title and body blocks from content lines (boilerplate already removed).

    The title is the first heading-like line before any paragraph; later heading-like lines
    between paragraphs are subheadings.
    """
    title = ""
    blocks: list[Block] = []
    texts = [t for t in unwrap_lines(lines) if t]
    for index, text in enumerate(texts):
        if not title and not blocks and _looks_like_heading(text):
            title = text
            continue
        if _BULLET.match(text):
            blocks.append(Block("list_item", _BULLET.sub("", text, count=1)))
        elif _QUOTE.match(text):
            blocks.append(Block("quote", _QUOTE.sub("", text, count=1)))
        elif _looks_like_heading(text) and index + 1 < len(texts) and blocks:
            blocks.append(Block("heading", text))
        else:
            blocks.append(Block("paragraph", text))
    return title, blocks
