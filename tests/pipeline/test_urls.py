"""One article, one id: spellings of one URL normalise alike, different articles stay apart."""
from __future__ import annotations

import pytest

from pipeline.urls import canonical_link, normalise_url
from schemas import RawPage, article_id, events_from
from schemas.convert import page_url

#: Each group: spellings of one article's URL, as crawlers, feeds and share buttons produce them.
SAME_ARTICLE = [
    ["https://news.example/world/story?id=7&page=2",
     "https://news.example/world/story?page=2&id=7",                        # parameter order
     "https://NEWS.example:443/world/story?page=2&id=7#comments",          # host case, default port, fragment
     "https://news.example/world/story?id=7&page=2&utm_source=rss&utm_medium=feed",
     "https://news.example/world/story?fbclid=IwAR0x&id=7&page=2",
     "https://news.example/world/story?gclid=abc&id=7&msclkid=9&page=2",
     "https://news.example/world/story?id=7&page=2&xtor=RSS-3&at_medium=x&ns_campaign=y",
     "https://news.example/world/./story?id=7&page=2",                      # dot segment
     "https://news.example/world/opinion/../story?id=7&page=2"],
    ["http://news.example/~desk/item", "http://news.example/%7Edesk/item", "http://news.example/%7edesk/item",
     "http://news.example:80/~desk/item"],
    ["https://bücher.example/neu/artikel", "https://xn--bcher-kva.example/neu/artikel",
     "https://BÜCHER.example/neu/artikel"],                                 # IDN: unicode, punycode, case
    ["https://news.example/caf%C3%A9", "https://news.example/café", "https://news.example/caf%c3%a9"],
    ["https://news.example", "https://news.example/", "https://news.example./"],
    ["https://news.example/search?q=café", "https://news.example/search?q=caf%C3%A9&mc_eid=77",
     "https://news.example/search?_ga=2.1&q=caf%c3%a9&smid=tw-share"],
]

#: Pairs that must keep apart: a different article, not another spelling of the same one.
DIFFERENT = [
    ("https://news.example/story?id=7", "https://news.example/story?id=8"),
    ("https://news.example/Story", "https://news.example/story"),           # paths are case-sensitive
    ("https://news.example/story", "https://other.example/story"),
    ("https://news.example:8443/story", "https://news.example/story"),     # a real port is part of the address
    ("https://news.example/a%2Fb", "https://news.example/a/b"),             # an escaped slash is not a slash
    ("https://news.example/story?p=1", "https://news.example/story?p=2"),
    # parameters some sites number their articles with, which courlan's tracker list would drop
    ("https://news.example/article.php?cid=101", "https://news.example/article.php?cid=102"),
    ("https://news.example/view?uid=5", "https://news.example/view?uid=6"),
    ("https://news.example/event?eid=5", "https://news.example/event?eid=6"),
]


@pytest.mark.parametrize("spellings", SAME_ARTICLE, ids=lambda group: group[0])
def test_spellings_of_one_url_give_one_id(spellings: list[str]) -> None:
    normal = {normalise_url(url) for url in spellings}
    assert len(normal) == 1, normal
    assert len({article_id(url) for url in spellings}) == 1


@pytest.mark.parametrize(("first", "second"), DIFFERENT)
def test_different_articles_keep_different_ids(first: str, second: str) -> None:
    assert normalise_url(first) != normalise_url(second)
    assert article_id(first) != article_id(second)


def test_the_normal_form_is_readable() -> None:
    assert normalise_url("HTTPS://News.Example:443/a/./b?z=1&a=2&utm_campaign=x#top") == "https://news.example/a/b?a=2&z=1"
    assert normalise_url("http://news.example/%7Edesk/%2f") == "http://news.example/~desk/%2F"


def test_names_that_are_not_web_urls_stay_as_they_are() -> None:
    assert normalise_url("file:///tmp/page.html") == "file:///tmp/page.html"
    assert normalise_url(" stdin: ") == "stdin:"


@pytest.mark.parametrize("tag", [
    '<link rel="canonical" href="https://news.example/a">',
    '<link href="https://news.example/a" rel="canonical">',                 # href first
    "<link data-x='1' href='https://news.example/a' rel='canonical' />",
    "<LINK HREF=https://news.example/a REL=Canonical>",                      # unquoted, upper case
    '<link rel="canonical shortlink" href="/a">',                            # several rel values, relative
])
def test_canonical_link_in_any_attribute_order(tag: str) -> None:
    html = f"<html><head><title>t</title>{tag}</head><body><p>x</p></body></html>"
    assert canonical_link(html, base="https://news.example/fetched?utm_source=x") == "https://news.example/a"


def test_og_url_when_there_is_no_canonical_link() -> None:
    html = '<head><meta content="https://news.example/og" property="og:url"></head>'
    assert canonical_link(html, base="https://news.example/x") == "https://news.example/og"
    html += '<link rel="canonical" href="https://news.example/canon">'
    assert canonical_link(html, base="https://news.example/x") == "https://news.example/canon"


def test_a_canonical_link_to_the_home_page_does_not_name_an_article() -> None:
    html = '<head><link rel="canonical" href="https://news.example/"></head>'
    assert canonical_link(html, base="https://news.example/2026/11/story") is None
    assert canonical_link(html, base="https://news.example/") == "https://news.example/"
    assert canonical_link('<link rel="canonical" href="javascript:void(0)">', base="https://news.example/a") is None


def _raw(url: str, html: str) -> RawPage:
    return RawPage(url=url, body=html, fetched_at="2026-11-30T00:00:00Z", content_type="text/html")


def test_the_page_canonical_link_wins_over_the_fetched_url() -> None:
    from pipeline import clean_page

    paragraph = "<p>" + "The harbour bridge reopened on Monday after two years of repairs. " * 3 + "</p>"
    page = ('<html><head><title>Bridge</title><link href="https://news.example/bridge" rel="canonical"></head>'
            f"<body><article><h1>Bridge</h1>{paragraph}</article></body></html>")
    ids = set()
    for fetched in ("https://news.example/bridge?utm_source=twitter", "https://m.news.example/bridge-amp",
                    "https://news.example/bridge#top"):
        raw = _raw(fetched, page)
        assert page_url(raw) == "https://news.example/bridge"
        article, _ = events_from(clean_page(raw.body, url=raw.url), raw)
        assert article.url == fetched  # the event still says where the page was fetched
        ids.add(article.id)
    assert ids == {article_id("https://news.example/bridge")}


def test_text_dumps_are_named_by_their_url() -> None:
    raw = RawPage(url="https://news.example/t?utm_source=x", body='<link rel="canonical" href="https://x.example/y">',
                  fetched_at="2026-11-30T00:00:00Z", content_type="text/plain")
    assert page_url(raw) == raw.url


@pytest.mark.parametrize("filler", ["canonical " * 30_000, "<link rel=canonical " * 15_000,
                                    "<" + "x" * 300_000, "og:url>" * 40_000])
def test_hostile_heads_are_read_in_linear_time(filler: str) -> None:
    import time

    started = time.perf_counter()
    assert canonical_link(f"<html><head>{filler}</head></html>", base="https://news.example/a") is None
    assert time.perf_counter() - started < 2.0  # a safety bound: under 0.1 s here
