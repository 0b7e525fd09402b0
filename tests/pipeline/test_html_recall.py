"""Article text that sits between the article's paragraphs and looks like furniture only by a
name or a shape: headings, titled entries, lists.  Hand-written pages."""
from __future__ import annotations

from pipeline.html_extract import HtmlExtraction, extract_html

PROSE = (
    "The allotment society met on Saturday to share out the twelve new plots by the canal, "
    "after a year on the waiting list for most of the families who had applied. "
)


def body(result: HtmlExtraction) -> str:
    return "\n\n".join(block.text for block in result.blocks)


def test_heading_whose_anchor_id_holds_a_furniture_word_is_kept():
    # Tables of contents link to anchors spelling each heading ("h-why-share-a-plot"): a
    # furniture word there ("share", "social") is a word of the heading, not a kind of box.
    html = (
        "<html><body><article>"
        f"<p>{PROSE}</p>"
        "<h2 id='h-why-share-a-garden-plot'>Why share a garden plot?</h2>"
        f"<p>{PROSE}</p>"
        "<h2 id='social-life-on-the-allotments'>Social life on the allotments</h2>"
        f"<p>{PROSE}</p>"
        "<div id='share-buttons-bar'>Share this page</div>"
        "</article></body></html>"
    )
    text = body(extract_html(html))
    assert "Why share a garden plot?" in text
    assert "Social life on the allotments" in text
    assert "Share this page" not in text


def test_plain_heading_named_for_its_place_in_the_layout_is_kept():
    # Page builders name headings for their place ("module-header", "block-title"): a weak
    # furniture word on a plain heading between paragraphs does not make it furniture.
    sidebar = (
        "<div class='sidebar'><h3 class='module-header'>Popular this week</h3>"
        + "".join(f"<p><a href='/p{i}'>Popular story number {i}</a></p>" for i in range(4))
        + "</div>"
    )
    html = (
        "<html><body><div class='story'>"
        f"<p>{PROSE}</p>"
        "<h3 class='module-header'>Who gets a plot this year</h3>"
        f"<p>{PROSE}</p>"
        "<h3 class='module-header'><a href='/plots'>All the plots</a></h3>"
        f"<p>{PROSE}</p>"
        f"</div>{sidebar}</body></html>"
    )
    text = body(extract_html(html))
    assert "Who gets a plot this year" in text
    assert "Popular" not in text
