"""Hostile pages: no input may make ``clean_page`` slow (issue 9).

Each family of inputs targets a family of patterns: share and footer bars (vocabulary words
and separators, the shape that made ``_SHARE_ONLY`` exponential), runs of spaces after what a
pattern reads first (a ticker time, "By", "Source:"), runs of separators, digits and colons,
100 KB lines, thousands of short lines, deeply nested markup.  Every input goes down both
paths: as a text dump (``text/plain``) and inside an HTML article.

Each page is cleaned in a child process (``tests.pipeline.bounded``) and must take less than a
safety bound of CPU time: 1 s per 100 KB (at least 1 s), where a linear cleaner takes a few
hundredths.  A page that runs away is stopped at three times its bound and its test fails.
"""
from __future__ import annotations

from collections.abc import Callable, Iterator
from html import escape

import pytest

from pipeline.patterns import FOOTER_LINKS, RELATED_HEADINGS, SHARE_WORDS
from tests.pipeline.bounded import Cleaner, bound_for

KB = 1024
PROSE = (
    "The council voted on Tuesday to approve the new budget for schools and roads in the "
    "region, after a long debate that lasted well into the night. "
) * 4


def _cycle(words: tuple[str, ...] | list[str], count: int, separator: str) -> str:
    return separator.join(words[i % len(words)] for i in range(count))


def _fill(unit: str, size: int = 100 * KB) -> str:
    return unit * (size // len(unit) + 1)


_SHARE_BAR = ["Share", "Facebook", "Twitter", "LinkedIn", "Email", "WhatsApp", "Reddit",
              "Pinterest", "Telegram", "Flipboard"]

#: One line each, placed in the middle of an article.
LINES: dict[str, Callable[[], str]] = {
    # share and footer bars: the 115-character bar and longer ones
    "share_bar": lambda: _cycle(_SHARE_BAR, 10, " | ") + " | 1.2k",
    "share_bar_more_words": lambda: _cycle(_SHARE_BAR, 14, " | ") + " | 1.2k",
    "share_bar_double_separators": lambda: _cycle(_SHARE_BAR, 14, " |  | ") + " 1.2k",
    "share_bar_200_vocabulary_words": lambda: _cycle(SHARE_WORDS, 200, " | ") + " | 1.2k",
    "share_words_glued": lambda: _cycle(SHARE_WORDS, 40, "") + "1",
    "footer_bar": lambda: _cycle(FOOTER_LINKS, 14, " · ") + " · zz9",
    "footer_bar_200_vocabulary_words": lambda: _cycle(FOOTER_LINKS, 200, " · ") + " · zz9",
    "related_headings_200": lambda: _cycle(RELATED_HEADINGS, 200, ": ") + " 9",
    # runs of vocabulary words
    "vocabulary_share": lambda: _fill("share "),
    "vocabulary_read_more": lambda: _fill("read more "),
    "vocabulary_cookies": lambda: _fill("we use cookies "),
    "vocabulary_newsletter": lambda: _fill("newsletter sign up "),
    "vocabulary_credit": lambda: _fill("avec AFP et "),
    "vocabulary_photo": lambda: _fill("photo getty images ap photo/"),
    "vocabulary_byline": lambda: _fill("By Jane "),
    "vocabulary_more": lambda: _fill("more ! "),
    # runs of spaces after what a pattern reads first
    "spaces_after_a_time": lambda: "10:18 Headline of the hour" + " " * (100 * KB) + "x",
    "spaces_after_a_bare_time": lambda: "- 10:18" + " " * (100 * KB) + "5",
    "spaces_after_by": lambda: "By" + " " * (100 * KB) + "x",
    "spaces_after_a_name": lambda: "Par Jean" + " " * (100 * KB) + "dupont",
    "spaces_after_source": lambda: "Source:" + " " * (100 * KB) + "x",
    "spaces_after_advertisement": lambda: "Advertisement" + _fill(" -") + "x",
    "spaces_then_a_word": lambda: " " * (100 * KB) + "x",
    "spaces_and_tabs": lambda: _fill(" \t") + "x",
    "spaces_between_words": lambda: _fill("word "),
    # runs of separators
    "dashes": lambda: _fill("-"),
    "dashes_then_ad_size": lambda: _fill("-") + "728x90 x",
    "pipes": lambda: _fill("| "),
    "bullets": lambda: _fill("• "),
    "copyright_signs": lambda: _fill("©"),
    "open_parentheses": lambda: _fill("("),
    "copyright_marks": lambda: _fill("(c) "),
    "datelines": lambda: _fill("(AFP) "),
    "mixed_separators": lambda: _fill("-|·•»/:: "),
    "quote_marks": lambda: _fill("> "),
    "apostrophes": lambda: _fill("l'"),
    # digits and colons
    "digits": lambda: _fill("1"),
    "colons": lambda: _fill(":"),
    "times": lambda: _fill("10:18 "),
    "times_glued": lambda: _fill("10:1810"),
    "times_with_words": lambda: _fill("ore 10.18 Uhr um "),
    "times_am_pm": lambda: _fill("3:45 pm "),
    # 100 KB lines
    "one_long_word": lambda: _fill("a"),
    "long_prose_line": lambda: _fill(PROSE),
    "capitals": lambda: _fill("A "),
}


def _text_page(line: str) -> str:
    return f"{PROSE}\n{line}\n{PROSE}"


def _html_page(body: str, title: str = "A title for the page") -> str:
    return (
        f"<!doctype html><html lang=en><head><title>{escape(title)}</title></head><body>"
        f"<article><h1>A title for the page</h1><p>{PROSE}</p>{body}<p>{PROSE}</p></article>"
        "</body></html>"
    )


def _lines(line: str, count: int) -> str:
    return "\n".join([line] * count)


#: Whole pages: many lines, and markup.
PAGES: dict[str, Callable[[], tuple[str, str]]] = {
    "text/wrapped_lines": lambda: ("text/plain", PROSE + "\n" + _lines("and then", 12_000)),
    "text/menu_lines": lambda: ("text/plain", _lines("Home", 25_000) + "\n" + PROSE),
    "text/ticker_lines": lambda: ("text/plain", _lines("10:18 Headline of the hour here", 3_500) + "\n" + PROSE),
    "text/related_list": lambda: ("text/plain", "Lire aussi\n" + _lines("A short teaser", 7_000) + "\n" + PROSE),
    "text/share_bar_lines": lambda: ("text/plain", _lines(_cycle(_SHARE_BAR, 14, " | ") + " | 1.2k", 800) + "\n" + PROSE),
    "html/title_with_spaces": lambda: ("text/html", _html_page("", title="a" + " " * (100 * KB) + "b")),
    "html/title_with_separators": lambda: ("text/html", _html_page("", title=_fill("a | "))),
    "html/nested_divs": lambda: ("text/html", "<div>" * 20_000 + PROSE + "</div>" * 20_000),
    "html/nested_divs_100000": lambda: ("text/html", "<div>" * 100_000 + PROSE + "</div>" * 100_000),
    "html/nested_inline": lambda: ("text/html", _html_page("<b>" * 20_000 + PROSE + "</b>" * 20_000)),
    "html/nested_lists_unclosed": lambda: ("text/html", _html_page("<div><ul><li><span>" * 5_000 + PROSE)),
    "html/nesting_then_article": lambda: (
        "text/html", "<div>" * 10_000 + "x" + "</div>" * 10_000 + f"<article><p>{PROSE}</p></article>"
    ),
    "html/unclosed_inline_tags": lambda: ("text/html", _html_page(_fill("<p><b><i>a "))),
    "html/long_class_value": lambda: ("text/html", _html_page(f'<div class="{_fill("read-more-")}"><p>{PROSE}</p></div>')),
    "html/many_class_words": lambda: ("text/html", _html_page(f'<div class="{_fill("x1 ")}"><p>{PROSE}</p></div>')),
    "html/camel_case_class": lambda: ("text/html", _html_page(f'<div class="{_fill("aB")}"><p>{PROSE}</p></div>')),
    "html/many_attributes": lambda: ("text/html", _html_page("<p " + _fill('a="b" ') + ">x</p>")),
    "html/many_short_paragraphs": lambda: ("text/html", _html_page("<p>Short line here</p>" * 5_000)),
    "html/many_related_headings": lambda: ("text/html", _html_page("<h2>Read more</h2><p>x</p>" * 4_000)),
    # sentences mentioning a newsletter between paragraphs: each split into its sentences
    "html/newsletter_mentions": lambda: ("text/html", _html_page(
        f"<p>{PROSE}</p><p>We read the newsletter. And the newsletter! Then a newsletter? Yes.</p>" * 300
    )),
    "html/ticker_list": lambda: (
        "text/html", _html_page("<ul>" + "<li><a href='/x'>10:18 A headline of the hour</a></li>" * 2_000 + "</ul>")
    ),
    "html/share_bar_items": lambda: (
        "text/html", _html_page("<ul>" + "".join(f"<li><a href='/s'>{w}</a></li>" for w in SHARE_WORDS * 10) + "</ul>")
    ),
    # first slides' counters: each box closing around one reads the blocks since its start
    "html/slide_counters_nested": lambda: ("text/html", _html_page(
        "<div>" * 250 + "<p>A short caption of a picture here.</p><div>1 / 8</div>" * 2_000
        + "</div>" * 250
    )),
    "html/slide_counter_lines": lambda: ("text/html", _html_page(
        "<div>" * 250 + "<div>Image 1 of / 8</div>" * 5_000 + "</div>" * 250
    )),
    # consent dialogs' titles (furniture headings), alone and run on with spaces
    "html/consent_headings": lambda: ("text/html", _html_page(
        "<h4>Privacy Overview</h4><p>x</p><h4>Manage cookie" + " " * 50_000 + "consent x</h4>"
    )),
    "html/entities": lambda: ("text/html", _html_page("<p>" + _fill("&nbsp;&amp;") + "</p>")),
    "html/preformatted_lines": lambda: ("text/html", _html_page("<pre>" + _fill("ap photo/....\n") + "x</pre>")),
    "html/meta_keywords_with_spaces": lambda: (
        "text/html", _html_page("").replace("<head>", '<head><meta name="keywords" content="a' + " " * (100 * KB) + 'b">')
    ),
    "html/meta_author_with_spaces": lambda: (
        "text/html", _html_page("").replace("<head>", '<head><meta name="author" content="a' + " " * (100 * KB) + 'b">')
    ),
    # an app shell whose JSON-LD articleBody (read when the visible page holds no article)
    # is full of tags that never close
    "html/article_body_unclosed_tags": lambda: ("text/html", (
        '<html><head><script type="application/ld+json">{"@type": "NewsArticle", "articleBody": "'
        + _fill("<br <a ") + '"}</script></head><body><div id=app></div></body></html>'
    )),
    "html/json_ld": lambda: (
        "text/html", _html_page('<script type="application/ld+json">' + _fill('"datePublished" : ') + "</script>")
    ),
}


def _cases() -> Iterator[tuple[str, Callable[[], tuple[str, str]]]]:
    for name, line in LINES.items():
        yield f"text/{name}", lambda line=line: ("text/plain", _text_page(line()))
        yield f"html/{name}", lambda line=line: ("text/html", _html_page(f"<p>{escape(line())}</p>"))
    yield from PAGES.items()


CASES = dict(_cases())


@pytest.fixture(scope="module")
def cleaner() -> Iterator[Cleaner]:
    process = Cleaner()
    yield process
    process.close()


@pytest.mark.parametrize("name", list(CASES))
def test_hostile_page_is_cleaned_within_bound(name: str, cleaner: Cleaner) -> None:
    content_type, body = CASES[name]()
    bound = bound_for(body)
    outcome = cleaner.clean(body, content_type)
    assert outcome.kind != "killed", (
        f"{name} ({len(body):,} chars) ran away: {outcome.detail} (bound {bound:.1f} s)"
    )
    assert outcome.kind in ("document", "clean_error"), f"{name}: {outcome.detail}"
    assert outcome.cpu_seconds < bound, (
        f"{name} ({len(body):,} chars) took {outcome.cpu_seconds:.2f} s of CPU, over its "
        f"safety bound of {bound:.1f} s"
    )


def test_cases_are_as_large_as_they_claim() -> None:
    """The long-line families really are 100 KB lines (a builder that shrank would prove nothing)."""
    for name in ("spaces_after_a_time", "spaces_after_by", "dashes", "times", "long_prose_line"):
        assert len(LINES[name]()) >= 100 * KB, name
    assert len(LINES["share_bar_200_vocabulary_words"]().split(" | ")) >= 200
