"""The library's public surface, its purity, decoding and language detection."""
from __future__ import annotations

import subprocess
import sys

import pytest

import pipeline
from pipeline import (
    CleanError,
    CleanOptions,
    InvalidUrl,
    PageTooLarge,
    UndecodableBody,
    UnsupportedContent,
    clean_page,
)
from pipeline.decoding import decode_body, decode_page
from pipeline.language import detect_language


def test_exported_members_are_sorted_and_present() -> None:
    assert pipeline.__all__ == sorted(pipeline.__all__)
    for name in pipeline.__all__:
        assert hasattr(pipeline, name)


def test_pipeline_imports_no_kafka_and_no_schemas() -> None:
    code = ("import sys, pipeline; pipeline.clean_page('<p>' + 'mot ' * 30 + '</p>'); "
            "bad = [m for m in ('faust', 'aiokafka', 'schemas', 'agents') if m in sys.modules]; "
            "assert not bad, bad")
    subprocess.run([sys.executable, "-c", code], check=True)


def test_document_text_joins_blocks_with_blank_lines() -> None:
    doc = clean_page("Un titre d'article\nPremier paragraphe assez long pour compter.\nSecond paragraphe, "
                     "lui aussi assez long.\n", content_type="text/plain")
    assert doc.text == "Premier paragraphe assez long pour compter.\n\nSecond paragraphe, lui aussi assez long."
    assert doc.word_count == 12


@pytest.mark.parametrize("encoding", ["windows-1252", "iso-8859-1"])
def test_legacy_charsets_decode(encoding: str) -> None:
    body = ("<html><head><meta charset='%s'></head><body><h1>Élysée</h1><p>Le président a reçu à l'Élysée "
            "les représentants des syndicats, déçus après la réunion de février.</p></body></html>" % encoding)
    doc = clean_page(body.encode(encoding), content_type=f"text/html; charset={encoding}")
    assert "Élysée" in doc.text and "déçus" in doc.text


def test_binary_garbage_is_undecodable() -> None:
    garbage = bytes(range(256)) * 64
    with pytest.raises(UndecodableBody):
        clean_page(garbage, content_type="text/html")


def test_unsupported_content_type() -> None:
    with pytest.raises(UnsupportedContent) as info:
        clean_page(b"%PDF-1.7", content_type="application/pdf")
    assert info.value.reason == "unsupported_content_type"


@pytest.mark.parametrize("url", ["http://[::1/2024/03/07/a", "https://news]example/2024/03/07/a"])
def test_a_url_that_cannot_be_split_is_refused_with_its_reason(url: str) -> None:
    page = "<html><body><article>" + "<p>The council met on Tuesday and talked about the bridge for hours.</p>" * 4
    with pytest.raises(InvalidUrl, match="cannot be read") as info:
        clean_page(page + "</article></body></html>", url=url)
    assert info.value.reason == "invalid_url"


def test_every_clean_error_has_a_reason_code() -> None:
    for name in pipeline.__all__:
        obj = getattr(pipeline, name)
        if isinstance(obj, type) and issubclass(obj, CleanError) and obj is not CleanError:
            assert obj.reason != CleanError.reason and obj.reason.islower()


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("Le gouvernement a présenté mercredi un projet de loi pour les collectivités et les communes.", "fr"),
        ("The government presented a bill on Wednesday for the towns and the regions of the country.", "en"),
        ("Die Regierung hat am Mittwoch einen Gesetzentwurf für die Gemeinden vorgestellt, der auch", "de"),
        ("El gobierno presentó el miércoles un proyecto de ley para los municipios y las regiones del país.", "es"),
        ("東京は日本の首都です。", "ja"),
        ("12:30 — 45", "und"),
    ],
)
def test_language_detection(text: str, lang: str) -> None:
    assert detect_language(text) == lang


def test_language_hint_breaks_near_ties_only() -> None:
    english = "The minister said that the plan would be ready by the end of the year and it was welcome."
    assert detect_language(english, hint="fr") == "en"


@pytest.mark.parametrize(
    ("body", "too_large"),
    [
        ("é" * 600, True),  # 600 characters, 1,200 UTF-8 bytes: over a 1,000-byte limit
        ("e" * 600, False),
        (("é" * 600).encode(), True),
        (b"e" * 1000, False),
    ],
)
def test_the_page_limit_counts_utf8_bytes(body: str | bytes, too_large: bool) -> None:
    options = CleanOptions(max_page_bytes=1000, min_body_chars=1)
    if too_large:
        with pytest.raises(PageTooLarge, match="over the 1000-byte limit"):
            clean_page(body, content_type="text/plain", options=options)
    else:
        assert clean_page(body, content_type="text/plain", options=options).text


@pytest.mark.parametrize(("controls", "binary"), [(81, False), (82, True)])
def test_binary_means_over_one_percent_of_controls_in_the_head(controls: int, binary: bool) -> None:
    """The head read is 8,192 characters: 82 C0 controls in it are over 1%, 81 are not.  Tabs,
    line breaks and characters of several UTF-8 bytes around them count as text."""
    unit = "é\t€\n\U0001f600 \x01"  # 7 characters, one control
    head = (unit * controls).ljust(8192, "ü")
    body = head + "\x02" * 1000  # controls after the head are not read
    if binary:
        with pytest.raises(UndecodableBody):
            decode_body(body)
    else:
        assert decode_body(body) == body


@pytest.mark.parametrize(
    "body",
    [
        "<p>Déjà\x00 vu\x00</p>" + "<p>Assez de texte autour.</p>" * 10,  # NULs, beyond ASCII
        "<p>\u2019\ud800 lone surrogate</p>",  # encoded as "?", as the parser always had it
        "<p>Déjà vu \U0001f600</p>".encode(),  # UTF-8 bytes
        b"\xef\xbb\xbf<p>BOM\x00</p>" + b"<p>Enough text around it.</p>" * 10,  # a BOM and a NUL
        "<p>Ça coûte 5 €</p>".encode("cp1252"),  # a legacy charset
    ],
)
def test_decode_page_gives_decode_body_text_and_its_utf8(body: str | bytes) -> None:
    text, utf8 = decode_page(body, declared_charset="windows-1252")
    assert text == decode_body(body, declared_charset="windows-1252")
    assert utf8 == text.encode("utf-8", "replace")
    assert "\x00" not in text


def test_decode_page_hands_valid_utf8_back_without_encoding_it_again() -> None:
    body = "<p>Déjà vu</p>".encode()
    assert decode_page(body)[1] is body
