"""'Latest news' strips in HTML: sibling items that start with a time of day.

The line format (``10:18``, ``10h18``, ``3:15 pm`` + headline) is ``pipeline.ticker``'s, so
text and HTML tickers agree.  An item is the smallest element around a time-bearing text
that reads as one ticker line; items sharing a parent, at least ``MIN_TICKER_RUN`` of them,
form a strip.  Linked items get an absolute URL (joined with the page URL).
"""
from __future__ import annotations

import re
from itertools import islice
from urllib.parse import urljoin

from lxml import etree

from .document import TickerItem
from .html_meta import element_text
from .html_patterns import TIME_PREFIX
from .patterns import TIME_WORD_INITIALS
from .ticker import MIN_TICKER_RUN, parse_ticker_line

__all__ = ["find_ticker"]

_TIME_START = frozenset("0123456789[(")
#: Elements whose text or tail may start a ticker line (not scripts, media, form controls...).
_TEXT_TAGS = (
    "li", "span", "time", "a", "p", "div", "strong", "b", "em", "i", "small", "font", "label",
    "td", "dt", "dd", "h2", "h3", "h4", "h5", "h6", "article", "section",
)
_MAX_ITEM_CHARS = 220  # a ticker line is a time and a headline, not a paragraph
_MAX_CLIMB = 4  # levels from the time-bearing element up to the item
_MAX_ITEM_ELEMENTS = 48  # elements in one ticker line, at most (icons, time, link, spans...)
#: a "headline" this long that holds a sentence end is a live-blog entry's paragraph
_ENTRY_CHARS = 140
#: (a sentence end before a space, the end, or a capital: element texts are joined as they
#: are, "… cumplan.Twitter"; CJK / Arabic ends anywhere)
_SENTENCE_END = re.compile(r"[.!?…](?:\s|$|[A-ZÀ-Þ])|[。؟]")


def find_ticker(
    root: etree._Element, url: str | None
) -> tuple[list[TickerItem], set[etree._Element]]:
    """Sibling items starting with a time of day and reading as a headline, two or more."""
    groups: dict[etree._Element, list[tuple[etree._Element, TickerItem]]] = {}
    seen: set[etree._Element] = set()
    for node in root.iter(*_TEXT_TAGS):
        # a text (or a tail: text after a child, e.g. after an icon) starting with a time of day;
        # most texts are white space (ruled out first, by one C call) or start with a letter
        # (not one that opens "ore 10:18")
        text = node.text
        if text and not text.isspace() and _starts_with_time(text):
            el = node
        else:
            tail = node.tail
            if not tail or tail.isspace() or not _starts_with_time(tail):
                continue
            el = node.getparent()
            if el is None:
                continue
        item_el, item = _ticker_item(el)
        if item_el is None or item_el in seen:
            continue
        parent = item_el.getparent()
        if parent is None:
            continue
        seen.add(item_el)
        groups.setdefault(parent, []).append((item_el, item))
    items: list[TickerItem] = []
    elements: set[etree._Element] = set()
    for members in groups.values():
        if len(members) < MIN_TICKER_RUN:
            continue
        for item_el, item in members:
            link = item_el if item_el.tag == "a" else item_el.find(".//a[@href]")
            href = link.get("href") if link is not None else None
            if href and not href.lstrip().lower().startswith(("javascript:", "#", "mailto:")):
                href = urljoin(url, href.strip()) if url else href.strip()
            else:
                href = None
            items.append(TickerItem(time=item.time, title=item.title, url=href))
            elements.add(item_el)
    return items, elements


def _starts_with_time(text: str) -> bool:
    """Whether a text that is not all white space starts with a time of day.  Its first
    character settles most texts: a letter that opens no time word, or after leading white
    space (stripped only then, once) anything but a digit, a bracket or such a letter."""
    first = text[0]
    if first.isalpha() and first not in TIME_WORD_INITIALS:
        return False
    if first.isspace():
        text = text.lstrip()
        first = text[0]
    if not (first.isdigit() or first in _TIME_START or first in TIME_WORD_INITIALS):
        return False
    return TIME_PREFIX.match(text) is not None


def _ticker_item(el: etree._Element) -> tuple[etree._Element | None, TickerItem | None]:
    """The smallest ancestor-or-self of a time-bearing element that reads as one ticker line."""
    current = el
    for _ in range(_MAX_CLIMB):
        if current is None or current.tag in ("body", "html"):
            return None, None
        if next(islice(current.iter(), _MAX_ITEM_ELEMENTS, None), None) is not None:
            return None, None  # a container of many elements is a list, not one line
        text = element_text(current)
        if len(text) > _MAX_ITEM_CHARS:
            return None, None
        item = parse_ticker_line(text)
        if item is not None:
            if len(item.title) > _ENTRY_CHARS and _SENTENCE_END.search(item.title):
                return None, None  # a timestamped live-blog entry: body, not a ticker line
            return current, item
        current = current.getparent()
    return None, None
