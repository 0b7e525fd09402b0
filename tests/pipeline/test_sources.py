"""Source tags from credit lines and datelines; aliases; a user-extended catalog."""
from __future__ import annotations

import pytest

from pipeline import SourceCatalog, clean_page, default_catalog
from pipeline.sources import tag_sources

CATALOG = default_catalog()


@pytest.mark.parametrize(
    ("line", "names"),
    [
        ("Source:RFI avec AFP", ["RFI", "AFP"]),
        ("Avec MAP", ["MAP"]),
        ("(AFP)", ["AFP"]),
        ("© AFP", ["AFP"]),
        ("© Reuters 2026", ["Reuters"]),
        ("Reuters contributed to this report.", ["Reuters"]),
        ("The Associated Press contributed reporting.", ["AP"]),
        ("Le Monde avec AFP et Reuters", ["Le Monde", "AFP", "Reuters"]),
        ("Sources : Agence France-Presse, Maghreb Arabe Presse", ["AFP", "MAP"]),
        ("Par Karim B. avec MAP", ["MAP"]),
    ],
)
def test_credit_lines_are_tagged_and_removed(line: str, names: list[str]) -> None:
    tags, kept, removed = tag_sources([line], CATALOG)
    assert [t.name for t in tags] == names
    assert kept == [] and removed == [line]
    assert all(t.evidence == line for t in tags)


@pytest.mark.parametrize(
    ("paragraph", "name"),
    [
        ("PARIS (AFP) - Le gouvernement a annoncé mardi une série de mesures.", "AFP"),
        ("WASHINGTON (AP) — The Senate voted late on Monday to extend the program.", "AP"),
        ("RABAT (MAP) - Le ministre a reçu son homologue sénégalais.", "MAP"),
    ],
)
def test_dateline_is_tagged_and_paragraph_stays(paragraph: str, name: str) -> None:
    tags, kept, removed = tag_sources([paragraph], CATALOG)
    assert [t.name for t in tags] == [name]
    assert kept == [paragraph] and removed == []


@pytest.mark.parametrize(
    "sentence",
    [
        "Le ministre a confié à l'AFP qu'il ne se représenterait pas aux prochaines élections municipales.",
        "Apple shares rose after the company said its map service would expand to new countries.",
        "Source de tensions, la réforme des retraites revient au Parlement à l'automne prochain.",
    ],
)
def test_ordinary_sentences_are_not_credits(sentence: str) -> None:
    tags, kept, _ = tag_sources([sentence], CATALOG)
    assert tags == [] and kept == [sentence]


def test_user_catalog_extends_the_default() -> None:
    extra = b'{"sources": [{"name": "Kigali Wire", "kind": "agency", "aliases": ["KW"]}]}'
    catalog = SourceCatalog.from_json(extra, base=CATALOG)
    body = "Un titre pour l'article du jour\nLe texte de l'article est assez long pour compter.\nAvec KW et AFP\n"
    doc = clean_page(body, content_type="text/plain", catalog=catalog)
    assert [s.name for s in doc.sources] == ["Kigali Wire", "AFP"]


def test_catalog_rejects_unknown_kind() -> None:
    with pytest.raises(ValueError, match="agency or outlet"):
        SourceCatalog([{"name": "X", "kind": "blog"}])


@pytest.mark.parametrize(
    ("line", "names"),
    [
        ("By Dana Whitfield, Associated Press", ["AP"]),
        ("By Jane Doe and John Roe, Reuters", ["Reuters"]),
        ("Par Jean Dupont (AFP)", ["AFP"]),
        ("Par AFP", ["AFP"]),
        ("Par Le Figaro avec AFP", ["Le Figaro", "AFP"]),
        ("Avec l'AFP et nos correspondants", ["AFP"]),
        ("With AFP and local media", ["AFP"]),
    ],
)
def test_bylines_and_short_with_phrases_are_credit_lines(line: str, names: list[str]) -> None:
    tags, kept, removed = tag_sources([line], CATALOG)
    assert [t.name for t in tags] == names
    assert kept == [] and removed == [line]


@pytest.mark.parametrize(
    "sentence",
    [
        "Selon l'AFP, le bilan s'alourdit.",
        "With Reuters reporting record losses, investors sold.",
        "By the time AFP reporters arrived, the crowd had gone.",
        "Selon Reuters qui cite des sources proches du dossier",
        "Par Claire Dubreuil — publié le 14 mars 2024",
        "© 2026 Example Media",
    ],
)
def test_sentences_opening_like_credits_are_kept(sentence: str) -> None:
    tags, kept, _ = tag_sources([sentence], CATALOG)
    assert tags == [] and kept == [sentence]
