"""Near-duplicate fingerprints of article text: MinHash over word shingles (datasketch).

Sites republish one agency dispatch under their own template, headline and credit line, cut its
last paragraph or fix a typo. The cleaner already drops the template; what is left is hashed so
that copies keep most of their fingerprint and unrelated articles share almost none of it:

* the text is normalised (Unicode NFKC, case folded, accents kept, every run of punctuation,
  quotes of any kind and white space reduced to a word break), so typography does not count;
* it is cut into overlapping shingles of ``shingle_words`` words;
* datasketch's MinHash keeps, for each of ``num_perm`` hash functions, the least hash of a
  shingle: two fingerprints agree on a slot with probability equal to the Jaccard similarity of
  the two shingle sets, so the share of equal slots estimates it (:func:`similarity`);
* :func:`band_keys` cuts the fingerprint into LSH bands: two texts of Jaccard ``s`` share at
  least one band with probability ``1 - (1 - s**rows)**bands``, which finds copies without
  comparing every pair (the stories stage, agents/stories.py, keeps the bands in Faust tables).

A fingerprint travels as text (base64 of ``num_perm`` little-endian uint32) on the Article event.
Texts under ``min_words`` words get none: a two-line brief shares too much with any other brief
on the same subject to be told apart from a copy.
"""
from __future__ import annotations

import base64
import hashlib
import re
import unicodedata
import zlib
from dataclasses import dataclass

import numpy as np
from datasketch import MinHash

__all__ = [
    "DEFAULT_FINGERPRINT",
    "FingerprintOptions",
    "band_keys",
    "compact",
    "compact_similarity",
    "decode",
    "fingerprint",
    "minhash",
    "normalise",
    "shingles",
    "similarity",
    "word_hashes",
]

_WORD = re.compile(r"\w+")


@dataclass(frozen=True, slots=True)
class FingerprintOptions:
    """How texts are hashed and banded; every worker must use the same values (they are part of
    what a fingerprint means), so they are constants of the code, not settings."""

    shingle_words: int = 3
    num_perm: int = 128
    bands: int = 4
    rows: int = 2
    min_words: int = 40
    seed: int = 1

    def __post_init__(self) -> None:
        if self.bands * self.rows > self.num_perm:
            raise ValueError(f"{self.bands} bands of {self.rows} rows need more than {self.num_perm} slots")
        if self.shingle_words < 1 or self.min_words < self.shingle_words:
            raise ValueError("min_words must be at least shingle_words, which must be positive")


DEFAULT_FINGERPRINT = FingerprintOptions()

def _draw_permutations(options: FingerprintOptions) -> object:
    return MinHash(num_perm=options.num_perm, seed=options.seed, scheme="affine32").permutations


#: A MinHash's permutations depend only on (seed, num_perm): the default ones are drawn once at
#: import (a constant, not a cache); other options draw theirs per call (tests, benchmarks).
_DEFAULT_PERMUTATIONS = _draw_permutations(DEFAULT_FINGERPRINT)


def _permutations(options: FingerprintOptions) -> object:
    if (options.seed, options.num_perm) == (DEFAULT_FINGERPRINT.seed, DEFAULT_FINGERPRINT.num_perm):
        return _DEFAULT_PERMUTATIONS
    return _draw_permutations(options)


def normalise(text: str) -> list[str]:
    """The words of ``text`` as compared: NFKC, case folded; punctuation and spacing dropped."""
    return _WORD.findall(_folded(text))


def _folded(text: str) -> str:
    if not unicodedata.is_normalized("NFKC", text):  # the check is ten times cheaper than the form
        text = unicodedata.normalize("NFKC", text)
    return text.casefold()


#: Odd 64-bit multipliers that mix the word hashes of a shingle into one value, word order kept.
_MIX = np.array([0x9E3779B97F4A7C15, 0xC2B2AE3D27D4EB4F, 0x165667B19E3779F9, 0xD6E8FEB86659FD93,
                 0xFF51AFD7ED558CCD, 0xC4CEB9FE1A85EC53, 0x27D4EB2F165667C5, 0x94D049BB133111EB],
                dtype=np.uint64)


def shingles(words: list[str], size: int) -> np.ndarray:
    """A 32-bit hash of every run of ``size`` consecutive words (what MinHash sees).

    Each word is hashed once (crc32 of its UTF-8), and a shingle's hash is a sum of its words'
    hashes times a multiplier per position, in numpy: joining and hashing each shingle as text
    cost three times as much for the same result."""
    hashes = np.fromiter(map(zlib.crc32, map(str.encode, words)), dtype=np.uint64, count=len(words))
    return _shingles_of(hashes, size)


def _shingles_of(hashes: np.ndarray, size: int) -> np.ndarray:
    if size > len(_MIX):
        raise ValueError(f"shingles of at most {len(_MIX)} words")
    count = len(hashes) - size + 1
    mixed = np.zeros(max(count, 0), dtype=np.uint64)
    for position in range(size):
        mixed += hashes[position:position + count] * _MIX[position]
    return (mixed >> np.uint64(32)).astype(np.uint32)


def _crc32_table() -> np.ndarray:
    """zlib's CRC-32 (reflected polynomial 0xEDB88320) one byte at a time: entry i is i's CRC step."""
    table = np.arange(256, dtype=np.uint32)
    for _ in range(8):
        table = np.where(table & 1, (table >> np.uint32(1)) ^ np.uint32(0xEDB88320), table >> np.uint32(1))
    return table.astype(np.uint32)


_CRC32 = _crc32_table()
#: 1 for the Basic Multilingual Plane's characters that ``\w`` matches, read off the pattern itself.
_IS_WORD = np.zeros(0x10000, dtype=np.int8)
_IS_WORD[np.frombuffer("".join(_WORD.findall("".join(map(chr, range(0x10000))))).encode("utf-32-le"),
                       dtype=np.uint32)] = 1
#: Words up to this many UTF-8 bytes are hashed together in numpy, byte position by byte
#: position; the rare longer ones one by one with zlib.
_VECTOR_BYTES = 24


def word_hashes(text: str) -> np.ndarray:
    """crc32 of the UTF-8 of each word of :func:`normalise`, in order, as uint64, without making
    the words: where they start and end is read off a table of word characters over the folded
    text's code points, and every word's CRC advances one byte per numpy step. Half the cost of
    ``re.findall`` and a zlib call per word, the same values (a test compares them)."""
    folded = _folded(text)
    try:
        codes = np.frombuffer(folded.encode("utf-32-le"), dtype=np.uint32)
    except UnicodeEncodeError:  # a lone surrogate: never part of a word, but not encodable
        return np.fromiter(map(zlib.crc32, map(str.encode, _WORD.findall(folded))), dtype=np.uint64)
    flags = _IS_WORD[np.minimum(codes, 0xFFFF)]
    beyond = np.flatnonzero(codes > 0xFFFF)
    for index in beyond.tolist():  # emoji, rare scripts: few, looked up one by one
        flags[index] = _WORD.fullmatch(chr(codes[index])) is not None
    edges = np.diff(flags, prepend=np.int8(0), append=np.int8(0))
    starts, ends = np.flatnonzero(edges == 1), np.flatnonzero(edges == -1)
    if folded.isascii():  # a character is a byte
        first, lengths = starts, ends - starts
    else:  # where each character starts in the UTF-8
        widths = 1 + (codes > 0x7F).astype(np.int64) + (codes > 0x7FF)
        if len(beyond):
            widths[beyond] += 1
        offsets = np.zeros(len(codes) + 1, dtype=np.int64)
        np.cumsum(widths, out=offsets[1:])
        first, lengths = offsets[starts], offsets[ends] - offsets[starts]
    data = np.frombuffer(folded.encode("utf-8"), dtype=np.uint8)
    order = np.argsort(-lengths, kind="stable")  # longest first: the words still being hashed are a prefix
    first_sorted, lengths_sorted = first[order], lengths[order]
    crc = np.full(len(order), 0xFFFFFFFF, dtype=np.uint32)
    longest = int(lengths_sorted[0]) if len(order) else 0
    still = np.searchsorted(-lengths_sorted, -np.arange(min(longest, _VECTOR_BYTES)), side="left")
    for position, count in enumerate(still.tolist()):
        head = crc[:count]
        crc[:count] = _CRC32[(head ^ data[first_sorted[:count] + position]) & 0xFF] ^ (head >> np.uint32(8))
    hashes = np.empty(len(order), dtype=np.uint64)
    hashes[order] = crc ^ np.uint32(0xFFFFFFFF)
    for index in np.flatnonzero(lengths > _VECTOR_BYTES).tolist():
        hashes[index] = zlib.crc32(data[first[index]:first[index] + lengths[index]].tobytes())
    return hashes


def _fmix32(values: np.ndarray) -> np.ndarray:
    """MurmurHash3's 32-bit finaliser, as datasketch's affine32 scheme applies it to each input."""
    values = values ^ (values >> np.uint32(16))
    values = values * np.uint32(0x85EBCA6B)
    values = values ^ (values >> np.uint32(13))
    values = values * np.uint32(0xC2B2AE35)
    return values ^ (values >> np.uint32(16))


def minhash(hashes: np.ndarray, *, options: FingerprintOptions = DEFAULT_FINGERPRINT) -> np.ndarray:
    """datasketch's ``MinHash(scheme="affine32").update_batch`` over already hashed shingles, in one
    numpy expression: the same slots (a test compares them), without datasketch's Python call per
    shingle, which was half the cost of a fingerprint."""
    a, b = _permutations(options)
    if not len(hashes):
        return np.full(options.num_perm, 0xFFFFFFFF, dtype=np.uint32)
    with np.errstate(over="ignore"):  # the affine maps wrap modulo 2**32 on purpose
        # slots × shingles, so each slot's minimum runs along contiguous memory: a quarter
        # cheaper than the minimum down the columns of shingles × slots (the same values)
        permuted = np.multiply(a.reshape(-1, 1), _fmix32(hashes))
        np.add(permuted, b.reshape(-1, 1), out=permuted)  # in place: one matrix, not two
    return permuted.min(axis=1)


def fingerprint(text: str, *, options: FingerprintOptions = DEFAULT_FINGERPRINT) -> str | None:
    """The MinHash fingerprint of ``text`` as base64 text, or None under ``min_words`` words."""
    hashes = word_hashes(text)
    if len(hashes) < options.min_words:
        return None
    values = minhash(_shingles_of(hashes, options.shingle_words), options=options).astype("<u4")
    return base64.b64encode(values.tobytes()).decode("ascii")


def decode(value: str, *, options: FingerprintOptions = DEFAULT_FINGERPRINT) -> np.ndarray:
    """The slots of a fingerprint; ValueError when it is not one of ``options``' shape."""
    try:
        raw = base64.b64decode(value.encode("ascii"), validate=True)
    except (ValueError, UnicodeEncodeError) as error:
        raise ValueError(f"not a fingerprint: {error}") from None
    if len(raw) != 4 * options.num_perm:
        raise ValueError(f"a fingerprint has {options.num_perm} slots, this one {len(raw) // 4}")
    return np.frombuffer(raw, dtype="<u4")


def similarity(a: str, b: str, *, options: FingerprintOptions = DEFAULT_FINGERPRINT) -> float:
    """Estimated Jaccard similarity of the two texts' shingle sets: the share of equal slots."""
    return float(np.count_nonzero(decode(a, options=options) == decode(b, options=options))) / options.num_perm


def band_keys(value: str, *, options: FingerprintOptions = DEFAULT_FINGERPRINT) -> list[str]:
    """One key per LSH band: the band's number and a digest of its ``rows`` slots. Two texts that
    share a key agree on every slot of that band, a candidate pair to confirm with :func:`similarity`."""
    slots = decode(value, options=options)
    keys = []
    for band in range(options.bands):
        chunk = slots[band * options.rows:(band + 1) * options.rows].tobytes()
        keys.append(f"{band:02d}:{hashlib.blake2b(chunk, digest_size=8).hexdigest()}")
    return keys


def compact(value: str, *, options: FingerprintOptions = DEFAULT_FINGERPRINT) -> str:
    """The low byte of each slot (b-bit MinHash, b = 8), base64: a quarter of the size, for the
    copies a table keeps; :func:`compact_similarity` compares two of them."""
    low = (decode(value, options=options) & 0xFF).astype(np.uint8)
    return base64.b64encode(low.tobytes()).decode("ascii")


def compact_similarity(a: str, b: str) -> float:
    """Estimated Jaccard from two compact fingerprints: unrelated slots agree on their low byte
    one time in 256, which is taken out, ``(agree - 1/256) / (1 - 1/256)``."""
    left = np.frombuffer(base64.b64decode(a), dtype=np.uint8)
    right = np.frombuffer(base64.b64decode(b), dtype=np.uint8)
    if len(left) != len(right) or not len(left):
        raise ValueError("compact fingerprints of different sizes")
    agree = np.count_nonzero(left == right) / len(left)
    return max(0.0, (agree - 1 / 256) / (1 - 1 / 256))
