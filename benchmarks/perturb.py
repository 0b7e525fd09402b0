"""Perturbed markup: a page as an older site would have written it, to see which cleaner needs
HTML5 tags, ARIA, schema.org or meaningful class names (``extraction.py --perturb KIND``).

Older pages (2008, 2012) have no ``<article>`` or ``<nav>``, no ``role`` or ``itemprop``, and
class/id names that mean nothing to a word list.  The development pages lose those cues here,
and every extractor is scored on the same perturbed page, against the same gold (the visible
text does not change):

* ``semantic``: the HTML5 sectioning tags become ``<div>`` (``<time>``, inline, a ``<span>``);
  ``role``, ``aria-*``, ``itemprop`` / ``itemscope`` / ``itemtype`` / ``itemid`` / ``itemref``
  and ``data-*`` attributes go, and so do JSON-LD scripts and og / article / twitter meta tags;
* ``names``: each class word and each id value becomes an opaque token (``z1``, ``z2``...),
  the same value the same token on that page, so repeated structure stays repeated (a value
  without two letters in a row names nothing and stays: it may be a script's handle);
* ``oldweb``: both.

The page is rewritten tag by tag (a scan with linear patterns, no parser), so all else (text,
entities, comments, scripts, broken markup) reaches the extractors byte for byte as it was.
Deterministic: the same page and kind always give the same text.
"""
from __future__ import annotations

import re
from collections.abc import Callable, Iterable

from benchmarks.datasets import Page

__all__ = ["KINDS", "perturb", "perturb_pages"]

KINDS = ("semantic", "names", "oldweb")

#: HTML5 sectioning and landmark tags, and what an older page would have used instead
_OLD_TAG = {
    **dict.fromkeys(
        ("article", "main", "section", "aside", "nav", "header", "footer", "figure",
         "figcaption", "hgroup"),
        "div",
    ),
    "time": "span",
}
_SEMANTIC_ATTRS = frozenset({"role", "itemprop", "itemscope", "itemtype", "itemid", "itemref"})
_SEMANTIC_ATTR_PREFIXES = ("aria-", "data-")
_SOCIAL_META = ("og:", "article:", "twitter:", "fb:")

#: A value with no two letters in a row names nothing ("x1", "S:1f") and stays as it is: a
#: streamed page's script finds the parts it moves into place by such ids ("B:1", "S:1"), so
#: renaming them would change what the page shows.
_WORDLESS = re.compile(r"(?:[^A-Za-z]|[A-Za-z](?![A-Za-z]))*+")
#: An attribute as an HTML tokenizer reads it: a name (a quote there is part of the name, not
#: the start of a value: ``style="" );"`` is the attribute ``style`` and the attribute ``);"``),
#: then maybe "=" and a value, quoted or not.
_NAME = r"[^\s/>=][^\s/>=]*+|=[^\s/>]*+"
_VALUE = r"""\s*+=\s*+("[^"]*+"|'[^']*+'|[^\s>]++)"""
_ATTR = re.compile(f"({_NAME})(?:{_VALUE})?")
#: A tag: its "/" if it closes, its name, and its attributes (quoted values may hold ">").
#: Possessive throughout: one scan, no backtracking.
_TAG = re.compile(
    r"<(/?)([A-Za-z][^\s/>]*+)((?:\s++|/|(?:"
    + _NAME + ")(?:" + _VALUE.replace("(", "(?:", 1) + r")?)*+)>"
)
_RAW_TEXT_END = {tag: re.compile(rf"</{tag}[^>]*+>", re.I) for tag in ("script", "style")}


def perturb(html: str, kind: str) -> str:
    """``html`` with the cues of ``kind`` (one of ``KINDS``) removed."""
    if kind not in KINDS:
        raise ValueError(f"unknown perturbation {kind!r}: one of {', '.join(KINDS)}")
    semantic = kind in ("semantic", "oldweb")
    names = kind in ("names", "oldweb")
    tokens: dict[str, str] = {}

    def opaque(value: str) -> str:
        if _WORDLESS.fullmatch(value):
            return value  # nothing to hide, and maybe a script's handle (see _WORDLESS)
        token = tokens.get(value)
        if token is None:
            token = tokens[value] = f"z{len(tokens) + 1}"
        return token

    rewrite_attrs = _attribute_rewriter(semantic, names, opaque)
    out: list[str] = []
    pos = 0
    # a tag ends at a ">": none after the last one (a page cut short), so no tag is tried there
    stop = html.rfind(">") + 1
    while True:
        start = html.find("<", pos, stop)
        if start == -1:
            out.append(html[pos:])
            return "".join(out)
        out.append(html[pos:start])
        if html.startswith("<!--", start):
            end = html.find("-->", start + 4)
            end = len(html) if end == -1 else end + 3
            out.append(html[start:end])
            pos = end
            continue
        match = _TAG.match(html, start, stop)
        if match is None:  # a "<" that opens no tag ("a < b")
            out.append("<")
            pos = start + 1
            continue
        pos = match.end()
        closing, name, attrs = match.groups()
        tag = name.lower()
        if not closing and tag in _RAW_TEXT_END:
            # a script or style: its text is not markup; a JSON-LD script goes whole
            close = _RAW_TEXT_END[tag].search(html, pos)
            end = close.end() if close else len(html)
            if semantic and tag == "script" and "ld+json" in attrs.lower():
                pos = end
                continue
            out.append(f"<{name}{rewrite_attrs(attrs)}>")
            out.append(html[pos:end])
            pos = end
            continue
        if semantic and tag == "meta" and _is_social_meta(attrs):
            continue
        if semantic:
            name = _OLD_TAG.get(tag, name)
        if closing:
            out.append(f"</{name}{attrs}>")
        else:
            out.append(f"<{name}{rewrite_attrs(attrs)}>")


def perturb_pages(pages: Iterable[Page], kind: str | None) -> list[Page]:
    """The pages with ``kind``'s cues removed (``None``: as they are), gold unchanged."""
    if kind is None:
        return list(pages)
    return [page._replace(html=perturb(page.html, kind)) for page in pages]


def _attribute_rewriter(
    semantic: bool, names: bool, opaque: Callable[[str], str]
) -> Callable[[str], str]:
    """The function that rewrites a start tag's attribute text for this kind."""

    def rewrite(attrs: str) -> str:
        if not attrs.strip():
            return attrs
        kept: list[str] = []
        changed = False
        last = 0
        for match in _ATTR.finditer(attrs):
            last = match.end()
            attr = match.group(1).lower()
            if semantic and (
                attr in _SEMANTIC_ATTRS or attr.startswith(_SEMANTIC_ATTR_PREFIXES)
            ):
                changed = True
                continue
            if names and attr in ("class", "id") and match.group(2) is not None:
                value = _unquote(match.group(2))
                if attr == "class":
                    value = " ".join(opaque(word) for word in value.split())
                elif value:
                    value = opaque(value)
                kept.append(f'{match.group(1)}="{value}"')
                changed = True
                continue
            kept.append(match.group(0))
        if not changed:
            return attrs
        # a "/" that no attribute value took: the tag says it closes itself
        closing = "/" if attrs.rstrip().endswith("/") and last < len(attrs.rstrip()) else ""
        return "".join(f" {item}" for item in kept) + closing

    return rewrite


def _unquote(value: str) -> str:
    if value[:1] in ("'", '"'):
        return value[1:-1]
    return value


def _is_social_meta(attrs: str) -> bool:
    """Whether a ``<meta>`` is an Open Graph / article / Twitter card property."""
    for match in _ATTR.finditer(attrs):
        if match.group(1).lower() in ("property", "name") and match.group(2) is not None:
            if _unquote(match.group(2)).lower().startswith(_SOCIAL_META):
                return True
    return False
