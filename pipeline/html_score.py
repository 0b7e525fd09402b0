"""What a block of text is worth to the container holding it, and which blocks to keep.

The walk in ``pipeline.html_extract`` cuts a page into blocks; each gets a value here (prose
is worth its length, furniture costs its length, short plain bits cost a little) and the
blocks of the winning container are trimmed to the article by ``select_blocks``.
"""
from __future__ import annotations

from itertools import islice

from .document import Block
from .html_patterns import (
    COMMENT_COUNT_HEADING,
    CONSENT_HEADING,
    COOKIE_NOTICE,
    MARKUP_TEXT,
    RELATED_HEADING,
    STOP_WORDS,
    is_ad_size_text,
    is_boilerplate_line,
)

__all__ = [
    "K_HEADING",
    "K_ITEM",
    "K_PARAGRAPH",
    "K_QUOTE",
    "K_TITLE",
    "MAX_CAPTION_SEGS",
    "MAX_CARD_SEGS",
    "Seg",
    "article_span",
    "is_caption",
    "is_card",
    "is_slideshow",
    "opens_furniture",
    "score_block",
    "select_blocks",
]

#: Block kinds while walking; K_TITLE (an ``<h1>``) is kept apart and never emitted.
K_PARAGRAPH, K_HEADING, K_QUOTE, K_ITEM, K_TITLE = range(5)
_KIND_NAMES = ("paragraph", "heading", "quote", "list_item", "paragraph")

_SHORT_LINE = 120  # furniture phrases are only looked for in lines this short
_NOTICE_LINE = 400  # consent notices in blocks this short
_GOOD_CHARS = 100  # a block this long, link-poor, is prose
_CJK_GOOD_CHARS = 30  # the same for scripts written without spaces (Chinese, Japanese...)
_CJK_SENTENCE_CHARS = 8  # ...and this long if it ends as a sentence does (a one-line paragraph)
_CJK_SENTENCE_END = frozenset("。！？")
_MAX_LINK_DENSITY = 0.5  # above this share of link text a block is a link list or a menu entry
MAX_CARD_SEGS = 4  # a teaser card is a container of at most this many blocks
_CARD_SUMMARY_CHARS = 600  # and its summary is at most this long (longer: an article)
MAX_CAPTION_SEGS = 2  # a picture's caption is at most this many blocks (a caption, a credit)...
_CAPTION_CHARS = 320  # ...this long together
_SLIDESHOW_CAPTIONS = 4  # a slideshow box shows at most this many captions (each <= _CAPTION_CHARS)
_SHORT_COST = 15.0  # what a short, plain block (date, label, caption) costs its container
_DATA_RUN = 3  # this many plain short blocks in a row next to the prose are content (lists, data)
_SENTENCE_END = frozenset('.!?"”»')
_EARLY_WORDS = 4  # _count_stop_words(enough=n) first reads this many words per function word wanted
_REPEAT_CHARS = 80  # a paragraph this long seen twice in the article is printed twice
_TAIL_SHARE = 0.15  # prose after a furniture heading below this share of the prose before: not article
_BIO_BLOCKS = 3  # an author's box after the article holds at most this many paragraphs
_NAME_CHARS = 40  # a name line ("About Jane Doe", "Jane Doe") is at most this long


class Seg:
    """One text block found by the walk."""

    __slots__ = ("kind", "text", "value", "good", "bad", "linked", "cut_off", "opens_furniture")

    def __init__(
        self, kind: int, text: str, value: float, good: bool, bad: bool, linked: bool = False
    ) -> None:
        self.kind = kind
        self.text = text
        self.value = value
        self.good = good
        self.bad = bad
        self.linked = linked  # mostly link text: a headline pointing elsewhere, a menu entry
        self.cut_off = False  # in a part cut off as furniture (after "Related", a teaser card)
        self.opens_furniture = False  # a heading such as "Related articles" (see opens_furniture)


def is_card(segs: list[Seg], start: int) -> bool:
    """A teaser card: a linked headline (3+ words) followed by a summary, in a small container.

    One paragraph of summary: a linked heading over several paragraphs opens a part of the
    article (a roundup linking each part to the story it discusses); a short one: a cell of a
    few links beside a long text (an old table layout's article cell, its paragraphs parted by
    single <br>) is a menu beside the article."""
    for index in range(start, len(segs) - 1):
        seg = segs[index]
        if seg.kind == K_TITLE:  # the page's own headline: an article, not a teaser
            return False
        if seg.linked and len(seg.text) >= 20 and len(seg.text.split()) >= 3:
            summaries = [s for s in segs[index + 1 :] if s.good]
            return len(summaries) == 1 and len(summaries[0].text) <= _CARD_SUMMARY_CHARS
        if seg.good:
            return False
    return False


def is_caption(segs: list[Seg], start: int) -> bool:
    """Whether the few blocks after a picture in a container that holds both (the picture not
    inside their paragraph) are its caption: short plain text, no heading, no link (a teaser
    is a card, not a caption).  What a ``<figcaption>`` or a "caption" class says, read from
    the shape alone, as older pages give nothing else."""
    chars = 0
    for seg in segs[start:]:
        if seg.kind != K_PARAGRAPH or seg.linked or seg.cut_off:
            return False
        chars += len(seg.text)
    return chars <= _CAPTION_CHARS and segs[-1].text[-1] != ":"  # (":" introduces what follows)


def is_slideshow(segs: list[Seg], start: int, counter: int) -> bool:
    """Whether a container whose blocks from ``start`` on hold a first slide's counter ("1 / 8",
    at ``counter``) is a slideshow: its prose is a few captions, none longer than a caption,
    and none after the counter (prose after a gallery in its box is the article's).  What a
    "gallery" class says, read from the shape alone: the captions, the counter and its
    controls ("Caption", "Close", "Back to Gallery") go together.  Prose already cut off in
    it (an inner box of the slideshow) counts: a box around it is the slideshow only if all
    its prose is a few captions."""
    captions = 0
    for index in range(start, len(segs)):
        seg = segs[index]
        if seg.good or (seg.cut_off and seg.value > 0):
            if index > counter or len(seg.text) > _CAPTION_CHARS:
                return False
            captions += 1
            if captions > _SLIDESHOW_CAPTIONS:
                return False
        elif seg.kind == K_TITLE:
            return False  # the page's headline: the gallery opens the article's box
    return captions > 0


def opens_furniture(heading: str) -> bool:
    """Whether a heading's text is like "Related articles" / "À lire aussi" (a label, not a
    labelled link), counts the reader comments on the post ("10 thoughts on “…”"), or titles
    a consent dialog ("Privacy Overview")."""
    return (
        len(heading) <= 60
        and ":" not in heading.rstrip(": ")
        and RELATED_HEADING.match(heading) is not None
    ) or COMMENT_COUNT_HEADING.match(heading) is not None or (
        len(heading) <= 60 and CONSENT_HEADING.match(heading) is not None
    )


def _is_linked_sentence(kind: int, text: str, density: float) -> bool:
    """A full sentence whose words are mostly a link: prose, not a menu ("|" separates menus)."""
    return (
        kind == K_PARAGRAPH
        and density < 0.85
        and text[-1] in _SENTENCE_END
        and "|" not in text
        and len(text.split()) >= 8
    )


def score_block(
    kind: int, text: str, links: int, starts_with_link: bool, stop_words: frozenset[str]
) -> Seg:
    """Value a block: what it adds to (or costs) the container holding it."""
    length = len(text)
    density = min(1.0, links / length)
    if kind == K_TITLE:
        return Seg(kind, text, 0.0, False, True)
    if density > _MAX_LINK_DENSITY:
        if _is_linked_sentence(kind, text, density):
            return Seg(kind, text, 0.0, False, False)  # neutral: kept inside the article
        return Seg(kind, text, -length * density, False, True, True)
    if length <= _SHORT_LINE and (is_boilerplate_line(text) or is_ad_size_text(text)):
        return Seg(kind, text, -float(length), False, True)
    if length <= _NOTICE_LINE and "ookie" in text and COOKIE_NOTICE.search(text):
        return Seg(kind, text, -float(length), False, True)
    if text[0] == "<" and MARKUP_TEXT.match(text):
        return Seg(kind, text, -float(length), False, True)
    if kind == K_HEADING:
        return Seg(kind, text, 0.0, False, False)
    words = text.lower().split()  # lower case for the function words, counted below
    if len(words) * 20 < length:  # scripts written without spaces (CJK): judge by characters
        if text.isascii():  # no such script: a URL, a path or a code printed on the page
            return Seg(kind, text, -min(float(length), _SHORT_COST), False, False)
        if length >= _CJK_GOOD_CHARS:
            return Seg(kind, text, length * 2.0 * (1.0 - density), True, False)
        if length >= _CJK_SENTENCE_CHARS and text[-1] in _CJK_SENTENCE_END:
            return Seg(kind, text, length * (1.0 - density), True, False)  # a short sentence
        return Seg(kind, text, -5.0, False, False)
    if kind == K_ITEM and starts_with_link and density > 0.15:  # teasers: headline link + summary
        return Seg(kind, text, -length * density, False, density > 0.35)
    if length >= _GOOD_CHARS:
        needed = -(-len(words) // 10)  # a tenth of the words, rounded up
        factor = 1.0 if _count_stop_words(words, stop_words, enough=needed) >= needed else 0.5
        return Seg(kind, text, length * (1.0 - density) * factor, True, False)
    if len(words) >= 6:
        stops = _count_stop_words(words, stop_words)
        if stops * 5 >= len(words) or (stops and text[-1] in _SENTENCE_END):
            return Seg(kind, text, length * 0.5 * (1.0 - density), True, False)
    elif length >= _CJK_SENTENCE_CHARS and text[-1] in _CJK_SENTENCE_END:
        return Seg(kind, text, length * (1.0 - density), True, False)  # "短句。", under 20 chars
    return Seg(kind, text, -min(float(length), _SHORT_COST), False, False)


def _count_stop_words(words: list[str], stop_words: frozenset[str], enough: int = 0) -> int:
    """Function words among lower-case ``words``, by the page's language, else by all the
    known languages (a page's declared language is sometimes its template's, not its text's).

    With ``enough``, the count may stop at the first words once that many are found there:
    prose holds them early, so a long paragraph is settled without looking up every word."""
    looked_up = map(stop_words.__contains__, words)
    count = sum(islice(looked_up, _EARLY_WORDS * enough))
    if not enough or count < enough:
        count += sum(looked_up)  # the rest of the words
    if not count and stop_words is not STOP_WORDS:
        count = sum(map(STOP_WORDS.__contains__, words))
    return count


def article_span(segs: list[Seg]) -> tuple[int, int]:
    """First and last index of the article part of a container's blocks: from its first to
    its last good block, widened to runs of plain short blocks around them (all blocks when
    none is good)."""
    good = [i for i, s in enumerate(segs) if s.good]
    if not good:
        return 0, len(segs) - 1
    first, last = good[0], _article_end(segs, good)
    last = _before_author_box(segs, first, last)
    # a heading right before the first good block introduces it
    while first > 0 and segs[first - 1].kind == K_HEADING:
        first -= 1
    # runs of plain short blocks around the prose (results, schedules, specs) belong to it;
    # one or two (a byline, a date, a credit) do not, nor links kept as list entries (kept
    # only between good blocks: a list of links after the article is a link list), nor
    # teaser entries
    end = last + 1
    while end < len(segs) and _plain(segs[end]):
        end += 1
    if end - last - 1 >= _DATA_RUN:
        last = end - 1
    begin = first
    while begin > 0 and _plain(segs[begin - 1]):
        begin -= 1
    if first - begin >= _DATA_RUN:
        first = begin
    return first, last


def _before_author_box(segs: list[Seg], first: int, last: int) -> int:
    """``last``, or the last good block before an author's box closing the article: a linked
    line that is a name ("Jane Doe", "About Jane Doe": a link to the author's page), maybe
    over a role line, then at most _BIO_BLOCKS paragraphs, the first opening with that name
    ("Jane Doe covers..."), as a page's "author-bio" box does, told by its shape, not by a
    class.  (A last section titled with a place's name is not linked, and seldom opens with
    the title's last words.)"""
    start = last
    while start > first and segs[start - 1].good:
        start -= 1
    if last - start >= _BIO_BLOCKS or start <= first:
        return last
    opening = segs[start].text
    for label in (start - 1, start - 2):  # the name, maybe over a role ("Staff Reporter")
        if label <= first or segs[label].good:
            return last
        name = _person_name(segs[label].text)
        if name is not None and segs[label].linked and opening.startswith(name):
            while label > first and not segs[label - 1].good:
                label -= 1
            return label - 1
    return last


def _person_name(text: str) -> str | None:
    """The last two words of a line of two or three capitalised words ("About Jane Doe":
    "Jane Doe"), else None."""
    if len(text) > _NAME_CHARS:
        return None
    words = text.split()
    if not 2 <= len(words) <= 3:
        return None
    for word in words:
        if not (word[0].isupper() and word.replace("-", "").isalpha()):
            return None
    return " ".join(words[-2:])


def _plain(seg: Seg) -> bool:
    """A short block that may belong to a run of data next to the prose: not furniture, not a
    link, and not a teaser entry (a linked headline and its summary in a list item, which
    costs more than a plain short block)."""
    return not seg.bad and not seg.linked and seg.value >= -_SHORT_COST


def _article_end(segs: list[Seg], good: list[int]) -> int:
    """Index of the last good block of the article part: the last good block, or the last
    one before a furniture heading ("Related articles", "Comments") after which there is
    much less prose than before it (testimonials, teasers with summaries, comments), or a
    consent dialog's title after which there is less (its panels of cookie purposes)."""
    last = good[-1]
    if not any(segs[i].opens_furniture for i in range(good[0] + 1, last)):
        return last
    before = 0.0  # value of the good blocks before index i
    total = sum(segs[i].value for i in good)
    position = 0  # good[position] is the first good block at or after i
    for i in range(good[0], last + 1):
        while good[position] < i:
            before += segs[good[position]].value
            position += 1
        if segs[i].opens_furniture and (
            total - before < before * _TAIL_SHARE
            or (total - before < before and CONSENT_HEADING.match(segs[i].text) is not None)
        ):
            return good[position - 1]
    return last


def select_blocks(segs: list[Seg], span: tuple[int, int] | None = None) -> list[Block]:
    """Blocks of the chosen container, from its first to its last good block, minus furniture
    (but not a linked heading over prose: ``_titles_prose``) and minus a second copy of the
    body (pages that print it twice, for two screen sizes).

    ``span`` is ``article_span(segs)``, when the caller has it already."""
    first, last = span if span is not None else article_span(segs)
    window = segs[first : last + 1]
    kept = [
        seg for i, seg in enumerate(window)
        if not seg.bad or (seg.linked and seg.kind == K_HEADING and _titles_prose(window, i))
    ]
    copies = _second_copies(kept)
    return [
        Block(_KIND_NAMES[seg.kind], seg.text) for i, seg in enumerate(kept) if i not in copies
    ]


def _titles_prose(segs: list[Seg], index: int) -> bool:
    """Whether a linked heading inside the article titles the prose under it (a roundup
    linking each entry's name to its subject): kept, unlike a teaser's headline, which a
    card cut or a "Related" heading has already marked as cut off.  A linked heading under
    another heading (a kicker, "More:", a run of linked headlines) is a teaser set in the
    article's flow; so is one labelled as related ("Related post: ...")."""
    seg = segs[index]
    following = index + 1
    # short plain lines between (a photo credit, a date, a rating and a count of reviews)
    while (
        following + 1 < len(segs) and following - index < _DATA_RUN
        and not segs[following].good and not segs[following].bad
    ):
        following += 1
    return (
        not seg.cut_off
        and following < len(segs)
        and segs[following].good
        and (index == 0 or segs[index - 1].kind != K_HEADING)
        and RELATED_HEADING.match(seg.text) is None  # "Related post: ...", a labelled link
    )


def _second_copies(segs: list[Seg]) -> set[int]:
    """Indexes of long paragraphs that repeat, in the same order, a run of earlier ones.

    A long paragraph seen before is a copy when its neighbour (the long paragraph before or
    after it) is also a copy of its first occurrence's neighbour: a body printed twice
    repeats runs of paragraphs, while an interview repeating a question, or a plan repeating
    a step, repeats single ones between new ones."""
    first_seen: dict[str, int] = {}
    longs: list[int] = []  # indexes in segs of the long paragraphs
    origins: list[int] = []  # for each, the position in longs of its first occurrence
    for i, seg in enumerate(segs):
        if len(seg.text) >= _REPEAT_CHARS:
            origins.append(first_seen.setdefault(seg.text, len(longs)))
            longs.append(i)
    copies: set[int] = set()
    last = len(longs) - 1
    for k, origin in enumerate(origins):
        if origin == k:
            continue  # a first occurrence
        if (k > 0 and origins[k - 1] == origin - 1 != k - 1) or (
            k < last and origins[k + 1] == origin + 1 != k + 1
        ):
            copies.add(longs[k])
    return copies
