"""The class/id and furniture-line tests keep their meaning behind their shortcuts."""
from __future__ import annotations

import re

import pytest

from pipeline import html_patterns
from pipeline.patterns import TIME_WORD_INITIALS
from pipeline.ticker import parse_ticker_line
from pipeline.html_patterns import (
    ATTR_CONTENT,
    ATTR_CREDIT,
    ATTR_FURNITURE,
    ATTR_STRONG,
    TIME_PREFIX,
    attr_flags,
    class_flags,
    is_boilerplate_line,
)


@pytest.mark.parametrize(
    ("word", "flags"),
    [
        ("col-md-8", 0),
        ("readMore", ATTR_FURNITURE | ATTR_STRONG),
        ("read_more2", ATTR_FURNITURE | ATTR_STRONG),
        ("sidebar", ATTR_FURNITURE),
        ("article__body", ATTR_CONTENT),
        ("photo-credit", ATTR_FURNITURE | ATTR_STRONG | ATTR_CREDIT),
        ("twitter-tweet", 0),  # an embed, not a share bar
        ("a-lire-aussi", ATTR_FURNITURE | ATTR_STRONG),
        ("x-" * 40 + "sidebar", ATTR_FURNITURE),  # longer than the cached words
        ("skip-link", ATTR_FURNITURE),
        ("skipLinks", ATTR_FURNITURE),
        ("skip-block", ATTR_FURNITURE),
        ("skip-item", 0),  # a section of a page laid out in skippable parts
        ("skip-lazy", 0),  # an image kept out of lazy loading
    ],
)
def test_attr_flags(word: str, flags: int) -> None:
    assert attr_flags(word) == flags
    assert attr_flags(word) == flags  # the remembered answer is the same


def test_class_flags_or_the_words_and_remember_the_value() -> None:
    memo: dict[str, int] = {}
    assert class_flags("story sidebar", memo) == ATTR_CONTENT | ATTR_FURNITURE
    assert memo["story sidebar"] == ATTR_CONTENT | ATTR_FURNITURE
    # words are classified one by one: no "read-more" across two words
    assert class_flags("read more", memo) == 0


@pytest.mark.parametrize(
    "line",
    [
        "© 2024 Example",
        "Read more",
        "This site requires JavaScript to run.",
        "Photo by someone / Getty Images",
        "Une image AP Photo/Jane Doe",
        "Ce site requires JAVAſCRIPT",  # re.IGNORECASE also reads "ſ" as "s"
        "Photo : X / GETTY İMAGES",  # ...and "İ" as "i"
    ],
)
def test_boilerplate_lines(line: str) -> None:
    assert is_boilerplate_line(line)


@pytest.mark.parametrize(
    "line", ["JavaScript frameworks are popular this year", "Getty Museum reopens", "Hello"]
)
def test_not_boilerplate_lines(line: str) -> None:
    assert not is_boilerplate_line(line)


@pytest.mark.parametrize(
    "line",
    [f"{time} Sturmwarnung für die Küste bis Mitternacht" for time in (
        "ore 10:18", "Alle ore 10.18", "alle 9.05", "um 8:30", "às 10h18", "as 10:18", "a las 10:18",
        "a les 10:18", "10.18 Uhr", "10:18",
    )],
)
def test_the_html_pre_test_lets_through_every_time_the_parser_reads(line: str) -> None:
    """The pre-test must never turn away a line the ticker parser would accept."""
    assert parse_ticker_line(line) is not None
    assert TIME_PREFIX.match(line) is not None
    assert not line[0].isalpha() or line[0] in TIME_WORD_INITIALS


@pytest.mark.parametrize(
    "text",
    ["LIRE AUSSI", "Lire Aussi :", "À LIRE ÉGALEMENT", "a lire egalement", "Read MORE", "MORE SPORTS",
     "3 COMMENTS", "Tags", "TAGS:", "Lesen Sie auch", "ÜBER DEN AUTOR", "YAZAR HAKKINDA",
     "Yazar hakkında", "DİĞER", "ſee alſo", "\u212aommentare", "COPYRIGHT 2026", "© 2026 Example",
     "All Rights Reserved.", "PUBLICITÉ", "Photo: AFP", "Anzeige", "The council met on Tuesday",
     "Readings", "Moreover, the vote", "ЧИТАЙТЕ ТАКЖЕ", "ΔΙΑΒΆΣΤΕ ΕΠΊΣΗΣ", "Διαβάστε επίσης"],
)
def test_caseless_patterns_match_as_with_ignorecase(text: str) -> None:
    """A ``_Caseless`` regex reads lower-cased texts without re.IGNORECASE (far cheaper on long
    alternations): it must find what the same regex finds with re.IGNORECASE."""
    for caseless in (html_patterns.RELATED_HEADING, html_patterns._BOILERPLATE_OPENING):
        ignorecase = re.compile(caseless._regex.pattern, re.I | caseless._regex.flags)
        found, expected = caseless.match(text), ignorecase.match(text)
        assert (found is None) == (expected is None), (text, caseless._regex.pattern[:40])
        if found is not None:
            assert found.span() == expected.span()


def test_caseless_pattern_must_be_written_in_lower_case() -> None:
    with pytest.raises(ValueError):
        html_patterns._Caseless(r"^\W*+Read more")
    with pytest.raises(ValueError):
        html_patterns._Caseless(r"^read more", re.I)
    assert html_patterns._Caseless(r"^\W*+read\ \S+", re.X).match("READ MORE") is not None


@pytest.mark.parametrize(
    "words",
    [
        "le conseil a voté le budget de la ville pour l'année prochaine".split(),
        ("budget " * 40 + "the of and").split(),  # the function words only at the end
        ("budget council vote " * 10).split(),  # none at all
        ("haushalt rat stadt " * 12 + "der die und").split(),  # other languages' only
    ],
)
def test_stop_word_count_stopping_early_decides_the_same(words: list[str]) -> None:
    """``_count_stop_words(enough=n)`` may stop at the first words once n are found there: it
    must reach n exactly when the whole count does, the fallback to every language included."""
    from pipeline.html_patterns import STOP_WORDS_BY_LANGUAGE
    from pipeline.html_score import _count_stop_words

    for language in ("fr", "en"):
        stop_words = STOP_WORDS_BY_LANGUAGE[language]
        whole = _count_stop_words(words, stop_words)
        for enough in range(1, len(words) + 2):
            assert (_count_stop_words(words, stop_words, enough=enough) >= enough) == (whole >= enough)
