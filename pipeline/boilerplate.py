"""Recognise boilerplate lines in page text: ads, social and share bars, cookie and
newsletter prompts, related-article lists, tags, menus, footers."""
from __future__ import annotations

import re
from collections.abc import Sequence

from .patterns import (
    AD_LABELS,
    AD_SLOT_SIZES,
    BYLINE_PREFIXES,
    COOKIE_PHRASES,
    FOLLOW_US,
    FOOTER_PHRASES,
    NEWSLETTER_PHRASES,
    RELATED_HEADINGS,
    SHARE_WORDS,
    STAMP_PREFIXES,
    TAG_PREFIXES,
    alternation,
)

__all__ = ["boilerplate_reason", "drop_boilerplate"]

_AD_SLOT = re.compile(r"^\W*[A-Za-zÀ-ÿ_-]{0,12}[-_ ]?" + alternation(AD_SLOT_SIZES) + r"\b", re.I)
_AD_LABEL = re.compile(r"^\W*" + alternation(AD_LABELS) + r"\W*$", re.I)
_FOLLOW = re.compile(r"^\W*" + alternation(FOLLOW_US) + r"\b", re.I)
_SHARE_ONLY = re.compile(r"^(?:\W*" + alternation(SHARE_WORDS) + r"\W*)+$", re.I)
#: Literal phrases found anywhere in a line: substring tests on the lowered line, which are
#: ten times cheaper than an unanchored regex alternation over every block of a page.
_COOKIE = tuple(phrase.lower() for phrase in COOKIE_PHRASES)
_NEWSLETTER = tuple(phrase.lower() for phrase in NEWSLETTER_PHRASES)
_FOOTER = tuple(phrase.lower() for phrase in FOOTER_PHRASES)
_RELATED = re.compile(r"^\W*" + alternation(RELATED_HEADINGS) + r"(?:\s*[:>»-].*)?\W*$", re.I)
_TAGS = re.compile(r"^\W*" + alternation(TAG_PREFIXES) + r"\s*:", re.I)
_NAME = r"[A-ZÀ-ÝŒ][\w'’.-]*"
_BYLINE = re.compile(r"^\W*(?i:" + alternation(BYLINE_PREFIXES) + r")\s*:?\s+" + _NAME + r"(?:[\s,]+" + _NAME + r")*")
_STAMP = re.compile(r"^\W*" + alternation(STAMP_PREFIXES) + r"\b", re.I)
#: Bylines and "published on" lines are short: a long line starting "Par" is a sentence.
_BYLINE_MAX_WORDS = 12
_SENTENCE_END = re.compile(r"[.!?»”\"…)]\s*$")

#: Prompts are short; a long paragraph that mentions "newsletter" is article text.
_PROMPT_MAX_CHARS = 160
#: A related-list section ends at the first line long enough to be prose.
_LIST_ITEM_MAX_CHARS = 140
#: Menus: this many very short lines in a row.
_MENU_RUN = 3
_MENU_ITEM_MAX_WORDS = 3


def boilerplate_reason(line: str) -> str | None:
    """Name the kind of boilerplate ``line`` is (``"ad"``, ``"social"``, …), or None for content."""
    text = line.strip()
    if not text:
        return None
    short = len(text) <= _PROMPT_MAX_CHARS
    if _AD_SLOT.match(text) and len(text.split(maxsplit=3)) <= 3:
        return "ad"
    if _AD_LABEL.match(text):
        return "ad"
    if short:
        reason = _short_line_reason(text)
        if reason is not None:
            return reason
    if not text.endswith(".") and len(text.split(maxsplit=_BYLINE_MAX_WORDS)) <= _BYLINE_MAX_WORDS:
        if _STAMP.match(text):
            return "byline"
        byline = _BYLINE.match(text)
        if byline is not None and len(byline.group(0).split()) >= len(text.split()) - 2:
            return "byline"
    return None


def _short_line_reason(text: str) -> str | None:
    """The kinds of boilerplate that only short lines (prompts, bars, footers) can be."""
    if _FOLLOW.match(text):
        return "social"
    if _SHARE_ONLY.match(text):
        return "share"
    lowered = text.lower()
    if _mentions(lowered, _COOKIE):
        return "cookie"
    if _mentions(lowered, _NEWSLETTER) and not _SENTENCE_END.search(text[:-1] or "x"):
        return "newsletter"
    if _TAGS.match(text):
        return "tags"
    if _mentions(lowered, _FOOTER):
        return "footer"
    return None


def _mentions(lowered: str, phrases: tuple[str, ...]) -> bool:
    return any(phrase in lowered for phrase in phrases)


def _is_related_heading(text: str) -> bool:
    return len(text) <= _PROMPT_MAX_CHARS and _RELATED.match(text) is not None


def _is_menu_item(text: str) -> bool:
    words = text.split()
    return 0 < len(words) <= _MENU_ITEM_MAX_WORDS and not _SENTENCE_END.search(text)


def drop_boilerplate(lines: Sequence[str]) -> tuple[list[str], list[str]]:
    """Split ``lines`` into (content, removed) with order kept.

    Besides single boilerplate lines this removes related-article sections (a
    "Lire aussi" / "Most read" heading and the short lines under it) and menus
    (runs of very short lines).
    """
    kept: list[str] = []
    removed: list[str] = []
    in_related = False
    menu_run: list[str] = []

    def flush_menu() -> None:
        if len(menu_run) >= _MENU_RUN:
            removed.extend(menu_run)
        else:
            kept.extend(menu_run)
        menu_run.clear()

    for line in lines:
        text = line.strip()
        if not text:
            flush_menu()
            kept.append(line)
            continue
        if _is_related_heading(text):
            flush_menu()
            in_related = True
            removed.append(line)
            continue
        if in_related:
            if len(text) <= _LIST_ITEM_MAX_CHARS and not _SENTENCE_END.search(text):
                removed.append(line)
                continue
            in_related = False
        if boilerplate_reason(text) is not None:
            flush_menu()
            removed.append(line)
            continue
        if _is_menu_item(text):
            menu_run.append(line)
            continue
        flush_menu()
        kept.append(line)
    flush_menu()
    return kept, removed
