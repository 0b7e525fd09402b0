"""Decisions that hold when a page gives no cue but its shape: no HTML5 sectioning tags, no
ARIA or schema.org, class and id names that mean nothing (as on pages of 2008-2012, and as
``benchmarks/perturb.py`` makes the development pages).  Hand-written fixture pages."""
from __future__ import annotations

import pytest

from pipeline.clean import clean_page

URL = "https://www.example-courier.test/2009/04/bridge.html"

STORY = [
    "The old river bridge will close for repairs on Monday, the county engineer said, after "
    "inspectors found cracks in two of the piers that carry the road over the water.",
    "Drivers will be sent over the northern bypass, which adds about twenty minutes to the "
    "journey into town at busy times, and buses will follow the same route until June.",
    "Shop owners near the bridge said they feared losing customers during the works, and "
    "asked the council to put up signs telling visitors that the shops remain open.",
    "The county expects the repairs to cost about two million pounds, most of which will be "
    "paid by the national road fund, and promised to keep the footpath open throughout.",
]
CAPTION = "The river bridge seen from the east bank on Friday afternoon. Photo: Jane Smith"


def body(html: str) -> str:
    return "\n".join(block.text for block in clean_page(html, url=URL).blocks)


def page(article: str) -> str:
    """A page of opaque class names and plain ``div`` boxes around ``article``."""
    return (
        "<html><head><title>Bridge to close</title></head><body>"
        '<div class="z1"><a href="/">Home</a> | <a href="/news">News</a></div>'
        f'<div class="z2"><h1>Bridge to close for repairs</h1>{article}</div>'
        '<div class="z3">Example Courier, 1 High Street</div></body></html>'
    )


def test_a_caption_beside_its_picture_is_not_body_without_figure_or_class_words():
    html = page(
        f"<p>{STORY[0]}</p><p>{STORY[1]}</p>"
        f'<div class="z4"><div class="z5"><img src="/bridge.jpg" alt=""></div>'
        f'<div class="z6">{CAPTION}</div></div>'
        f"<p>{STORY[2]}</p><p>{STORY[3]}</p>"
    )
    text = body(html)
    assert all(paragraph in text for paragraph in STORY)
    assert "east bank" not in text


def test_text_sharing_a_paragraph_or_a_box_with_a_picture_stays():
    html = page(
        # a picture inside the paragraph's own text
        f'<p><img src="/map.png" alt="">{STORY[0]}</p><p>{STORY[1]}</p>'
        # a picture set in a paragraph of its own, then an entry's paragraph (a roundup)
        f'<div class="z4"><p><img src="/bus.jpg" alt=""></p><p>{STORY[2]}</p></div>'
        # a paragraph before a picture: the picture illustrates it, nothing captions it
        f'<div class="z5"><p>{STORY[3]}</p><img src="/fund.png" alt=""></div>'
    )
    text = body(html)
    assert all(paragraph in text for paragraph in STORY)


COMMENTS = [
    "I drive over that bridge every morning and the cracks have been visible for years, so it "
    "is about time that somebody in the county office did something about it.",
    "Twenty minutes is optimistic. The bypass is already full at eight o'clock and the lorries "
    "from the quarry will make it much worse for everybody who lives out there.",
    "Good news for the shops, I hope they get the signs up quickly and that people keep "
    "coming into town while the works go on, because the high street needs them.",
]


@pytest.mark.parametrize("heading", [
    "3 thoughts on “Bridge to close: what it means for drivers”",
    "One Response to “Bridge to close”",
    "Top Rated Comments",
    "Tell us what you think",
])
def test_reader_comments_under_their_heading_are_not_body_without_class_words(heading):
    thread = "".join(
        f'<div class="z7"><div class="z8">Reader {n}</div><p>{text}</p></div>'
        for n, text in enumerate(COMMENTS)
    )
    html = page(
        "".join(f"<p>{text}</p>" for text in STORY)
        + f'<div class="z5"><h3>{heading}</h3>{thread}</div>'
    )
    text = body(html)
    assert all(paragraph in text for paragraph in STORY)
    assert not any(comment[:40] in text for comment in COMMENTS)


NOTICE = (
    "The Example Courier reader service can be reached with any question about delivery, "
    "subscriptions or the archive by telephone on weekdays between eight in the morning and "
    "six in the evening, and on Saturdays until noon. Letters to the editor should be sent to "
    "the address printed on page two and must carry the name and town of the writer, who may "
    "be asked to confirm them before publication. The reproduction of articles, photographs "
    "and drawings published in this newspaper, in whole or in part, is not allowed without "
    "the written permission of the publisher, which is granted for teaching on request."
)


def test_a_short_article_under_its_headline_beats_a_longer_notice_closing_the_page():
    links = "".join(
        f'<div class="z9"><a href="/s/{n}">News and opinion, section {n}</a></div>'
        for n in range(30)
    )
    html = (
        "<html><head><title>Bridge to close</title></head><body>"
        '<div class="z1"><h1>Bridge to close for repairs</h1>'
        f'<div class="z2"><p>{STORY[0]}</p><p>{STORY[1]}</p></div></div>'
        f'<div class="z3">{links}</div><div class="z4"><div class="z5">{NOTICE}</div></div>'
        "</body></html>"
    )
    text = body(html)
    assert STORY[0] in text and STORY[1] in text
    assert "reader service" not in text
