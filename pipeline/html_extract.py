"""Find the article in a news page: title, body blocks, 'latest news' ticker, date, language.

How it decides (one parse, one pruning-and-segmenting walk, no recursion):

1. Parse once with lxml (huge trees allowed).  Metadata comes from ``<head>``: og/twitter
   titles, ``article:published_time``, JSON-LD ``datePublished``, ``<html lang>``, og:locale.
2. Ticker strips are found first, on the whole page: sibling items (li, or repeated children)
   whose text starts with a time of day and is a short headline (see ``pipeline.ticker``).
3. A single iterative walk (``lxml.etree.iterwalk``) skips page furniture without visiting it:
   boilerplate tags (nav, aside, footer, forms controls, media...), hidden elements, ARIA
   landmarks that are not the article, and class/id words naming furniture kinds
   (``pipeline.html_patterns``).  What is left is cut into text blocks at block-level tags.
4. Each block gets a value: long, link-poor prose with function words is worth its length;
   link lists, furniture phrases and ad placeholders cost their length; short bits cost a little.
   Values are summed bottom-up over block-level containers during the same walk; the container
   with the largest sum is the article (a maximum-value subtree: it takes in sibling parts of a
   split body and leaves out link lists and teasers around it).
5. Inside it, blocks are kept from the first to the last good paragraph, minus link lists,
   furniture lines and ad text; the headline itself (h1 / title) is not repeated in the body.
"""
from __future__ import annotations

import json
import re
from itertools import islice
from dataclasses import dataclass
from datetime import datetime
from urllib.parse import urljoin

from lxml import etree

from .document import Block, TickerItem
from .errors import PageTooLarge, UnparseableHtml
from .html_patterns import (
    AD_SIZE_TEXT,
    ATTR_CONTENT,
    ATTR_FURNITURE,
    ATTR_LAYOUT,
    ATTR_STRONG,
    BLOCK_TAGS,
    BOILERPLATE_LINE,
    DROP_TAGS,
    HEADING_TAGS,
    RELATED_HEADING,
    STOP_WORDS,
    TIME_PREFIX,
    attr_flags,
)
from .options import DEFAULT_OPTIONS, CleanOptions
from .ticker import MIN_TICKER_RUN, parse_ticker_line

__all__ = ["HtmlExtraction", "extract_html"]


@dataclass(frozen=True, slots=True)
class HtmlExtraction:
    """What one HTML page says, without the page around it."""

    title: str
    blocks: tuple[Block, ...]
    ticker: tuple[TickerItem, ...]
    published_at: str | None
    language_hint: str | None


# ---------------------------------------------------------------- constants

_SKIP_ROLES = frozenset(
    {"navigation", "banner", "contentinfo", "complementary", "dialog", "alertdialog", "menu",
     "menubar", "search", "toolbar", "tablist", "alert", "status"}
)
_PROTECTED_TAGS = frozenset({"html", "body"})
_TEXT_TAGS = frozenset({"p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "dt", "dd", "td", "th", "span", "strong"})
_LANDMARK_TAGS = frozenset({"article", "main"})
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)
_TITLE_SEPARATORS = re.compile(r"\s+(?:[|\-–—·•:»/]|::)\s+")
_LANG = re.compile(r"^([a-zA-Z]{2})(?:$|[-_])")
_DATE_ONLY = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_TIME_START = frozenset("0123456789[(")
_JSONLD_DATE = re.compile(r'"datePublished"\s*:\s*"([^"]+)"')

# block kinds while walking; "title" (h1) is kept apart and never emitted
_K_PARAGRAPH, _K_HEADING, _K_QUOTE, _K_ITEM, _K_TITLE = range(5)
_KIND_NAMES = ("paragraph", "heading", "quote", "list_item", "paragraph")

_SHORT_LINE = 120  # furniture phrases are only looked for in lines this short
_GOOD_CHARS = 100  # a block this long, link-poor, is prose
_MAX_LINK_DENSITY = 0.5
_CONTENT_HINT = 1.3  # weight of a container that says it is the article (class/id, <article>)
_FALLBACK_VALUE = 400.0
_MAX_CARD_SEGS = 4
_PROSE_PARAGRAPHS = 5  # a weakly named container with this many <p> is not skipped
_SENTENCE_END = frozenset('.!?"”»')  # below this best-container value, try again without class/id rules


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
    title_tag, meta = _read_head(root)
    title = _choose_title(root, title_tag, meta)
    ticker, ticker_items = _find_ticker(root, url)
    body = root.find("body")
    if body is None:
        body = root
    blocks, value = _extract_blocks(body, ticker_items, options, prune_classes=True)
    if value < _FALLBACK_VALUE:
        # Little prose found: a class/id rule may have hidden the article (a layout wrapper
        # named like furniture).  Walk again with tag rules only; take it if much better.
        fallback, fallback_value = _extract_blocks(body, ticker_items, options, prune_classes=False)
        if fallback_value > 2 * value + 100 or (not blocks and fallback):
            blocks = fallback
    blocks = _drop_title_repeats(blocks, title)
    return HtmlExtraction(
        title=title,
        blocks=tuple(blocks),
        ticker=tuple(ticker),
        published_at=_published_at(root, meta),
        language_hint=_language(root, meta),
    )


# ---------------------------------------------------------------- parsing and metadata


def _parse(html: str, options: CleanOptions) -> etree._Element:
    if isinstance(html, bytes):  # tolerated, though the contract is str
        data = html
    else:
        data = html.encode("utf-8", "surrogatepass" if False else "replace")
    if len(data) > options.max_page_bytes:
        raise PageTooLarge(f"{len(data)} bytes > {options.max_page_bytes}")
    if not data.strip():
        raise UnparseableHtml("empty document")
    # lxml's HTML parser (libxml2).  The plain etree flavour builds the same tree as
    # lxml.html.HTMLParser but skips the per-node Python class lookup of lxml.html elements.
    parser = etree.HTMLParser(
        encoding="utf-8", huge_tree=True, remove_comments=True, remove_pis=True,
        no_network=True, default_doctype=False,
    )
    try:
        root = etree.fromstring(data, parser)
    except (etree.ParserError, etree.XMLSyntaxError, ValueError) as exc:
        raise UnparseableHtml(f"lxml could not parse the page: {exc}") from exc
    if root is None:
        raise UnparseableHtml("no root element")
    return root


def _text(el: etree._Element) -> str:
    return " ".join(etree.tostring(el, method="text", encoding="unicode", with_tail=False).split())


def _read_head(root: etree._Element) -> tuple[str, dict[str, str]]:
    """The <title> text and the first value of each interesting <meta>."""
    meta: dict[str, str] = {}
    title_tag = ""
    head = root.find("head")
    scope = head if head is not None else root
    for el in scope.iter("meta", "title"):
        if el.tag == "title":
            if not title_tag:
                title_tag = _text(el)
            continue
        key = (el.get("property") or el.get("name") or el.get("itemprop") or "").strip().lower()
        content = el.get("content")
        if key and content and key not in meta:
            meta[key] = content.strip()
    return title_tag, meta


def _choose_title(root: etree._Element, title_tag: str, meta: dict[str, str]) -> str:
    social = meta.get("og:title") or meta.get("twitter:title") or ""
    social = " ".join(social.split())
    references = [t for t in (title_tag, social) if t]
    h1s = []
    for el in root.iter("h1"):
        text = _text(el)
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
        return _strip_site_name(social, h1s)
    if title_tag:
        return _strip_site_name(title_tag, h1s)
    return h1s[0] if h1s else ""


def _strip_site_name(title: str, h1s: list[str]) -> str:
    """'Headline - Site Name' -> 'Headline' (keeps the longest part when separators split it)."""
    parts = _TITLE_SEPARATORS.split(title)
    if len(parts) < 2:
        return title
    longest = max(parts, key=len)
    if len(longest.split()) < 3:
        return title
    # keep everything up to and including the longest part when it leads ("A: B - Site")
    index = parts.index(longest)
    if index == 0:
        return longest
    return longest


def _published_at(root: etree._Element, meta: dict[str, str]) -> str | None:
    for key in ("article:published_time", "datepublished", "og:published_time",
                "date", "dc.date.issued", "dc.date", "pubdate", "publishdate", "sailthru.date"):
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


def _language(root: etree._Element, meta: dict[str, str]) -> str | None:
    for value in (root.get("lang"), root.get("xml:lang"), meta.get("og:locale"),
                  meta.get("content-language"), meta.get("language")):
        if value:
            match = _LANG.match(value.strip())
            if match:
                return match.group(1).lower()
    return None


# ---------------------------------------------------------------- ticker strips


def _find_ticker(
    root: etree._Element, url: str | None
) -> tuple[list[TickerItem], set[etree._Element]]:
    """Sibling items starting with a time of day and reading as a headline, two or more."""
    groups: dict[etree._Element, list[tuple[etree._Element, TickerItem]]] = {}
    seen: set[etree._Element] = set()
    for node in root.iter():
        # a text (or a tail: text after a child, e.g. after an icon) starting with a time of day
        text = node.text
        if text and (text[0].isdigit() or text.lstrip()[:1] in _TIME_START) and TIME_PREFIX.match(text.lstrip()):
            el = node
        else:
            text = node.tail
            if not (text and (text[0].isdigit() or text.lstrip()[:1] in _TIME_START)):
                continue
            if not TIME_PREFIX.match(text.lstrip()):
                continue
            el = node.getparent()
        if el is None or not isinstance(el.tag, str) or el.tag in ("script", "style"):
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


def _ticker_item(el: etree._Element) -> tuple[etree._Element | None, TickerItem | None]:
    """The smallest ancestor-or-self of a time-bearing element that reads as one ticker line."""
    current = el
    for _ in range(4):
        if current is None or current.tag in ("body", "html"):
            return None, None
        text = _text(current)
        if len(text) > 220:
            return None, None
        item = parse_ticker_line(text)
        if item is not None:
            return current, item
        current = current.getparent()
    return None, None


# ---------------------------------------------------------------- the walk


def _skip(el: etree._Element, tag: str, names: list[str], flags: int, prune_classes: bool) -> bool:
    """Whether an element is page furniture, from its tag, visibility, ARIA role and class/id.

    ``names`` are the element's attribute names and ``flags`` its class/id ``attr_flags``.
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
    if tag in _LANDMARK_TAGS or flags & (ATTR_CONTENT | ATTR_LAYOUT):
        return False
    # A weak furniture word ("sidebar", "header", "widget") on a container holding several
    # paragraphs more likely names its layout than its kind: let the scoring decide.
    return next(islice(el.iter("p"), _PROSE_PARAGRAPHS - 1, None), None) is None


class _Seg:
    """One text block found by the walk."""

    __slots__ = ("kind", "text", "value", "good", "bad", "linked")

    def __init__(
        self, kind: int, text: str, value: float, good: bool, bad: bool, linked: bool = False
    ) -> None:
        self.kind = kind
        self.text = text
        self.value = value
        self.good = good
        self.bad = bad
        self.linked = linked  # mostly link text: a headline pointing elsewhere, a menu entry


def _extract_blocks(
    body: etree._Element,
    ticker_items: set[etree._Element],
    options: CleanOptions,
    *,
    prune_classes: bool,
) -> tuple[list[Block], float]:
    """Blocks of the best container and that container's value."""
    segs: list[_Seg] = []
    buf: list[str] = []
    link_chars = 0
    link_depth = 0
    lead = 0  # how the current block starts: 0 nothing yet, 1 plain text, 2 inside a link
    # open block containers: [first segment index, value sum, furniture cut index, hint, tag]
    frames: list[list] = []
    overflow = 0
    max_depth = max(1, options.max_depth)
    kinds = [0, 0, 0, 0, 0]  # open heading / quote / item / title counts, by _K_* index
    best = (0.0, 0, 0)  # (sum, start, end)
    memo: dict[str, int] = {}  # class name / id -> attr_flags, for this page only
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
        if kinds[_K_TITLE]:
            kind = _K_TITLE
        elif kinds[_K_HEADING]:
            kind = _K_HEADING
        elif kinds[_K_ITEM]:
            kind = _K_ITEM
        elif kinds[_K_QUOTE]:
            kind = _K_QUOTE
        else:
            kind = _K_PARAGRAPH
        seg = _score(kind, text, links, starts_with_link == 2)
        segs.append(seg)
        if frames:
            frames[-1][1] += seg.value
            if _opens_furniture(kind, text):
                # "Related articles", "À lire aussi"...: the rest of the container is furniture
                seg.bad = True
                frame = frames[-2] if frames[-1][4] in _TEXT_TAGS and len(frames) > 1 else frames[-1]
                if frame[2] < 0:
                    frame[2] = len(segs) - 1

    walker = etree.iterwalk(body, events=("start", "end"))
    for event, el in walker:
        tag = el.tag
        if not isinstance(tag, str):
            continue
        if event == "start":
            if tag in DROP_TAGS:
                walker.skip_subtree()
                skipped = el
                if lead:
                    flush()
                continue
            names = el.keys()
            flags = 0
            if names:
                words = ""
                if "class" in names:
                    words = el.get("class")
                if "id" in names:
                    words = f"{words} {el.get('id')}"
                # class names repeat across a page: classify each once (words of one name only)
                for name in words.split():
                    known = memo.get(name)
                    if known is None:
                        known = memo[name] = attr_flags(name)
                    flags |= known
                if _skip(el, tag, names, flags, prune_classes) or (ticker_items and el in ticker_items):
                    walker.skip_subtree()
                    skipped = el
                    if tag in BLOCK_TAGS and lead:
                        flush()
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
                    frames.append([len(segs), 0.0, -1, hint, tag])
                else:
                    overflow += 1
                if tag in HEADING_TAGS:
                    kinds[_K_HEADING] += 1
                elif tag == "li" or tag == "dd" or tag == "dt":
                    kinds[_K_ITEM] += 1
                elif tag == "blockquote":
                    kinds[_K_QUOTE] += 1
                elif tag == "h1":
                    kinds[_K_TITLE] += 1
            elif tag == "a":
                link_depth += 1
            elif tag == "br":
                if buf and (buf[-1] == "\n" or (buf[-1].isspace() and len(buf) > 1 and buf[-2] == "\n")):
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
                start, total, cut, hint, _ = frames.pop()
                if cut < 0 and 2 <= len(segs) - start <= _MAX_CARD_SEGS and _is_card(segs, start):
                    cut = start
                if cut >= 0:
                    for seg in segs[cut:]:
                        if seg.value > 0:
                            total -= seg.value
                        seg.good = False
                        seg.bad = True
                if total * hint > best[0]:
                    best = (total * hint, start, len(segs))
                if frames:
                    frames[-1][1] += total
            if tag in HEADING_TAGS:
                kinds[_K_HEADING] -= 1
            elif tag == "li" or tag == "dd" or tag == "dt":
                kinds[_K_ITEM] -= 1
            elif tag == "blockquote":
                kinds[_K_QUOTE] -= 1
            elif tag == "h1":
                kinds[_K_TITLE] -= 1
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
    value, start, end = best
    return _select(segs[start:end]), value


def _is_card(segs: list[_Seg], start: int) -> bool:
    """A teaser card: a linked headline (3+ words) followed by a summary, in a small container."""
    for index in range(start, len(segs) - 1):
        seg = segs[index]
        if seg.kind == _K_TITLE:  # the page's own headline: an article, not a teaser
            return False
        if seg.linked and len(seg.text) >= 20 and len(seg.text.split()) >= 3:
            return any(s.good for s in segs[index + 1 :])
        if seg.good:
            return False
    return False


def _opens_furniture(kind: int, text: str) -> bool:
    """A heading like "Related articles" / "À lire aussi" (a label, not a labelled link)."""
    if len(text) > 60 or ":" in text.rstrip(": ") or not RELATED_HEADING.match(text):
        return False
    return kind == _K_HEADING or (kind == _K_PARAGRAPH and len(text.split()) <= 4)


def _score(kind: int, text: str, links: int, starts_with_link: bool = False) -> _Seg:
    length = len(text)
    density = min(1.0, links / length)
    if kind == _K_TITLE:
        return _Seg(kind, text, 0.0, False, True)
    if density > _MAX_LINK_DENSITY:
        if kind == _K_PARAGRAPH and density < 0.85 and text[-1] in _SENTENCE_END and "|" not in text and len(text.split()) >= 8:
            return _Seg(kind, text, 0.0, False, False)  # a sentence that mostly links: neutral
        return _Seg(kind, text, -length * density, False, True, True)
    if length <= _SHORT_LINE and (BOILERPLATE_LINE.match(text) or AD_SIZE_TEXT.match(text)):
        return _Seg(kind, text, -float(length), False, True)
    if kind == _K_HEADING:
        return _Seg(kind, text, 0.0, False, False)
    words = text.split()
    if len(words) * 20 < length:  # scripts written without spaces (CJK): judge by characters
        if length >= 30:
            return _Seg(kind, text, length * 2.0 * (1.0 - density), True, False)
        return _Seg(kind, text, -5.0, False, False)
    if kind == _K_ITEM and starts_with_link and density > 0.15:  # teasers: headline link + summary
        return _Seg(kind, text, -length * density, False, density > 0.35)
    if length >= _GOOD_CHARS:
        stops = sum(map(STOP_WORDS.__contains__, text.lower().split()))
        factor = 1.0 if stops * 10 >= len(words) else 0.5
        return _Seg(kind, text, length * (1.0 - density) * factor, True, False)
    if len(words) >= 6:
        stops = sum(map(STOP_WORDS.__contains__, text.lower().split()))
        if stops * 5 >= len(words):
            return _Seg(kind, text, length * 0.5 * (1.0 - density), True, False)
    return _Seg(kind, text, -min(float(length), 30.0), False, False)


def _select(segs: list[_Seg]) -> list[Block]:
    """Blocks of the chosen container, from its first to its last good block, minus furniture."""
    good = [i for i, s in enumerate(segs) if s.good]
    if not good:
        return [Block(_KIND_NAMES[s.kind], s.text) for s in segs if not s.bad and s.kind != _K_TITLE]
    first, last = good[0], good[-1]
    # a heading right before the first good block introduces it
    while first > 0 and segs[first - 1].kind == _K_HEADING:
        first -= 1
    # list items right after the last good block continue it
    while last + 1 < len(segs) and segs[last + 1].kind == _K_ITEM and not segs[last + 1].bad:
        last += 1
    return [Block(_KIND_NAMES[s.kind], s.text) for s in segs[first : last + 1] if not s.bad]


def _drop_title_repeats(blocks: list[Block], title: str) -> list[Block]:
    if not title:
        return blocks
    key = title.casefold()
    return [b for b in blocks if not (b.kind in ("heading", "paragraph") and b.text.casefold() == key)]
