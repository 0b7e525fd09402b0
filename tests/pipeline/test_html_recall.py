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
