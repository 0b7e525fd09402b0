from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.document import Block, TickerItem
from pipeline.errors import CleanError, PageTooLarge, UnparseableHtml
from pipeline.html_extract import HtmlExtraction, extract_html
from pipeline.options import CleanOptions

PAGES = Path(__file__).resolve().parent.parent / "fixtures" / "pages"
FR_URL = "https://www.example-gazette.fr/economie/port-saint-malic-rouvre"
EN_URL = "https://courier.example.co.uk/news/riverside-library-late-opening"


def page(name: str) -> str:
    return (PAGES / name).read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def fr() -> HtmlExtraction:
    return extract_html(page("fr_article.html"), url=FR_URL)


@pytest.fixture(scope="module")
def en() -> HtmlExtraction:
    return extract_html(page("en_article.html"), url=EN_URL)


@pytest.fixture(scope="module")
def breve() -> HtmlExtraction:
    return extract_html(page("fr_breve.html"), url="https://radio.example/info/greve-controleurs")


def body(result: HtmlExtraction) -> str:
    return "\n\n".join(block.text for block in result.blocks)


# ------------------------------------------------------------------ title


def test_title_from_h1_matching_og_title(fr):
    assert fr.title == "Le port de Saint-Malic rouvre après trois mois de travaux"


def test_title_strips_site_name(en, breve):
    assert en.title == "Riverside library to stay open late during exam season"
    assert breve.title == "Grève des contrôleurs : le trafic perturbé jusqu'à dimanche"


def test_title_without_h1_comes_from_title_tag():
    html = (
        "<html><head><title>Council approves new cycle lanes - Valley Post</title></head>"
        "<body><p>" + "The council approved the new cycle lanes on Monday evening. " * 3 + "</p></body></html>"
    )
    assert extract_html(html).title == "Council approves new cycle lanes"


def test_title_is_not_repeated_in_blocks(fr, en, breve):
    for result in (fr, en, breve):
        assert all(block.text != result.title for block in result.blocks)


# ------------------------------------------------------------------ body


def test_body_paragraphs_in_order(fr):
    text = body(fr)
    first = text.index("Les pêcheurs de Saint-Malic ont retrouvé leurs quais")
    second = text.index("Les travaux, financés par la région")
    third = text.index("Pour les professionnels, la réouverture")
    last = text.index("La mairie prévoit une fête du port")
    assert first < second < third < last


def test_block_kinds(fr, en):
    assert Block("heading", "Une saison qui démarre tôt") in fr.blocks
    quotes = [b.text for b in fr.blocks if b.kind == "quote"]
    assert quotes == [
        "Nous avons perdu beaucoup d'argent cet hiver, mais le nouveau ponton change tout pour le déchargement."
    ]
    items = [b.text for b in fr.blocks if b.kind == "list_item"]
    assert items == [
        "l'éclairage du quai des Douaniers, qui sera posé en avril ;",
        "la réfection de la cale de mise à l'eau, prévue pour mai ;",
        "l'installation de bornes électriques pour les bateaux de plaisance.",
    ]
    assert Block("heading", "Volunteers wanted") in en.blocks
    assert any(b.kind == "quote" and b.text.startswith("It costs very little") for b in en.blocks)
    assert {b.kind for b in fr.blocks} <= {"heading", "paragraph", "quote", "list_item"}


@pytest.mark.parametrize(
    "phrase",
    [
        "Nous utilisons des cookies",  # consent banner
        "Politique",  # navigation menu
        "S'abonner",  # header menu
        "Bann728x90",  # ad slot placeholder
        "300x250",
        "Pub 300x600",
        "Accueil",  # breadcrumbs
        "Partager sur Facebook",  # share bar
        "Recevez notre newsletter",  # newsletter prompt
        "Inscrivez-vous",
        "La criée bat son record",  # related / "à lire aussi"
        "Sur le même sujet",
        "Jean-Pierre56",  # comments
        "Les plus lus",  # most read
        "Accident sur la rocade",
        "Tous droits réservés",  # copyright footer
        "Mentions légales",
        "Pêche",  # tags
        "Par Claire Dubreuil",  # byline
        "Incendie dans un entrepôt",  # ticker is kept apart
        "window.dataLayer",  # scripts
    ],
)
def test_french_boilerplate_dropped(fr, phrase):
    assert phrase not in body(fr)


@pytest.mark.parametrize(
    "phrase",
    [
        "We use cookies",
        "Subscribe from",
        "What's on",
        "Share on Facebook",
        "Advertisement",
        "300x250",
        "Related stories",
        "Library funding cut reversed",
        "Sign up to our daily newsletter",
        "3 comments",
        "kitchen table",
        "Most read",
        "New footbridge opens",
        "All rights reserved",
        "Bus route 12 diverted",
        "Latest news",
    ],
)
def test_english_boilerplate_dropped(en, phrase):
    assert phrase not in body(en)


def test_english_body_complete(en):
    text = body(en)
    assert text.startswith("Riverside library will stay open until ten o'clock")
    assert text.endswith("whether to repeat it next year.")


def test_line_break_paragraphs_are_split(breve):
    paragraphs = [b.text for b in breve.blocks if b.kind == "paragraph"]
    assert len(paragraphs) == 3
    assert paragraphs[0].startswith("Un train sur deux circulera")
    assert paragraphs[2].startswith("Une nouvelle réunion de négociation")
    assert "Météo" not in body(breve) and "Radio Val-de-Lys 2024" not in body(breve)


# ------------------------------------------------------------------ ticker


def test_french_ticker_items(fr):
    assert fr.ticker == (
        TickerItem("10:18", "Incendie dans un entrepôt du quai Nord",
                   "https://www.example-gazette.fr/faits-divers/incendie-entrepot-quai-nord"),
        TickerItem("09:52", "Les régates du week-end annulées à cause du vent",
                   "https://www.example-gazette.fr/sports/regates-annulees-vent"),
        TickerItem("09:05", "Le marché aux poissons change ses horaires",
                   "https://www.example-gazette.fr/economie/marche-aux-poissons-horaires"),
    )


def test_english_ticker_items_with_12_hour_clock(en):
    assert [(t.time, t.title) for t in en.ticker] == [
        ("16:42", "Bus route 12 diverted after burst water main"),
        ("15:15", "Town win cup replay on penalties"),
        ("14:02", "School roof repairs to finish before summer"),
    ]
    assert en.ticker[0].url == "https://courier.example.co.uk/news/bus-route-12-diverted"


def test_ticker_inside_article_column_is_not_body(breve):
    assert [t.time for t in breve.ticker] == ["14:30", "13:05"]
    assert breve.ticker[0].url == "https://radio.example/info/inondations-alerte-orange"
    assert "Inondations" not in body(breve)


def test_single_timestamped_line_is_not_a_ticker():
    html = (
        "<html><body><article><p>10:18 Le conseil municipal s'est réuni en urgence ce matin.</p>"
        "<p>" + "Les élus ont voté le budget de la commune pour l'année prochaine. " * 3 + "</p>"
        "</article></body></html>"
    )
    assert extract_html(html).ticker == ()


def test_ticker_without_url_when_not_linked():
    html = (
        "<html><body><ul><li>08:10 Trafic coupé sur le pont Nord</li>"
        "<li>07:45 Coupure d'électricité dans le centre</li></ul></body></html>"
    )
    result = extract_html(html, url="https://example.org/")
    assert result.ticker == (
        TickerItem("08:10", "Trafic coupé sur le pont Nord", None),
        TickerItem("07:45", "Coupure d'électricité dans le centre", None),
    )


# ------------------------------------------------------------------ metadata


def test_published_at_from_meta(fr):
    assert fr.published_at == "2024-03-14T08:30:00+01:00"


def test_published_at_from_json_ld(en):
    assert en.published_at == "2024-05-02T14:05:00+00:00"


def test_published_at_from_time_element(breve):
    assert breve.published_at == "2024-02-09"


def test_language_hint(fr, en, breve):
    assert fr.language_hint == "fr"
    assert en.language_hint == "en"
    assert breve.language_hint == "fr"  # from og:locale


def test_no_metadata():
    result = extract_html("<html><body><p>Rien.</p></body></html>")
    assert result.published_at is None
    assert result.language_hint is None
    assert result.title == ""


# ------------------------------------------------------------------ robustness


def test_input_is_not_mutated_and_result_is_frozen(fr):
    html = page("fr_article.html")
    again = extract_html(html, url=FR_URL)
    assert again == fr
    assert html == page("fr_article.html")
    with pytest.raises(AttributeError):
        fr.title = "x"  # type: ignore[misc]


def test_deep_nesting_does_not_crash():
    depth = 100_000
    html = "<html><body>" + "<div>" * depth + "<p>Au fond du puits.</p>" + "</div>" * depth + "</body></html>"
    try:
        result = extract_html(html)
    except CleanError:
        return
    assert isinstance(result, HtmlExtraction)


def test_deep_nesting_with_article_after_it():
    article = "<p>" + "Le texte de l'article suit une pile de balises très profonde. " * 4 + "</p>"
    html = "<html><body>" + "<span>" * 5000 + "x" + "</span>" * 5000 + article + "</body></html>"
    try:
        result = extract_html(html)
    except CleanError:
        return
    assert isinstance(result, HtmlExtraction)


@pytest.mark.parametrize("html", ["", "   \n\t  "])
def test_empty_input_is_unparseable(html):
    with pytest.raises(UnparseableHtml):
        extract_html(html)


@pytest.mark.parametrize("html", ["\x00\x01\x02\x03", "<<<>>>", "<html></html>", "just a few words"])
def test_garbage_gives_no_blocks(html):
    # Markup lxml turns into a (near-)empty tree is not an error here: the result simply has
    # no body blocks, and the caller decides that it is an empty body.
    result = extract_html(html)
    assert result.blocks == ()
    assert result.ticker == ()


def test_xml_declaration_and_bom_are_accepted():
    text = "Le texte de l'article est précédé d'une déclaration XML et d'une marque d'ordre. " * 2
    for prefix in ('<?xml version="1.0" encoding="iso-8859-1"?>', "\ufeff"):
        result = extract_html(prefix + f"<html><body><article><p>{text}</p></article></body></html>")
        assert result.blocks == (Block("paragraph", text.strip()),)


def test_page_too_large():
    with pytest.raises(PageTooLarge):
        extract_html("<p>" + "x" * 2000 + "</p>", options=CleanOptions(max_page_bytes=1000))
