"""Property-based: whatever arrives, clean_page returns a Document or raises a CleanError, fast.

Nothing else may escape (the agent turns any other exception into an ``internal_error`` reject,
but that is a bug report, not a way of working), and no input may take unbounded time: each
example is cleaned in a child process and must stay under a safety bound of CPU time (see
``tests.pipeline.bounded``; hostile inputs built on purpose are in ``test_adversarial``).
"""
from __future__ import annotations

import json
import os
from collections.abc import Iterator
from html import escape

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipeline import patterns
from schemas import Origin, outcome_of_message
from tests.pipeline.bounded import Cleaner, bound_for

CONTENT_TYPES = st.sampled_from([
    "text/html", "text/plain", "text/html; charset=windows-1252", "text/html; charset=iso-8859-1",
    "text/plain; charset=utf-8", "text/html; charset=nonsense-42", "application/xhtml+xml",
    "application/pdf", "", "TEXT/HTML; Charset=\"UTF-8\"",
])
TAGS = st.sampled_from(["p", "div", "span", "article", "h1", "h2", "li", "ul", "script", "style", "nav",
                        "footer", "header", "main", "title", "head", "body", "html", "br", "table", "td",
                        "a", "b", "time", "figure", "figcaption", "blockquote", "meta", "!--", "![CDATA["])
WORDS = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=40)
LINES = st.sampled_from(["11:42 Headline of the hour", "Lire aussi : autre chose", "Avec MAP", "(AFP)",
                         "Tous droits réservés", "Suivez-nous sur Facebook", "Publicité", "—", "\t", ""])


@st.composite
def html_ish(draw: st.DrawFn) -> str:
    """Tag soup: opening, closing and self-closing tags, attributes, entities and text."""
    parts = []
    for _ in range(draw(st.integers(0, 60))):
        kind = draw(st.integers(0, 6))
        tag = draw(TAGS)
        if kind == 0:
            attr = draw(st.sampled_from(["", ' class="content"', " id=main", ' style="display:none"',
                                         ' charset="windows-1252"', ' property="article:published_time"'
                                         ' content="2026-11-23T10:00:00Z"', " hidden", ' lang="fr"']))
            parts.append(f"<{tag}{attr}>")
        elif kind == 1:
            parts.append(f"</{tag}>")
        elif kind == 2:
            parts.append(draw(st.sampled_from(["&amp;", "&nbsp;", "&#x0;", "&#1114112;", "&bogus;", "&lt;"])))
        elif kind == 3:
            parts.append(draw(LINES) + "\n")
        else:
            parts.append(draw(WORDS))
    return "".join(parts)


def nested(depth: int, tag: str = "div") -> str:
    return f"<{tag}>" * depth + "Deep words of a deep article body. " * 3 + f"</{tag}>" * depth


#: What the patterns read, by family: a line is made of one family's words (a share bar, a run
#: of related headings, times, bylines...) and what sits between them.
FAMILIES = st.sampled_from([
    tuple(patterns.SHARE_WORDS), tuple(patterns.FOOTER_LINKS), tuple(patterns.RELATED_HEADINGS),
    (*patterns.BYLINE_PREFIXES, "Jean Dupont", "Anna", "di Marco Rossi"),
    (*patterns.CREDIT_LABELS, *patterns.CREDIT_PHRASES, "AFP", "Reuters", "©", "(c)"),
    ("10:18", "- 10:18", "9h05", "10.18 Uhr", "ore 10:18", "3:45 pm", "[09:05]", "Titre du jour"),
    (*patterns.AD_SLOT_SIZES, *patterns.AD_LABELS, "Bann"),
])
SEPARATORS = st.sampled_from([" | ", " · ", " ", ":", " - ", ", ", " / ", "\t", "(", ")", "", "\u00ad"])


@st.composite
def pattern_lines(draw: st.DrawFn) -> str:
    """Lines of one family's words and separators, ending in anything, with long runs of one
    character now and then: the shapes that once made patterns backtrack (a share bar ending
    in "1.2k", 100 KB of spaces after a time)."""
    lines = []
    for _ in range(draw(st.integers(1, 6))):
        words = draw(FAMILIES)
        parts = []
        for _ in range(draw(st.integers(4, 16))):
            parts.append(draw(st.sampled_from(words)))
            parts.append(draw(SEPARATORS))
            if draw(st.integers(0, 19)) == 0:
                parts.append(draw(st.sampled_from([" ", "-", ":", "1", "|", "a"])) * draw(st.integers(50, 20_000)))
        parts.append(draw(st.sampled_from(["", "1.2k", "x", ".", "zz9"])))
        lines.append("".join(parts))
    return "\n".join(lines)


BODIES = st.one_of(
    st.text(max_size=2000),
    st.binary(max_size=2000),
    html_ish(),
    html_ish().map(lambda s: s.encode("utf-8")),
    html_ish().map(lambda s: s.encode("cp1252", "replace")),
    st.builds(nested, st.integers(1, 3000), st.sampled_from(["div", "b", "p", "table", "li"])),
    st.lists(LINES | WORDS, max_size=40).map("\n".join),
    pattern_lines(),
    pattern_lines(),
    pattern_lines().map(lambda text: "<article>" + "".join(f"<p>{escape(line)}</p>" for line in text.split("\n")) + "</article>"),
)

#: More examples for a long local hunt: DEPECHE_PROPERTY_EXAMPLES=5000
EXAMPLES = int(os.environ.get("DEPECHE_PROPERTY_EXAMPLES", "300"))


@pytest.fixture(scope="module")
def cleaner() -> Iterator[Cleaner]:
    process = Cleaner()
    yield process
    process.close()


@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(body=BODIES, content_type=CONTENT_TYPES)
def test_clean_page_gives_a_document_or_a_clean_error(
    body: str | bytes, content_type: str, cleaner: Cleaner
) -> None:
    outcome = cleaner.clean(body, content_type)
    assert outcome.kind in ("document", "clean_error"), f"{outcome.kind}: {outcome.detail}"
    if outcome.kind == "clean_error":
        assert outcome.reason and isinstance(outcome.detail, str)
    else:
        assert outcome.detail == "Document"
    bound = bound_for(body)
    assert outcome.cpu_seconds < bound, (
        f"{len(body):,} chars took {outcome.cpu_seconds:.2f} s of CPU (safety bound {bound:.1f} s)"
    )


@settings(max_examples=EXAMPLES // 2, deadline=None)
@given(value=st.one_of(st.binary(max_size=500), st.none(),
                       st.dictionaries(st.sampled_from(["url", "body", "content_type", "site", "fetched_at", "x"]),
                                       st.one_of(st.text(max_size=200), st.integers(), st.none(), st.booleans()),
                                       max_size=6).map(lambda d: json.dumps(d).encode())))
def test_any_raw_message_gives_exactly_one_article_or_reject(value: bytes | None) -> None:
    outcome = outcome_of_message(value, origin=Origin(topic="pages.raw", partition=0, offset=7))
    assert (outcome.article is None) != (outcome.rejected is None)
    if outcome.rejected is not None:
        assert outcome.rejected.reason and outcome.rejected.offset == 7
