"""What a page says about its article: authors, dates, description, image, section, tags, site.

Read from the parsed tree the extractor already holds (no second parse), in the order news
consumers trust: JSON-LD of an article type (``NewsArticle``, ``Article``, ``BlogPosting``…,
inside ``@graph`` or lists, authors as strings, objects or lists), then OpenGraph / Twitter /
Dublin Core / ``article:*`` / ``itemprop`` meta, then ``<time datetime>`` and a dated URL path;
for authors, last, the bylines ("By …", "Par …") the extractor found beside the article, then
byline elements (``rel=author``, ``itemprop=author``, ``class=byline``).  One walk over four
tags of the tree; the byline elements are searched only when no structured author was found
and their marker is in the page text, since such a search of every element costs more than
the rest together.

Dates are ISO 8601 (a bare day when the page gives no time).  htmldate was measured as the
fallback for pages whose structured data gives no date (see ``benchmarks/metadata.py``): it
needs an ``lxml.html`` tree (a second parse) and searches the whole text, which cost more than
the rest of the cleaner on the wider development set, so it is not called here.

Pure: no I/O (the canonical link is read from the page text by ``pipeline.urls``).
"""
from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field, fields
from datetime import datetime
from email.utils import parsedate_to_datetime
from typing import Any
from urllib.parse import urljoin, urlsplit

from lxml import etree

from .urls import canonical_link, normalise_url

__all__ = ["Metadata", "NO_METADATA", "page_metadata"]


@dataclass(frozen=True, slots=True)
class Metadata:
    """The page's own description of its article; every field may be missing."""

    authors: tuple[str, ...] = ()
    description: str | None = None
    image: str | None = None
    section: str | None = None
    tags: tuple[str, ...] = ()
    published_at: str | None = None
    modified_at: str | None = None
    canonical_url: str | None = None
    site_name: str | None = None
    #: the JSON-LD article's ``articleBody`` as the page wrote it (tags and entities left in):
    #: the extractor's fallback when the visible page holds no article; not a Document field
    article_body: str | None = field(default=None, repr=False, compare=False)

    def as_fields(self) -> dict[str, Any]:
        """The fields by name, as :class:`~pipeline.document.Document` takes them."""
        return {name: getattr(self, name) for name in _FIELD_NAMES}


_FIELD_NAMES = tuple(f.name for f in fields(Metadata) if f.name != "article_body")
NO_METADATA = Metadata()

#: JSON-LD types whose object describes the article itself (schema.org CreativeWork kinds).
_ARTICLE_TYPES = frozenset({
    "article", "newsarticle", "reportagenewsarticle", "analysisnewsarticle", "opinionnewsarticle",
    "reviewnewsarticle", "backgroundnewsarticle", "askpublicnewsarticle", "blogposting",
    "liveblogposting", "socialmediaposting", "scholarlyarticle", "techarticle", "report",
    "posting", "discussionforumposting",
})
_PAGE_TYPES = frozenset({"webpage", "itempage", "collectionpage", "aboutpage"})
_SITE_TYPES = frozenset({"website", "organization", "newsmediaorganization", "corporation"})

#: Meta names (lower case) in the order they are trusted, per field.
_META_PUBLISHED = (
    "article:published_time", "og:article:published_time", "article:published", "datepublished",
    "og:published_time", "published_time", "article.published", "publish-date", "publishdate",
    "pubdate", "parsely-pub-date", "sailthru.date", "dc.date.issued", "dcterms.issued",
    "dcterms.created", "dc.date.created", "dc.date", "date", "citation_publication_date",
    "citation_date", "originalpublicationdate", "article:post_date", "displaydate",
)
_META_MODIFIED = (
    "article:modified_time", "og:article:modified_time", "datemodified", "og:updated_time",
    "article:modified", "modified_time", "article.updated", "last-modified", "lastmod",
    "dcterms.modified", "dc.date.modified", "revised",
)
_META_AUTHOR = ("author", "article:author", "og:article:author", "dc.creator", "dcterms.creator",
                "parsely-author", "sailthru.author", "byl", "citation_author", "article.author")
_META_DESCRIPTION = ("og:description", "description", "twitter:description", "dc.description",
                     "dcterms.description")
_META_IMAGE = ("og:image", "og:image:url", "og:image:secure_url", "twitter:image", "twitter:image:src",
               "thumbnailurl", "image")
_META_SECTION = ("article:section", "og:article:section", "parsely-section", "section",
                 "article.section", "category", "dc.subject")
_META_TAGS = ("article:tag", "og:article:tag", "news_keywords", "keywords", "parsely-tags",
              "sailthru.tags", "article.tags")
_META_SITE = ("og:site_name", "application-name", "dc.publisher", "dcterms.publisher", "publisher",
              "twitter:app:name:iphone")

_MAX_SCRIPTS = 20  # JSON-LD blocks read per page
_MAX_JSON_NODES = 2_000  # objects and lists visited per page, so hostile JSON stays cheap
_MAX_TAGS = 30
_MAX_AUTHORS = 10
_AUTHOR_WORDS = 6  # a name longer than this is a sentence, not a name
_BYLINE_CHARS = 120
_MAX_BYLINES = 4

_YEARS = range(1990, 2100)  # outside: placeholders (0001-01-01) and typos
_DATE_ONLY = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_DAY_FIRST = re.compile(r"^\d{4}-\d{2}-\d{2}")
_URL_DATE = re.compile(r"/((?:19|20)\d{2})[/-](0?[1-9]|1[0-2])[/-](0?[1-9]|[12]\d|3[01])(?:[/._-]|$)")
_BY = re.compile(
    r"^\s*(?:written\s+by|posted\s+by|by|par|von|por|door)\s*[:\s]\s*", re.I)
#: Between two names: punctuation, or a lower-case "and" word alone ("Sarah E. Needleman" and
#: "Bruce Y. Lee" keep their initials).
_NAME_SPLIT = re.compile(r"\s*[,;|&]\s*|\s+(?:and|AND|et|und|y|e|en)\s+")
#: Handles, addresses and numbers are not names; nor is one token with a dot or underscore
#: inside ("kei_eno", "carlos.nadalim", "Cleveland.com").
_NOT_NAME = re.compile(r"https?:|www\.|@|\d{3,}|^\W*$|^[^\s]*\w[._]\w[^\s]*$")
_URL_LIKE = re.compile(r"^\s*(?:https?:|www\.|/)")
_TAG_SPLIT = re.compile(r"[,;]")  # pieces are cleaned (spaces collapsed) after: linear


def page_metadata(
    root: etree._Element, html: str, *, url: str | None = None, bylines: Sequence[str] = ()
) -> Metadata:
    """Metadata of the page ``root`` was parsed from (``html``, fetched from ``url``).

    ``bylines``: short texts the extractor found beside the article (``html_extract`` credits);
    those that open with "By" / "Par" / "Von"… name the authors when no structured data does.
    """
    scan = _scan(root)
    meta = scan.meta
    ld = _jsonld(scan.jsonld)
    article = {key: _resolve(value, ld.ids) for key, value in (ld.article or {}).items()}

    authors = _authors_of(article.get("author")) or _authors_of(article.get("creator"))
    if not authors:
        authors = _names(v for key in _META_AUTHOR for v in meta.get(key, ()))
    if not authors:
        authors = _names(line for line in bylines[:_MAX_BYLINES * 4]
                         if len(line) <= _BYLINE_CHARS and _BY.match(line))
    if not authors and isinstance(html, str):
        authors = _byline_elements(root, html)

    published = (_iso(_text_of(article.get("datePublished"))) or _first_date(meta, _META_PUBLISHED)
                 or _iso(_text_of(article.get("dateCreated"))) or _page_date(ld, "datePublished")
                 or scan.time_published or _url_date(url) or scan.time_first)
    modified = (_iso(_text_of(article.get("dateModified"))) or _first_date(meta, _META_MODIFIED)
                or _page_date(ld, "dateModified"))

    canonical = canonical_link(html, base=url) if isinstance(html, str) else None
    return Metadata(
        authors=authors,
        description=_clean(_text_of(article.get("description"))) or _first(meta, _META_DESCRIPTION),
        image=_absolute(_image_of(article.get("image")) or _image_of(article.get("thumbnailUrl"))
                        or _first(meta, _META_IMAGE) or scan.image_src, url),
        section=_clean(_text_of(article.get("articleSection"))) or _first(meta, _META_SECTION),
        tags=_tags(article.get("keywords"), meta),
        published_at=published,
        modified_at=modified,
        canonical_url=normalise_url(canonical) if canonical else None,
        site_name=_first(meta, _META_SITE) or _clean(_name_of(article.get("publisher"))) or ld.site_name,
        article_body=_text_of(article.get("articleBody")),
    )


@dataclass(slots=True)
class _Scan:
    """What one walk over the tree's ``<meta>``, ``<script>``, ``<link>`` and ``<time>`` finds."""

    meta: dict[str, list[str]] = field(default_factory=dict)  # lower-cased name -> values in page order
    jsonld: list[str] = field(default_factory=list)  # texts of application/ld+json scripts
    image_src: str | None = None  # <link rel=image_src>
    time_published: str | None = None  # a <time datetime> marked pubdate / itemprop=datePublished
    time_first: str | None = None  # the first <time datetime>


def _scan(root: etree._Element) -> _Scan:
    """One walk for all four tags (lxml filters them in C): a walk per tag cost four times
    as much on large pages."""
    scan = _Scan()
    for el in root.iter("meta", "script", "link", "time"):
        tag = el.tag
        if tag == "meta":
            key = (el.get("property") or el.get("name") or el.get("itemprop") or "").strip().lower()
            content = el.get("content")
            if key and content:
                content = content.strip()
                if content:
                    scan.meta.setdefault(key, []).append(content)
        elif tag == "script":
            kind = el.get("type")  # before .text: most scripts are code, their text costs a copy
            if kind and "ld+json" in kind.lower() and el.text and len(scan.jsonld) < _MAX_SCRIPTS:
                scan.jsonld.append(el.text)
        elif tag == "link":
            if scan.image_src is None and (el.get("rel") or "").strip().lower() == "image_src":
                scan.image_src = el.get("href")
        elif scan.time_published is None:
            value = _iso(el.get("datetime"))
            if value and (el.get("pubdate") is not None or (el.get("itemprop") or "").lower() == "datepublished"):
                scan.time_published = value
            elif value and scan.time_first is None:
                scan.time_first = value
    return scan


# ---------------------------------------------------------------- meta tags


def _first(meta: dict[str, list[str]], keys: Iterable[str]) -> str | None:
    for key in keys:
        for value in meta.get(key, ()):
            cleaned = _clean(value)
            if cleaned:
                return cleaned
    return None


def _first_date(meta: dict[str, list[str]], keys: Iterable[str]) -> str | None:
    for key in keys:
        for value in meta.get(key, ()):
            date = _iso(value)
            if date:
                return date
    return None


def _tags(keywords: Any, meta: dict[str, list[str]]) -> tuple[str, ...]:
    """Keywords of the JSON-LD article, else the page's tag / keyword metas; one of each."""
    found: list[str] = []
    for value in _strings(keywords):
        found.extend(_TAG_SPLIT.split(value))
    if not found:
        for key in _META_TAGS:
            for value in meta.get(key, ()):
                found.extend(_TAG_SPLIT.split(value))
            if found:
                break
    return _unique(_clean(tag) for tag in found)[:_MAX_TAGS]


# ---------------------------------------------------------------- JSON-LD


@dataclass(slots=True)
class _JsonLd:
    article: dict[str, Any] | None = None  # the first object of an article type
    page: dict[str, Any] | None = None  # the first WebPage, for dates when no article has them
    site_name: str | None = None  # name of the first WebSite / Organization
    ids: dict[str, dict[str, Any]] = field(default_factory=dict)  # "@id" -> object, for references


def _jsonld(texts: Sequence[str]) -> _JsonLd:
    found = _JsonLd()
    items: list[dict[str, Any]] = []
    for text in texts:
        try:
            data = json.loads(text)
        except (ValueError, RecursionError):  # RecursionError: hostile nesting
            continue  # broken JSON-LD is common; the metas usually say the same
        items.extend(_objects(data))
    for item in items:
        if isinstance(item.get("@id"), str) and len(item) > 1:
            found.ids.setdefault(item["@id"], item)
    for item in items:
        kinds = _kinds(item)
        if found.article is None and kinds & _ARTICLE_TYPES:
            found.article = item
        elif found.page is None and kinds & _PAGE_TYPES:
            found.page = item
            main = _resolve(item.get("mainEntity"), found.ids)
            if found.article is None and isinstance(main, dict) and _kinds(main) & _ARTICLE_TYPES:
                found.article = main
        elif found.site_name is None and kinds & _SITE_TYPES:
            found.site_name = _clean(_text_of(item.get("name")))
    return found


def _kinds(item: dict[str, Any]) -> set[str]:
    return {kind.lower() for kind in _strings(item.get("@type"))}


def _objects(data: Any) -> Iterator[dict[str, Any]]:
    """The JSON objects of a JSON-LD block, ``@graph`` members and list items included, in
    document order, walked iteratively and bounded."""
    pending = [data]
    visited = 0
    while pending and visited < _MAX_JSON_NODES:
        visited += 1
        item = pending.pop()
        if isinstance(item, list):
            pending.extend(reversed(item))
        elif isinstance(item, dict):
            if "@graph" in item:
                pending.append(item["@graph"])
            if "@type" in item:
                yield item


def _resolve(value: Any, ids: dict[str, dict[str, Any]]) -> Any:
    """``{"@id": "…#/schema/person/1"}`` (a reference, as Yoast's @graph writes authors and
    images) -> the object of that id; anything else as it is; lists item by item."""
    if isinstance(value, list):
        return [_resolve(item, ids) for item in value[:_MAX_AUTHORS * 2]]
    if isinstance(value, dict) and len(value) == 1 and isinstance(value.get("@id"), str):
        return ids.get(value["@id"], value)
    return value


def _page_date(ld: _JsonLd, key: str) -> str | None:
    return _iso(_text_of(ld.page.get(key))) if ld.page else None


def _strings(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, list):
        return [v for v in value if isinstance(v, str)]
    return []


def _text_of(value: Any) -> str | None:
    """A string value, or the first string of a list (JSON-LD allows both)."""
    if isinstance(value, list):
        value = next((v for v in value if isinstance(v, str)), None)
    return value if isinstance(value, str) else None


def _name_of(value: Any) -> str | None:
    if isinstance(value, list):
        value = value[0] if value else None
    if isinstance(value, dict):
        return _text_of(value.get("name"))
    return value if isinstance(value, str) else None


def _image_of(value: Any) -> str | None:
    """``"url"``, ``{"url": …}`` or a list of those: the first URL."""
    if isinstance(value, list):
        value = value[0] if value else None
    if isinstance(value, dict):
        value = value.get("url") or value.get("contentUrl")
    return value.strip() if isinstance(value, str) and value.strip() else None


def _authors_of(value: Any) -> tuple[str, ...]:
    """Names from a JSON-LD author: a string, a Person/Organization object, or a list."""
    items = value if isinstance(value, list) else [value]
    return _names(_name_of(item) for item in items[:_MAX_AUTHORS * 2])


# ---------------------------------------------------------------- authors


def _names(values: Iterable[str | None]) -> tuple[str, ...]:
    """Person names, one each: "By Jane Roe and John Doe" gives both; URLs, handles and
    sentences are not names."""
    names: list[str] = []
    for value in values:
        if not value or _URL_LIKE.match(value):  # article:author often holds a profile URL
            continue
        text = _BY.sub("", " ".join(value.split()))
        for part in _NAME_SPLIT.split(text):
            part = part.strip(" .:-–—·•")
            if part and not _NOT_NAME.search(part) and len(part.split()) <= _AUTHOR_WORDS:
                names.append(part)
    return _unique(names)[:_MAX_AUTHORS]


#: Byline elements, each searched only when the page text shows its marker: the markers are
#: read off the occurrences of "author" (one pass over the text; a substring test per marker
#: cost a pass each), the tree is searched only for those present.
_BYLINE_LINKS = etree.XPath("//a[contains(concat(' ', normalize-space(@rel), ' '), ' author ')]")
_BYLINE_ITEMPROP = etree.XPath("//*[@itemprop='author']")
#: Class words of byline elements, found by one walk that stops at the first few (an XPath
#: ``contains(@class, …)`` cost twice as much).
_BYLINE_CLASSES = ("byline", "author-name", "author__name", "authorname", "author-link")
if not all("author" in word or "byline" in word for word in _BYLINE_CLASSES):  # not an assert: -O
    raise ValueError("_byline_classed tests 'author' and 'byline' first: every class word must hold one")
_AUTHOR_OCCURRENCES = 400  # occurrences of "author" read for markers, at most
#: What ``rel=author`` / ``itemprop=author`` put right before the word: "=" or a quote.
_MARKER_ENDS = frozenset("=\"'")


def _byline_elements(root: etree._Element, html: str) -> tuple[str, ...]:
    """Names in the page's byline elements (``rel=author`` links, ``itemprop=author``, classes
    such as ``byline``): short texts, "By" / "Par" / "Von"… removed."""
    rel, itemprop, classed = _byline_markers(html)
    for present, search in ((rel, _BYLINE_LINKS), (itemprop, _BYLINE_ITEMPROP)):
        if present:
            names = _names(_byline_texts(el for el in search(root) if isinstance(el, etree._Element)))
            if names:
                return names
    if classed:
        return _names(_byline_texts(_byline_classed(root)))
    return ()


def _byline_markers(html: str) -> tuple[bool, bool, bool]:
    """Whether the page has ``rel=author``, ``itemprop=author``, a byline class word."""
    rel = itemprop = classed = False
    position = 0
    for _ in range(_AUTHOR_OCCURRENCES):
        hit = html.find("author", position)
        if hit < 0:
            break
        position = hit + 6
        if hit and html[hit - 1] in _MARKER_ENDS:  # most occurrences are words of text or code
            before = html[max(0, hit - 10):hit].replace('"', "").replace("'", "").lower()
            rel = rel or before.endswith("rel=")
            itemprop = itemprop or before.endswith("itemprop=")
        classed = classed or html.startswith(("-name", "__name", "name", "-link"), position)
        if rel and itemprop and classed:
            break
    return rel, itemprop, classed or "byline" in html


def _byline_classed(root: etree._Element) -> Iterator[etree._Element]:
    """Elements whose class holds one of ``_BYLINE_CLASSES`` (each of which holds "author" or
    "byline": two substring tests settle most classes without a loop over the words)."""
    for el in root.iter():
        value = el.get("class")
        if value and ("author" in value or "byline" in value) and any(word in value for word in _BYLINE_CLASSES):
            yield el


def _byline_texts(elements: Iterable[etree._Element]) -> list[str]:
    texts: list[str] = []
    for el in elements:
        named = el.find(".//*[@itemprop='name']") if el.get("itemprop") == "author" else None
        source = named if named is not None else el
        text = source.get("content") or _element_text(source)
        if text and len(text) <= _BYLINE_CHARS:
            texts.append(text)
            if len(texts) >= _MAX_BYLINES:
                break
    return texts


def _element_text(el: etree._Element) -> str:
    return " ".join(etree.tostring(el, method="text", encoding="unicode", with_tail=False).split())


# ---------------------------------------------------------------- dates


def _url_date(url: str | None) -> str | None:
    """``/2024/03/07/`` in the URL's path: the day only."""
    if not url:
        return None
    match = _URL_DATE.search(urlsplit(url).path)
    if match is None:
        return None
    year, month, day = (int(g) for g in match.groups())
    try:
        return datetime(year, month, day).date().isoformat()
    except ValueError:
        return None


def _iso(value: str | None) -> str | None:
    """ISO 8601 from the spellings pages use ("2024-03-07T10:00:00Z", "2024-03-07 10:00",
    "20240307", "Thu, 07 Mar 2024 10:00:00 GMT"); the day alone when only the day is readable;
    None for anything else, and for placeholder years ("0001-01-01T00:00:00")."""
    if not value:
        return None
    value = value.strip()[:64]
    if len(value) == 8 and value.isdigit():
        value = f"{value[:4]}-{value[4:6]}-{value[6:]}"
    candidate = value[:-1] + "+00:00" if value.endswith(("Z", "z")) else value
    try:
        parsed = datetime.fromisoformat(candidate.replace(" ", "T", 1))
        text = parsed.date().isoformat() if _DATE_ONLY.match(value) else parsed.isoformat()
    except ValueError:
        try:
            parsed = datetime.fromisoformat(value[:10]) if _DAY_FIRST.match(value) else parsedate_to_datetime(value)
        except (ValueError, TypeError, IndexError):
            return None
        text = parsed.date().isoformat() if _DAY_FIRST.match(value) else parsed.isoformat()
    return text if parsed.year in _YEARS else None


# ---------------------------------------------------------------- small helpers


def _clean(value: str | None) -> str | None:
    if not value:
        return None
    text = " ".join(value.split())
    if "&" in text:
        from html import unescape

        text = unescape(text)
    return text or None


def _absolute(link: str | None, base: str | None) -> str | None:
    if not link:
        return None
    absolute = urljoin(base, link) if base else link
    return absolute if urlsplit(absolute).scheme in ("http", "https") else None


def _unique(values: Iterable[str | None]) -> tuple[str, ...]:
    seen: set[str] = set()
    kept: list[str] = []
    for value in values:
        if not value:
            continue
        key = value.casefold()
        if key not in seen:
            seen.add(key)
            kept.append(value)
    return tuple(kept)
