"""Guess an article's language from its most frequent function words."""
from __future__ import annotations

import re
from collections import Counter

__all__ = ["LANGUAGE_SAMPLE_CHARS", "UNDETERMINED", "detect_language"]

UNDETERMINED = "und"

#: Short function words per language: frequent, distinctive, and cheap to count.
_STOP_WORDS: dict[str, frozenset[str]] = {
    "fr": frozenset("le la les des du de un une et est dans pour que qui sur par au aux avec ce cette "
                    "ces son sa ses il elle ils elles nous vous pas plus ont été sont être mais ou où "
                    "leur leurs lors selon aussi entre après".split()),
    "en": frozenset("the of and to in is that for it on with as was are be this by at from have has "
                    "had not but or which their they he she will would been were its an said who".split()),
    "de": frozenset("der die das und ist nicht ein eine zu den von mit sich auf für im dem des auch "
                    "es an als wird wurde sie er werden bei nach aus noch einen".split()),
    "es": frozenset("el la los las de y que en un una es por con para del se no al lo como más su "
                    "sus pero fue ha han este esta son entre desde también".split()),
    "it": frozenset("il la di che e è per un una non con del della dei delle sono nel alla gli le "
                    "si lo ha anche come più ma dal questo".split()),
    "pt": frozenset("o a os as de e que em um uma do da dos das para com não por se na no mais foi "
                    "são ao pela pelo também como seu sua".split()),
    "nl": frozenset("de het een en van in is dat op te zijn met voor niet aan er ook als door bij "
                    "maar om naar werd deze wordt".split()),
}
#: Inverted: one dict lookup per distinct word instead of one set lookup per language.
_LANGUAGES_OF_WORD: dict[str, tuple[str, ...]] = {
    word: tuple(lang for lang, words in _STOP_WORDS.items() if word in words)
    for word in frozenset().union(*_STOP_WORDS.values())
}
_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")
#: Below this share of function words the text is too short or too odd to call.
_MIN_HITS = 3
#: ~400 words: the same answers as 20,000 chars on the 181 benchmark pages, at a third of the cost.
LANGUAGE_SAMPLE_CHARS = 2_500


def detect_language(text: str, *, hint: str | None = None) -> str:
    """Return an ISO 639-1 code ("fr", "en", …) or ``"und"``.

    The page's own declaration (``hint``, e.g. ``<html lang>``) breaks near-ties, never overrides
    clear evidence: sites often declare one language for pages in several.
    """
    counts = dict.fromkeys(_STOP_WORDS, 0)
    for word, times in Counter(_WORD.findall(text[:LANGUAGE_SAMPLE_CHARS].lower())).items():
        for lang in _LANGUAGES_OF_WORD.get(word, ()):
            counts[lang] += times
    best = max(counts, key=lambda lang: counts[lang])
    if counts[best] < _MIN_HITS:
        return hint if hint else UNDETERMINED
    if hint in counts and counts[hint] >= 0.8 * counts[best]:
        return hint
    return best
