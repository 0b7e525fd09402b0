"""Name an article's language with CLD2 (Google's Compact Language Detector 2, via pycld2).

CLD2 knows some 160 languages and their scripts (Arabic, Cyrillic, CJK, Greek…), not only the
seven whose function words the cleaner counts; Common Crawl annotates its pages with it.
Measured on both development sets (889 pages, ``<html lang>`` as reference) it agreed as well
as py3langid (0.995: the four misses are pages whose declared language is wrong) at a fifteenth
of the cost (0.04-0.1 ms on 300-1,000 characters, against 0.6-1.1 ms) and 1.6 MB of memory
against py3langid's 78 MB model; the function-word count it replaces agreed on 0.983.
"""
from __future__ import annotations

import re

import pycld2

__all__ = ["LANGUAGE_SAMPLE_CHARS", "UNDETERMINED", "detect_language"]

UNDETERMINED = "und"

#: The sample read: the title and the first paragraphs.  CLD2 gives the same answers on both
#: development sets from 300 characters on; 1,000 leave room for pages that open with a line in
#: another language, at about 0.1 ms.
LANGUAGE_SAMPLE_CHARS = 1_000

#: Characters CLD2 refuses as "invalid UTF-8": C0/C1 controls (a cp1252 page decoded as
#: Latin-1 leaves U+0092 for an apostrophe), lone surrogates and non-characters.
_REFUSED = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufdd0-\ufdef\ufffe\uffff]")
#: CLD2's codes that are not today's BCP 47 primary subtags.
_RENAMED = {"iw": "he", "jw": "jv", "zh-Hant": "zh", "sr-ME": "sr"}
#: And back, for the hint.
_CLD2_CODE = {"he": "iw", "jv": "jw"}
_KNOWN = frozenset(code for _, code in pycld2.LANGUAGES)


def detect_language(text: str, *, hint: str | None = None) -> str:
    """Return a language code ("fr", "ar", "zh", …: ISO 639-1 where there is one) or ``"und"``.

    The page's own declaration (``hint``, e.g. ``<html lang>``) is given to CLD2 as a prior:
    it tips close calls, never overrides clear evidence (sites often declare one language for
    pages in several).  When CLD2 is not sure (too little text, or mixed), the declared
    language stands, else ``"und"``.
    """
    sample = _REFUSED.sub(" ", text[:LANGUAGE_SAMPLE_CHARS])
    hint_code = _CLD2_CODE.get(hint, hint) if hint else None
    try:
        reliable, _, details = pycld2.detect(
            sample, bestEffort=True, hintLanguage=hint_code if hint_code in _KNOWN else None
        )
    except pycld2.error:  # what _REFUSED does not cover: keep the declaration rather than fail
        return hint or UNDETERMINED
    code = _language(details[0][1])
    if not reliable or code == UNDETERMINED:
        return hint or UNDETERMINED
    return code


def _language(cld2_code: str) -> str:
    """CLD2's code as a BCP 47 primary language subtag; scripts alone ("xx-Arab") and
    "un" (unknown) are undetermined."""
    if cld2_code == "un" or cld2_code.startswith(("xx", "zz")):
        return UNDETERMINED
    return _RENAMED.get(cld2_code, cld2_code)
