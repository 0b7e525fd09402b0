"""benchmarks/perturb.py: the cues of modern markup go, the visible text and all else stay."""
from __future__ import annotations

import re
import time

import pytest
from lxml import html as lxml_html

from benchmarks.datasets import Page
from benchmarks.perturb import KINDS, perturb, perturb_pages

PAGE = (
    '<html lang="en"><head><title>Budget</title>'
    '<meta property="og:title" content="Budget vote"><meta name="twitter:card" content="x">'
    '<meta name="viewport" content="width=device-width">'
    '<script type="application/ld+json">{"articleBody": "<p class=\'story\'>x</p>"}</script>'
    '<script>var menu = "<nav class=\'menu\'>";</script>'
    "<style>.story-body > p { margin: 0 }</style></head>"
    '<body><header class="site-header" role="banner"><nav id="main-nav" class="nav menu"'
    ' aria-label="Sections"><a href="/news/">News</a></nav></header>'
    '<main id="content"><article class="story story-body" itemscope'
    ' itemtype="https://schema.org/NewsArticle" data-id="42">'
    '<h1 itemprop="headline">Council revises the budget</h1>'
    '<time datetime="2024-03-01">1 March</time>'
    '<section class="story-body"><p>The council met on Tuesday &amp; voted.</p>'
    "<figure><img src=a.jpg alt=''><figcaption>The hall</figcaption></figure></section>"
    '</article><aside class="sidebar related"><p>Most read</p></aside></main>'
    "<!-- <section class=comments> -->"
    '<footer class="site-footer"><p>Contact</p><br/></footer></body></html>'
)
HTML5_TAGS = ("article", "main", "section", "aside", "nav", "header", "footer", "figure",
              "figcaption", "time")


def _text(page: str) -> str:
    return " ".join(lxml_html.fromstring(page).body.text_content().split())


def _tags(page: str) -> set[str]:
    return {el.tag for el in lxml_html.fromstring(page).iter() if isinstance(el.tag, str)}


@pytest.mark.parametrize("kind", KINDS)
def test_the_visible_text_stays(kind: str) -> None:
    assert _text(perturb(PAGE, kind)) == _text(PAGE)


def test_semantic_drops_html5_tags_aria_microdata_and_social_meta() -> None:
    page = perturb(PAGE, "semantic")
    assert _tags(page).isdisjoint(HTML5_TAGS)
    assert "<span>1 March</span>" in page.replace(' datetime="2024-03-01"', "")
    for cue in ("role=", "aria-", "itemprop", "itemscope", "itemtype", "data-id", "og:title",
                "twitter:card", "ld+json", "articleBody"):
        assert cue not in page, cue
    # names, other meta and ordinary scripts stay
    assert 'class="story story-body"' in page and 'id="main-nav"' in page
    assert 'name="viewport"' in page and "var menu" in page


def test_names_become_opaque_tokens_consistently_per_page() -> None:
    page = perturb(PAGE, "names")
    tree = lxml_html.fromstring(page)
    classes = [el.get("class") for el in tree.iter() if el.get("class")]
    ids = [el.get("id") for el in tree.iter() if el.get("id")]
    words = {word for value in classes + ids for word in value.split()}
    assert words and all(re.fullmatch(r"z\d+", word) for word in words)
    # the same word gives the same token: "story-body" on the <article> and on the <section>
    article, section = tree.find(".//article"), tree.find(".//section")
    assert article.get("class").split()[1] == section.get("class")
    # the tags, ARIA and microdata stay; a script's text and the CSS are not markup
    assert _tags(page) >= set(HTML5_TAGS)
    assert 'role="banner"' in page and "itemprop" in page
    assert "<nav class='menu'>" in page and ".story-body > p" in page
    assert "<!-- <section class=comments> -->" in page


def test_oldweb_is_both() -> None:
    page = perturb(PAGE, "oldweb")
    assert _tags(page).isdisjoint(HTML5_TAGS)
    assert "itemprop" not in page and "story" not in page.split("<body>")[1]


def test_deterministic_and_unchanged_pages_are_byte_identical() -> None:
    assert perturb(PAGE, "oldweb") == perturb(PAGE, "oldweb")
    plain = "<html><body><div><p title='a>b'>Text &amp; more</p><br/><a href=x/>y</a></div></body></html>"
    for kind in KINDS:
        assert perturb(plain, kind) == plain


def test_pages_keep_their_gold() -> None:
    page = Page("k", PAGE, "https://news.example/k", "The council met on Tuesday & voted.")
    (changed,) = perturb_pages([page], "oldweb")
    assert changed.expected == page.expected and changed.html != page.html
    assert perturb_pages([page], None) == [page]


def test_an_unknown_kind_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown perturbation"):
        perturb(PAGE, "css")


def test_a_stray_quote_is_an_attribute_name_as_in_a_browser() -> None:
    # ``style="" );"``: the quote after ");" opens no value, so the tag ends at its own ">"
    page = '<section class="top" style="" );" role="banner"><p>Text</p></section><p>More</p>'
    assert perturb(page, "oldweb") == '<div class="z1" style="" );"><p>Text</p></div><p>More</p>'


@pytest.mark.parametrize("page", [
    "<a " + '"' * 100_000,
    '<a b="' * 50_000,
    '<a b="' * 50_000 + ">",
    "<!-- " * 50_000 + ">",
    "<script>" * 30_000 + ">",
    "<" * 100_000 + ">",
])
def test_broken_markup_is_read_in_one_scan(page: str) -> None:
    started = time.process_time()
    assert perturb(page, "oldweb") == page  # no cue in it: nothing to change
    assert time.process_time() - started < 5  # a runaway bound: a linear scan takes ~0.05 s


def test_values_without_a_word_stay_as_a_script_may_find_elements_by_them() -> None:
    # a streamed page: its script moves <div id="S:1"> to <template id="B:1">
    page = '<template id="B:1"></template><div hidden id="S:1"><p class="x1 story">Text</p></div>'
    assert perturb(page, "names") == (
        '<template id="B:1"></template><div hidden id="S:1"><p class="x1 z1">Text</p></div>'
    )
