"""Where the article ends: a furniture heading ("Related articles", "Comments") followed by
little prose ends it, even when what follows sits outside the heading's own container."""
from __future__ import annotations

from pipeline.html_extract import extract_html

STORY = (
    "The harbour reopened on Tuesday after three months of repairs to the old sea wall, "
    "and the first fishing boats were back at the quay before dawn. "
)
TEASER = (
    "A summary of another story that the site recommends, long enough to read like prose, "
    "with the words of a sentence and a full stop at its end."
)


def body_of(html: str) -> str:
    return "\n\n".join(block.text for block in extract_html(html).blocks)


def page(after_heading: str) -> str:
    paragraphs = "".join(f"<p>{STORY} Paragraph {i}.</p>" for i in range(8))
    return (
        f"<html><body><main>{paragraphs}"
        f"<div class='box'><h2>Related articles</h2></div>{after_heading}"
        "</main></body></html>"
    )


def test_little_prose_after_a_related_heading_is_not_article():
    text = body_of(page(f"<div><p>{TEASER}</p></div>"))
    assert "Paragraph 7." in text
    assert "recommends" not in text


def test_much_prose_after_a_related_heading_is_still_article():
    more = "".join(f"<p>{STORY} Part two {i}.</p>" for i in range(6))
    text = body_of(page(f"<div>{more}</div>"))
    assert "Paragraph 7." in text
    assert "Part two 5." in text


def test_a_related_heading_inside_the_body_does_not_cut_the_rest_of_it():
    # The heading sits among the body's own paragraphs and more prose follows it than
    # precedes it: it titles a part of the article, not the furniture after it.
    intro = "".join(f"<p>{STORY} Intro {i}.</p>" for i in range(2))
    rest = "".join(f"<p>{STORY} Part two {i}.</p>" for i in range(6))
    html = (
        f"<html><body><div class='page'><div>{intro}<h3>Recommended tools:</h3>{rest}</div>"
        f"<div><p>{TEASER}</p></div></div></body></html>"
    )
    text = body_of(html)
    assert "Intro 0." in text
    assert "Part two 5." in text


def test_a_related_heading_after_the_body_still_cuts_a_shorter_list():
    paragraphs = "".join(f"<p>{STORY} Paragraph {i}.</p>" for i in range(6))
    html = (
        f"<html><body><div>{paragraphs}<h3>Recommended</h3>"
        f"<p>{TEASER}</p><p>{TEASER}</p></div></body></html>"
    )
    text = body_of(html)
    assert "Paragraph 5." in text
    assert "recommends" not in text


def test_a_body_printed_twice_comes_out_once():
    paragraphs = "".join(f"<p>{STORY} Paragraph {i}.</p>" for i in range(5))
    html = (
        f"<html><body><article><div class='wide'>{paragraphs}</div>"
        f"<div class='narrow'>{paragraphs}</div></article></body></html>"
    )
    text = body_of(html)
    for i in range(5):
        assert text.count(f"Paragraph {i}.") == 1


def test_a_question_repeated_between_answers_is_kept():
    question = "What did you have for breakfast on the morning of the big race, and why that?"
    answers = "".join(f"<p>{question}</p><p>{STORY} Answer {i}.</p>" for i in range(4))
    text = body_of(f"<html><body><article>{answers}</article></body></html>")
    assert text.count(question) == 4
