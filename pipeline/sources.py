"""Tag news sources (agencies, outlets) from credit lines and datelines."""
from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cached_property
from importlib import resources

from .document import SourceTag
from .patterns import CREDIT_CONNECTORS, CREDIT_LABELS, CREDIT_PHRASES, alternation

__all__ = ["SourceCatalog", "default_catalog", "tag_sources"]

#: What may stand between credited names: "RFI avec AFP", "dpa und AFP", "EFE y Europa Press".
#: Whole words only, so a connector never eats part of another word.
_CONNECTORS = re.compile(
    r"(?i)[&,/+;\-–—]|(?<!\w)" + alternation((
        "avec", "et", "and", "with", "l'", "l’", "la", "le", "les", "the", "d'après", "d’après", "selon",
        "via", "according to", "agence", "agences", "agency", "agencies", "news", "staff", "rédaction",
        "redaction", "correspondant", "correspondants", *CREDIT_CONNECTORS,
    )) + r"(?!\w)"
)
#: A label that makes the rest of a short line a credit ("Source : ministère", "Quelle: dpa",
#: "© 2026 X").
#: (Labels start with a word character: the punctuation before one is read once, possessively;
#: "©" and "(c)" are looked for inside it.)
_CREDIT_LABEL = re.compile(
    r"^(?:\W*+(?:" + alternation(CREDIT_LABELS) + r"|copyright)|\W*(?:©|\(c\)))\s*+[:：]?\s*+", re.I
)
#: Words that make a line a credit when a short phrase naming sources follows ("Avec MAP",
#: "Con información de EFE"); they also open sentences ("Selon l'AFP, le bilan...").
_CREDIT_WORD = re.compile(
    r"^\W*+" + alternation(("avec", "with", "d'après", "d’après", "selon", "via", *CREDIT_PHRASES)) + r"\s*+[:：]?\s*+",
    re.I,
)
_CREDIT_PHRASE_WORDS = 6  # "l'AFP et le ministère de l'Intérieur"; a longer rest is a sentence
#: What a credited name looks like when the catalog does not know it: a few plain words.
_PLAIN_NAME = re.compile(r"[\w\s.,'’&-]{1,60}")
#: A byline naming its agency: "By Dana Whitfield, Associated Press", "Par Jean Dupont (AFP)",
#: "Par AFP".  The name is up to five words, then a separator, then the sources.
_BYLINE = re.compile(
    r"^\W*+(?:by|par)\s++(?:[^\W\d][\w.'’-]*+(?:\s++[^\W\d][\w.'’-]*+){0,4}\s*(?:,|/|—|–|\s-|\()\s*+)?"
    r"(?P<rest>.+)$",
    re.I,
)
_CONTRIBUTED = re.compile(r"\b(?:contributed (?:to )?(?:this )?report(?:ing)?|contributed reporting)\b", re.I)
_TRAILING_WITH = re.compile(r"^.{0,60}?\b(?:avec|with)\s+(?P<rest>.+)$", re.I)
#: Credit lines are short; a long paragraph mentioning AFP is a sentence, not a credit.
_CREDIT_MAX_CHARS = 120
#: A dateline sits at the start of a paragraph: "PARIS (AFP) -".
_DATELINE_WINDOW = 80
_PARENTHESES = re.compile(r"\(([^()]{2,40})\)")


@dataclass(frozen=True, slots=True)
class _Entry:
    name: str
    kind: str


class SourceCatalog:
    """Known sources with aliases, compiled into one regex; built from data, not code."""

    __slots__ = ("_by_alias", "__dict__")

    def __init__(self, entries: Iterable[Mapping[str, object]]) -> None:
        by_alias: dict[str, _Entry] = {}
        for raw in entries:
            name = str(raw["name"])
            kind = str(raw.get("kind", "outlet"))
            if kind not in ("agency", "outlet"):
                raise ValueError(f"source {name!r}: kind must be agency or outlet, not {kind!r}")
            aliases = raw.get("aliases") or [name]
            if not isinstance(aliases, list):
                raise ValueError(f"source {name!r}: aliases must be a list")
            for alias in [name, *aliases]:
                by_alias[str(alias)] = _Entry(name, kind)
        if not by_alias:
            raise ValueError("a source catalog needs at least one source")
        self._by_alias = by_alias
        self._lead_words = _lead_words(by_alias)
        #: built here, not on first use: ~10 ms of regex compiling belongs to setup, not to
        #: the first page that names a source
        self._patterns_by_lead_word = (
            None if self._lead_words is None else _patterns_by_lead_word(by_alias)
        )

    @classmethod
    def from_json(cls, text: str | bytes, *, base: SourceCatalog | None = None) -> SourceCatalog:
        """Read the ``{"sources": [...]}`` shape; entries override ``base``'s of the same alias."""
        data = json.loads(text)
        entries = data["sources"] if isinstance(data, dict) else data
        merged = list(base.entries()) if base is not None else []
        return cls([*merged, *entries])

    def entries(self) -> list[dict[str, object]]:
        grouped: dict[str, dict[str, object]] = {}
        for alias, entry in self._by_alias.items():
            item = grouped.setdefault(entry.name, {"name": entry.name, "kind": entry.kind, "aliases": []})
            aliases = item["aliases"]
            assert isinstance(aliases, list)
            aliases.append(alias)
        return list(grouped.values())

    @cached_property
    def _pattern(self) -> re.Pattern[str]:
        return _alias_pattern(self._by_alias)

    def _lookup(self, alias: str) -> _Entry:
        entry = self._by_alias.get(alias)
        if entry is not None:
            return entry
        lowered = alias.lower()
        return next(e for a, e in self._by_alias.items() if a.lower() == lowered)

    def find(self, text: str) -> list[tuple[_Entry, re.Match[str]]]:
        """Every known source named in ``text``, in order."""
        if not self._may_mention(text):
            return []
        return [(self._lookup(m.group(0)), m) for m in self._pattern.finditer(text)]

    def mentions_any(self, text: str) -> bool:
        """True when ``text`` names at least one known source."""
        patterns = self._patterns_by_lead_word
        if patterns is None:
            return self._pattern.search(text) is not None
        words = _folded_words(text)
        if self._lead_words.isdisjoint(words):
            return False  # most lines: no word is an alias's first word (one C-level test)
        return any(patterns[word].search(text) is not None for word in patterns.keys() & words)

    def _may_mention(self, text: str) -> bool:
        """False when no word of ``text`` starts like an alias: then the pattern cannot match.

        The pattern is one alternative per alias, tried at every word start of the text; most
        lines name no source, and a set look-up per word settles them (see ``_lead_words``).
        """
        lead_words = self._lead_words
        return lead_words is None or not lead_words.isdisjoint(_folded_words(text))

    def only_sources(self, text: str) -> bool:
        """True when ``text`` holds nothing but source names and connector words."""
        rest = self._pattern.sub(" ", text)
        rest = _CONNECTORS.sub(" ", rest)
        rest = re.sub(r"[\s().:\[\]'\"«»]+", "", rest)
        return rest == "" and bool(self._pattern.search(text))


#: A run of word characters.  An alias starts a run (the pattern's ``(?<![\w-])``) that is its
#: first word; runs after a hyphen, where no alias starts, are looked up too: harmless, since
#: a look-up only decides which patterns to try, and cheaper than telling them apart.
_WORD = re.compile(r"\w+")
#: The same for an ASCII text: re.ASCII tests a character's class in one table, not through
#: Unicode's (same words there)
_ASCII_WORD = re.compile(r"\w+", re.ASCII)
#: Letters that ``re.IGNORECASE`` matches to an ASCII letter but ``casefold`` does not fold to it.
_ODD_CASE_FOLDS = str.maketrans("\u0130\u0131", "ii")


def _fold(word: str) -> str:
    """A key equal for any two words the pattern's case-insensitive match takes as the same."""
    return word.translate(_ODD_CASE_FOLDS).casefold()


def _folded_words(text: str) -> list[str]:
    """The words (runs of word characters) of ``text``, each ``_fold``-ed: every place where an
    alias may start begins one of them."""
    if text.isascii():
        return _ASCII_WORD.findall(text.lower())
    # word by word, after the split (casefold may change a word's length, never its place);
    # folded in one call, joined by a character that is no word character and folds to itself
    return _fold("\x00".join(_WORD.findall(text))).split("\x00")


def _alias_pattern(aliases: Iterable[str]) -> re.Pattern[str]:
    """One alternative per alias, longest first, each a whole word (not inside a hyphenation)."""
    # Short all-caps aliases (AP, PA, AA) must match case-sensitively; others ignore case.
    def piece(alias: str) -> str:
        escaped = re.escape(alias)
        if alias.isupper() and len(alias) <= 5:
            return escaped
        return f"(?i:{escaped})"

    ordered = sorted(aliases, key=len, reverse=True)
    return re.compile(r"(?<![\w-])(?:" + "|".join(piece(a) for a in ordered) + r")(?![\w-])")


def _patterns_by_lead_word(aliases: Iterable[str]) -> dict[str, re.Pattern[str]]:
    """The aliases grouped by folded first word, one pattern per group: a line names an alias
    only if it holds the alias's first word (see ``_lead_words``), so ``mentions_any`` tries
    only the groups of the words a line holds, not every alias at every word start."""
    groups: dict[str, list[str]] = {}
    for alias in aliases:
        groups.setdefault(_fold(_WORD.match(alias).group(0)), []).append(alias)
    return {word: _alias_pattern(group) for word, group in groups.items()}


def _lead_words(aliases: Iterable[str]) -> frozenset[str] | None:
    """The folded first words of the aliases, or None when the pre-test cannot be exact.

    A text names an alias only if one of its words (whole, at a ``(?<![\w-])`` start) is the
    alias's first word, the same letters in any case: ``_may_mention`` looks words up here.
    That holds for aliases written in Latin letters (every letter ``re.IGNORECASE`` matches to
    one of them is a word character too) that start with a word character; for any other
    alias, every text goes to the pattern.
    """
    words = set()
    for alias in aliases:
        if not alias or any(ord(char) >= 0x250 for char in alias):
            return None
        match = _WORD.match(alias)
        if match is None:
            return None
        words.add(_fold(match.group(0)))
    return frozenset(words)


def default_catalog() -> SourceCatalog:
    """The catalog shipped in ``pipeline/data/sources.json``."""
    return SourceCatalog.from_json(resources.files("pipeline").joinpath("data/sources.json").read_bytes())


def _credit_line(line: str, catalog: SourceCatalog) -> bool:
    """A line whose only job is to credit sources ("Source:RFI avec AFP", "© AFP", "Avec MAP")."""
    text = line.strip()
    if not text or len(text) > _CREDIT_MAX_CHARS:
        return False
    if not catalog.mentions_any(text):
        # Without a known name only two kinds can credit: "Source : ministère de la Santé" and
        # "Jane Roe contributed to this report". One search settles most lines cheaply.
        return _labelled_source_line(text) or _credits_contributors(text)
    stripped = _CREDIT_LABEL.sub("", text, count=1)
    if stripped != text and (catalog.only_sources(stripped) or _PLAIN_NAME.fullmatch(stripped)):
        return bool(catalog.find(stripped)) or not _is_copyright(text)
    stripped = _CREDIT_WORD.sub("", text, count=1)
    if stripped != text and _credit_phrase(stripped, catalog):
        return True
    if catalog.only_sources(text.strip("()[] ")):
        return True
    byline = _BYLINE.match(text)
    if byline is not None and catalog.only_sources(byline["rest"].strip(" .()")):
        return True
    if _credits_contributors(text):
        return True
    trailing = _TRAILING_WITH.match(text)
    return trailing is not None and catalog.only_sources(trailing["rest"].strip(" .()"))


def _credits_contributors(text: str) -> bool:
    """"Jane Roe contributed to this report".  The regex (ignoring case, tried at each word
    start) runs only on a line holding "buted" in lower case: most do not, and no letter of it
    has a case pair under re.IGNORECASE other than its capital."""
    return "buted" in text.lower() and _CONTRIBUTED.search(text) is not None


def _is_copyright(text: str) -> bool:
    """A "© 2026 Example Media" line credits a source only when the catalog knows the name."""
    return re.match(r"^\W*(?:copyright|©|\(c\))", text, re.I) is not None


def _labelled_source_line(text: str) -> bool:
    """"Source : X" where X is a plain name, known to the catalog or not."""
    stripped = _CREDIT_LABEL.sub("", text, count=1)
    return stripped != text and _PLAIN_NAME.fullmatch(stripped) is not None and not _is_copyright(text)


def _credit_phrase(rest: str, catalog: SourceCatalog) -> bool:
    """What follows "Avec" / "Selon" in a credit: sources, or a few words naming one and no
    clause after a comma ("l'AFP, le bilan s'alourdit" is a sentence)."""
    if catalog.only_sources(rest):
        return True
    head, comma, clause = rest.partition(",")
    if comma and not catalog.only_sources(clause.strip(" .")):
        return False
    return (
        len(rest.split()) <= _CREDIT_PHRASE_WORDS
        and _PLAIN_NAME.fullmatch(rest) is not None
        and bool(catalog.find(head))
    )


def tag_sources(lines: Sequence[str], catalog: SourceCatalog) -> tuple[list[SourceTag], list[str], list[str]]:
    """Find credited sources in ``lines``.

    Returns (tags, kept lines, removed credit-only lines). A credit-only line is removed;
    a dateline ("PARIS (AFP) - ...") is tagged and its paragraph stays.
    """
    tags: dict[str, SourceTag] = {}
    kept: list[str] = []
    removed: list[str] = []

    def add(found: Iterable[tuple[_Entry, re.Match[str]]], evidence: str) -> None:
        for entry, _ in found:
            tags.setdefault(entry.name, SourceTag(name=entry.name, kind=entry.kind, evidence=evidence))

    for line in lines:
        text = line.strip()
        if _credit_line(text, catalog):
            add(catalog.find(text), text)
            removed.append(line)
            continue
        head = text[:_DATELINE_WINDOW]
        if "(" in head:
            for match in _PARENTHESES.finditer(head):
                if catalog.only_sources(match.group(1)):
                    add(catalog.find(match.group(1)), head[: match.end()].strip())
        kept.append(line)
    return list(tags.values()), kept, removed
