"""Source tags from credit lines and datelines; aliases; a user-extended catalog."""
from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

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


# ---------------------------------------------------------------- the word pre-test

_ODD_CATALOG = SourceCatalog([
    {"name": "Kyiv Post", "kind": "outlet"}, {"name": "Agência Lusa", "kind": "agency"},
    {"name": "IANS", "kind": "agency"}, {"name": "Straße Zeitung", "kind": "outlet"},
])


@pytest.mark.parametrize(
    "text",
    [
        "Par Jean Dupont, AGENCE FRANCE-PRESSE",  # case-insensitive alias in capitals
        "Avec l'Agência Lusa.",
        "Source: \u212ayiv Post",  # Kelvin sign: re.IGNORECASE takes it for "K"
        "Source: KYİV POST",  # dotted capital I
        "Quelle: STRASSE Zeitung",  # no: "ß" is one letter, "SS" two
        "Quelle: STRAẞE Zeitung",  # capital sharp s
        "Fonte: ſtraße zeitung",  # long s
        "(IANS)",
    ],
)
def test_word_pre_test_agrees_with_the_pattern(text: str) -> None:
    for catalog in (CATALOG, _ODD_CATALOG):
        assert catalog.mentions_any(text) == (catalog._pattern.search(text) is not None)


def test_word_pre_test_rules_out_lines_naming_no_source() -> None:
    assert not CATALOG._may_mention("Un gouvernement a annoncé mardi une série de mesures.")
    # "-AFP" is not at a word start: the pre-test may let the line through, the pattern says no
    assert not CATALOG.mentions_any("Pre-AFP talks")
    assert CATALOG.find("Pre-AFP talks") == []
    assert CATALOG._may_mention("Pré-annonce de l'AFP")


def test_catalog_with_non_latin_aliases_reads_every_text_with_the_pattern() -> None:
    catalog = SourceCatalog([{"name": "ΑΠΕ-ΜΠΕ", "kind": "agency"}])
    assert catalog._may_mention("no word of it")
    assert catalog.mentions_any("Πηγή: απε-μπε")


_ALIAS_LETTERS = "".join(sorted({c for a in CATALOG._by_alias for c in a.lower() + a.upper()}))


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(st.sampled_from(sorted(CATALOG._by_alias)), max_size=2),
    st.text(alphabet=_ALIAS_LETTERS + " -.,()'\u212a\u0130\u0131\u017fßẞ", max_size=40),
    st.data(),
)
def test_word_pre_test_never_rules_out_a_match(aliases: list[str], noise: str, data: st.DataObject) -> None:
    pieces = [noise]
    for alias in aliases:
        spelled = data.draw(st.sampled_from([alias, alias.upper(), alias.lower(), alias.swapcase()]))
        pieces.insert(data.draw(st.integers(0, len(pieces))), spelled)
    text = data.draw(st.sampled_from([" ", "", "-", "("])).join(pieces)
    assert CATALOG.mentions_any(text) == (CATALOG._pattern.search(text) is not None)


@pytest.mark.parametrize(
    ("line", "credit"),
    [("Jane Roe contributed to this report.", True), ("JANE ROE CONTRIBUTED TO THIS REPORT", True),
     ("Jane Roe ContriBuTED reporting", True), ("Jane Roe contrıbuted to this report.", True),
     ("Jane Roe distributed the report.", False), ("The council met on Tuesday.", False)],
)
def test_contributor_lines_in_any_case(line: str, credit: bool) -> None:
    """The substring pre-test before the contributor regex loses no match, whatever the case
    (a dotless ı included: re.IGNORECASE reads it as an i)."""
    _, _, removed = tag_sources([line], default_catalog())
    assert (removed == [line]) is credit


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(alphabet=st.characters(max_codepoint=127), max_size=80))
def test_ascii_words_are_the_unicode_words(text: str) -> None:
    """An ASCII line's words are read with re.ASCII (cheaper): the same words as \\w+ finds."""
    from pipeline.sources import _ASCII_WORD, _WORD

    assert _ASCII_WORD.findall(text) == _WORD.findall(text)
