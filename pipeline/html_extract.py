"""Find the article in a news page: title, body blocks, 'latest news' ticker, date, language.

How it decides (one parse, one pruning-and-segmenting walk, no recursion over the tree):

1. Parse once with lxml's HTML parser (huge trees allowed; a page libxml2 stops reading at
   its depth limit is read again without inline formatting tags).  Metadata
   (``html_meta``): og / twitter titles matched against ``<h1>``,
   ``article:published_time`` / JSON-LD ``datePublished`` / ``<time datetime>``,
   ``<html lang>`` / og:locale.
2. Ticker strips (``html_ticker``) are found first, on the whole page, and kept out of the body.
3. Walk (``_walk``, one ``lxml.etree.iterwalk`` over the whole tree): page furniture is
   skipped without entering it: furniture tags (nav, aside, footer, form controls, media,
   scripts...), hidden elements (not an accordion's collapsed panel, right after the
   element holding its ``aria-expanded`` toggle), ARIA landmarks that are not the article
   (a "tablist" holding several paragraphs is an accordion around its panels: entered), boxes that
   schema.org marks as the author (a bio; read for credits) or as comments (so does ARIA
   role "comment"), and class/id words
   naming kinds of furniture (``html_patterns``: strong words always, except on an
   ``<article>``/``<main>``, or a box whose class or id says only "content", holding several
   paragraphs; weak ones such as "sidebar" or "header" unless the element also says
   "article"/"content" or holds several paragraphs, or is a heading without a link;
   "widget" like a weak word, but never inside a container that says it is the article; a
   heading's id that spells its text is an anchor, not a name).
   Furniture that holds the page's main landmark is libxml2's misnesting and is entered.
   The rest is cut into text blocks at block-level tags (and at ``<br><br>``).  A walk that
   passes placeholders of a streamed page is done again once the parts sent hidden at the
   end of the page are where its script would put them (``_place_streamed``).
4. Score (``html_score.score_block``): link-poor prose with function words (of the page's
   language) is worth its length; link lists, furniture phrases, consent notices and ad
   placeholders cost their length; short plain bits cost a little, short table cells
   nothing.
5. Cut (``_cut_off``): inside a container, a heading such as "Related articles" / "À lire
   aussi" ends the article part (unless it stands between paragraphs and more prose follows
   it than precedes it: then it titles a part of the article; or its list of links is
   followed by sections of prose with headings of their own: then only the box is cut,
   ``_cut_related``), and small cards made of a
   linked headline plus a one-paragraph summary are teasers (not in a numbered list, nor in
   the article when the headline links to another site: a roundup's entry, nor when it
   links into the page itself: an accordion's question over its answer); their blocks
   are marked as cut off; so is the short plain text that follows a picture in a box of
   their own (its caption: the shape a ``<figcaption>`` or a "caption" class would name).
6. Choose (``_choose``), once the walk is over: every block container is a candidate, worth
   the sum of its blocks' values less the prose cut off in it (weighted up when it says it is
   the article): a maximum-value subtree, which takes in sibling parts of a split body and
   leaves out the link lists and teasers around it (and the text closing the page, when a
   container right under the ``<h1>`` is worth half as much: ``_under_headline``).  Valuing
   after every cut means a container emptied by a cut around it loses to the next best.
   Several cards between the winner's paragraphs, none an ``<article>`` of its own, are a
   roundup's entries and are given back (``_restore_entries``).  Inside the winner, blocks
   are kept from the first to the last good block (or to a furniture heading followed by
   little prose), plus runs of short plain lines next to them; link lists (not the linked
   entries of a list of mostly plain ones, a checklist, of one that a sentence of the
   article introduces with a colon, or of one linking to other sites, between its
   paragraphs, nor the linked names of a data
   table), furniture lines, a second copy of the body and the headline itself are dropped.
7. Fall back (``_RUNGS``): should the rules leave too little prose, the walk is redone with
   fewer of them: without class/id words, then reading hidden wrappers, then, when nothing
   at all was found, entering layout elements (and reading a link that holds several
   paragraphs as a wrapper, not as link text).
8. Short texts in and right after the winner that are not body (bylines, captions, credit
   lines such as "Source : France 24 avec AFP") are handed back apart, as ``credits``, for the
   source tagger (``html_credits``); they never enter the body.
"""
from __future__ import annotations

import html as html_lib
import re
from dataclasses import dataclass
from itertools import islice
from typing import NamedTuple
from urllib.parse import urlsplit

from lxml import etree

from .document import Block, TickerItem
from .errors import PageTooLarge, UnparseableHtml
from .html_credits import CreditSpot, Placement, near_credits
from .html_meta import choose_title, language_hint, read_head
from .html_patterns import (
    ATTR_CONTENT,
    ATTR_CREDIT,
    ATTR_FURNITURE,
    ATTR_STRONG,
    ATTR_WIDGET,
    BLOCK_TAGS,
    DROP_TAGS,
    FIRST_SLIDE,
    HEADING_TAGS,
    STOP_WORDS,
    STOP_WORDS_BY_LANGUAGE,
    class_flags,
)
from .html_score import (
    K_HEADING,
    K_ITEM,
    K_PARAGRAPH,
    K_QUOTE,
    K_TITLE,
    MAX_CAPTION_SEGS,
    MAX_CARD_SEGS,
    Seg,
    article_span,
    is_caption,
    is_card,
    is_slideshow,
    opens_furniture,
    score_block,
    select_blocks,
)
from .html_ticker import find_ticker
from .metadata import NO_METADATA, Metadata, page_metadata
from .options import DEFAULT_OPTIONS, CleanOptions

__all__ = ["HtmlExtraction", "extract_html"]


@dataclass(frozen=True, slots=True)
class HtmlExtraction:
    """What one HTML page says, without the page around it."""

    title: str  # the headline ("" if none), without " - Site Name"
    blocks: tuple[Block, ...]  # the body in reading order, not repeating the title
    ticker: tuple[TickerItem, ...]  # 'latest news' strips: time, headline, absolute URL
    published_at: str | None  # ISO 8601, from meta / JSON-LD / <time datetime>
    language_hint: str | None  # ISO 639-1, lower case, as the page declares it
    #: short texts in / right after the article that are not body but may credit sources
    #: (credit lines, bylines, captions), in reading order: for the source tagger only
    credits: tuple[str, ...] = ()
    metadata: Metadata = NO_METADATA  # authors, dates, description, image... (``metadata``)


# ---------------------------------------------------------------- constants

_SKIP_ROLES = frozenset(
    {"navigation", "banner", "contentinfo", "complementary", "dialog", "alertdialog", "menu",
     "menubar", "search", "toolbar", "tablist", "alert", "status", "comment"}
)
_PROTECTED_TAGS = frozenset({"html", "body"})
#: Attributes that may hide an element or make it a landmark to skip (see ``_skip``)
_HIDING_ATTRS = frozenset({"hidden", "aria-hidden", "style", "role", "itemprop", "itemtype"})
#: schema.org properties and types of boxes that are about the article, not of it: the
#: author's bio box, reader comments
_OFF_BODY_PROPS = frozenset({"author", "comment"})
_OFF_BODY_TYPES = ("/Comment", "/UserComments")
#: Block tags that hold text rather than other blocks
_TEXT_TAGS = frozenset(
    {"p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "dt", "dd", "td", "th", "pre"}
)
_LANDMARK_TAGS = frozenset({"article", "main"})
#: Headings, whose id is often an anchor spelling their text (see ``_spells_own_text``)
_ANCHORED_TAGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
_ANCHOR_WORDS = 3
_ID_WORD = re.compile(r"[^\W_]+")
_TAG, _SERIAL = 2, 3  # _Frame.tag and .serial, read on open frames (plain tuples: see _Frame)
_CELL = K_TITLE + 1  # open table cells, counted after the K_* block kinds (0 to K_TITLE)
#: Block tags that make the blocks inside them of a kind other than a paragraph, by the index
#: of the walk's count of open ones: K_* kinds, and table cells (short text there is data)
_OPENS_KIND = {
    **dict.fromkeys(HEADING_TAGS, K_HEADING), "h1": K_TITLE, "li": K_ITEM, "dd": K_ITEM,
    "dt": K_ITEM, "blockquote": K_QUOTE, "td": _CELL, "th": _CELL,
}
_CLASS_SKIP = ATTR_FURNITURE | ATTR_WIDGET  # class/id words that may make an element furniture
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)

_CONTENT_HINT = 1.3  # weight of a container that says it is the article (class/id, <article>)
_FALLBACK_VALUE = 400.0  # below this best-container value, try again without class/id rules
#: A container starting within this many blocks after the headline (an ``<h1>``) is the one the
#: headline introduces (see ``_under_headline``)...
_HEADLINE_REACH = 4
#: ...and it is the article, when worth at least half the best container, should that one
#: start this many blocks past its end (a page's closing text: contact, legal notices)
_FAR_BLOCKS = 20
_PROSE_PARAGRAPHS = 5  # a weakly named container with this many <p> is not skipped...
_LAYOUT_DEPTH = 40  # ...when it is within this many block containers from <body>
_CELL_CHARS = 80  # a table cell this short is a datum (a name, a figure)
#: the JSON-LD articleBody replaces a visible article under this fraction of its length
_STRUCTURED_RATIO = 3
#: (a tag's inside stops at the next "<": a "<" that never closes costs one scan, not one per "<")
_BODY_BREAK = re.compile(r"<\s*+(?:br|/p|/div|/h[1-6]|/li|/blockquote)\b[^<>]*+>", re.I)
_BODY_TAG = re.compile(r"<[^<>]*+>")
_LIST_TAGS = frozenset({"ul", "ol", "dl"})
_ROUNDUP_ENTRIES = 2  # this many card-shaped parts between paragraphs are entries, not teasers
_CARD_TARGETS = 5  # a teaser card links to at most this many places (see _links_many_places)
_COUNTER_CHARS = 24  # a slideshow's counter ("Image 1 of 12") is at most this long
_PICTURE_TAGS = frozenset({"img", "picture", "video"})  # what a caption may describe
_TOGGLE_NODES = 8  # an accordion's toggle is a heading and its button, an icon or two
_BOX_LINKS = 3  # a "Related" heading's box lists this many links at least...
_RESUMED_PARAGRAPHS = 2  # ...and the article resumes under a heading with this many paragraphs


# ---------------------------------------------------------------- entry point


def extract_html(
    html: str,
    *,
    url: str | None = None,
    options: CleanOptions = DEFAULT_OPTIONS,
    utf8: bytes | None = None,
) -> HtmlExtraction:
    """Extract the article of one HTML page.

    ``utf8``: ``html`` in UTF-8, when the caller has it already (``decoding.decode_page``),
    so that the page is not encoded twice.

    Raises ``PageTooLarge`` above ``options.max_page_bytes`` and ``UnparseableHtml`` when
    lxml yields no tree (empty or whitespace-only input, or markup it rejects).  A page
    with a tree but no article text gives an extraction with no blocks (the caller decides
    whether that is ``EmptyBody``).
    """
    root = _parse(utf8 if utf8 is not None else _utf8(html), options)
    title_tag, meta = read_head(root)
    title = choose_title(root, title_tag, meta)
    ticker, ticker_items = find_ticker(root, url)
    body = _whole_page(root)
    language = language_hint(root, meta)
    stop_words = STOP_WORDS_BY_LANGUAGE.get(language or "", STOP_WORDS)
    memo: dict[str, int] = {}  # class / id value or word -> class_flags, for this page only
    site = _site(url)
    holders: set[etree._Element] = set()

    def walk(rules: _Rules) -> _Found:
        return _extract_blocks(
            body, ticker_items, holders, options, stop_words, memo, rules, site
        )

    found = walk(_RUNGS[0])
    if found.streamed and _place_streamed(body):
        found = walk(_RUNGS[0])  # the streamed parts in place
    if not found.saw_landmark:
        # No main landmark walked: either the page has none, or libxml2 nested it inside
        # furniture (see _landmark_holders), and then the page is walked again, into it.
        holders = _landmark_holders(body)
        if holders:
            found = walk(_RUNGS[0])
    for rules in _RUNGS[1:]:
        if found.value >= _FALLBACK_VALUE:
            break
        # Little prose found: a rule of the previous walk may have hidden the article.  Walk
        # again with fewer rules, and take that if it finds much more (the last walk, which
        # enters layout elements, only if nothing at all was found).
        if not rules.layout and found.blocks:
            break
        again = walk(rules)
        if again.value > 2 * found.value + 100 or (not found.blocks and again.blocks):
            found = again
    blocks, credits = found.blocks, found.credits
    blocks = _drop_title_repeats(blocks, title)
    metadata = page_metadata(root, html, url=url, bylines=credits)
    if metadata.article_body:
        blocks = _structured_body(blocks, metadata.article_body)
    return HtmlExtraction(
        title=title,
        blocks=tuple(blocks),
        ticker=tuple(ticker),
        published_at=metadata.published_at,
        language_hint=language,
        credits=credits,
        metadata=metadata,
    )


# ---------------------------------------------------------------- parsing


def _utf8(html: str) -> bytes:
    if isinstance(html, bytes):  # tolerated, though the contract is str
        html = html.decode("utf-8", "replace")
    return html.encode("utf-8", "replace")


def _parse(data: bytes, options: CleanOptions) -> etree._Element:
    if len(data) > options.max_page_bytes:
        raise PageTooLarge(f"{len(data)} bytes > {options.max_page_bytes}")
    if not data or data.isspace():
        raise UnparseableHtml("empty document")
    # lxml's HTML parser (libxml2).  The plain etree flavour builds the same tree as
    # lxml.html.HTMLParser but skips the per-node Python class lookup of lxml.html elements.
    parser = etree.HTMLParser(
        encoding="utf-8", huge_tree=True, remove_comments=True, remove_pis=True,
        no_network=True, default_doctype=False, collect_ids=False,
    )
    try:
        root = etree.fromstring(data, parser)
        if _too_deep(parser):
            # libxml2 stops reading at 2,048 open elements and drops the rest of the page.
            # Inline formatting tags (a pile of <span>, <font>...) change no block, so read
            # the page again without them: what follows the pile is then in the tree.
            flat = _INLINE_TAG.sub("", data.decode("utf-8"))
            root = etree.fromstring(flat.encode("utf-8"), parser)
    except (etree.ParserError, etree.XMLSyntaxError, ValueError) as exc:
        raise UnparseableHtml(f"lxml could not parse the page: {exc}") from exc
    if root is None:
        raise UnparseableHtml("no root element")
    return root


def _too_deep(parser: etree.HTMLParser) -> bool:
    """Whether libxml2 gave up at its nesting limit (then it read only part of the page)."""
    error = parser.error_log.last_error
    return error is not None and error.type == etree.ErrorTypes.ERR_RESOURCE_LIMIT


#: Start and end tags of inline formatting elements (none that the extractor reads).
_INLINE_TAG = re.compile(
    r"</?(?:span|font|b|i|u|em|strong|small|big|s|strike|sub|sup|tt|mark|abbr|cite|q|dfn"
    r"|kbd|samp|var|bdi|bdo|ins|del)\b[^<>]*>",
    re.I,
)


def _whole_page(root: etree._Element) -> etree._Element:
    """The element to walk: the whole tree, not only ``<body>``.

    libxml2 leaves what follows a stray ``</html>`` outside the document element (a second
    top-level ``<html>``): moved in here, so that an article written after it is walked too.
    ``<head>`` is skipped as furniture.
    """
    for stray in list(root.itersiblings()):
        if isinstance(stray.tag, str):
            root.append(stray)
    return root


#: How a page streamed in parts marks them (React's streaming server rendering): a part sent
#: late comes as ``<div hidden id="S:1f">`` at the end of the page, and a script moves it to
#: the ``<template id="B:1f">`` (a loading boundary) or ``<template id="P:1f">`` (a
#: placeholder) where it belongs.
_STREAMED_PARTS = etree.XPath("//div[@hidden][starts-with(@id, 'S:')]")


def _is_streamed_place(template: etree._Element) -> bool:
    """Whether a ``<template>`` is where a streamed part goes (``id="B:…"`` or ``"P:…"``)."""
    return (template.get("id") or "")[1:2] == ":"


def _place_streamed(body: etree._Element) -> bool:
    """Put the late parts of a streamed page where the page's script would (see
    ``_STREAMED_PARTS``): shown in place, not skipped as hidden at the end of the page.
    Whether there was any.

    Called once the walk has passed a placeholder, so that other pages pay nothing.  A part
    whose placeholder is missing (a page saved before its script ran) is shown where it is.
    Only the placeholder goes: a loading text beside it stays.
    """
    parts = _STREAMED_PARTS(body)
    if not parts:
        return False
    places = {el.get("id"): el for el in body.iter("template") if _is_streamed_place(el)}
    for part in parts:
        number = part.get("id")[2:]
        place = places.get(f"B:{number}")
        if place is None:
            place = places.get(f"P:{number}")
        del part.attrib["hidden"]
        if place is None or place.getparent() is None or any(
            ancestor is part for ancestor in place.iterancestors()
        ):
            continue
        tail = place.tail
        place.getparent().replace(place, part)
        part.tail = tail
    return True


# ---------------------------------------------------------------- the walk


@dataclass(frozen=True, slots=True)
class _Rules:
    """Which furniture rules one walk applies: the first walk applies all of them, the
    fallback walks fewer (see ``_RUNGS``)."""

    classes: bool  # skip elements whose class/id names furniture
    hidden: bool  # skip hidden elements (``hidden``, ``aria-hidden``, ``display: none``)
    layout: bool = True  # skip nav, aside, footer, menu, button and ARIA landmarks of the kind


#: The walks tried in turn while the article found is worth less than ``_FALLBACK_VALUE``:
#: a class/id word may have hidden the article ("share_wrapper" around it), then a hidden
#: wrapper (pages whose script moves a server-rendered ``<div hidden>`` into place), then a
#: layout element that libxml2 made hold the article (an unclosed menu item swallows the
#: rest of the page into the ``<nav>``) when the page names no main landmark.
_RUNGS = (
    _Rules(True, True), _Rules(False, True), _Rules(False, False),
    _Rules(False, False, layout=False),
)
#: Furniture tags that markup repaired the wrong way can make hold the article (see _RUNGS):
#: libxml2 keeps an unclosed <label>, <dialog> or <svg> open around the rest of the page (a
#: browser moves a <div> out of an <svg>)
_LAYOUT_TAGS = frozenset({"nav", "aside", "footer", "menu", "button", "label", "svg", "dialog"})
_WRAPPED_PARAGRAPHS = 3  # a link holding this many <p> wraps an article (see _wraps_blocks)


class _Frame(NamedTuple):
    """An open block container while walking (a plain tuple: the walk opens thousands)."""

    start: int  # index of its first block
    hint: float  # weight: _CONTENT_HINT when it says it is the article
    tag: str
    serial: int  # containers opened before it, plus one: document order


class _Candidate(NamedTuple):
    """A closed container that may be the article: its blocks are ``segs[start:end]``."""

    start: int
    end: int
    serial: int  # its own serial; containers opened inside it have higher ones...
    last_serial: int  # ...up to this one
    parent: int  # serial of the container holding it
    article: int  # serial of the <article> element holding it (itself included), 0 if none
    hint: float
    text_element: bool  # a lone p / li / td...: the article only if no container holds more

    def placement(self) -> Placement:
        return Placement(*self[:6])


class _Card(NamedTuple):
    """A teaser card the walk cut off, kept so that a roundup's entries can be given back."""

    start: int  # its first block
    end: int  # past its last block
    holder: int  # serial of the container holding it (of the list's, for a list item)
    article: int  # serial of the <article> holding it (itself included), 0 if none
    before: tuple[tuple[bool, bool], ...]  # each block's good / bad before the cut


@dataclass(slots=True)
class _Walked:
    """What one walk found: the blocks, every container, the credit-naming elements skipped."""

    segs: list[Seg]
    candidates: list[tuple]  # _Candidate fields, as plain tuples
    spots: list[CreditSpot]
    saw_landmark: bool  # walked into a <main>, role=main or itemprop=articleBody element
    streamed: bool  # passed a placeholder of a streamed part (see _STREAMED_PARTS)
    cards: list[_Card]  # the teaser cards cut off


class _Found(NamedTuple):
    """The article one walk found."""

    blocks: list[Block]
    value: float  # the winning container's value
    credits: tuple[str, ...]  # credit texts near it
    saw_landmark: bool  # see _Walked
    streamed: bool  # see _Walked


def _skip(
    el: etree._Element,
    tag: str,
    names: list[str],
    flags: int,
    rules: _Rules,
    depth: int,
    holds_landmark: bool,
    in_article: bool,
    memo: dict[str, int],
) -> bool:
    """Whether an element is page furniture, from its tag, visibility, ARIA role and class/id.

    ``names`` are the element's attribute names, ``flags`` its class/id ``attr_flags`` and
    ``depth`` the number of block containers around it; ``in_article`` says whether one of
    them says it is the article; ``memo`` is the page's ``class_flags`` memo.  An element
    holding the page's main landmark (see ``_landmark_holders``) is skipped only when hidden.
    """
    if tag in DROP_TAGS and not holds_landmark:
        return True
    if tag in _PROTECTED_TAGS or not names:
        return False
    get = el.get
    if rules.hidden and (
        "hidden" in names or ("aria-hidden" in names and get("aria-hidden") == "true")
        or ("style" in names and _hidden_by_style(get("style") or ""))
    ) and not _collapsed_panel(el):
        return True
    if holds_landmark:
        return False
    if rules.classes and tag in BLOCK_TAGS and (
        ("itemprop" in names and get("itemprop") in _OFF_BODY_PROPS)
        or ("itemtype" in names and (get("itemtype") or "").endswith(_OFF_BODY_TYPES))
    ):
        return True
    if "role" in names:
        role = (get("role") or "").lower()
        if role in _SKIP_ROLES:
            # tabs and accordions whose panels sit inside the tab list hold the text
            return role != "tablist" or not _several_paragraphs(el)
    if not rules.classes or not flags & _CLASS_SKIP:
        return False
    if flags & ATTR_STRONG:
        # An <article> or <main> named for its topic ("newsletter-post", "related-news")
        # is the article when it holds several paragraphs; so is a box whose class or id
        # says only that it is the article, the other naming furniture (an id reused from a
        # share button).
        if tag not in _LANDMARK_TAGS and not (
            flags & ATTR_CONTENT and _one_name_says_content(el, memo)
        ):
            return True
        return not _several_paragraphs(el)
    if tag in _LANDMARK_TAGS or flags & ATTR_CONTENT:
        return False
    if tag in _ANCHORED_TAGS and next(el.iter("a"), None) is None:
        # a plain heading's weak word names its place ("module_header", "adv-heading"): inside
        # furniture it goes with its box, between paragraphs it is the article's (a linked one
        # is a teaser's or a menu's title)
        return False
    if in_article and not flags & ATTR_FURNITURE:
        return False  # a widget box of a page builder, holding a piece of the article
    # A weak furniture word ("sidebar", "header", "widget") on a container holding several
    # paragraphs more likely names its layout than its kind: let the scoring decide.  Layout
    # wrappers sit near the top of the tree; deeper down the word is taken at its word (and
    # the look-ahead, linear in the subtree, stays bounded on pathologically deep pages).
    if depth > _LAYOUT_DEPTH:
        return True
    return not _several_paragraphs(el)


def _collapsed_panel(el: etree._Element) -> bool:
    """Whether a hidden element is the panel of an accordion: right after the element that
    holds its toggle (a button or link saying whether it is expanded, ``aria-expanded``), as
    an FAQ's question over its answer, which a reader opens with a click.  The walk reads it;
    scoring judges what it holds (a menu's panel is a link list)."""
    toggle = el.getprevious()
    if toggle is None or not isinstance(toggle.tag, str):
        return False
    return any(
        node.get("aria-expanded") is not None
        for node in islice(toggle.iter(), _TOGGLE_NODES)
    )


def _spells_own_text(el: etree._Element) -> bool:
    """Whether an element's id spells its own text, as the anchors that tables of contents
    link to do ("h-what-is-social-shopping" on "What is social shopping?"): then a furniture
    word in it is a word of the text, not a kind of box.  Anchors of a few words only: a
    two-word id ("related-posts") is as often a box's name as a heading's."""
    words = _ID_WORD.findall(el.get("id").lower())
    if len(words) < _ANCHOR_WORDS:
        return False
    text = set(_ID_WORD.findall("".join(el.itertext()).lower()))
    return sum(word in text for word in words) >= len(words) - 1  # a prefix such as "h-"


def _hidden_by_style(style: str) -> bool:
    """Whether a style attribute hides its element (``display: none``, ``visibility: hidden``).
    The regex runs only on a style holding "none" or "dden" in lower case: most do not, and no
    letter of these has a case pair under re.IGNORECASE other than its capital."""
    lowered = style.lower()
    return ("none" in lowered or "dden" in lowered) and _HIDDEN_STYLE.search(style) is not None


def _one_name_says_content(el: etree._Element, memo: dict[str, int]) -> bool:
    """Whether the class or the id of an element says it is the article and names no strong
    furniture, while the other one does (both values are in the page's memo already)."""
    for value in (el.get("class"), el.get("id")):
        if value:
            flags = class_flags(value, memo)
            if flags & ATTR_CONTENT and not flags & ATTR_STRONG:
                return True
    return False


def _several_paragraphs(el: etree._Element) -> bool:
    """Whether an element holds at least _PROSE_PARAGRAPHS paragraphs (stops counting there)."""
    return next(islice(el.iter("p"), _PROSE_PARAGRAPHS - 1, None), None) is not None


def _wraps_blocks(link: etree._Element) -> bool:
    """Whether a link holds several paragraphs: the last-resort walk reads such a link as a
    wrapper, not as link text (an ``<a>`` left unclosed in a page's header swallows the
    article; libxml2 and browsers alike keep the rest of the page inside it).  A card made
    clickable whole holds a paragraph or two."""
    return len(link) > 0 and next(
        islice(link.iter("p"), _WRAPPED_PARAGRAPHS - 1, None), None
    ) is not None


def _landmark_holders(body: etree._Element) -> set[etree._Element]:
    """Elements around the page's main landmark (``<main>``, ``role=main``, ``articleBody``).

    libxml2 repairs unclosed tags differently from browsers: an unclosed ``<li>`` in a menu
    or a ``<button>`` left open can swallow the rest of the page, ``<main>`` included, into a
    ``<nav>`` or ``<header>``.  Furniture that holds the main landmark is such a repair, not
    furniture: the walk enters it.
    """
    holders: set[etree._Element] = set()
    landmarks = list(body.iter("main"))
    landmarks.extend(
        value.getparent() for value in _ROLES_AND_ITEMPROPS(body)
        if value == "main" or value == "articleBody"
    )
    for landmark in landmarks:
        for ancestor in landmark.iterancestors():
            if ancestor in holders:
                break
            holders.add(ancestor)
    return holders


#: (attribute values, each knowing its element: faster than an XPath test on every element)
_ROLES_AND_ITEMPROPS = etree.XPath(".//@role | .//@itemprop")


def _walk(
    body: etree._Element,
    ticker_items: set[etree._Element],
    holders: set[etree._Element],
    options: CleanOptions,
    stop_words: frozenset[str],
    memo: dict[str, int],
    rules: _Rules,
    site: str,
) -> _Walked:
    """Cut the page into scored blocks and note every block container, in one pass.

    ``memo`` is the page's ``class_flags`` memo, shared by all walks of the page; ``site``
    the page's site (``_site``), "" if unknown.
    """
    segs: list[Seg] = []
    candidates: list[_Candidate] = []
    spots: list[CreditSpot] = []  # skipped elements that name credits
    buf: list[str] = []
    link_chars = 0
    link_depth = 0
    lead = 0  # how the current block starts: 0 nothing yet, 1 plain text, 2 inside a link
    frames: list[tuple] = []  # open block containers (_Frame fields), innermost last
    cuts: dict[int, int] = {}  # container serial -> first block cut off as furniture in it
    cards: list[_Card] = []  # teaser cards cut off
    serial = 0  # containers opened so far, in document order (0: none, the page itself)
    articles: list[int] = []  # serials of the open <article> containers
    overflow = 0  # block containers opened beyond options.max_depth, not framed
    max_depth = max(1, options.max_depth)
    kinds = [0] * (_CELL + 1)  # open elements of each _OPENS_KIND kind, by its index
    lists: list[str] = []  # open ul / ol, innermost last
    skipped = None
    saw_landmark = False
    streamed = False
    hinted = 0  # open containers that say they are the article
    # the last picture passed: ``serial`` then (it is inside every container open then; -1
    # once text shares its block) and the blocks made before it (its caption comes next)
    picture = picture_at = -1
    slide = -1  # the last block that is a first slide's counter ("1 / 8": a slideshow)

    def flush() -> None:
        nonlocal link_chars, lead, picture, slide
        if not lead:  # nothing but white space since the last block
            buf.clear()
            link_chars = 0
            return
        text = " ".join("".join(buf).split())
        buf.clear()
        links = link_chars
        link_chars = 0
        starts_with_link = lead
        lead = 0
        if not text:
            return
        if picture == serial:  # no block opened since the picture: text around it, in its block
            picture = -1
        if kinds[K_TITLE]:
            kind = K_TITLE
        elif kinds[K_HEADING]:
            kind = K_HEADING
        elif kinds[K_ITEM]:
            kind = K_ITEM
        elif kinds[K_QUOTE]:
            kind = K_QUOTE
        else:
            kind = K_PARAGRAPH
        # a linked lead in a numbered list is an enumeration ("10 things..."), not a teaser
        teaser_like = starts_with_link == 2 and not (lists and lists[-1] == "ol")
        seg = score_block(kind, text, links, teaser_like, stop_words)
        if kinds[_CELL] and not seg.good and not seg.bad:
            seg.value = 0.0  # a short table cell: data (results, figures), not furniture
        segs.append(seg)
        if len(text) <= _COUNTER_CHARS and text[-1].isdigit() and FIRST_SLIDE.fullmatch(text):
            slide = len(segs) - 1
        if frames and kind == K_HEADING and opens_furniture(text):
            # "Related articles", "À lire aussi"...: the rest of the container is furniture
            seg.bad = True
            seg.opens_furniture = True
            frame = _Frame._make(frames[-1])
            if frame.tag in _TEXT_TAGS and len(frames) > 1:  # the heading's own element
                frame = _Frame._make(frames[-2])
            cuts.setdefault(frame.serial, len(segs) - 1)

    def spot(el: etree._Element) -> None:
        spots.append(CreditSpot(
            len(segs), frames[-1][_SERIAL] if frames else 0, articles[-1] if articles else 0, el
        ))

    walker = etree.iterwalk(body, events=("start", "end"), tag="*")  # "*": elements only
    for event, el in walker:
        tag = el.tag
        if event == "start":
            if tag in DROP_TAGS and not (
                (holders and el in holders) or (not rules.layout and tag in _LAYOUT_TAGS)
            ):
                walker.skip_subtree()
                skipped = el
                if tag in _PICTURE_TAGS and not (frames and frames[-1][_TAG] == "p"):
                    # (a picture set in a paragraph of its own is one of the text's, as an
                    # editor lays out a roundup's entries: no caption)
                    picture = serial  # (undone by the flush of text before it in its block)
                    picture_at = len(segs) + (1 if lead else 0)
                if lead:
                    flush()
                if tag == "figcaption" or (tag == "footer" and articles):
                    spot(el)
                elif tag == "template" and _is_streamed_place(el):
                    streamed = True
                continue
            names = el.keys()
            flags = 0
            if names:
                if "class" in names:
                    flags = class_flags(el.get("class"), memo)
                if "id" in names:
                    id_flags = class_flags(el.get("id"), memo)
                    if id_flags & _CLASS_SKIP and tag in _ANCHORED_TAGS and _spells_own_text(el):
                        id_flags = 0  # an anchor named after the heading's words, not a kind
                    flags |= id_flags
                # (_skip only when a class/id word or an attribute may make it furniture)
                if (
                    (flags & _CLASS_SKIP or not _HIDING_ATTRS.isdisjoint(names))
                    and _skip(
                        el, tag, names, flags, rules, len(frames),
                        not rules.layout or (bool(holders) and el in holders), hinted > 0,
                        memo,
                    )
                ) or (ticker_items and el in ticker_items):
                    walker.skip_subtree()
                    skipped = el
                    if tag in BLOCK_TAGS and lead:
                        flush()
                    if flags & ATTR_CREDIT or el.get("itemprop") == "author":
                        spot(el)  # a byline box: read for source credits
                    continue
            elif ticker_items and el in ticker_items:
                walker.skip_subtree()
                skipped = el
                if tag in BLOCK_TAGS and lead:
                    flush()
                continue
            if not saw_landmark and (tag == "main" or names and (
                ("role" in names and el.get("role") == "main")
                or ("itemprop" in names and el.get("itemprop") == "articleBody")
            )):
                saw_landmark = True
            if tag in BLOCK_TAGS:
                if lead:
                    flush()
                elif buf:
                    buf.clear()
                    link_chars = 0
                if len(frames) < max_depth:
                    if flags & ATTR_CONTENT or tag in _LANDMARK_TAGS or (
                        "itemprop" in names and el.get("itemprop") == "articleBody"
                    ):
                        hint = _CONTENT_HINT
                    else:
                        hint = 1.0
                    serial += 1
                    if hint > 1.0 and tag not in _PROTECTED_TAGS:
                        hinted += 1
                    frames.append((len(segs), hint, tag, serial))  # a _Frame
                    if tag == "article":
                        articles.append(serial)
                else:
                    overflow += 1
                kind = _OPENS_KIND.get(tag)
                if kind is not None:
                    kinds[kind] += 1
                elif tag == "ul" or tag == "ol":
                    lists.append(tag)
            elif tag == "a":
                if rules.layout or not _wraps_blocks(el):
                    link_depth += 1
            elif tag == "br":
                if buf and (
                    buf[-1] == "\n" or (buf[-1].isspace() and len(buf) > 1 and buf[-2] == "\n")
                ):
                    flush()  # <br><br>: a paragraph break in text laid out with line breaks
                else:
                    buf.append("\n")
            text = el.text
            if text:
                buf.append(text)
                if link_depth:
                    link_chars += len(text.strip())
                if not lead and not text.isspace():
                    lead = 2 if link_depth else 1
            continue
        # end event
        if el is skipped:
            skipped = None
        elif tag in BLOCK_TAGS:
            if lead:
                flush()
            elif buf:
                buf.clear()
                link_chars = 0
            if overflow:
                overflow -= 1
            else:
                start, hint, frame_tag, own = frames.pop()
                if hint > 1.0 and frame_tag not in _PROTECTED_TAGS:
                    hinted -= 1
                cut = cuts.pop(own, -1) if cuts else -1
                if cut >= 0 and _prose_goes_on(segs, start, cut):
                    cut = -1
                if (
                    cut < 0 and 2 <= len(segs) - start <= MAX_CARD_SEGS
                    and not (tag == "li" and lists and lists[-1] == "ol")  # an entry, numbered
                    and is_card(segs, start)
                    and not (site and hinted and _links_elsewhere(el, site))
                    and not _links_many_places(el)
                    and not _opens_on_page(el)
                ):
                    cut = start  # a teaser card: a linked headline and a summary
                    cards.append(_card(segs, start, frames, articles))
                elif cut >= 0:
                    while cards and cards[-1].start >= cut:
                        cards.pop()  # inside a part cut off after a "Related" heading
                elif (
                    picture >= own and picture_at == start  # (cut < 0 here)
                    and tag not in _TEXT_TAGS
                    and 0 < len(segs) - start <= MAX_CAPTION_SEGS and is_caption(segs, start)
                ):
                    cut = start  # a picture and the short text beside it: its caption
                elif slide >= start and is_slideshow(segs, start, slide):
                    cut = start  # a slideshow: its captions, its counter and its controls
                if cut >= 0:
                    if segs[cut].opens_furniture:
                        _cut_related(segs, cut)
                        if cut == start == len(segs) - 1 and _nothing_follows(el):
                            # a widget's title over nothing (its list filled by script):
                            # it ends no article (see article_span)
                            segs[cut].opens_furniture = False
                    else:
                        _cut_off(segs, cut)
                if (tag == "ul" or tag == "ol") and len(segs) - start > 2:
                    _keep_linked_entries(segs, start, el, site)
                elif tag == "table" and len(segs) - start > 2:
                    _keep_linked_cells(segs, start)
                candidates.append((  # a _Candidate
                    start, len(segs), own, serial, frames[-1][_SERIAL] if frames else 0,
                    articles[-1] if articles else 0, hint, tag in _TEXT_TAGS,
                ))
                if tag == "article":
                    articles.pop()
            kind = _OPENS_KIND.get(tag)
            if kind is not None:
                kinds[kind] -= 1
            elif (tag == "ul" or tag == "ol") and lists:
                lists.pop()
        elif tag == "a":
            if rules.layout or not _wraps_blocks(el):
                link_depth -= 1
        tail = el.tail
        if tail:
            buf.append(tail)
            if link_depth:
                link_chars += len(tail.strip())
            if not lead and not tail.isspace():
                lead = 2 if link_depth else 1
    flush()
    return _Walked(segs, candidates, spots, saw_landmark, streamed, cards)


def _card(segs: list[Seg], start: int, frames: list[tuple], articles: list[int]) -> _Card:
    """The teaser card ``segs[start:]`` about to be cut off, placed in the open container that
    holds it (for a list item, the list's own holder) and its open ``<article>``."""
    holder = frames[-1] if frames else None
    if holder and holder[_TAG] in _LIST_TAGS and len(frames) > 1:
        holder = frames[-2]
    return _Card(
        start, len(segs), holder[_SERIAL] if holder else 0, articles[-1] if articles else 0,
        tuple((seg.good, seg.bad) for seg in segs[start:]),
    )


def _prose_goes_on(segs: list[Seg], start: int, cut: int) -> bool:
    """Whether a furniture heading in the middle of its container's prose is followed by more
    prose than precedes it: then it titles a part of the article ("Recommended tools:"), and
    the furniture after an article is shorter than the article.  A heading that opens its
    container names what the container is, and is taken at its word."""
    before = sum(seg.value for seg in islice(segs, start, cut) if seg.good)
    after = sum(seg.value for seg in islice(segs, cut + 1, None) if seg.good)
    return 0 < before < after


def _keep_linked_entries(segs: list[Seg], start: int, el: etree._Element, site: str) -> None:
    """In a closing list where plain entries are at least as many as linked ones (a checklist
    linking some of its entries to a page about them), that a sentence of prose ending in
    a colon introduces ("Here are the services for each area:"), or whose links lead to other
    sites (sources cited, products named: a site's own link lists lead to its own pages),
    the linked entries are entries too, not a link list: no longer marked bad (their value,
    which ranks containers, is unchanged)."""
    introduced = start > 0 and segs[start - 1].good and segs[start - 1].text[-1] == ":"
    plain = linked = 0
    for seg in islice(segs, start, None):
        if seg.kind == K_ITEM and not seg.cut_off:
            if seg.linked:
                linked += 1
            elif not seg.bad:
                plain += 1
    if linked and (
        introduced or plain >= max(2, linked) or (site and _links_out(el, site))
    ):
        for seg in islice(segs, start, None):
            if seg.linked and seg.kind == K_ITEM and not seg.cut_off:
                seg.bad = False


def _links_out(box: etree._Element, site: str) -> bool:
    """Whether most of the links in a box lead to other sites than the page's own."""
    out = total = 0
    for link in box.iter("a"):
        href = link.get("href")
        if not href or href[0] == "#":
            continue  # an anchor on the page: neither
        total += 1
        other = _href_site(href)
        if other and other != site:
            out += 1
    return out * 3 >= total * 2 > 0


def _keep_linked_cells(segs: list[Seg], start: int) -> None:
    """In a closing table where short plain cells (data: ``value`` 0) are at least as many as
    short linked ones (a ranking linking each company's name), the linked cells are data
    too, not a link list: no longer marked bad."""
    plain = linked = 0
    for seg in islice(segs, start, None):
        if len(seg.text) <= _CELL_CHARS and not seg.cut_off:
            if seg.linked:
                linked += 1
            elif seg.value == 0.0 and not seg.good and not seg.bad:
                plain += 1
    if linked and plain >= max(2, linked):
        for seg in islice(segs, start, None):
            if seg.linked and len(seg.text) <= _CELL_CHARS and not seg.cut_off:
                seg.bad = False


def _site(url: str | None) -> str:
    """The last two labels of a URL's host ("example.co.uk": "co.uk", which makes every such
    site one: no card is then taken for a link elsewhere), "" without a host or for a URL
    urllib cannot split (an unclosed "[" of an IPv6 host, as a page's links may hold)."""
    try:
        host = urlsplit(url).hostname if url else None
    except ValueError:
        return ""
    return ".".join(host.split(".")[-2:]) if host else ""


def _href_site(href: str) -> str:
    """The site of an absolute link (http, https or protocol-relative) as ``_site`` reads a
    URL, with string splits (links are many; urlsplit is dear); "" for a relative link and
    for a bracketed (IPv6 or broken) host."""
    if not href.startswith(("http://", "https://", "//")):
        return ""
    host = href.split("/", 3)[2].partition("?")[0].partition("#")[0]
    host = host.rpartition("@")[2].partition(":")[0].lower()
    return ".".join(host.split(".")[-2:]) if host and "[" not in host else ""


def _links_elsewhere(card: etree._Element, site: str) -> bool:
    """Whether a card-shaped container's first link leads to another site: an entry of a
    roundup pointing to its subject, not a teaser for another page of this one."""
    for link in card.iter("a"):
        href = link.get("href")
        if href:
            other = _href_site(href)
            return bool(other) and other != site
    return False


def _opens_on_page(card: etree._Element) -> bool:
    """Whether a card-shaped container's first link leads nowhere but into the page ("#",
    "#q-3", no target at all): the question of an accordion (an FAQ) over its answer, which
    script opens in place, not a teaser's headline leading to another page."""
    for link in card.iter("a"):
        href = link.get("href")
        return href is None or href.startswith("#")
    return False


def _links_many_places(card: etree._Element) -> bool:
    """Whether a card-shaped container links to more places than a teaser does (its story by
    headline, picture and "read more", a section, an author): then its "headline" is a menu,
    as in an old table layout's row where a cell of links sits beside the article's cell."""
    targets: set[str] = set()
    for link in card.iter("a"):
        href = link.get("href")
        if href:
            targets.add(href.partition("#")[0])
            if len(targets) > _CARD_TARGETS:
                return True
    return False


def _cut_related(segs: list[Seg], cut: int) -> None:
    """Cut off what follows a "Related" heading in its container, up to where the article
    resumes: a box of related links set in the article's flow (the heading and its list,
    then more sections of the article) ends with its links.  The heading then no longer
    ends the article (``article_span``).  A later such heading cuts again."""
    while True:
        resume = _article_resumes(segs, cut)
        if resume < 0:
            _cut_off(segs, cut)
            return
        _cut_off(segs, cut, resume)
        segs[cut].opens_furniture = False
        cut = next((
            i for i in range(resume, len(segs))
            if segs[i].opens_furniture and not segs[i].cut_off
        ), -1)
        if cut < 0:
            return


def _nothing_follows(box: etree._Element) -> bool:
    """Whether an element is followed in its parent by an empty box and no text: the rest of
    a widget whose title it holds is a placeholder (a list that script fills).  A heading's
    wrapper with no sibling at all is a page builder's module, its list in the next one."""
    if box.tail and not box.tail.isspace():
        return False
    placeholder = False
    for sibling in box.itersiblings():
        if sibling.tail and not sibling.tail.isspace():
            return False
        if not isinstance(sibling.tag, str) or sibling.tag in DROP_TAGS:
            continue
        if any(not text.isspace() for text in sibling.itertext()):
            return False
        placeholder = True
    return placeholder


def _article_resumes(segs: list[Seg], cut: int) -> int:
    """Where the article goes on after the box a furniture heading opens, or -1.

    The box is the heading's list of links: a run of blocks that are not prose holding
    _BOX_LINKS links or more.  The article resumes right after its last link when an
    unlinked heading and _RESUMED_PARAGRAPHS paragraphs of prose follow before the next
    link over prose: teasers alternate a linked headline with a summary, reader comments a
    linked name with their text, and neither titles its parts with headings of their own;
    an author's box links a name or two (mail, profile), not a list."""
    end = len(segs)
    index = cut + 1
    links = 0
    last_link = -1
    while index < end and not segs[index].good:
        if segs[index].linked:
            links += 1
            last_link = index
        index += 1
    if links < _BOX_LINKS:
        return -1
    heading = False
    paragraphs = 0
    for index in range(last_link + 1, end):
        seg = segs[index]
        if seg.opens_furniture or seg.cut_off or (
            seg.linked and index + 1 < end and segs[index + 1].good
        ):
            break  # (a link over prose: a teaser's headline, a commenter's name)
        if seg.kind == K_HEADING:
            heading = True
        elif seg.good and heading:
            paragraphs += 1
            if paragraphs >= _RESUMED_PARAGRAPHS:
                return last_link + 1
    return -1


def _cut_off(segs: list[Seg], cut: int, end: int | None = None) -> None:
    """Mark a closing container's blocks from ``cut`` on as furniture (what follows a
    "Related" heading in it, or the whole of a teaser card), up to ``end`` if given."""
    for seg in islice(segs, cut, end):
        seg.good = False
        seg.bad = True
        seg.cut_off = True


def _restore_entries(walked: _Walked, place: Placement) -> None:
    """Give back the card-shaped parts of the chosen container that sit between paragraphs of
    the box holding them, when there are several: a roundup's entries (a linked name and a
    paragraph on it), not teasers, which fill a box of their own beside or after the article.
    One such card stays cut off: a promo set in the article's flow.  Each entry's linked
    headline is kept as its title."""
    segs = walked.segs
    inside = [card for card in walked.cards if place.start <= card.start and card.end <= place.end]
    if len(inside) < _ROUNDUP_ENTRIES:
        return
    good = [i for i in range(place.start, place.end) if segs[i].good]
    if not good:
        return
    boxes = {box.serial: box for box in map(_Candidate._make, walked.candidates)}
    entries = []
    for card in inside:
        if card.article != place.article or not good[0] < card.start < card.end <= good[-1]:
            continue  # (in an <article> of its own: a teaser for that article)
        box = boxes.get(card.holder)
        while box is not None and not any(seg.good for seg in islice(segs, box.start, box.end)):
            box = boxes.get(box.parent)  # a box of cards alone: the box holding it
        if box is not None and any(seg.good for seg in islice(segs, box.start, card.start)):
            entries.append(card)
    if len(entries) < _ROUNDUP_ENTRIES:
        return
    for card in entries:
        headline = True
        for seg, (good_before, bad_before) in zip(islice(segs, card.start, card.end), card.before):
            seg.good, seg.bad, seg.cut_off = good_before, bad_before, False
            if headline and seg.linked:
                seg.bad = headline = False


def _choose(walked: _Walked) -> tuple[float, Placement]:
    """The container worth the most once every cut is made, and its value.

    A container's value is the sum of its blocks' values, less the prose in parts cut off as
    furniture, weighted by its hint.  It is valued after the whole walk, so a cut made by an
    enclosing element (a "Related" heading above it, a teaser-card shape around it) counts:
    a container emptied by a cut loses to the next-best one instead of giving an empty body.
    When no container is worth anything, the container of the best lone text element (p, li,
    td...) is taken.  A best container far past the headline yields to the one right under
    it, if that is worth half as much (``_under_headline``).
    """
    segs = walked.segs
    # prefix sums: kept[i] is the value of segs[:i] with cut-off prose not counted
    kept = [0.0]
    total = 0.0
    headlines: list[int] = []
    for seg in segs:
        value = seg.value
        if value < 0 or not seg.cut_off:
            total += value
        kept.append(total)
        if value == 0.0 and seg.kind == K_TITLE:  # (a headline is worth 0: one test for most)
            headlines.append(len(kept) - 2)
    best_value, best = 0.0, None
    text_value, text_best = 0.0, None
    for candidate in walked.candidates:
        start, end, *_, hint, text_element = candidate
        value = (kept[end] - kept[start]) * hint
        if text_element:
            if value > text_value:
                text_value, text_best = value, candidate
        elif value > best_value:
            best_value, best = value, candidate
    if best is not None:
        if headlines:
            best_value, best = _under_headline(walked.candidates, kept, headlines, best_value, best)
        return best_value, _Candidate._make(best).placement()
    if text_best is not None:
        # Every container costs more than it holds: a short article whose paragraphs share
        # their container with a longer link list, promo or legal block.  The container of the
        # best paragraph is taken, and trimmed to its article part (``article_span``), rather
        # than that one paragraph.
        parent = _Candidate._make(text_best).parent
        for candidate in map(_Candidate._make, walked.candidates):
            if candidate.serial == parent:
                return text_value, candidate.placement()
        return text_value, _Candidate._make(text_best).placement()
    return 0.0, Placement(0, 0, 0, 0, 0, 0)


def _under_headline(
    candidates: list[tuple], kept: list[float], headlines: list[int], best_value: float,
    best: tuple,
) -> tuple[float, tuple]:
    """The best container, or the one the page's headline introduces when the best starts far
    past it: a short article loses by length to the prose a page closes with (a contact
    notice, a legal text) once no class word or ``<footer>`` marks that as furniture, but the
    headline stands over the article.  The container under the headline must be worth half
    the best one (a standfirst or a byline box is worth much less than an article)."""
    start = _Candidate._make(best).start
    if start - headlines[0] <= _FAR_BLOCKS + 1:  # (at best one block under the headline)
        return best_value, best
    # first blocks of the containers right under a headline
    under = {headline + step for headline in headlines for step in range(1, _HEADLINE_REACH + 1)}
    near_value, near = 0.0, None
    for candidate in candidates:
        first, end, *_, hint, text_element = candidate
        if first in under and not text_element and end + _FAR_BLOCKS <= start:
            value = (kept[end] - kept[first]) * hint
            if value > near_value:
                near_value, near = value, candidate
    if near is not None and near_value * 2 >= best_value:
        return near_value, near
    return best_value, best


def _extract_blocks(
    body: etree._Element,
    ticker_items: set[etree._Element],
    holders: set[etree._Element],
    options: CleanOptions,
    stop_words: frozenset[str],
    memo: dict[str, int],
    rules: _Rules,
    site: str,
) -> _Found:
    """Blocks of the best container, that container's value and the credit texts near it."""
    walked = _walk(body, ticker_items, holders, options, stop_words, memo, rules, site)
    value, place = _choose(walked)
    if len(walked.cards) >= _ROUNDUP_ENTRIES:
        _restore_entries(walked, place)
    window = walked.segs[place.start : place.end]
    span = article_span(window)
    credits = near_credits(walked.segs, place, span, walked.spots, memo)
    return _Found(
        select_blocks(window, span), value, credits, walked.saw_landmark, walked.streamed
    )


def _structured_body(blocks: list[Block], article_body: str) -> list[Block]:
    """The page's JSON-LD ``articleBody`` as paragraphs, when the visible page holds far less
    (a script-rendered app shell, a teaser): the visible article, when about as long, keeps
    its structure.  Furniture lines in it are dropped later, as for any block."""
    visible = sum(len(block.text) for block in blocks)
    if visible * _STRUCTURED_RATIO >= len(article_body):  # cheap bound before any parsing
        return blocks
    text = _BODY_BREAK.sub("\n\n", article_body)
    text = html_lib.unescape(_BODY_TAG.sub(" ", text))
    pieces = text.split("\n\n") if "\n\n" in text.strip() else text.splitlines()
    found = [" ".join(piece.split()) for piece in pieces]
    found = [piece for piece in found if piece]
    if visible * _STRUCTURED_RATIO >= sum(len(piece) for piece in found):
        return blocks
    return [Block("paragraph", piece) for piece in found]


def _drop_title_repeats(blocks: list[Block], title: str) -> list[Block]:
    """The headline is the title, not body text, wherever the page repeats it."""
    if not title:
        return blocks
    key = title.casefold()
    longest = len(key)  # case folding never shortens a text: longer blocks cannot match
    return [
        b
        for b in blocks
        if not (
            len(b.text) <= longest
            and b.kind in ("heading", "paragraph")
            and b.text.casefold() == key
        )
    ]
