"""Near-duplicate fingerprints: what copies keep, what different articles do not share."""
from __future__ import annotations

import zlib

import numpy as np
import pytest
from datasketch import MinHash

from pipeline.fingerprint import (
    DEFAULT_FINGERPRINT,
    FingerprintOptions,
    band_keys,
    decode,
    fingerprint,
    minhash,
    normalise,
    shingles,
    similarity,
    word_hashes,
)

DISPATCH = (
    "Le chef de la diplomatie russe, Sergueï Lavrov, et son homologue américain Marco Rubio ont eu un "
    "entretien téléphonique samedi et sont convenus de reprendre le dialogue. Les deux ministres ont "
    "évoqué la préparation d'un sommet entre les présidents, a indiqué le ministère russe des Affaires "
    "étrangères dans un communiqué publié dans la soirée. Selon Moscou, ils ont aussi parlé du Proche-Orient "
    "et de la reprise des liaisons aériennes directes entre les deux pays, suspendues depuis trois ans. "
    "Washington n'a pas commenté dans l'immédiat le contenu de cet échange, le deuxième en une semaine."
)


def test_normalise_ignores_case_quotes_spacing_and_compatibility_forms() -> None:
    assert normalise("« Coopérer »  sur\u00a0l’Ukraine") == normalise('"coopérer" sur l\'UKRAINE')
    assert normalise("ﬁn") == ["fin"]  # NFKC: the ligature is two letters


#: Every kind of character the word hashing reads differently: ASCII, accents (two UTF-8 bytes),
#: CJK (three), characters beyond the BMP (four; an emoji is no word character, a CJK extension
#: character is), compatibility forms NFKC splits, underscores and digits inside words, a word
#: longer than the bytes hashed together in numpy, and text before the first and after the last word.
MIXED_SCRIPTS = (
    " «Déjà-vu» à l’été 2026: Ωμέγα, Привет мир, 東京都庁, ٣٤٥ ½ ﬁn x² Straße_42 😀emoji😀 𠀀𠀁 "
    f"{'anticonstitutionnellement' * 3} señor_ {'é' * 30}. "
)


def test_word_hashes_are_the_crc32_of_each_normalised_word() -> None:
    for text in (MIXED_SCRIPTS, DISPATCH, "", "  ...  ", "a", "plain ascii words only_"):
        expected = [zlib.crc32(word.encode()) for word in normalise(text)]
        assert word_hashes(text).tolist() == expected, text


def test_fingerprint_ignores_typography() -> None:
    retyped = DISPATCH.replace("'", "’").replace(" ", "  ").upper()
    assert fingerprint(retyped) == fingerprint(DISPATCH)


def test_our_minhash_equals_datasketch_update_batch() -> None:
    hashes = shingles(normalise(DISPATCH), DEFAULT_FINGERPRINT.shingle_words)
    sketch = MinHash(num_perm=DEFAULT_FINGERPRINT.num_perm, seed=DEFAULT_FINGERPRINT.seed, hashfunc=int,
                     scheme="affine32")
    sketch.update_batch(hashes.tolist())
    assert np.array_equal(minhash(hashes), sketch.hashvalues)


def test_shingle_hash_depends_on_word_order() -> None:
    assert shingles(["a", "b", "c"], 3)[0] != shingles(["c", "b", "a"], 3)[0]
    assert len(shingles(["a", "b", "c", "d"], 3)) == 2


def test_copy_with_last_sentence_cut_and_credit_added_stays_similar() -> None:
    sentences = DISPATCH.split(". ")
    copy = ". ".join(sentences[:-1]) + ". Avec AFP"
    assert similarity(fingerprint(copy), fingerprint(DISPATCH)) >= 0.6


def test_different_text_on_the_same_subject_is_not_similar() -> None:
    other = (
        "En marge de la réunion de l'ASEAN, Sergueï Lavrov a rencontré jeudi Marco Rubio à Kuala Lumpur. "
        "La rencontre, la deuxième de l'année, s'est tenue dans un climat direct et ouvert selon les deux "
        "parties. Rubio a dit que son homologue avait présenté une nouvelle approche pour sortir du conflit "
        "en Ukraine, sans garantie de paix, et qu'il la transmettrait au président. L'Iran et la Syrie ont "
        "aussi été abordés, ainsi que le rétablissement des canaux diplomatiques."
    )
    assert similarity(fingerprint(other), fingerprint(DISPATCH)) < 0.2


def test_short_texts_get_no_fingerprint() -> None:
    assert fingerprint("Trois mots seulement") is None
    assert fingerprint(" ".join(["mot"] * DEFAULT_FINGERPRINT.min_words)) is not None


def test_band_keys_are_shared_by_identical_bands_only() -> None:
    keys = band_keys(fingerprint(DISPATCH))
    assert len(keys) == DEFAULT_FINGERPRINT.bands == len(set(keys))
    other = band_keys(fingerprint(DISPATCH.replace("samedi", "dimanche")))
    shared = set(keys) & set(other)
    assert 0 < len(shared) < len(keys)


def test_decode_refuses_what_is_not_a_fingerprint() -> None:
    with pytest.raises(ValueError):
        decode("not base64!")
    with pytest.raises(ValueError):
        decode("AAAA")  # one slot
    assert len(decode(fingerprint(DISPATCH))) == DEFAULT_FINGERPRINT.num_perm


def test_options_refuse_more_bands_than_slots() -> None:
    with pytest.raises(ValueError):
        FingerprintOptions(num_perm=16, bands=5, rows=4)
