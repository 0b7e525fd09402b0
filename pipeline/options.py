"""Cleaning thresholds in one frozen object, passed by keyword."""
from __future__ import annotations

from dataclasses import dataclass

__all__ = ["CleanOptions", "DEFAULT_OPTIONS"]


@dataclass(frozen=True, slots=True)
class CleanOptions:
    """What the cleaner tolerates; defaults suit news articles.

    ``min_body_chars``: below this much body text a page is rejected as ``empty_body``.
    ``max_page_bytes``: larger pages are refused before parsing (memory bound). The worker,
    ``depeche clean`` and ``python -m pipeline`` all start from this one default (the worker's
    ``DEPECHE_MAX_PAGE_BYTES`` defaults to it), so a page is judged alike everywhere.
    ``max_depth``: deeper markup is flattened rather than recursed into.
    """

    min_body_chars: int = 40
    max_page_bytes: int = 16 * 1024 * 1024
    max_depth: int = 256


DEFAULT_OPTIONS = CleanOptions()
