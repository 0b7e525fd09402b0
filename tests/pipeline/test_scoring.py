from __future__ import annotations

import pytest

from benchmarks.scoring import Score, mean_score, score_text, shingles, tokenize


def test_tokenize_words_only():
    assert tokenize("Hello, world! C'est l'été.") == ["Hello", "world", "C", "est", "l", "été"]


def test_shingles_are_a_multiset():
    counts = shingles("a b c d a b c d", n=4)
    assert counts["a b c d"] == 2
    assert sum(counts.values()) == 5


def test_short_text_is_one_shingle():
    assert shingles("two words") == {"two words": 1}


def test_identical_texts_score_one():
    s = score_text("the cat sat on the mat today", "the cat sat on the mat today")
    assert s == Score(1.0, 1.0, 1.0)


def test_extra_boilerplate_lowers_precision_only():
    truth = "one two three four five six"  # 3 shingles
    pred = truth + " share this article now"  # 7 shingles, 3 true
    s = score_text(pred, truth)
    assert s.recall == 1.0
    assert s.precision == pytest.approx(3 / 7)
    assert s.f1 == pytest.approx(2 * (3 / 7) / (1 + 3 / 7))


def test_missing_text_lowers_recall_only():
    truth = "one two three four five six seven"  # 4 shingles
    s = score_text("one two three four five", truth)  # 2 shingles, both true
    assert s.precision == 1.0
    assert s.recall == pytest.approx(0.5)


def test_edge_cases():
    assert score_text("", "") == Score(1.0, 1.0, 1.0)
    assert score_text("  ...  ", "") == Score(1.0, 1.0, 1.0)
    assert score_text("", "some words here") == Score(0.0, 0.0, 0.0)
    assert score_text("some words here", "") == Score(0.0, 0.0, 0.0)
    assert score_text("a b c d e", "v w x y z").f1 == 0.0


def test_mean_score():
    m = mean_score([Score(1.0, 0.5, 0.6), Score(0.0, 0.5, 0.2)])
    assert m == Score(0.5, 0.5, pytest.approx(0.4))
    assert mean_score([]) == Score(0.0, 0.0, 0.0)
