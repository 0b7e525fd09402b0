"""Why a page could not be cleaned.

Our exception hierarchy:

* CleanError            -- anything the cleaner refuses; carries a short ``reason`` code
  x UnsupportedContent  -- a content type we do not clean (images, PDF, ...)
  x UndecodableBody     -- bytes that are not text in any charset we can tell
  x UnparseableHtml     -- markup lxml cannot turn into a tree
  x EmptyBody           -- nothing article-like is left after cleaning
  x PageTooLarge        -- over the configured size limit
  x InvalidUrl          -- a page URL that cannot be read as a URL
"""
from __future__ import annotations

__all__ = [
    "CleanError",
    "EmptyBody",
    "InvalidUrl",
    "PageTooLarge",
    "UndecodableBody",
    "UnparseableHtml",
    "UnsupportedContent",
]


class CleanError(Exception):
    """Base of every refusal; ``reason`` is a stable short code for dashboards and topics."""

    reason = "clean_error"

    def __init__(self, detail: str) -> None:
        super().__init__(detail)
        self.detail = detail


class UnsupportedContent(CleanError):
    reason = "unsupported_content_type"


class UndecodableBody(CleanError):
    reason = "undecodable_body"


class UnparseableHtml(CleanError):
    reason = "unparseable_html"


class EmptyBody(CleanError):
    reason = "empty_body"


class PageTooLarge(CleanError):
    reason = "page_too_large"


class InvalidUrl(CleanError):
    """The page's URL names its article (ids, dates, sites, links): one that cannot be split
    (an unclosed ``[`` host, say) is refused here rather than failing deep in the cleaner."""

    reason = "invalid_url"
