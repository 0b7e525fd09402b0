"""The line-based path on text dumps: boilerplate out, ticker apart, title, blocks, sources."""
from __future__ import annotations

from pathlib import Path

import pytest

from pipeline import EmptyBody, clean_page

TEXT = Path(__file__).parents[1] / "fixtures" / "text"


def clean_text(name: str):
    return clean_page((TEXT / name).read_bytes(), content_type="text/plain")


def test_french_brief_title_ticker_and_body() -> None:
    doc = clean_text("fr-ticker-brief.txt")
    assert doc.title == "Municipales : la majorité sortante en tête dans les grandes villes"
    assert [(t.time, t.title[:12]) for t in doc.ticker] == [
        ("14:30", "Conseil des "), ("13:05", "Grève à la S"), ("12:50", "Météo : aler"),
    ]
    assert doc.blocks[0].text.startswith("Le premier tour des élections municipales")
    assert ("heading", "Les alliances du second tour") in [(b.kind, b.text) for b in doc.blocks]
    assert doc.language == "fr"


@pytest.mark.parametrize(
    "boilerplate",
    ["Bann970x250", "Retrouvez-nous sur X", "Accueil", "Nous utilisons des cookies", "Mots-clés", "Par Claire Martin"],
)
def test_french_brief_drops_boilerplate(boilerplate: str) -> None:
    assert boilerplate not in clean_text("fr-ticker-brief.txt").text


def test_french_credit_line_tags_agencies() -> None:
    doc = clean_text("fr-ticker-brief.txt")
    assert {s.name: s.kind for s in doc.sources} == {"AFP": "agency", "Reuters": "agency"}


def test_english_wire_story() -> None:
    doc = clean_text("en-wire-story.txt")
    assert doc.title == "Storm forces evacuation of coastal towns"
    assert doc.language == "en"
    names = [s.name for s in doc.sources]
    assert names[:1] == ["Reuters"] and "AP" in names
    # The dateline credits Reuters and stays in its paragraph; the contributed line goes.
    assert doc.blocks[0].text.startswith("MIAMI (Reuters) - Authorities ordered")
    for gone in ("Advertisement", "Follow us", "Share this", "Most read", "Five things", "newsletter",
                 "contributed", "All rights reserved"):
        assert gone not in doc.text
    assert doc.ticker == ()


def test_seed_with_glued_ticker(seeds_dir: Path) -> None:
    doc = clean_page((seeds_dir / "000_a5f7034bb56e4ed6.txt").read_bytes(), content_type="text/plain")
    assert len(doc.ticker) == 9
    assert doc.ticker[0].time == "10:18" and doc.ticker[0].title.startswith("Liverpool retire")
    assert doc.title.startswith("Lavrov et Rubio")
    assert "Suivez-nous" not in doc.text and "10:18" not in doc.text
    assert doc.language == "fr"
    assert len(doc.blocks) == 6


def test_seed_with_ad_slot_and_credit(seeds_dir: Path) -> None:
    doc = clean_page((seeds_dir / "001_f495a7f70ad8cf26.txt").read_bytes(), content_type="text/plain")
    assert [s.name for s in doc.sources] == ["RFI", "AFP"]
    assert "Bann728x90" not in doc.text and "Source:" not in doc.text
    assert doc.title.startswith("La Russie et les États-Unis")
    assert [b.kind for b in doc.blocks].count("heading") == 1
    assert doc.blocks[-1].text.startswith("Donald Trump avait également")


def test_text_of_only_boilerplate_is_rejected() -> None:
    with pytest.raises(EmptyBody):
        clean_page("Bann728x90\nSuivez-nous sur Facebook\nPartager\n", content_type="text/plain")


def test_hard_wrapped_paragraphs_are_joined() -> None:
    body = ("Un titre court pour l'article\n"
            "Le gouvernement a présenté mercredi un projet de loi qui\n"
            "prévoit de réformer le financement des collectivités locales.\n")
    doc = clean_page(body, content_type="text/plain")
    assert len(doc.blocks) == 1 and "qui prévoit" in doc.blocks[0].text
