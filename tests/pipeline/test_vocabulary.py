"""One vocabulary for both paths: a heading, an ad size or a cookie phrase known to the text
path is known to the HTML path, and the other way round (issue 8, "One vocabulary"): each
kind of thing is listed once, in ``pipeline.patterns``."""
from __future__ import annotations

import re

import pytest

from pipeline import clean_page, html_patterns, language, patterns
from pipeline.boilerplate import boilerplate_reason
from pipeline.patterns import PhraseSet, any_gate

ARTICLE = [
    "The regional council approved the new budget for schools and roads on Tuesday evening, "
    "after months of talks between the parties that share power in the assembly.",
    "The vote followed a debate that lasted well into the night, with amendments on transport "
    "and housing that the opposition had asked for since the spring.",
    "Officials said the first works would start in the spring and run for about two years, "
    "and that the roads most in need of repair would come first.",
]
#: Teasers that read like prose (a summary each): only the heading above them tells they are
#: not the article.
TEASERS = [
    "Storm closes the mountain passes for the weekend as the snow keeps falling on the roads",
    "The local team wins the cup after extra time in a final that the whole town watched",
    "A new bakery opens on the market square in the building that housed the old post office",
]


def _html(heading: str) -> str:
    teasers = "".join(f"<p>{text}.</p>" for text in TEASERS)
    paragraphs = "".join(f"<p>{text}</p>" for text in ARTICLE)
    return (
        "<html><head><title>Council approves the budget</title></head><body><article>"
        f"<h1>Council approves the budget</h1>{paragraphs}<h2>{heading}</h2>{teasers}"
        "</article></body></html>"
    )


def _text(heading: str) -> str:
    return "\n".join(["Council approves the budget", "", *ARTICLE, "", heading, *TEASERS])


@pytest.mark.parametrize("heading", ["Editor's picks", "Editor’s picks", "Don't miss", "Lo más leído"])
def test_headings_the_text_path_knew_end_the_article_in_html(heading: str) -> None:
    doc = clean_page(_html(heading), url="https://example.org/a")
    assert ARTICLE[-1] in doc.text
    for teaser in TEASERS:
        assert teaser not in doc.text, (heading, doc.text)


@pytest.mark.parametrize("heading", patterns.RELATED_HEADINGS)
def test_every_related_heading_ends_the_article_on_both_paths(heading: str) -> None:
    for page, content_type in ((_html(heading.capitalize()), "text/html"), (_text(heading.capitalize()), "text/plain")):
        doc = clean_page(page, url="https://example.org/a", content_type=content_type)
        assert ARTICLE[-1] in doc.text, (content_type, heading)
        for teaser in TEASERS:
            assert teaser not in doc.text, (content_type, heading, doc.text)


@pytest.mark.parametrize("heading", ["Related coverage", "Most read this week", "Lo mas leido", "Leia tambem"])
def test_html_headings_may_go_on_or_lack_accents(heading: str) -> None:
    assert html_patterns.RELATED_HEADING.match(heading)


def test_one_table_of_ad_slot_sizes() -> None:
    assert html_patterns.AD_SLOT_SIZES is patterns.AD_SLOT_SIZES


@pytest.mark.parametrize("size", patterns.AD_SLOT_SIZES)
def test_every_ad_slot_size_is_an_ad_on_both_paths(size: str) -> None:
    placeholder = f"Bann{size}"
    text = clean_page(_text("").replace("\n\n", f"\n{placeholder}\n\n", 1), content_type="text/plain")
    assert placeholder not in text.text
    html = clean_page(_html("Notes").replace("<p>", f"<p>{placeholder}</p><p>", 1), url="https://example.org/a")
    assert placeholder not in html.text
    width, height = size.split("x")
    assert html_patterns.AD_SIZE_TEXT.match(f"Pub {width} x {height}")
    # the substring pre-test before the regex lets every spelling of the "x" through
    for spelled in (f"Pub {width} x {height}", f"{width}X{height}", f"Ad {width} × {height}"):
        assert html_patterns.is_ad_size_text(spelled)
    assert boilerplate_reason(f"Bann{width}X{height}") == "ad"


_COOKIE_PHRASES = sorted({*patterns.COOKIE_PHRASES, *patterns.COOKIE_NOTICE_PHRASES})


@pytest.mark.parametrize("phrase", _COOKIE_PHRASES)
def test_every_cookie_phrase_is_a_consent_prompt_on_both_paths(phrase: str) -> None:
    prompt = f"{phrase.capitalize()} to give you the best experience."
    assert boilerplate_reason(prompt) == "cookie"
    assert html_patterns.COOKIE_NOTICE.search(prompt)
    if "cookie" in phrase:  # the HTML path looks for notices in blocks that say "cookie"
        page = _html("Notes").replace("<h2>", f"<p>{prompt}</p><h2>", 1)
        doc = clean_page(page, url="https://example.org/a")
        assert ARTICLE[-1] in doc.text
        assert prompt not in doc.text


@pytest.mark.parametrize("phrase", ["Politica de cookies", "Configuracion de cookies", "We use cookies"])
def test_html_cookie_phrases_are_read_without_accents_or_case(phrase: str) -> None:
    assert html_patterns.COOKIE_NOTICE.search(phrase.upper())
    assert not html_patterns.COOKIE_NOTICE.search("The cookie jar was on the kitchen table.")


def test_one_table_of_function_words() -> None:
    """The HTML scorer counts the words of the one table (the language guess is CLD2's now)."""
    assert html_patterns.STOP_WORDS_BY_LANGUAGE is patterns.FUNCTION_WORDS
    assert html_patterns.STOP_WORDS == frozenset().union(*patterns.FUNCTION_WORDS.values())


@pytest.mark.parametrize("lang", sorted(patterns.FUNCTION_WORDS))
def test_each_language_is_told_by_its_function_words(lang: str) -> None:
    words = " ".join(sorted(patterns.FUNCTION_WORDS[lang]))
    assert language.detect_language(f"{words} {words}") == lang


def test_phrase_set_groups_phrases_under_a_shared_gate_and_still_finds_each() -> None:
    phrases = PhraseSet(["contactez-nous", "contact us", "nous contacter", "sitemap", "mapa del sitio"])
    for text in ("contactez-nous", "écrivez-nous : contact us", "nous contacter", "sitemap", "mapa del sitio"):
        assert phrases.found_in(text), text
    for text in ("contact", "contactez-les", "nous contactons", "site map", "mapa"):
        assert not phrases.found_in(text), text
    assert len(phrases._groups) <= 3  # "contact" (with "contactez", "contacter") and the map words


def test_any_gate_finds_a_gate_of_every_set_in_every_text_a_set_finds_a_phrase_in() -> None:
    sets = (PhraseSet(["contactez-nous", "contact us", "sitemap"]), PhraseSet(["all rights reserved", "©", "(c) "]))
    gates = any_gate(*sets)
    for text in ("écrivez-nous : contact us", "sitemap", "© 2026", "(c) 2026 x", "all rights reserved."):
        assert any(s.found_in(text) for s in sets), text
        assert gates.search(text) is not None, text
    for text in ("contac", "site map", "(c)2026", "all rights", "rien"):
        assert gates.search(text) is None, text
        assert not any(s.found_in(text) for s in sets), text
    with pytest.raises(ValueError):
        any_gate(PhraseSet(["politique de cookies"], loose=True))


def test_prefix_tree_matches_exactly_its_words() -> None:
    words = {"con", "condi", "contact", "c++", "a.b", "x"}
    tree = re.compile(patterns._prefix_tree(words))
    for word in words:
        assert tree.fullmatch(word), word
    for other in ("co", "cond", "contac", "contacts", "c+", "axb", "", "y"):
        assert tree.fullmatch(other) is None, other
