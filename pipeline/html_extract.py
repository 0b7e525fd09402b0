"""Find the article in a news page: title, body blocks, 'latest news' ticker, date, language.

How it decides (one parse, one pruning-and-segmenting walk, no recursion over the tree):

1. Parse once with lxml's HTML parser (huge trees allowed).  Metadata (``html_meta``): og /
   twitter titles matched against ``<h1>``, ``article:published_time`` / JSON-LD
   ``datePublished`` / ``<time datetime>``, ``<html lang>`` / og:locale.
2. Ticker strips (``html_ticker``) are found first, on the whole page, and kept out of the body.
3. One iterative walk (``lxml.etree.iterwalk``) skips page furniture without entering it:
   furniture tags (nav, aside, footer, form controls, media, scripts...), hidden elements,
   ARIA landmarks that are not the article, and class/id words naming kinds of furniture
   (``html_patterns``: strong words always; weak ones such as "sidebar" or "header" unless
   the element also says "article"/"content" or holds several paragraphs).  The rest is cut
   into text blocks at block-level tags (and at ``<br><br>``).
4. Each block gets a value (``html_score``): link-poor prose with function words (of the
   page's language) is worth its length; link lists, furniture phrases, consent notices and
   ad placeholders cost their length; short plain bits cost a little, short table cells
   nothing.  Values are summed bottom-up over block-level
   containers in the same walk; the container with the largest sum (weighted up when it says
   it is the article) is the article: a maximum-value subtree, which takes in sibling parts of
   a split body and leaves out the link lists and teasers around it.  Inside a container, a
   heading such as "Related articles" / "À lire aussi" ends the article part, and small
   cards made of a linked headline plus a summary count as teasers.
5. Inside the winner, blocks are kept from the first to the last good block, plus runs of
   short plain lines next to them (results, schedules); link lists, furniture lines and the
   headline itself are dropped.  Should class/id rules leave too little prose, the walk is
   redone with tag rules only.
6. Short texts in and right after the winner that are not body (bylines, captions, credit
   lines such as "Source : France 24 avec AFP") are handed back apart, as ``credits``, for the
   source tagger (``html_credits``); they never enter the body.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import islice

from lxml import etree

from .document import Block, TickerItem
from .errors import PageTooLarge, UnparseableHtml
from .html_credits import CreditSpot, Placement, near_credits
from .html_meta import choose_title, language_hint, published_at, read_head
from .html_patterns import (
    ATTR_CONTENT,
    ATTR_CREDIT,
    ATTR_FURNITURE,
    ATTR_STRONG,
    BLOCK_TAGS,
    DROP_TAGS,
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
    MAX_CARD_SEGS,
    Seg,
    article_span,
    is_card,
    opens_furniture,
    score_block,
    select_blocks,
)
from .html_ticker import find_ticker
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


# ---------------------------------------------------------------- constants

_SKIP_ROLES = frozenset(
    {"navigation", "banner", "contentinfo", "complementary", "dialog", "alertdialog", "menu",
     "menubar", "search", "toolbar", "tablist", "alert", "status"}
)
_PROTECTED_TAGS = frozenset({"html", "body"})
#: Attributes that may hide an element or make it a landmark to skip (see ``_skip``)
_HIDING_ATTRS = frozenset({"hidden", "aria-hidden", "style", "role"})
#: Block tags that hold text rather than other blocks
_TEXT_TAGS = frozenset(
    {"p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "dt", "dd", "td", "th", "pre"}
)
_LANDMARK_TAGS = frozenset({"article", "main"})
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)

_CONTENT_HINT = 1.3  # weight of a container that says it is the article (class/id, <article>)
_FALLBACK_VALUE = 400.0  # below this best-container value, try again without class/id rules
_PROSE_PARAGRAPHS = 5  # a weakly named container with this many <p> is not skipped...
_LAYOUT_DEPTH = 40  # ...when it is within this many block containers from <body>


# ---------------------------------------------------------------- entry point


def extract_html(
    html: str, *, url: str | None = None, options: CleanOptions = DEFAULT_OPTIONS
) -> HtmlExtraction:
    """Extract the article of one HTML page.

    Raises ``PageTooLarge`` above ``options.max_page_bytes`` and ``UnparseableHtml`` when
    lxml yields no tree (empty or whitespace-only input, or markup it rejects).  A page
    with a tree but no article text gives an extraction with no blocks (the caller decides
    whether that is ``EmptyBody``).
    """
    root = _parse(html, options)
    title_tag, meta = read_head(root)
    title = choose_title(root, title_tag, meta)
    ticker, ticker_items = find_ticker(root, url)
    body = root.find("body")
    if body is None:
        body = root
    language = language_hint(root, meta)
    stop_words = STOP_WORDS_BY_LANGUAGE.get(language or "", STOP_WORDS)
    memo: dict[str, int] = {}  # class / id value or word -> class_flags, for this page only
    blocks, value, credits = _extract_blocks(
        body, ticker_items, options, stop_words, memo, prune_classes=True
    )
    if value < _FALLBACK_VALUE:
        # Little prose found: a class/id rule may have hidden the article.  Walk again with
        # tag rules only, and take that if it finds much more.
        fallback, fallback_value, fallback_credits = _extract_blocks(
            body, ticker_items, options, stop_words, memo, prune_classes=False
        )
        if fallback_value > 2 * value + 100 or (not blocks and fallback):
            blocks, credits = fallback, fallback_credits
    blocks = _drop_title_repeats(blocks, title)
    return HtmlExtraction(
        title=title,
        blocks=tuple(blocks),
        ticker=tuple(ticker),
        published_at=published_at(root, meta),
        language_hint=language,
        credits=credits,
    )


# ---------------------------------------------------------------- parsing


def _parse(html: str, options: CleanOptions) -> etree._Element:
    if isinstance(html, bytes):  # tolerated, though the contract is str
        html = html.decode("utf-8", "replace")
    data = html.encode("utf-8", "replace")
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
    except (etree.ParserError, etree.XMLSyntaxError, ValueError) as exc:
        raise UnparseableHtml(f"lxml could not parse the page: {exc}") from exc
    if root is None:
        raise UnparseableHtml("no root element")
    return root


# ---------------------------------------------------------------- the walk


def _skip(
    el: etree._Element, tag: str, names: list[str], flags: int, prune_classes: bool, depth: int
) -> bool:
    """Whether an element is page furniture, from its tag, visibility, ARIA role and class/id.

    ``names`` are the element's attribute names, ``flags`` its class/id ``attr_flags`` and
    ``depth`` the number of block containers around it.
    """
    if tag in DROP_TAGS:
        return True
    if tag in _PROTECTED_TAGS or not names:
        return False
    get = el.get
    if "hidden" in names or ("aria-hidden" in names and get("aria-hidden") == "true"):
        return True
    if "style" in names and _HIDDEN_STYLE.search(get("style") or ""):
        return True
    if "role" in names and (get("role") or "").lower() in _SKIP_ROLES:
        return True
    if not prune_classes or not flags & ATTR_FURNITURE:
        return False
    if flags & ATTR_STRONG:
        return True
    if tag in _LANDMARK_TAGS or flags & ATTR_CONTENT:
        return False
    # A weak furniture word ("sidebar", "header", "widget") on a container holding several
    # paragraphs more likely names its layout than its kind: let the scoring decide.  Layout
    # wrappers sit near the top of the tree; deeper down the word is taken at its word (and
    # the look-ahead, linear in the subtree, stays bounded on pathologically deep pages).
    if depth > _LAYOUT_DEPTH:
        return True
    return next(islice(el.iter("p"), _PROSE_PARAGRAPHS - 1, None), None) is None


def _extract_blocks(
    body: etree._Element,
    ticker_items: set[etree._Element],
    options: CleanOptions,
    stop_words: frozenset[str],
    memo: dict[str, int],
    *,
    prune_classes: bool,
) -> tuple[list[Block], float, tuple[str, ...]]:
    """Blocks of the best container, that container's value and the credit texts near it.

    ``memo`` is the page's ``class_flags`` memo, shared by both walks.
    """
    segs: list[Seg] = []
    buf: list[str] = []
    link_chars = 0
    link_depth = 0
    lead = 0  # how the current block starts: 0 nothing yet, 1 plain text, 2 inside a link
    # open block containers:
    # [first segment index, value sum, furniture cut index, hint, tag, serial]
    frames: list[list] = []
    serial = 0  # containers opened so far, in document order (0: none, the page itself)
    articles: list[int] = []  # serials of the open <article> containers
    spots: list[CreditSpot] = []  # skipped elements that name credits
    overflow = 0
    max_depth = max(1, options.max_depth)
    kinds = [0, 0, 0, 0, 0]  # open heading / quote / item / title counts, by K_* index
    cells = 0  # open table cells: short text there is data, not furniture
    lists: list[str] = []  # open ul / ol, innermost last
    # (value, first segment, end segment, *Placement serials) of the best container
    best = (0.0, 0, 0, 0, 0, 0, 0)
    best_text = best  # and of the best text element (p, li, td...), should no container score
    skipped = None

    def flush() -> None:
        nonlocal link_chars, lead
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
        if cells and not seg.good and not seg.bad:
            seg.value = 0.0  # a short table cell: data (results, figures), not furniture
        segs.append(seg)
        if frames:
            frames[-1][1] += seg.value
            if kind == K_HEADING and opens_furniture(text):
                # "Related articles", "À lire aussi"...: the rest of the container is furniture
                seg.bad = True
                frame = frames[-1]
                if frame[4] in _TEXT_TAGS and len(frames) > 1:  # the heading's own element
                    frame = frames[-2]
                if frame[2] < 0:
                    frame[2] = len(segs) - 1

    walker = etree.iterwalk(body, events=("start", "end"), tag="*")  # "*": elements only
    for event, el in walker:
        tag = el.tag
        if event == "start":
            if tag in DROP_TAGS:
                walker.skip_subtree()
                skipped = el
                if lead:
                    flush()
                if tag == "figcaption" or (tag == "footer" and articles):
                    spots.append(CreditSpot(
                        len(segs), frames[-1][5] if frames else 0,
                        articles[-1] if articles else 0, el,
                    ))
                continue
            names = el.keys()
            flags = 0
            if names:
                if "class" in names:
                    flags = class_flags(el.get("class"), memo)
                if "id" in names:
                    flags |= class_flags(el.get("id"), memo)
                # (_skip only when a class/id word or an attribute may make it furniture)
                if (
                    (flags & ATTR_FURNITURE or not _HIDING_ATTRS.isdisjoint(names))
                    and _skip(el, tag, names, flags, prune_classes, len(frames))
                ) or (ticker_items and el in ticker_items):
                    walker.skip_subtree()
                    skipped = el
                    if tag in BLOCK_TAGS and lead:
                        flush()
                    if flags & ATTR_CREDIT:
                        spots.append(CreditSpot(
                            len(segs), frames[-1][5] if frames else 0,
                            articles[-1] if articles else 0, el,
                        ))
                    continue
            elif ticker_items and el in ticker_items:
                walker.skip_subtree()
                skipped = el
                if tag in BLOCK_TAGS and lead:
                    flush()
                continue
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
                    frames.append([len(segs), 0.0, -1, hint, tag, serial])
                    if tag == "article":
                        articles.append(serial)
                else:
                    overflow += 1
                if tag in HEADING_TAGS:
                    kinds[K_HEADING] += 1
                elif tag == "li" or tag == "dd" or tag == "dt":
                    kinds[K_ITEM] += 1
                elif tag == "blockquote":
                    kinds[K_QUOTE] += 1
                elif tag == "td" or tag == "th":
                    cells += 1
                elif tag == "ul" or tag == "ol":
                    lists.append(tag)
                elif tag == "h1":
                    kinds[K_TITLE] += 1
            elif tag == "a":
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
                start, total, cut, hint, _, own = frames.pop()
                if cut < 0 and 2 <= len(segs) - start <= MAX_CARD_SEGS and is_card(segs, start):
                    cut = start
                if cut >= 0:
                    for seg in segs[cut:]:
                        if seg.value > 0:
                            total -= seg.value
                        seg.good = False
                        seg.bad = True
                        seg.cut_off = True
                if tag in _TEXT_TAGS:  # a lone paragraph is the article only if nothing holds more
                    if total * hint > best_text[0]:
                        best_text = (
                            total * hint, start, len(segs), own, serial,
                            frames[-1][5] if frames else 0, articles[-1] if articles else 0,
                        )
                elif total * hint > best[0]:
                    best = (
                        total * hint, start, len(segs), own, serial,
                        frames[-1][5] if frames else 0, articles[-1] if articles else 0,
                    )
                if tag == "article":
                    articles.pop()
                if frames:
                    frames[-1][1] += total
            if tag in HEADING_TAGS:
                kinds[K_HEADING] -= 1
            elif tag == "li" or tag == "dd" or tag == "dt":
                kinds[K_ITEM] -= 1
            elif tag == "blockquote":
                kinds[K_QUOTE] -= 1
            elif tag == "td" or tag == "th":
                cells -= 1
            elif (tag == "ul" or tag == "ol") and lists:
                lists.pop()
            elif tag == "h1":
                kinds[K_TITLE] -= 1
        elif tag == "a":
            link_depth -= 1
        tail = el.tail
        if tail:
            buf.append(tail)
            if link_depth:
                link_chars += len(tail.strip())
            if not lead and not tail.isspace():
                lead = 2 if link_depth else 1
    flush()
    value, *where = best if best[0] > 0 else best_text
    place = Placement(*where)
    window = segs[place.start : place.end]
    span = article_span(window)
    return select_blocks(window, span), value, near_credits(segs, place, span, spots, memo)


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
