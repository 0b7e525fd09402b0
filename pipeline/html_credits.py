"""Short texts in and next to the article that may credit its sources.

The extractor keeps bylines, captions and lines such as "Source : France 24 avec AFP" or
"Reuters contributed to this report." out of the body: to a reader they are not article
text, and the block scoring rightly leaves them out.  The source tagger still needs them, so
the walk notes where they are and this module picks the ones that belong to the article:

* blocks of the winning container that were not kept as body (short, not links, not in a
  part cut off as furniture such as a related list or a teaser card);
* the first blocks right after the container ("Avec AFP" in a small div after the body);
* elements the walk skipped because they name a credit (class/id "credit", "byline",
  "caption"..., ``<figcaption>``, an ``<article>``'s own ``<footer>``), when they sit inside
  the container, inside the same ``<article>`` element, or right after the container, and
  not amid a related list or teaser.

Navigation, menus, related lists and the site footer never get here: the walk skips them
without entering them.  Only short texts are read, and an element's text is read only once
it is known to belong to the article.
"""
from __future__ import annotations

from typing import NamedTuple

from lxml import etree

from .html_patterns import ATTR_CREDIT, ATTR_STRONG, BLOCK_TAGS, DROP_TAGS, class_flags
from .html_score import K_HEADING, K_TITLE, Seg

__all__ = ["CREDIT_MAX_CHARS", "CreditSpot", "Placement", "near_credits"]

#: A credit is a short text; anything this long or longer is prose or a list, not a credit.
CREDIT_MAX_CHARS = 200
_FOLLOWING_BLOCKS = 2  # blocks right after the container that may still be its credit line
_READ_CHARS = 800  # an element's text is read up to this many characters...
_READ_ELEMENTS = 40  # ...and this many elements: a credit element is small
_SPOTS_EACH_END = 16  # a gallery's hundred captions: read the first and last few only
_LINKED_WORDS = 4  # a linked text of this many words is a headline pointing elsewhere
_FURNITURE, _CREDIT = 1, 2  # what an element inside a credit element is (_kind_inside)


class CreditSpot(NamedTuple):
    """An element the walk skipped that says it holds credits."""

    position: int  # blocks found before it
    frame: int  # serial of the innermost open container
    article: int  # serial of the innermost open <article> element, 0 if none
    element: etree._Element


class Placement(NamedTuple):
    """Where the winning container sits in the walk."""

    start: int  # its blocks are segs[start:end]
    end: int
    serial: int  # its own serial; containers opened inside it have higher ones...
    last_serial: int  # ...up to this one
    parent: int  # serial of the container holding it
    article: int  # serial of the <article> element holding it (itself included), 0 if none


def near_credits(
    segs: list[Seg],
    place: Placement,
    span: tuple[int, int],
    spots: list[CreditSpot],
    memo: dict[str, int],
) -> tuple[str, ...]:
    """Short texts that may credit the article's sources, in reading order, not repeating the body.

    ``span`` is the article part of the container's blocks (``html_score.article_span``,
    relative to ``place.start``); blocks in it that are not furniture are body, not candidates.
    ``memo`` is the walk's ``class_flags`` memo for this page.
    """
    if place.end <= place.start:
        return ()  # no container won: nothing is "near the article"
    found: list[tuple[int, int, str]] = []  # (position, order at that position, text)
    first, last = span
    for index in range(place.start, place.end):
        seg = segs[index]
        offset = index - place.start
        if (offset < first or offset > last or seg.bad) and _may_credit(seg):
            found.append((index, 1, seg.text))
    for index in range(place.end, min(place.end + _FOLLOWING_BLOCKS, len(segs))):
        seg = segs[index]
        if seg.good or seg.kind == K_HEADING or not _may_credit(seg):
            break  # something else starts here
        found.append((index, 1, seg.text))
    near = [s for s in spots if _belongs(s, place) and not _amid_furniture(segs, s.position)]
    if len(near) > 2 * _SPOTS_EACH_END:  # bylines come first, credits and footers last
        near = near[:_SPOTS_EACH_END] + near[-_SPOTS_EACH_END:]
    for spot in near:
        found.extend((spot.position, 0, text) for text in _short_texts(spot.element, memo))
    found.sort(key=lambda item: item[:2])
    return tuple(dict.fromkeys(text for _, _, text in found))


def _may_credit(seg: Seg) -> bool:
    """Short, not a link, not in a related list or teaser, not the headline."""
    return (
        len(seg.text) < CREDIT_MAX_CHARS
        and not seg.linked
        and not seg.cut_off
        and seg.kind != K_TITLE
    )


def _belongs(spot: CreditSpot, place: Placement) -> bool:
    """Inside the container, in the same <article>, or right after the container.

    A spot in another <article> (a teaser inside or next to the container) never belongs.
    """
    if spot.article != place.article:
        return False
    if place.article:
        return True
    if place.serial <= spot.frame <= place.last_serial:
        return True
    return spot.frame == place.parent and spot.position == place.end


def _amid_furniture(segs: list[Seg], position: int) -> bool:
    """Between two blocks of a part cut off as furniture: a caption in a related list."""
    return (
        0 < position < len(segs) and segs[position - 1].cut_off and segs[position].cut_off
    )


def _short_texts(element: etree._Element, memo: dict[str, int]) -> list[str]:
    """The element's text cut at block tags and around credit-named parts ("<span class=credit>"
    in a caption), short pieces only; furniture inside it skipped."""
    if not len(element):  # a plain "© AFP" caption: no walk needed
        text = " ".join((element.text or "").split())
        return [text] if 0 < len(text) < CREDIT_MAX_CHARS else []
    pieces: list[str] = []
    buf: list[str] = []
    link_chars = 0
    link_depth = 0
    read = 0
    visited = 0

    def flush() -> None:
        nonlocal link_chars
        text = " ".join("".join(buf).split())
        buf.clear()
        linked = link_chars * 2 > len(text) and len(text.split()) >= _LINKED_WORDS
        link_chars = 0
        if text and len(text) < CREDIT_MAX_CHARS and not linked:
            pieces.append(text)

    def add(text: str) -> None:
        nonlocal link_chars, read
        buf.append(text)
        read += len(text)
        if link_depth:
            link_chars += len(text.strip())

    skipped = None
    apart: set[etree._Element] = set()  # credit-named parts read as pieces of their own
    walker = etree.iterwalk(element, events=("start", "end"))
    for event, el in walker:
        tag = el.tag
        if not isinstance(tag, str):
            continue
        if event == "start":
            visited += 1
            if visited > _READ_ELEMENTS or read > _READ_CHARS:
                buf.clear()  # cut short: the last piece may be incomplete
                break
            kind = _kind_inside(el, tag, memo) if el is not element else 0
            if kind == _FURNITURE:
                walker.skip_subtree()
                skipped = el
                if tag in BLOCK_TAGS:
                    flush()
                continue
            if kind == _CREDIT:
                apart.add(el)
            if tag in BLOCK_TAGS or tag == "br" or kind == _CREDIT:
                flush()
            if tag == "a":
                link_depth += 1
            if el.text:
                add(el.text)
            continue
        if el is element:
            break  # its tail is outside it
        if tag in BLOCK_TAGS or el in apart:
            flush()
        if tag == "a" and el is not skipped:
            link_depth -= 1
        if el is skipped:
            skipped = None
        if el.tail:
            add(el.tail)
    flush()
    return pieces


def _kind_inside(el: etree._Element, tag: str, memo: dict[str, int]) -> int:
    """_FURNITURE for scripts, media, nav... and strongly named furniture (share bars,
    related lists); _CREDIT for credit-named parts and captions; else 0."""
    if tag == "figcaption":
        return _CREDIT
    if tag in DROP_TAGS:
        return _FURNITURE
    if not el.keys():
        return 0
    flags = class_flags(el.get("class") or "", memo) | class_flags(el.get("id") or "", memo)
    if flags & ATTR_CREDIT:
        return _CREDIT
    return _FURNITURE if flags & ATTR_STRONG else 0
