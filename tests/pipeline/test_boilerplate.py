"""Kinds of boilerplate lines, in French and English."""
from __future__ import annotations

import pytest

from pipeline.boilerplate import boilerplate_reason, drop_boilerplate


@pytest.mark.parametrize(
    ("line", "kind"),
    [
        ("Bann728x90", "ad"), ("pub-300x250", "ad"), ("Publicité", "ad"), ("Advertisement", "ad"),
        ("Suivez-nous sur Facebook", "social"), ("Follow us on Twitter", "social"),
        ("Partager Facebook Twitter", "share"), ("Share this article", "share"),
        ("Nous utilisons des cookies pour améliorer votre expérience.", "cookie"),
        ("We use cookies to personalise content", "cookie"),
        ("Inscrivez-vous à notre newsletter", "newsletter"), ("Sign up for our newsletter", "newsletter"),
        ("Tags : Ukraine, Russie", "tags"), ("Mots-clés : climat", "tags"),
        ("© 2026 Le Journal. Tous droits réservés.", "footer"), ("Privacy policy", "footer"),
    ],
)
def test_boilerplate_kinds(line: str, kind: str) -> None:
    assert boilerplate_reason(line) == kind


@pytest.mark.parametrize(
    "line",
    [
        "Le dossier ukrainien a occupé une place centrale dans les discussions.",
        "The newsletter business has grown quickly, and several writers now earn more than they did at "
        "their newspapers, according to figures the platform published on Tuesday for the first time.",
        "Le partage des richesses reste au cœur du débat budgétaire.",
    ],
)
def test_article_sentences_are_kept(line: str) -> None:
    assert boilerplate_reason(line) is None


def test_related_section_and_menu_are_dropped() -> None:
    lines = ["Accueil", "Monde", "Sport", "Culture", "Un vrai paragraphe d'article, avec une phrase complète.",
             "Lire aussi", "Un autre article sans point", "Encore un lien", "Un second paragraphe qui finit bien."]
    kept, removed = drop_boilerplate(lines)
    assert kept == [lines[4], lines[8]]
    assert removed == [lines[0], lines[1], lines[2], lines[3], lines[5], lines[6], lines[7]]


@pytest.mark.parametrize(
    "line",
    ["Par Claire Martin", "By Dana Whitfield, Associated Press", "Publié le 12 mars 2026 à 10h18",
     "Updated 3 hours ago", "Mis à jour le 4 avril"],
)
def test_bylines_and_stamps(line: str) -> None:
    assert boilerplate_reason(line) == "byline"


@pytest.mark.parametrize("line", ["Par ailleurs, le gouvernement a décidé de reporter la réforme.", "By the numbers",
                                  "Par la suite"])
def test_sentences_starting_like_bylines_are_kept(line: str) -> None:
    assert boilerplate_reason(line) is None


def test_every_line_start_rule_is_in_the_shared_lead_test() -> None:
    """``_rule_lead`` blanks a lead no rule starts like: a rule built after ``_RULE_LEAD``
    would never fire, so every rule's first words must be in it."""
    from pipeline import boilerplate

    rules = [
        rule for rule in vars(boilerplate).values()
        if isinstance(rule, (boilerplate._LineStart, boilerplate._PhraseLine))
    ]
    assert len(rules) >= 9
    for rule in rules:
        for first in rule._firsts:
            assert boilerplate._rule_lead(first) == first
            assert boilerplate._rule_lead(first + "s") == first + "s"  # rules test prefixes
    assert boilerplate._rule_lead("zzyzx and more") == ""
