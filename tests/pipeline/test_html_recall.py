"""Article text that sits between the article's paragraphs and looks like furniture only by a
name or a shape: headings, titled entries, lists.  Hand-written pages."""
from __future__ import annotations

from pipeline.html_extract import extract_html
from tests.pipeline.test_html_extract import body

PROSE = (
    "The allotment society met on Saturday to share out the twelve new plots by the canal, "
    "after a year on the waiting list for most of the families who had applied. "
)


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


def _card(tag: str, number: int) -> str:
    return (
        f"<{tag} class='entry'><h3><a href='/projects/{number}'>Raised bed project number {number}"
        f"</a></h3><p>A raised bed of larch boards, number {number}, built in one afternoon "
        f"with two saws and a drill.</p></{tag}>"
    )


def test_several_card_shaped_entries_between_paragraphs_are_a_roundup():
    # A linked name and one paragraph on it is a teaser's shape; several of them between the
    # article's paragraphs are the entries of a roundup.
    entries = "".join(_card("div", n) for n in range(3))
    html = (
        f"<html><body><div class='story'><p>{PROSE}</p>{entries}"
        "<p>Save this list for the spring and tell us which bed you built.</p></div></body></html>"
    )
    text = body(extract_html(html))
    assert "built in one afternoon" in text
    assert "number 0, built" in text and "number 2, built" in text
    assert "Raised bed project number 1" in text


def test_one_card_between_paragraphs_stays_a_promo():
    html = (
        f"<html><body><div class='story'><p>{PROSE}</p>{_card('div', 7)}<p>{PROSE}</p>"
        "</div></body></html>"
    )
    text = body(extract_html(html))
    assert "Raised bed project" not in text and "larch" not in text


def test_cards_that_are_articles_of_their_own_stay_teasers():
    teasers = "".join(_card("article", n) for n in range(3))
    html = (
        f"<html><body><div class='page'><div><p>{PROSE}</p><p>{PROSE}</p></div>"
        f"<div>{teasers}</div><p>This blog is provided for general information only and is not "
        "advice on growing anything; the society accepts no liability for its use, and every "
        "member remains responsible for the plot they were given and for its tools.</p>"
        "</div></body></html>"
    )
    text = body(extract_html(html))
    assert "larch" not in text


def test_linked_heading_over_two_short_lines_and_prose_titles_an_entry():
    # A ranking links each entry's name, then gives two short facts before its paragraph.
    entries = "".join(
        f"<h3><a href='https://nursery{n}.example/'>{n}. Canal Side Nursery {n}</a></h3>"
        f"<p>Opening hours: 8 to 6</p><p>Plots served: {n + 10}</p><p>{PROSE}</p>"
        for n in range(1, 4)
    )
    html = f"<html><body><div class='story'><p>{PROSE}</p>{entries}</div></body></html>"
    text = body(extract_html(html))
    assert "1. Canal Side Nursery 1" in text and "3. Canal Side Nursery 3" in text


def test_list_linking_to_other_sites_is_the_articles_not_a_link_list():
    # Sources cited and products named link to other sites; a site's own link lists (topics,
    # teasers, menus) lead to its own pages.
    def page(host: str) -> str:
        items = "".join(
            f"<li><a href='https://{host}/papers/{n}'>Soil survey of the canal bank, part {n}</a></li>"
            for n in range(4)
        )
        return (
            f"<html><body><div class='story'><p>{PROSE}</p><h3>Sources</h3><ul>{items}</ul>"
            f"<p>{PROSE}</p></div></body></html>"
        )

    url = "https://www.allotments.example.com/news/plots"
    cited = body(extract_html(page("journal.example.org"), url=url))
    assert "Soil survey of the canal bank, part 0" in cited
    assert "Soil survey of the canal bank, part 3" in cited
    own = body(extract_html(page("www.allotments.example.com"), url=url))
    assert "Soil survey" not in own


def test_article_resumes_after_a_box_of_related_links_in_its_flow():
    # A "More ..." heading and its list of links set between two sections of the article: the
    # cut ends with the links when a section with a heading of its own and prose follows.
    # Teasers after a later "Related" heading (a linked headline over a summary) stay cut.
    related = (
        "<h3>More garden stories</h3><ul>"
        + "".join(f"<li><a href='/g{i}'>Garden story number {i}</a></li>" for i in range(4))
        + "</ul>"
    )
    teasers = "<h3>Related posts</h3>" + "".join(
        f"<p><a href='/t{i}'>Another allotment story, part {i}</a></p>"
        f"<p>{PROSE}Summary number {i}.</p>" for i in range(2)
    )
    html = (
        "<html><body><div class='post'>"
        + "".join(f"<p>{PROSE}</p>" for _ in range(5))
        + related
        + "<h2>What the new plot holders grow</h2>"
        "<p>Most of the new plot holders plan to grow potatoes, beans and onions in their first "
        "season, as the soil by the canal is heavy clay that needs a year of digging.</p>"
        "<p>A few of them want fruit trees, which the society allows along the fence only, so "
        "that no plot shades its neighbour in the afternoon.</p>"
        + teasers
        + "</div></body></html>"
    )
    text = body(extract_html(html))
    assert "What the new plot holders grow" in text
    assert "fruit trees" in text
    assert "Garden story number" not in text
    assert "Summary number" not in text


def test_sentence_mentioning_a_newsletter_between_paragraphs_is_kept():
    # "newsletter" or "copyright" anywhere in a short line marks a prompt or a footer; in a
    # sentence set between two paragraphs of the article, past its opening words, it is a
    # word of the article.  A prompt in the same place opens a sentence with its phrase.
    from pipeline import clean_page

    long_prose = PROSE + "Plots are given out by lot among those who applied before spring."
    html = (
        "<html><body><article><h1>Allotments by the canal</h1>"
        f"<p>{long_prose}</p>"
        "<p>The society also writes a monthly newsletter that lists the free plots and seeds.</p>"
        f"<p>{long_prose}</p>"
        "<p>Want more garden news? Sign up for our newsletter and get it every Monday.</p>"
        f"<p>{long_prose}</p>"
        "<p>The parish council holds the copyright on the old maps of the canal plots.</p>"
        "</article></body></html>"
    )
    text = clean_page(html, url="https://example.org/allotments").text
    assert "monthly newsletter that lists the free plots" in text
    assert "Sign up for our newsletter" not in text
    assert "copyright on the old maps" not in text  # the last line: a footer's place


def test_accordion_questions_over_their_answers_are_not_teasers():
    # An FAQ set as an accordion: each item a link into the page ("#", "#q-2") over its
    # answer, the shape of a teaser card (a linked headline and a summary).  A teaser leads
    # to another page; a question opened in place is the article's.
    answer = (
        "Plots are given out by lot among the families on the waiting list, and each plot "
        "holder signs the society's rules for the year at the spring meeting."
    )
    faq = "<h2>Frequently asked questions</h2><ul>" + "".join(
        f"<li><a href='{href}'>How are the canal plots given out, part {i}?</a>"
        f"<div><p>{answer} Answer {i}.</p></div></li>"
        for i, href in enumerate(("#", "#q-2", "#q-3"))
    ) + "</ul>"
    teasers = "<ul>" + "".join(
        f"<li><a href='/stories/{i}'>Another allotment story, part {i}</a>"
        f"<div><p>{answer} Teaser {i}.</p></div></li>" for i in range(3)
    ) + "</ul>"
    html = (
        "<html><body><article>"
        + "".join(f"<p>{PROSE}</p>" for _ in range(4))
        + faq + "</article>" + teasers + "</body></html>"
    )
    text = body(extract_html(html))
    assert "Answer 0." in text and "Answer 2." in text
    assert "Teaser" not in text


def test_collapsed_accordion_panels_are_read():
    # An accordion's panels are hidden until a click: each right after the heading holding
    # its toggle (aria-expanded).  Other hidden boxes stay out; a menu's hidden panel is
    # read, then scored as the link list it is.
    panels = "".join(
        f"<h3><button aria-expanded='false'>Question {i} about the plots</button></h3>"
        f"<div hidden><p>{PROSE}Panel {i}.</p></div>" for i in range(3)
    )
    menu = (
        "<button aria-expanded='false'>Menu</button><ul hidden>"
        + "".join(f"<li><a href='/m{i}'>Menu entry {i}</a></li>" for i in range(5)) + "</ul>"
    )
    html = (
        "<html><body><article>"
        + menu + "".join(f"<p>{PROSE}</p>" for _ in range(3)) + panels
        + f"<div hidden><p>{PROSE}Hidden promo.</p></div>"
        + "</article></body></html>"
    )
    text = body(extract_html(html))
    assert "Panel 0." in text and "Panel 2." in text
    assert "Menu entry" not in text
    assert "Hidden promo" not in text


def test_widget_title_over_an_empty_list_does_not_end_the_article():
    # A "Most read" widget whose list a script fills: in the page as served, its title over
    # an empty list.  It is cut, but the article's last paragraphs after it are kept (a
    # furniture heading followed by little prose would end the article).
    html = (
        "<html><body><div>"
        + "".join(f"<div><p>{PROSE}</p></div>" for _ in range(8))
        + "<div><div><h3>Most read</h3></div><ul></ul></div>"
        "<div><p>The society meets again in May to share out the plots left over.</p></div>"
        "</div></body></html>"
    )
    text = body(extract_html(html))
    assert "Most read" not in text
    assert "plots left over" in text
