"""depeche's cleaning library: raw news page in, :class:`Document` out. No Kafka, no I/O."""
from __future__ import annotations

from .clean import clean_page
from .document import Block, Document, SourceTag, TickerItem
from .errors import (
    CleanError,
    EmptyBody,
    InvalidUrl,
    PageTooLarge,
    UndecodableBody,
    UnparseableHtml,
    UnsupportedContent,
)
from .options import DEFAULT_OPTIONS, CleanOptions
from .sources import SourceCatalog, default_catalog

__version__ = "0.1.0"

__all__ = [
    "Block",
    "CleanError",
    "CleanOptions",
    "DEFAULT_OPTIONS",
    "Document",
    "EmptyBody",
    "InvalidUrl",
    "PageTooLarge",
    "SourceCatalog",
    "SourceTag",
    "TickerItem",
    "UndecodableBody",
    "UnparseableHtml",
    "UnsupportedContent",
    "__version__",
    "clean_page",
    "default_catalog",
]
