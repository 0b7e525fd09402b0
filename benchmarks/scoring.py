"""Word 4-shingle scoring of an extracted article body against a reference body.

Per page: both texts are tokenised into words (``\\w+``, case kept), turned into shingles
of ``n`` consecutive tokens, and precision / recall / F1 are computed from the shingle
*multisets* (a shingle repeated k times counts k times).  A text shorter than ``n`` words
still yields one shingle (all its words), so very short bodies are not scored as empty.

Edge cases, defined here once:

* both texts empty (no words)     -> precision = recall = F1 = 1.0
* exactly one of them empty       -> precision = recall = F1 = 0.0
"""
from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

__all__ = ["Score", "mean_score", "score_text", "shingles", "tokenize"]

_WORD = re.compile(r"\w+")


def tokenize(text: str) -> list[str]:
    """Words of ``text`` (runs of Unicode word characters), in order."""
    return _WORD.findall(text or "")


def shingles(text: str, n: int = 4) -> Counter[str]:
    """Multiset of ``n``-word shingles; empty for a text without words."""
    tokens = tokenize(text)
    if not tokens:
        return Counter()
    if len(tokens) <= n:
        return Counter([" ".join(tokens)])
    return Counter(" ".join(tokens[i : i + n]) for i in range(len(tokens) - n + 1))


@dataclass(frozen=True, slots=True)
class Score:
    precision: float
    recall: float
    f1: float


def score_text(predicted: str, expected: str, n: int = 4) -> Score:
    """Shingle-multiset precision, recall and F1 of ``predicted`` against ``expected``."""
    pred = shingles(predicted, n)
    true = shingles(expected, n)
    if not pred and not true:
        return Score(1.0, 1.0, 1.0)
    if not pred or not true:
        return Score(0.0, 0.0, 0.0)
    tp = sum((pred & true).values())
    precision = tp / sum(pred.values())
    recall = tp / sum(true.values())
    f1 = 0.0 if tp == 0 else 2 * precision * recall / (precision + recall)
    return Score(precision, recall, f1)


def mean_score(scores: Iterable[Score]) -> Score:
    """Mean precision, recall and F1 over pages (F1 is the mean of per-page F1)."""
    items = list(scores)
    if not items:
        return Score(0.0, 0.0, 0.0)
    count = len(items)
    return Score(
        sum(s.precision for s in items) / count,
        sum(s.recall for s in items) / count,
        sum(s.f1 for s in items) / count,
    )
