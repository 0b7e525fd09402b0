"""Furniture on pages without HTML5 tags, ARIA or meaningful class names (2008-2012 markup):
told apart from the article by its shape alone.  Hand-written pages, every class name opaque."""
from __future__ import annotations

from pipeline.html_extract import extract_html
from tests.pipeline.test_html_extract import body

PARAGRAPHS = (
    "HARBOURTON (Wire) — The ferry company said on Tuesday that the crossing to the islands "
    "would run twice a day again from March, after a winter of storms kept the boats in port.",
    "“We have waited long enough for the new pier,” the harbour master told reporters at the "
    "quay, where the first of the repaired boats was being painted for the season.",
    "The islands' council said it would pay for half of the work on the pier, and that the "
    "rest would come from the fares of the summer months, as it had done in the past.",
    "Fishermen on the quay said they had lost two months of catches to the storms, and that "
    "they hoped the new timetable would bring back the visitors who buy from their stalls.",
)
CAPTION = (
    "The harbour master, left, and the ferry company's captain shake hands on the quay in "
    "Harbourton, Tuesday, Feb. 4. The crossing to the islands reopens in March after a winter "
    "of storms."
)


def _page(before_article: str) -> str:
    paragraphs = "".join(f"<p>{text}</p>" for text in PARAGRAPHS)
    return (
        "<html><head><title>Ferries to the islands to run again</title></head><body>"
        "<div class='z1'><h1>Ferries to the islands to run again</h1></div>"
        f"<div class='z2'>{before_article}</div>"
        f"<div class='z3'>{paragraphs}</div>"
        "</body></html>"
    )


def test_slideshow_before_the_article_is_not_kept():
    # A gallery box: its first slide's caption (short and long versions), a lightbox with its
    # counter laid out in spans ("Image 1 of / 8"), its controls, and a bar "1 / 8".
    gallery = (
        "<div class='z4'>"
        f"<ul class='z5'><li class='z6'><div class='z7'>{CAPTION} <a href='#'>less</a></div>"
        f"<div class='z8'>{CAPTION[:150]} <a href='#'>... more</a></div></li></ul>"
        "<div class='z9'><div class='z10'><span>Image</span> <span>1</span> <span>of</span> "
        "<span>/</span> <span>8</span></div><p>Caption</p><p>Close</p></div>"
        "<div class='z11'><div class='z12'>Ferries to the islands to run again</div>"
        "<div class='z13'><span>1</span><span> / </span><span>8</span></div>"
        "<div class='z14'>Back to Gallery</div></div>"
        "</div>"
    )
    text = body(extract_html(_page(gallery)))
    assert PARAGRAPHS[0] in text and PARAGRAPHS[-1] in text
    assert "shake hands" not in text
    assert "Image 1 of" not in text and "1 / 8" not in text and "Back to Gallery" not in text


def test_a_rating_or_a_later_slide_is_no_first_slide_counter():
    # "4 / 5" under a short verdict is a review's rating, not a slideshow's counter: kept.
    verdict = (
        "<div class='z4'><p>A comfortable crossing with friendly staff and a small cafe on "
        "board, though the seats on the upper deck are few.</p><div class='z5'>4 / 5</div></div>"
    )
    text = body(extract_html(_page(verdict)))
    assert "friendly staff" in text and PARAGRAPHS[0] in text


def test_printed_page_address_over_the_article_is_not_kept():
    # A page's own address printed over the byline (for printing): one long word, no script
    # written without spaces, so no prose; the byline beside it goes with it.
    address = (
        "<div class='z4'>https://www.example.com/news/islands/article/Ferries-to-the-islands-"
        "to-run-again-14848382.php</div><div class='z5'>Jane Doe, Wire Correspondent</div>"
    )
    text = body(extract_html(_page(address)))
    assert PARAGRAPHS[0] in text
    assert "https://" not in text and "Jane Doe" not in text


def _article_then(tail: str) -> str:
    paragraphs = "".join(f"<p>{text}</p>" for text in PARAGRAPHS)
    return (
        "<html><head><title>Ferries to the islands to run again</title></head><body>"
        f"<div class='z1'><h1>Ferries to the islands to run again</h1>{paragraphs}{tail}</div>"
        "</body></html>"
    )


def test_author_box_after_the_article_is_not_kept():
    # The author's name (linked to their page), their role, and a paragraph on them opening
    # with their name: an "author-bio" box, without the class that names it.
    box = (
        "<div class='z2'><a href='/author/jane-doe'>Jane Doe</a></div>"
        "<div class='z3'>Islands Correspondent</div>"
        "<p>Jane Doe covers the islands, their ferries and their fisheries for the paper, and "
        "has reported from the harbour towns of the coast for over ten years.</p>"
    )
    text = body(extract_html(_article_then(box)))
    assert PARAGRAPHS[0] in text and PARAGRAPHS[-1] in text
    assert "Jane Doe" not in text and "Islands Correspondent" not in text


def test_closing_section_titled_with_a_name_is_kept():
    # A last section whose title is a place's name and whose paragraph names it again, not
    # opening with the title's words alone: the article's own part.
    section = (
        "<h2>The Old Harbour</h2>"
        "<p>The Old Harbour, where the first ferries docked a century ago, will serve as the "
        "landing for the summer boats while the work on the new pier goes on.</p>"
    )
    text = body(extract_html(_article_then(section)))
    assert "The Old Harbour" in text and "summer boats" in text


def test_closing_section_on_a_person_is_kept():
    # A last section titled with a person's name (not a link to an author's page), opening
    # with that name: the article's profile of them, not an author's box.
    section = (
        "<h3>Tom Baker</h3>"
        "<p>Tom Baker, who has skippered the morning boat for twenty years, said the crew "
        "would be glad to be back at sea after the longest winter he could remember.</p>"
    )
    text = body(extract_html(_article_then(section)))
    assert "Tom Baker" in text and "morning boat" in text


def test_consent_dialog_after_the_article_is_not_kept():
    # A consent plugin's dialog at the end of the page: its title, then paragraphs on each
    # kind of cookie, long enough to pass for prose once no class says "cookie".
    purposes = "".join(
        f"<div class='z{n}'><div class='z9'>{kind}</div><div class='z8'><p>{kind} cookies are "
        "used to understand how visitors interact with the website and to give them the "
        "features they ask for; you may opt out of them at any time from this panel.</p></div>"
        "</div>"
        for n, kind in ((20, "Necessary"), (21, "Functional"), (22, "Analytics"))
    )
    boxed = f"<div class='z5'><div class='z6'><h4>Privacy Overview</h4>{purposes}</div></div>"
    # ...or the title in the dialog's header, the panels in a box beside it: the title ends
    # the article, less prose following it than preceding it
    split = (
        "<div class='z5'><div class='z6'><h4>Privacy Overview</h4></div>"
        f"<div class='z7'>{purposes}</div></div>"
    )
    for dialog in (boxed, split):
        text = body(extract_html(_article_then("").replace("</body>", dialog + "</body>")))
        assert PARAGRAPHS[0] in text and PARAGRAPHS[-1] in text
        assert "cookies" not in text and "Privacy Overview" not in text
    # the same dialog set before the article (its markup at the top of the page, under the
    # site's tagline): the article after it is kept
    tagline = (
        "<p>The Harbourton Gazette has told the news of the harbour towns and their islands "
        "to its readers every week since the first ferries sailed.</p>"
    )
    page = _article_then("").replace("<body>", "<body>" + tagline + split)
    text = body(extract_html(page))
    assert PARAGRAPHS[0] in text and PARAGRAPHS[-1] in text
