"""The class/id and furniture-line tests keep their meaning behind their shortcuts."""
from __future__ import annotations

import pytest

from pipeline.html_patterns import (
    ATTR_CONTENT,
    ATTR_CREDIT,
    ATTR_FURNITURE,
    ATTR_STRONG,
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
