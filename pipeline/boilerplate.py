"""Recognise boilerplate lines in page text: ads, social and share bars, cookie and
newsletter prompts, related-article lists, tags, menus, footers, credit lines.

The words are data (``pipeline.patterns``, French, English, German, Spanish, Italian and
Portuguese); this module says where in a line they must sit and how short the line must be.
"""
from __future__ import annotations

import heapq
import re
from collections.abc import Iterable, Sequence

from .patterns import (
    AD_LABELS,
    AD_SLOT_SIZES,
    BYLINE_JOINERS,
    BYLINE_PREFIXES,
    BYLINE_PREPOSITIONS,
    COOKIE_NOTICE_PHRASES,
    COOKIE_PHRASES,
    CREDIT_LABELS,
    CREDIT_PHRASES,
    FOLLOW_US,
    FOOTER_LINKS,
    FOOTER_PHRASES,
    NEWSLETTER_PHRASES,
    RELATED_HEADINGS,
    SHARE_WORDS,
    STAMP_PREFIXES,
    TAG_PREFIXES,
    PhraseSet,
    alternation,
    any_gate,
    fold_case,
    starts_with_any,
)

__all__ = ["boilerplate_reason", "drop_boilerplate"]

#: (every size starts with a digit: one look-ahead instead of each size tried after each
#: length of the label)
_AD_SLOT = re.compile(r"^\W*+[A-Za-zÀ-ÿ_-]{0,12}[-_ ]?(?=\d)" + alternation(AD_SLOT_SIZES) + r"\b", re.I)
_LEAD_WORD = re.compile(r"[^\W_]+")
_STARTS_WITH_WORD = re.compile(r"\w")


def _lead_word(text: str) -> str:
    """The first word of a line, in lower case ("" if none)."""
    match = _LEAD_WORD.search(text)
    return match.group(0).lower() if match is not None else ""


#: The first words of the phrases of every line-start rule (``_LineStart``, ``_PhraseLine``),
#: gathered as the rules are built: see ``_rule_lead``.
_RULE_FIRSTS: set[str] = set()


class _LineStart:
    """A rule for lines that start with one of its phrases.

    Its regex (one alternative per phrase, six languages) runs only on lines whose first word
    starts like one of the phrases: one C-level ``startswith`` settles most lines.

    Every phrase starts with a word character, so a regex may open with a possessive ``^\\W*+``:
    the punctuation before a phrase is never part of it, and is read once, not once per phrase.
    """

    __slots__ = ("_firsts", "_regex")

    def __init__(self, regex: str, *groups: Iterable[str], flags: int = re.I) -> None:
        self._regex = re.compile(regex, flags)
        self._firsts = tuple(sorted({_lead_word(phrase) for group in groups for phrase in group}))
        if not self._firsts or "" in self._firsts:
            raise ValueError("every phrase of a line-start rule needs a leading word")
        if any(not _STARTS_WITH_WORD.match(phrase) for group in groups for phrase in group):
            raise ValueError("every phrase of a line-start rule starts with a word character")
        _RULE_FIRSTS.update(self._firsts)

    def match(self, text: str, lead: str) -> re.Match[str] | None:
        return self._regex.match(text) if lead and lead.startswith(self._firsts) else None


_AD_LABEL = _LineStart(r"^\W*+" + alternation(AD_LABELS) + r"\W*+$", AD_LABELS)
_FOLLOW = _LineStart(r"^\W*+" + alternation(FOLLOW_US) + r"\b", FOLLOW_US)


class _PhraseLine:
    """Lines made of some phrases and punctuation, and nothing else ("Share | Facebook | X").

    Read by tokens, not by one regex: from the line's start, the positions a run of phrases can
    reach are kept as a set, each phrase tried once at each of them.  The regex
    ``^(?:\\W*(?:a|b|…)\\W*)+$`` said the same, but the two ``\\W*`` could share each run of
    punctuation in as many ways as it was long: a share bar failing at its last character took
    seconds, and twice as long for every word more.  Here a line costs its length times the
    phrases that start like it, whatever it holds.
    """

    __slots__ = ("_by_initial", "_firsts", "_whole_words")

    def __init__(self, phrases: Iterable[str], *, whole_words: bool) -> None:
        by_initial: dict[str, list[str]] = {}
        for phrase in sorted({p.lower() for p in phrases}):
            if not _STARTS_WITH_WORD.match(phrase):
                raise ValueError(f"phrase {phrase!r} must start with a word character")
            by_initial.setdefault(phrase[0], []).append(phrase)
        if not by_initial:
            raise ValueError("empty phrase group")
        self._by_initial = {initial: tuple(group) for initial, group in by_initial.items()}
        self._firsts = tuple(sorted({_lead_word(p) for group in by_initial.values() for p in group}))
        _RULE_FIRSTS.update(self._firsts)
        #: "Impressum" must not be read in "Impressumseite"; share links come glued
        #: ("FacebookTwitterEmail"), so share words need not end a word.
        self._whole_words = whole_words

    def match(self, text: str, lead: str) -> bool:
        if not lead or not lead.startswith(self._firsts):
            return False
        line = fold_case(text)
        end = len(line)
        skip = _NON_WORD_RUN.match
        start = skip(line).end()
        pending = [start]  # positions where a phrase may start, smallest first
        seen = {start}
        while pending:
            at = heapq.heappop(pending)
            for phrase in self._by_initial.get(line[at], ()) if at < end else ():
                if not line.startswith(phrase, at):
                    continue
                after = at + len(phrase)
                if self._whole_words and after < end and _STARTS_WITH_WORD.match(line, after):
                    continue
                after = skip(line, after).end()
                if after == end:
                    return True
                if after not in seen:
                    seen.add(after)
                    heapq.heappush(pending, after)
        return False


_NON_WORD_RUN = re.compile(r"\W*+")
#: "Share | Facebook | X | Email", also glued ("FacebookTwitterEmail": links with no separator).
_SHARE_ONLY = _PhraseLine(SHARE_WORDS, whole_words=False)
#: "Impressum · Datenschutz · Kontakt": a line of footer links and nothing else.
_FOOTER_ONLY = _PhraseLine(FOOTER_LINKS, whole_words=True)


_COOKIE = PhraseSet(COOKIE_PHRASES)
_COOKIE_NOTICE = PhraseSet(COOKIE_NOTICE_PHRASES)
_NEWSLETTER = PhraseSet(NEWSLETTER_PHRASES)
_FOOTER = PhraseSet(FOOTER_PHRASES)
#: One scan of a short line for the three sets above (most lines hold none of their phrases)
_PROMPT_GATES = any_gate(_COOKIE, _NEWSLETTER, _FOOTER)
_RELATED = _LineStart(
    r"^\W*+" + alternation(RELATED_HEADINGS) + r"(?:\s*+[:>»-].*+)?\W*+$", RELATED_HEADINGS
)
_TAGS = _LineStart(r"^\W*+" + alternation(TAG_PREFIXES) + r"\s*+:", TAG_PREFIXES)
_NAME = r"[A-ZÀ-ÝŒ][\w'’.-]*"
_BYLINE = _LineStart(
    # spaces read once (possessive): "By" and 100 KB of spaces must not cost their square
    r"^\W*+(?:(?i:" + alternation(BYLINE_PREFIXES) + r")(?:\s*+:)?\s++" + _NAME
    # "di Marco Rossi" is a byline, "Di Maio lascia" a headline: two names after a preposition
    + r"|(?i:" + alternation(BYLINE_PREPOSITIONS) + r")\s++" + _NAME + r"[\s,]++" + _NAME + r")"
    + r"(?:(?:[\s,]++|\s++" + alternation(BYLINE_JOINERS) + r"\s++)" + _NAME + r")*",
    BYLINE_PREFIXES, BYLINE_PREPOSITIONS, flags=0,
)
_STAMP = _LineStart(r"^\W*+" + alternation(STAMP_PREFIXES) + r"(?!\w)", STAMP_PREFIXES)
#: A stamp carries a date or a time ("Aktualisiert am 14.03.2026", "Updated 3 hours ago");
#: without a digit, "Publicado el decreto de ayudas" is a headline.
_DIGIT = re.compile(r"\d")
#: "Quelle: dpa", "Fuente: EFE y Europa Press", "Con información de EFE": a label, then names.
_CREDIT = _LineStart(
    r"^\W*+(?:" + alternation(CREDIT_LABELS) + r"\s*+[:：]\s*+|" + alternation(CREDIT_PHRASES)
    + r"(?:\s*+:)?\s++)(?P<rest>\S.*+)$",
    CREDIT_LABELS, CREDIT_PHRASES,
)
_CREDIT_MAX_CHARS = 100
_CREDIT_MAX_WORDS = 8  # "Ministerio de Sanidad y Consejería de Salud"; more is a sentence
_CREDIT_PART_WORDS = 4  # words between commas: "EFE, AFP, Europa Press", not "EFE, la policía detuvo a dos"
_CLAUSE_PUNCTUATION = re.compile(r"[.!?;:]")
#: Bylines and "published on" lines are short: a long line starting "Par" is a sentence.
_BYLINE_MAX_WORDS = 12
#: A gallery's or slideshow's counter on a line of its own: "3 of 12", "Foto 3 de 12", "Bild
#: 3/12"; not a bare "5/5", which is as often a review's rating
_COUNTER = re.compile(
    r"(?:(?P<word>foto|photo|bild|imagen|image|immagine|imagem|slide|diapositiva)\s+)?"
    r"(?P<n>\d{1,3})\s*(?:(?P<slash>/)|of|de|di|von|sur|van)\s*(?P<of>\d{1,3})", re.I)
_COUNTER_MAX_CHARS = 24
_SENTENCE_END = re.compile(r"[.!?»”\"…)]\s*$")

#: Prompts are short; a long paragraph that mentions "newsletter" is article text.
_PROMPT_MAX_CHARS = 160
#: Consent notices run to a few sentences; "we use cookies" in a longer block is article text.
_NOTICE_MAX_CHARS = 400
#: A related-list section ends at the first line long enough to be prose.
_LIST_ITEM_MAX_CHARS = 140
#: Menus: this many very short lines in a row.
_MENU_RUN = 3
_MENU_ITEM_MAX_WORDS = 3


#: A footer or newsletter phrase past the opening words of a sentence this long is a word of
#: the sentence ("I hadn't run my own newsletter through..."), not a prompt or a notice,
#: which open with it ("Sign up for...", "© 2024...", "Contact us today")
_MENTION_MIN_WORDS = 8
_PROMPT_OPENING_WORDS = 3  # (of any of its sentences: "Want more? Sign up for...")
_SENTENCE_BREAK = re.compile(r"[.!?]\s")

#: Built once every rule is (all of them above): a word no rule's phrase starts like
_RULE_LEAD = starts_with_any(_RULE_FIRSTS)


def _rule_lead(text: str) -> str:
    """The first word of a line in lower case, as the line-start rules read it, or "" when no
    rule has a phrase starting like it (then every rule is settled by the empty lead): one
    prefix-tree match instead of one ``startswith`` over each rule's words, for most lines."""
    lead = _lead_word(text)
    return lead if _RULE_LEAD.match(lead) is not None else ""


def boilerplate_reason(line: str) -> str | None:
    """Name the kind of boilerplate ``line`` is (``"ad"``, ``"social"``, …), or None for content."""
    text = line.strip()
    if not text:
        return None
    short = len(text) <= _PROMPT_MAX_CHARS
    # (every ad size holds an "x", which re.I matches to nothing but "X": most texts are
    # settled without the regex)
    if ("x" in text or "X" in text) and _AD_SLOT.match(text) and len(text.split(maxsplit=3)) <= 3:
        return "ad"
    if len(text) <= _COUNTER_MAX_CHARS and text[-1].isdigit():
        counter = _COUNTER.fullmatch(text)
        if (counter is not None and 0 < int(counter["n"]) <= int(counter["of"])
                and (counter["word"] or not counter["slash"])):
            return "counter"
    lead = _rule_lead(text)  # "" settles every line-start rule below without calling it
    if lead and _AD_LABEL.match(text, lead):
        return "ad"
    lowered = text.lower() if len(text) <= _NOTICE_MAX_CHARS else ""  # (read by the phrase sets)
    if lowered and _COOKIE_NOTICE.found_in(lowered):
        return "cookie"
    if short:
        reason = _short_line_reason(text, lead, lowered)
        if reason is not None:
            return reason
        if lead and _RELATED.match(text, lead):  # "Lesen Sie auch", "Te puede interesar: <headline>"
            return "related"
    if lead and not text.endswith(".") and len(text.split(maxsplit=_BYLINE_MAX_WORDS)) <= _BYLINE_MAX_WORDS:
        if _STAMP.match(text, lead) and _DIGIT.search(text):
            return "byline"
        byline = _BYLINE.match(text, lead)
        if byline is not None and len(byline.group(0).split()) >= len(text.split()) - 2:
            return "byline"
    return None


def mentions_in_prose(line: str) -> bool:
    """Whether a line that a footer or newsletter phrase marks as boilerplate is a sentence
    that only mentions the thing: _MENTION_MIN_WORDS words or more, ending as a sentence
    does, and no such phrase in the first _PROMPT_OPENING_WORDS words of any of its
    sentences.  The caller keeps it only between two paragraphs of article text (a notice
    closes a page or a form; a prompt set between paragraphs opens with its phrase)."""
    text = line.strip()
    if len(text.split()) < _MENTION_MIN_WORDS or not _SENTENCE_END.search(text):
        return False
    for sentence in _SENTENCE_BREAK.split(text.lower()):
        opening = " ".join(sentence.split()[:_PROMPT_OPENING_WORDS])
        if _NEWSLETTER.found_in(opening) or _FOOTER.found_in(opening):
            return False
    return True


def _short_line_reason(text: str, lead: str, lowered: str) -> str | None:
    """The kinds of boilerplate that only short lines (prompts, bars, footers) can be
    (``lowered``: the line in lower case)."""
    if lead and _FOLLOW.match(text, lead):
        return "social"
    if lead and _SHARE_ONLY.match(text, lead):
        return "share"
    if lead and _FOOTER_ONLY.match(text, lead):
        return "footer"
    prompt = _PROMPT_GATES.search(lowered) is not None
    if prompt and _COOKIE.found_in(lowered):
        return "cookie"
    if prompt and _NEWSLETTER.found_in(lowered) and not _SENTENCE_END.search(text[:-1] or "x"):
        return "newsletter"
    if lead and _TAGS.match(text, lead) and not _SENTENCE_END.search(text):
        return "tags"
    if prompt and _FOOTER.found_in(lowered):
        return "footer"
    if lead and len(text) <= _CREDIT_MAX_CHARS and _is_credit(text, lead):
        return "credit"
    return None


def _is_credit(text: str, lead: str) -> bool:
    """"Quelle: dpa", "Con información de EFE": a credit label or phrase and a few names, no clause."""
    match = _CREDIT.match(text, lead)
    if match is None:
        return False
    rest = match["rest"].rstrip(" .)")
    if not rest or _CLAUSE_PUNCTUATION.search(rest) or len(rest.split()) > _CREDIT_MAX_WORDS:
        return False
    return all(len(part.split()) <= _CREDIT_PART_WORDS for part in rest.split(","))


def _is_related_heading(text: str) -> bool:
    return len(text) <= _PROMPT_MAX_CHARS and _RELATED.match(text, _lead_word(text)) is not None


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
