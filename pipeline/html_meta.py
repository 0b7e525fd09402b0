"""Page metadata from the parsed tree: headline, publication date, language.

Pure functions over a private lxml tree (see ``pipeline.html_extract``); nothing here
walks the body text.
"""
from __future__ import annotations

import json
import re
from datetime import datetime

from lxml import etree

__all__ = ["choose_title", "element_text", "language_hint", "published_at", "read_head"]

_TITLE_SEPARATORS = re.compile(r"(\s+(?:[|\-–—·•»/]|::)\s+)")  # not ":", which headlines use
_SITE_NAME_WORDS = 4
_LEADING_SITE_SEPARATORS = frozenset({"|", "»", "·", "•", "::"})
_LANG = re.compile(r"^([a-zA-Z]{2})(?:$|[-_])")
_DATE_ONLY = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_JSONLD_DATE = re.compile(r'"datePublished"\s*:\s*"([^"]+)"')
_DATE_META = (
    "article:published_time", "datepublished", "og:published_time", "date", "dc.date.issued",
    "dc.date", "pubdate", "publishdate", "sailthru.date",
)


def element_text(el: etree._Element) -> str:
    """All the text under ``el`` (not its tail), white space collapsed."""
    return " ".join(etree.tostring(el, method="text", encoding="unicode", with_tail=False).split())


def read_head(root: etree._Element) -> tuple[str, dict[str, str]]:
    """The <title> text and the first value of each interesting <meta>."""
    meta: dict[str, str] = {}
    title_tag = ""
    head = root.find("head")
    scope = head if head is not None else root
    for el in scope.iter("meta", "title"):
        if el.tag == "title":
            if not title_tag:
                title_tag = element_text(el)
            continue
        key = (el.get("property") or el.get("name") or el.get("itemprop") or "").strip().lower()
        content = el.get("content")
        if key and content and key not in meta:
            meta[key] = content.strip()
    return title_tag, meta


def choose_title(root: etree._Element, title_tag: str, meta: dict[str, str]) -> str:
    """The headline: an ``<h1>`` that the og/twitter title or ``<title>`` contains, else that
    title without its site name, else the first ``<h1>``."""
    social = meta.get("og:title") or meta.get("twitter:title") or ""
    social = " ".join(social.split())
    references = [t for t in (title_tag, social) if t]
    h1s = []
    for el in root.iter("h1"):
        text = element_text(el)
        if text:
            h1s.append(text)
        if len(h1s) >= 5:
            break
    lowered_refs = [r.casefold() for r in references]
    for text in h1s:
        folded = text.casefold()
        if len(text.split()) >= 3 and any(folded in ref or ref in folded for ref in lowered_refs):
            return text
    if social:
        return _strip_site_name(social)
    if title_tag:
        return _strip_site_name(title_tag)
    return h1s[0] if h1s else ""


def _strip_site_name(title: str) -> str:
    """'Headline - Site Name' / 'Headline | Section | Site' / 'Site | Headline' -> 'Headline'.

    Short parts (a few words, shorter than the rest) are dropped from the end; failing that,
    one before a "|"-like separator from the start.  What remains keeps its separators.
    """
    pieces = _TITLE_SEPARATORS.split(title)
    parts, separators = pieces[0::2], pieces[1::2]
    count = len(parts)
    joined = sum(map(len, parts)) + count - 1  # len(" ".join(parts)), kept up to date: linear
    while len(parts) > 1 and _is_site_part(parts[-1], joined - len(parts[-1]) - 1):
        joined -= len(parts.pop()) + 1
        separators.pop()
    if (
        len(parts) == count > 1
        and separators[0].strip() in _LEADING_SITE_SEPARATORS
        and _is_site_part(parts[0], joined - len(parts[0]) - 1)
    ):
        parts.pop(0)
        separators.pop(0)
    text = "".join([parts[0], *(separator + part for separator, part in zip(separators, parts[1:]))])
    return text.strip() or title


def _is_site_part(part: str, rest_chars: int) -> bool:
    """A few words, shorter than the rest of the title (``rest_chars`` long, parts joined by spaces)."""
    return len(part.split()) <= _SITE_NAME_WORDS and len(part) < rest_chars


def published_at(root: etree._Element, meta: dict[str, str]) -> str | None:
    """ISO 8601 publication time: meta tags, then JSON-LD ``datePublished``, then ``<time>``."""
    for key in _DATE_META:
        value = _iso(meta.get(key))
        if value:
            return value
    for script in root.iter("script"):
        if (script.get("type") or "").strip().lower() != "application/ld+json" or not script.text:
            continue
        value = _jsonld_date(script.text)
        if value:
            return value
    for el in root.iter("time"):
        value = _iso(el.get("datetime"))
        if value:
            return value
    return None


def _jsonld_date(text: str) -> str | None:
    try:
        data = json.loads(text)
    except ValueError:
        match = _JSONLD_DATE.search(text)
        return _iso(match.group(1)) if match else None
    pending = [data]
    seen = 0
    while pending and seen < 500:  # iterative, bounded walk over the JSON
        seen += 1
        item = pending.pop(0)
        if isinstance(item, dict):
            value = item.get("datePublished")
            if isinstance(value, str) and _iso(value):
                return _iso(value)
            pending.extend(v for v in item.values() if isinstance(v, (dict, list)))
        elif isinstance(item, list):
            pending.extend(v for v in item if isinstance(v, (dict, list)))
    return None


def _iso(value: str | None) -> str | None:
    if not value:
        return None
    value = value.strip()
    candidate = value[:-1] + "+00:00" if value.endswith(("Z", "z")) else value
    try:
        parsed = datetime.fromisoformat(candidate.replace(" ", "T", 1))
    except ValueError:
        head = value[:10]
        return head if _DATE_ONLY.match(head) else None
    if _DATE_ONLY.match(value):
        return value
    return parsed.isoformat()


def language_hint(root: etree._Element, meta: dict[str, str]) -> str | None:
    """ISO 639-1 code from ``<html lang>``, og:locale or a language meta, lower case."""
    for value in (root.get("lang"), root.get("xml:lang"), meta.get("og:locale"),
                  meta.get("content-language"), meta.get("language")):
        if value:
            match = _LANG.match(value.strip())
            if match:
                return match.group(1).lower()
    return None
