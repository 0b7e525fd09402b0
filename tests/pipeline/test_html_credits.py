"""Credit lines near the article in HTML pages: tagged as sources, never put into the body.

Hand-written pages: the credit sits where news sites put it (a paragraph after the body, a
small div after the body container, a caption, the article's own footer, a byline), and
look-alikes sit where a credit must not be read (site footer, related lists, teasers).
"""
from __future__ import annotations

import pytest

from pipeline import Document, clean_page
from pipeline.html_extract import extract_html

FR_PROSE = (
    "<p>Les niveaux des nappes phréatiques du sud du pays ont atteint en novembre leur point le "
    "plus bas depuis une décennie, selon le dernier bulletin du service géologique national.</p>"
    "<p>Sur les quarante points de mesure suivis dans la région, trente-deux affichent un niveau "
    "bas à très bas, une situation que les hydrologues attribuent à un automne très sec.</p>"
    "<p>Les préfectures de trois départements ont prolongé jusqu'à la fin de l'année les "
    "restrictions d'usage de l'eau, qui interdisent notamment l'arrosage des jardins.</p>"
)
EN_PROSE = (
    "<p>The city council voted on Tuesday to keep the riverside library open until midnight "
    "during the exam season, after students collected more than four thousand signatures.</p>"
    "<p>The extra hours will be paid for by moving part of the events budget, and the council "
    "said it would review the arrangement at the end of the academic year.</p>"
    "<p>Librarians welcomed the decision but warned that more staff would be needed if the "
    "late opening became permanent, as several councillors have suggested.</p>"
)


def page(body: str, *, lang: str = "fr", title: str = "Un titre") -> str:
    return (
        f'<html lang="{lang}"><head><title>{title}</title></head><body>'
        '<nav><a href="/">Accueil</a> <a href="/monde">Monde</a></nav>'
        f"{body}"
        "</body></html>"
    )


def clean(html: str) -> Document:
    return clean_page(html, url="https://news.example/article")


def names(doc: Document) -> list[str]:
    return [source.name for source in doc.sources]


# ------------------------------------------------------------ credits that count


def test_french_credit_paragraph_after_the_body() -> None:
    html = page(f'<div class="article-body"><h1>Un titre</h1>{FR_PROSE}'
                '<p class="source">Source : France 24 avec AFP</p></div>')
    doc = clean(html)
    assert names(doc) == ["France 24", "AFP"]
    assert doc.sources[0].evidence == "Source : France 24 avec AFP"
    assert "Source" not in doc.text and "AFP" not in doc.text


def test_english_credit_div_right_after_the_body_container() -> None:
    html = page(f'<main><div class="story-body">{EN_PROSE}</div>'
                '<div class="small">Source: BBC News with Reuters</div></main>', lang="en")
    doc = clean(html)
    assert names(doc) == ["BBC", "Reuters"]
    assert "Reuters" not in doc.text


def test_avec_agency_line_in_a_small_div_after_the_body() -> None:
    html = page(f'<div class="contenu">{FR_PROSE}</div><div class="signature">Avec AFP</div>')
    assert names(clean(html)) == ["AFP"]


def test_contributed_to_this_report_at_the_end() -> None:
    html = page(f"<article><h1>Un titre</h1>{EN_PROSE}"
                "<p><em>Reuters contributed to this report.</em></p></article>", lang="en")
    doc = clean(html)
    assert names(doc) == ["Reuters"]
    assert "contributed" not in doc.text


@pytest.mark.parametrize(
    "caption",
    [
        "<figcaption>© AFP</figcaption>",
        "<figcaption>© AFP 2026</figcaption>",
        '<figcaption>Le port au petit matin. <span class="credit">© AFP</span></figcaption>',
    ],
)
def test_copyright_agency_in_a_figcaption(caption: str) -> None:
    html = page(f'<article><h1>Un titre</h1><figure><img src="port.jpg">{caption}</figure>'
                f"{FR_PROSE}</article>")
    doc = clean(html)
    assert names(doc) == ["AFP"]
    assert "©" not in doc.text


def test_article_footer_and_byline_are_read() -> None:
    html = page(
        '<article><header><h1>Un titre</h1>'
        '<p class="byline">By Dana Whitfield, Associated Press</p>'
        f"</header>{EN_PROSE}<footer><p>© Reuters 2026</p></footer></article>",
        lang="en",
    )
    doc = clean(html)
    assert names(doc) == ["AP", "Reuters"]
    assert "Whitfield" not in doc.text


def test_credit_line_inside_the_body_is_removed_and_dateline_kept() -> None:
    dateline = ("<p>PARIS (AFP) - Le gouvernement a annoncé mardi une série de mesures pour "
                "soutenir les agriculteurs touchés par la sécheresse de cet automne.</p>")
    html = page(f"<article><h1>Un titre</h1>{dateline}{FR_PROSE}<p>Avec Reuters</p>"
                f"{EN_PROSE}</article>")
    doc = clean(html)
    assert names(doc) == ["AFP", "Reuters"]
    assert doc.text.startswith("PARIS (AFP) - Le gouvernement")
    assert "Avec Reuters" not in doc.text and "Avec Reuters" in doc.removed


def test_credits_are_apart_from_the_body_blocks() -> None:
    html = page(f'<div class="article-body">{FR_PROSE}<p>Source : France 24 avec AFP</p></div>')
    result = extract_html(html)
    assert result.credits == ("Source : France 24 avec AFP",)
    assert all("Source" not in block.text for block in result.blocks)


# ------------------------------------------------------------ look-alikes that must not count


def test_site_footer_copyright_is_not_a_source() -> None:
    html = page(f'<div class="article-body">{FR_PROSE}</div>'
                '<p class="copyright">© 2026 Example Media</p>'
                "<footer><p>© 2026 Example Media</p><p>Avec AFP</p></footer>")
    doc = clean(html)
    assert doc.sources == ()


def test_known_outlet_in_a_copyright_line_is_a_source() -> None:
    html = page(f'<div class="article-body">{FR_PROSE}</div>'
                '<p class="copyright">© 2026 Le Monde</p>')
    assert names(clean(html)) == ["Le Monde"]


def test_related_articles_mentioning_an_agency_are_not_sources() -> None:
    related = (
        '<div class="lire-aussi"><h3>À lire aussi</h3><ul>'
        '<li><a href="/a">Grève des transports : le trafic perturbé jeudi (AFP)</a></li>'
        '<li><a href="/b">Avec AFP, un an de reportages sur le climat</a></li></ul></div>'
    )
    inline_related = (
        "<h3>À lire aussi</h3><ul><li>Canicule : un été record selon Reuters (AFP)</li>"
        "<li>Avec AFP</li></ul>"
    )
    html = page(f"<article><h1>Un titre</h1>{FR_PROSE}{related}{inline_related}</article>"
                f'<section class="more"><h2>Plus d\'actualité</h2>'
                f'<p><a href="/c">Séisme au Japon : les images (AFP)</a></p></section>')
    assert clean(html).sources == ()


def test_captions_in_a_related_list_are_not_read() -> None:
    related = (
        "<section><h2>À lire aussi</h2>"
        '<div><figure><img src="a.jpg"><figcaption>© AFP</figcaption></figure>'
        '<p><a href="/a">Canicule : un été record dans le Sud</a></p></div>'
        '<div><figure><img src="b.jpg"><figcaption>© Reuters</figcaption></figure>'
        '<p><a href="/b">L\'eau, un enjeu des élections municipales</a></p></div></section>'
    )
    html = page(f"<article><h1>Un titre</h1>{FR_PROSE}{related}</article>")
    assert clean(html).sources == ()


def test_teaser_articles_beside_the_article_are_not_read() -> None:
    teaser = ('<article class="teaser"><h2><a href="/t">Un autre sujet du jour</a></h2>'
              '<p class="byline">Par AFP</p></article>')
    html = page(f'<div class="article-body">{FR_PROSE}</div>{teaser}')
    assert clean(html).sources == ()


def test_teaser_article_inside_the_body_container_is_not_read() -> None:
    teaser = ('<article class="teaser"><h2>Un autre sujet du jour</h2>'
              '<p class="byline">Par AFP</p></article>')
    html = page(f"<main>{FR_PROSE}{teaser}{FR_PROSE}</main>")
    assert clean(html).sources == ()


def test_credits_elsewhere_on_the_page_are_not_read() -> None:
    html = page(f'<div class="article-body">{FR_PROSE}</div>'
                "<div><p>Météo : averses en fin de journée sur toute la région</p></div>"
                '<div class="credits">© AFP</div>')
    assert clean(html).sources == ()


def test_long_texts_are_not_credit_candidates() -> None:
    long_caption = "Le port au petit matin, " * 12 + "© AFP"
    html = page(f"<article><h1>Un titre</h1><figure><figcaption>{long_caption}</figcaption>"
                f"</figure>{FR_PROSE}</article>")
    assert extract_html(html).credits == ()
