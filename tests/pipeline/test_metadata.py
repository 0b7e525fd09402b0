"""Article metadata: JSON-LD first, then meta tags, <time>, the URL and bylines; pages as CMSs write them."""
from __future__ import annotations

import json

import pytest

from pipeline import clean_page
from pipeline.metadata import Metadata

BODY = "".join(
    f"<p>Paragraph {i} of the story says what the council decided about the budget, and why "
    f"members said the vote would be held again next month.</p>" for i in range(6)
)


def page(head: str = "", body_top: str = "", *, lang: str = "en") -> str:
    return (f"<!doctype html><html lang='{lang}'><head><title>Council revises the budget - Daily Example</title>"
            f"{head}</head><body><nav><a href='/'>Home</a></nav><article><h1>Council revises the budget</h1>"
            f"{body_top}{BODY}</article><footer>Contact us</footer></body></html>")


def ld(data: object) -> str:
    return f"<script type='application/ld+json'>{json.dumps(data)}</script>"


def clean(html: str, url: str = "https://news.example/politics/council-budget") -> Metadata:
    doc = clean_page(html, url=url)
    return Metadata(**{name: getattr(doc, name) for name in Metadata().as_fields()})


def test_json_ld_graph_with_references_gives_every_field() -> None:
    graph = {"@context": "https://schema.org", "@graph": [
        {"@type": "WebSite", "@id": "https://news.example/#website", "name": "Daily Example"},
        {"@type": "ImageObject", "@id": "https://news.example/#primaryimage",
         "url": "https://cdn.news.example/council.jpg"},
        {"@type": "Person", "@id": "https://news.example/#/schema/person/1", "name": "Jane Roe"},
        {"@type": ["NewsArticle"], "headline": "Council revises the budget",
         "author": [{"@id": "https://news.example/#/schema/person/1"}, {"@type": "Person", "name": "John Doe"}],
         "image": {"@id": "https://news.example/#primaryimage"},
         "datePublished": "2024-03-07T08:30:00+01:00", "dateModified": "2024-03-07T10:00:00Z",
         "articleSection": ["Politics", "Local"], "keywords": ["budget", "council", "Budget"],
         "description": "The council will vote  again.", "publisher": {"@type": "Organization", "name": "Example Media"}},
    ]}
    meta = clean(page(ld(graph)))
    assert meta.authors == ("Jane Roe", "John Doe")
    assert meta.image == "https://cdn.news.example/council.jpg"
    assert (meta.published_at, meta.modified_at) == ("2024-03-07T08:30:00+01:00", "2024-03-07T10:00:00+00:00")
    assert meta.section == "Politics" and meta.tags == ("budget", "council")
    assert meta.description == "The council will vote again."
    assert meta.site_name == "Example Media"


def test_json_ld_article_as_main_entity_of_a_web_page() -> None:
    data = {"@type": "WebPage", "mainEntity": {"@type": "BlogPosting", "author": "By Ana Lima",
                                                "datePublished": "2024-01-02"}}
    meta = clean(page(ld(data)))
    assert meta.authors == ("Ana Lima",) and meta.published_at == "2024-01-02"


def test_open_graph_and_article_meta_when_there_is_no_json_ld() -> None:
    head = ("<meta property='og:site_name' content='Daily Example'>"
            "<meta property='og:description' content='What the council decided.'>"
            "<meta property='og:image' content='/img/council.jpg'>"
            "<meta property='article:author' content='https://facebook.com/janeroe'>"
            "<meta name='author' content='Jane Roe, John Doe'>"
            "<meta property='article:section' content='Politics'>"
            "<meta property='article:tag' content='budget'><meta property='article:tag' content='council'>"
            "<meta property='article:published_time' content='2024-03-07T08:30:00Z'>"
            "<meta property='article:modified_time' content='2024-03-08T09:00:00Z'>"
            "<link rel='canonical' href='https://news.example/politics/council-budget?utm_source=rss'>")
    meta = clean(page(head), url="https://m.news.example/x?ref=home")
    assert meta == Metadata(
        authors=("Jane Roe", "John Doe"), description="What the council decided.",
        image="https://m.news.example/img/council.jpg", section="Politics", tags=("budget", "council"),
        published_at="2024-03-07T08:30:00+00:00", modified_at="2024-03-08T09:00:00+00:00",
        canonical_url="https://news.example/politics/council-budget", site_name="Daily Example")


def test_dublin_core_and_keywords_meta() -> None:
    head = ("<meta name='DC.creator' content='Marie Curie'><meta name='DC.date.issued' content='2023-11-05'>"
            "<meta name='keywords' content='science; physics , radium'>")
    meta = clean(page(head))
    assert meta.authors == ("Marie Curie",) and meta.published_at == "2023-11-05"
    assert meta.tags == ("science", "physics", "radium")


def test_initials_stay_inside_names_and_conjunctions_split_them() -> None:
    head = "<meta name='author' content='Sarah E. Needleman and Bruce Y. Lee'>"
    assert clean(page(head)).authors == ("Sarah E. Needleman", "Bruce Y. Lee")
    head = "<meta name='author' content='Maria Silva e João Souza'>"
    assert clean(page(head)).authors == ("Maria Silva", "João Souza")


def test_handles_and_urls_are_not_author_names() -> None:
    head = ("<meta name='author' content='kei_eno'><meta name='author' content='/author/jane-roe'>"
            "<meta name='parsely-author' content='Kei Eno'>")
    assert clean(page(head)).authors == ("Kei Eno",)


@pytest.mark.parametrize("byline", [
    "<p class='byline'>By Jane Roe and John Doe</p>",
    "<div class='author'>Par Jeanne Dupont</div>",
])
def test_byline_beside_the_article_names_authors_without_structured_data(byline: str) -> None:
    authors = clean(page(body_top=byline)).authors
    assert authors in (("Jane Roe", "John Doe"), ("Jeanne Dupont",))


@pytest.mark.parametrize("byline", [
    "<div class='meta'><a rel='author' href='/people/jane-roe'>Jane Roe</a> | 7 March 2024</div>",
    "<div itemprop='author' itemscope><span itemprop='name'>Jane Roe</span>, Staff reporter and editor</div>",
    "<span class='c-author-name'>Jane Roe</span>",
])
def test_byline_elements_name_authors(byline: str) -> None:
    assert clean(page(body_top=byline)).authors == ("Jane Roe",)


def test_byline_words_are_not_taken_from_body_prose() -> None:
    assert clean(page()).authors == ()


def test_dates_from_time_element_then_url() -> None:
    with_time = page(body_top="<time datetime='2024-02-01T07:00'>1 Feb</time>"
                              "<time pubdate datetime='2024-02-09'>9 Feb</time>")
    assert clean(with_time).published_at == "2024-02-09"
    assert clean(page(), url="https://news.example/2023/07/14/story.html").published_at == "2023-07-14"
    assert clean(page(), url="https://news.example/2023/13/44/story.html").published_at is None


@pytest.mark.parametrize(("written", "read"), [
    ("0001-01-01T00:00:00+00:00", None),  # a CMS placeholder
    ("Thu, 07 Mar 2024 10:00:00 GMT", "2024-03-07T10:00:00+00:00"),
    ("20240307", "2024-03-07"),
    ("2024-02-30", None),
    ("yesterday", None),
])
def test_date_spellings(written: str, read: str | None) -> None:
    head = f"<meta property='article:published_time' content='{written}'>"
    assert clean(page(head)).published_at == read


def test_broken_or_hostile_json_ld_costs_nothing_and_loses_the_metas() -> None:
    head = ("<script type='application/ld+json'>{\"@type\": \"NewsArticle\", \"author\": </script>"
            "<script type='application/ld+json'>" + "[" * 100_000 + "]" * 100_000 + "</script>"
            + ld({"@graph": [{"@type": "Thing", "name": str(i)} for i in range(10_000)]})
            + "<meta name='author' content='Jane Roe'>")
    assert clean(page(head)).authors == ("Jane Roe",)


def test_text_dumps_carry_no_metadata() -> None:
    doc = clean_page("Un titre\n" + "Le corps de l'article est assez long pour passer le seuil.\n" * 3,
                     url="https://news.example/2024/01/02/x", content_type="text/plain")
    assert (doc.authors, doc.tags, doc.published_at, doc.canonical_url) == ((), (), None, None)
