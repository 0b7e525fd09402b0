"""Soft hyphens, zero-width spaces, word joiners and stray byte-order marks never reach the
returned text, whichever path produced it; characters that spell words (ZWNJ) stay."""
from __future__ import annotations

import pytest

from pipeline import clean_page
from pipeline.document import Block, Document, TickerItem, visible_text

SHY, ZWSP, WORD_JOINER, BOM, ZWNJ = "\u00ad", "\u200b", "\u2060", "\ufeff", "\u200c"
INVISIBLE = (SHY, ZWSP, WORD_JOINER, BOM)

SENTENCE = (
    "Le gou{0}verne{0}ment a pré{0}senté mer{0}credi une ré{0}forme des re{0}traites "
    "qui doit en{0}trer en vi{0}gueur l'an{0}née pro{0}chaine, se{0}lon le mi{0}nistre. "
)


def _assert_clean(doc: Document) -> None:
    for char in INVISIBLE:
        assert char not in doc.title
        assert char not in doc.text
        assert all(char not in block.text for block in doc.blocks)
        assert all(char not in item.title for item in doc.ticker)


@pytest.mark.parametrize("mark", ["&shy;", "&#173;", "&#xAD;", SHY, "&#8203;", ZWSP, WORD_JOINER, BOM])
def test_html_path_drops_invisible_characters(mark: str) -> None:
    page = (
        f"<html lang=fr><head><title>Ré{mark}forme des re{mark}traites</title></head><body><article>"
        f"<h1>Ré{mark}forme des re{mark}traites</h1><p>{SENTENCE.format(mark) * 3}</p>"
        "</article></body></html>"
    )
    doc = clean_page(page, url="https://example.org/a")
    _assert_clean(doc)
    assert doc.title == "Réforme des retraites"
    assert "Le gouvernement a présenté mercredi une réforme" in doc.text


@pytest.mark.parametrize("mark", INVISIBLE)
def test_text_path_drops_invisible_characters(mark: str) -> None:
    dump = "\n".join([
        f"Ré{mark}forme des re{mark}traites",
        "",
        f"- 10:18 Pre{mark}mière dépêche du jour",
        f"- 10:25 Deu{mark}xième dépêche du jour",
        "",
        SENTENCE.format(mark) * 3,
    ])
    doc = clean_page(dump, url="https://example.org/a", content_type="text/plain")
    _assert_clean(doc)
    assert doc.title == "Réforme des retraites"
    assert [item.title for item in doc.ticker] == ["Première dépêche du jour", "Deuxième dépêche du jour"]
    assert "selon le ministre." in doc.text


def test_values_are_normalised_when_built() -> None:
    assert Block("paragraph", f"infor{SHY}mation{ZWSP}").text == "information"
    assert TickerItem(time="10:18", title=f"Ti{SHY}tre").title == "Titre"
    assert Document(title=f"{BOM}Titre", blocks=()).title == "Titre"


def test_joiners_that_spell_words_stay() -> None:
    persian = f"می{ZWNJ}خواهم"
    assert visible_text(persian) == persian
    assert visible_text(f"a{SHY}b{ZWSP}c{WORD_JOINER}d{BOM}e") == "abcde"


@pytest.mark.parametrize("char", [SHY, ZWSP, WORD_JOINER, BOM])
def test_each_invisible_character_alone_is_removed(char: str) -> None:
    """Alone in a text beyond ASCII, and in one that is ASCII but for it: the quick test that
    lets most texts skip the regex must not let this one skip it."""
    assert visible_text(f"débat{char} réglé") == "débat réglé"
    assert visible_text(f"ab{char}c") == "abc"
