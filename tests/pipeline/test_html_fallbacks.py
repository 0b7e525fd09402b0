"""The extractor's fall-backs: a page with an article never comes out empty because a rule
hid or emptied it (issue 8).  Small pages written for these tests, one mechanism each."""
from __future__ import annotations

from pipeline.html_extract import extract_html
from tests.pipeline.test_html_extract import body

STORY = (
    "The harbour reopened on Tuesday after three months of repairs to the old sea wall, "
    "and the first fishing boats were back at the quay before dawn. "
)
OTHER = (
    "The town council said the market would move to the square for the summer, and that "
    "the stalls would stay open later on Fridays. "
)


def test_a_cut_made_around_the_best_container_falls_back_to_the_next_best():
    # A "Related" heading opens the wrapper, so everything after it in the wrapper is cut
    # off as furniture, the story's container included: the next-best container is taken
    # rather than an emptied one.
    html = (
        "<html><body>"
        "<div><h2>Related articles</h2>"
        f"<div><p>{STORY * 3}</p><p>{STORY * 2}</p></div></div>"
        f"<section><p>{OTHER * 2}</p><p>{OTHER}</p></section>"
        "</body></html>"
    )
    result = extract_html(html)
    assert "market would move" in body(result)
    assert "harbour reopened" not in body(result)


def test_article_misnested_into_a_menu_by_unclosed_items_is_walked():
    # Menu items left open with a block inside them: libxml2 nests everything after them,
    # <main> included, inside the <nav> (a browser closes the menu first).
    menu = "".join(f"<li><a href='/s{i}'>Section {i}</a><div class='dropdown'>" for i in range(4))
    html = (
        f"<html><body><header><nav><ul>{menu}"
        f"<main><article><h1>Harbour reopens</h1><p>{STORY * 3}</p><p>{STORY * 2}</p></article></main>"
        "</body></html>"
    )
    text = body(extract_html(html))
    assert "harbour reopened" in text
    assert "Section 1" not in text


def test_article_misnested_into_a_button_is_walked():
    html = (
        "<html><body><header role='banner'><div class='menu-button-container'><button>"
        f"<main role='main'><p>{STORY * 3}</p><p>{STORY * 2}</p></main></body></html>"
    )
    assert "harbour reopened" in body(extract_html(html))


def test_furniture_holding_no_landmark_is_still_skipped():
    html = (
        f"<html><body><nav><ul><li><div><p>{OTHER * 3}</p></div></ul></nav>"
        f"<main><p>{STORY * 2}</p></main></body></html>"
    )
    text = body(extract_html(html))
    assert "harbour reopened" in text
    assert "market would move" not in text


def test_article_only_in_a_hidden_wrapper_is_found_when_nothing_else_is():
    # Streamed server rendering: the body arrives in a hidden div that a script moves into
    # place.  Hidden text is furniture while the page has an article elsewhere...
    html = (
        "<html><body><div id='root'><p>Loading…</p></div>"
        f"<div hidden id='S:1'><article><p>{STORY * 3}</p><p>{STORY * 2}</p></article></div>"
        "</body></html>"
    )
    assert "harbour reopened" in body(extract_html(html))


def test_streamed_parts_are_read_where_their_placeholders_are():
    # ...but a page that shows part of its article and streams the rest (React's streaming
    # rendering) sends the late parts as hidden divs at its end, each moved by a script to the
    # <template> placeholder of the same number: they are read there, in reading order.
    html = (
        f"<html><body><article><p>{STORY * 3}</p><template id='B:1'></template>"
        f"<p>{STORY * 2} The end.</p></article>"
        f"<div hidden id='S:1'><p>{OTHER * 2}</p><p>{OTHER}</p></div></body></html>"
    )
    text = body(extract_html(html))
    assert "market would move" in text
    assert text.index("market would move") < text.index("The end.")


def test_hidden_text_stays_out_when_the_page_shows_an_article():
    html = (
        f"<html><body><article><p>{STORY * 3}</p><p>{STORY * 2}</p></article>"
        f"<div style='display:none'><p>{OTHER * 3}</p></div></body></html>"
    )
    text = body(extract_html(html))
    assert "harbour reopened" in text
    assert "market would move" not in text


def test_article_after_a_stray_closing_html_tag_is_walked():
    # libxml2 puts what follows "</html>" in a second top-level element, outside <body>.
    html = (
        "<html><head><title>Harbour</title></head><body><header><a href='/'>Home</a></header>"
        f"</body></html><div class='page'><p>{STORY * 3}</p><p>{STORY * 2}</p></div>"
    )
    assert "harbour reopened" in body(extract_html(html))


def test_article_swallowed_by_a_menu_without_landmark_is_found_as_a_last_resort():
    menu = "".join(f"<li><a href='/s{i}'>Section {i}</a><div class='dropdown'>" for i in range(4))
    html = (
        f"<html><body><nav><ul>{menu}"
        f"<div class='page'><p>{STORY * 3}</p><p>{STORY * 2}</p></div></body></html>"
    )
    assert "harbour reopened" in body(extract_html(html))


def test_last_resort_does_not_add_layout_text_to_a_found_article():
    html = (
        f"<html><body><div class='page'><p>{STORY}</p></div>"
        f"<aside><p>{OTHER * 4}</p></aside></body></html>"
    )
    text = body(extract_html(html))
    assert "harbour reopened" in text
    assert "market would move" not in text


def test_article_element_named_for_its_topic_is_not_skipped():
    # "newsletter" names furniture (sign-up boxes), but here it names the post's kind; the
    # comment section under it stays out (strong word, no <article> of its own).
    paragraphs = "".join(f"<p>{STORY} Paragraph {i}.</p>" for i in range(5))
    html = (
        f"<html><body><article class='newsletter-post'>{paragraphs}</article>"
        f"<div class='comments-section'><p>{OTHER}</p><p>{OTHER}</p></div></body></html>"
    )
    text = body(extract_html(html))
    assert "Paragraph 4." in text
    assert "market would move" not in text


def test_newsletter_box_in_an_article_element_stays_furniture():
    paragraphs = "".join(f"<p>{STORY} Paragraph {i}.</p>" for i in range(5))
    html = (
        f"<html><body><main>{paragraphs}</main>"
        f"<article class='newsletter'><p>{OTHER}</p></article></body></html>"
    )
    assert "market would move" not in body(extract_html(html))
