"""``clean_page``: from a raw page (HTML or text dump) to a :class:`Document`."""
from __future__ import annotations

from collections.abc import Sequence
from urllib.parse import urlsplit

from .boilerplate import boilerplate_reason, drop_boilerplate, mentions_in_prose
from .decoding import decode_body, decode_page
from .document import Block, Document, SourceTag, TickerItem, visible_text
from .errors import EmptyBody, InvalidUrl, PageTooLarge, UnsupportedContent
from .html_extract import extract_html
from .language import LANGUAGE_SAMPLE_CHARS, detect_language
from .metadata import NO_METADATA, Metadata
from .options import DEFAULT_OPTIONS, CleanOptions
from .sources import SourceCatalog, default_catalog, tag_sources
from .text_page import blocks_from_lines
from .ticker import parse_ticker_line, split_ticker

__all__ = ["HTML_TYPES", "TEXT_TYPES", "clean_page", "media_type"]

HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})
TEXT_TYPES = frozenset({"text/plain"})
#: Boilerplate reasons from a phrase found anywhere in a line, which a sentence of the article
#: may hold as one of its words (see ``boilerplate.mentions_in_prose``)
_MENTION_REASONS = frozenset({"footer", "newsletter"})
_PROSE_CHARS = 160  # a paragraph longer than this is the article's (prompts are shorter)

_DEFAULT_CATALOG: SourceCatalog | None = None


def _catalog(catalog: SourceCatalog | None) -> SourceCatalog:
    global _DEFAULT_CATALOG  # immutable once built: a load-once constant, not a cache to reset
    if catalog is not None:
        return catalog
    if _DEFAULT_CATALOG is None:
        _DEFAULT_CATALOG = default_catalog()
    return _DEFAULT_CATALOG


def media_type(content_type: str) -> tuple[str, str | None]:
    """Split ``text/html; charset=windows-1252`` into ("text/html", "windows-1252")."""
    kind, _, params = content_type.partition(";")
    charset = None
    for param in params.split(";"):
        key, _, value = param.partition("=")
        if key.strip().lower() == "charset" and value.strip():
            charset = value.strip().strip("\"'")
    return kind.strip().lower(), charset


def clean_page(
    body: str | bytes,
    *,
    url: str | None = None,
    content_type: str = "text/html",
    options: CleanOptions = DEFAULT_OPTIONS,
    catalog: SourceCatalog | None = None,
) -> Document:
    """Clean one page. Raises a :class:`~pipeline.errors.CleanError` subclass when it cannot."""
    kind, charset = media_type(content_type)
    if kind not in HTML_TYPES and kind not in TEXT_TYPES:
        raise UnsupportedContent(f"content type {kind or '(empty)'!r} is not text/html or text/plain")
    if url is not None:
        _check_url(url)
    if _may_exceed(body, options.max_page_bytes):
        size = len(body.encode("utf-8", "surrogatepass") if isinstance(body, str) else body)
        if size > options.max_page_bytes:
            raise PageTooLarge(f"page is {size} bytes, over the {options.max_page_bytes}-byte limit")
    utf8: bytes | None = None
    if kind in HTML_TYPES:  # the parser reads UTF-8: encoded once, while decoding
        text, utf8 = decode_page(body, declared_charset=charset)
    else:
        text = decode_body(body, declared_charset=charset)
    if not text or text.isspace():  # (strip would copy the page)
        raise EmptyBody("the page body is empty")
    sources_catalog = _catalog(catalog)
    if utf8 is not None:
        return _clean_html(text, utf8, url=url, options=options, catalog=sources_catalog)
    return _clean_text(text, url=url, options=options, catalog=sources_catalog)


def _check_url(url: str) -> None:
    try:
        urlsplit(url)
    except ValueError as error:
        raise InvalidUrl(f"the page URL {url[:200]!r} cannot be read: {error}") from None


def _may_exceed(body: str | bytes, limit: int) -> bool:
    """Whether ``body`` can be over ``limit`` UTF-8 bytes; a str of n chars is at most 4n bytes,
    so most pages are cleared without encoding them just to count."""
    return len(body) > limit if isinstance(body, bytes) else 4 * len(body) > limit


def _clean_text(text: str, *, url: str | None, options: CleanOptions, catalog: SourceCatalog) -> Document:
    lines = visible_text(text).splitlines()  # vocabulary and ticker rules read "Pub\u00adlicité" too
    ticker, lines = split_ticker(lines)
    sources, lines, credit_lines = tag_sources(lines, catalog)
    lines, removed = drop_boilerplate(lines)
    title, blocks = blocks_from_lines(lines)
    return _finish(title, blocks, ticker, sources, url=url, metadata=NO_METADATA, hint=None,
                   removed=[*credit_lines, *removed], options=options)


def _clean_html(
    text: str, utf8: bytes, *, url: str | None, options: CleanOptions, catalog: SourceCatalog
) -> Document:
    extraction = extract_html(text, url=url, options=options, utf8=utf8)
    block_texts = [block.text for block in extraction.blocks]
    text_ticker, _ = split_ticker(block_texts)
    ticker_titles = {item.title for item in text_ticker}
    sources, _, credit_lines = tag_sources(block_texts, catalog)
    # credit lines, bylines and captions the extractor kept out of the body: tagged, not added
    near_sources, _, _ = tag_sources(extraction.credits, catalog)
    sources = _merge_sources(sources, near_sources)
    credit_set = set(credit_lines)
    blocks: list[Block] = []
    removed: list[str] = list(credit_lines)
    boilerplate: dict[str, str | None] = {}  # this page's verdicts: a page repeats some lines
    found = extraction.blocks
    for index, block in enumerate(found):
        if block.text in credit_set:
            continue
        why = _verdict(block.text, boilerplate)
        if why is not None and not (
            why in _MENTION_REASONS and _between_paragraphs(found, index, boilerplate)
            and mentions_in_prose(block.text)
        ):
            removed.append(block.text)
            continue
        parsed = _ticker_title(block.text, text_ticker)
        if parsed is not None and parsed in ticker_titles:
            continue
        blocks.append(block)
    return _finish(extraction.title, blocks, [*extraction.ticker, *text_ticker], sources, url=url,
                   metadata=extraction.metadata, hint=extraction.language_hint,
                   removed=removed, options=options)


def _verdict(line: str, verdicts: dict[str, str | None]) -> str | None:
    """``boilerplate_reason`` of a line, judged once per page (``verdicts``: the page's memo; a
    page repeats some lines, and a neighbour that ``_between_paragraphs`` reads comes up again
    in the block loop)."""
    why = verdicts.get(line, "")
    if why == "":  # ("": not judged yet)
        why = verdicts[line] = boilerplate_reason(line)
    return why


def _between_paragraphs(
    blocks: Sequence[Block], index: int, verdicts: dict[str, str | None]
) -> bool:
    """Whether a block sits between two paragraphs of the article's text: longer than any
    prompt or notice, and not boilerplate."""
    return 0 < index < len(blocks) - 1 and all(
        block.kind == "paragraph" and len(block.text) > _PROSE_CHARS
        and _verdict(block.text, verdicts) is None
        for block in (blocks[index - 1], blocks[index + 1])
    )


def _merge_sources(first: Sequence[SourceTag], more: Sequence[SourceTag]) -> list[SourceTag]:
    """One tag per source, the first evidence found winning (body before credits)."""
    merged: dict[str, SourceTag] = {}
    for tag in [*first, *more]:
        merged.setdefault(tag.name, tag)
    return list(merged.values())


def _ticker_title(text: str, ticker: Sequence[TickerItem]) -> str | None:
    if not ticker:
        return None
    item = parse_ticker_line(text)
    return item.title if item is not None else None


def _finish(
    title: str,
    blocks: Sequence[Block],
    ticker: Sequence[TickerItem],
    sources: Sequence[SourceTag],
    *,
    url: str | None,
    metadata: Metadata,
    hint: str | None,
    removed: Sequence[str],
    options: CleanOptions,
) -> Document:
    body_chars = sum(len(block.text) for block in blocks)
    if body_chars < options.min_body_chars:
        raise EmptyBody(
            f"only {body_chars} characters of article text were found "
            f"(minimum {options.min_body_chars})"
        )
    sample = _language_sample(title, blocks)
    return Document(
        title=title,
        blocks=tuple(blocks),
        ticker=_unique_ticker(ticker),
        sources=tuple(sources),
        language=detect_language(sample, hint=hint),
        url=url,
        removed=tuple(removed),
        **metadata.as_fields(),
    )


def _language_sample(title: str, blocks: Sequence[Block]) -> str:
    """The title and the first blocks, up to what detect_language reads: no need to join more."""
    parts = [title]
    size = len(title)
    for block in blocks:
        if size >= LANGUAGE_SAMPLE_CHARS:
            break
        parts.append(block.text)
        size += len(block.text) + 1
    return " ".join(parts)


def _unique_ticker(items: Sequence[TickerItem]) -> tuple[TickerItem, ...]:
    seen: set[tuple[str, str]] = set()
    unique: list[TickerItem] = []
    for item in items:
        key = (item.time, item.title)
        if key not in seen:
            seen.add(key)
            unique.append(item)
    return tuple(unique)
