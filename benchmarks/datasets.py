"""The development sets: pages and gold bodies, read where they lie (../shared/datasets).

A set is a folder with ``html/<key>.html.gz`` pages and ``ground-truth.json``
(``{key: {"articleBody": str, "url": str}}``).  Pages are read from there at run time and never
copied into this repository.

Each set splits into two fixed halves, so that failures studied on one half can be confirmed on
the other: a page is in half ``a`` when the first byte of the SHA-256 of its key (UTF-8) is even,
else in half ``b``.  The split depends on nothing but the key, so it never moves when pages,
extractors or Python versions change.
"""
from __future__ import annotations

import argparse
import gzip
import hashlib
import json
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import NamedTuple

__all__ = [
    "DEVELOPMENT_SETS",
    "HALVES",
    "DatasetMissing",
    "Page",
    "add_dataset_option",
    "chosen_sets",
    "decode",
    "half_of",
    "load_pages",
]

REPO_ROOT = Path(__file__).resolve().parent.parent
SHARED_DATASETS = REPO_ROOT.parent / "shared" / "datasets"

#: Scored by default, in this order: the set the cleaner was built on, then the wider 2025 one.
DEVELOPMENT_SETS: tuple[Path, ...] = (
    SHARED_DATASETS / "article-extraction-benchmark",
    SHARED_DATASETS / "wcxb-dev-articles",
)
HALVES = ("a", "b")


class Page(NamedTuple):
    key: str
    html: str
    url: str | None
    expected: str  # the gold article body


class DatasetMissing(FileNotFoundError):
    """A set, or a page it lists, is not where it should be: a broken setup, never a skip."""


def half_of(key: str) -> str:
    """``"a"`` or ``"b"``: the fixed half a page belongs to (see the module docstring)."""
    return HALVES[hashlib.sha256(key.encode("utf-8")).digest()[0] % 2]


def load_pages(dataset: Path, *, half: str | None = None) -> list[Page]:
    """Every page of ``dataset`` (or of one half), decoded, sorted by key.

    Raises DatasetMissing when the folder, its ground truth or a listed page is missing, so a
    partial copy cannot pass for a lower score.
    """
    truth_path = dataset / "ground-truth.json"
    if not truth_path.is_file():
        raise DatasetMissing(
            f"no ground-truth.json under {dataset}: the development sets are read from "
            f"../shared/datasets beside the checkout ({SHARED_DATASETS})"
        )
    truth = json.loads(truth_path.read_text(encoding="utf-8"))
    keys = sorted(key for key in truth if half is None or half_of(key) == half)
    missing = [key for key in keys if not (dataset / "html" / f"{key}.html.gz").is_file()]
    if missing:
        raise DatasetMissing(
            f"{len(missing)} pages listed in {truth_path} have no html/<key>.html.gz, "
            f"e.g. {missing[0]}"
        )
    pages: list[Page] = []
    for key in keys:
        raw = gzip.decompress((dataset / "html" / f"{key}.html.gz").read_bytes())
        entry = truth[key]
        pages.append(Page(key, decode(raw), entry.get("url"), entry.get("articleBody") or ""))
    return pages


def add_dataset_option(parser: argparse.ArgumentParser) -> None:
    """``--dataset PATH`` (repeatable): the sets a script reads instead of both development sets."""
    parser.add_argument("--dataset", type=Path, action="append",
                        help="a set folder (html/<key>.html.gz + ground-truth.json); default: both dev sets")


def chosen_sets(chosen: Sequence[Path] | None) -> Iterator[tuple[Path, list[Page]]]:
    """Each set named by ``--dataset`` (default: the development sets) with its pages, one at a
    time; raises DatasetMissing for the first one that is not there."""
    for dataset in chosen or DEVELOPMENT_SETS:
        yield dataset, load_pages(dataset)


def decode(raw: bytes) -> str:
    """Pages as fetched: UTF-8 mostly; fall back to a declared charset, then cp1252."""
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        pass
    head = raw[:4096].lower()
    marker = head.find(b"charset=")
    if marker != -1:
        charset = head[marker + 8 : marker + 40].strip(b"\"' ").split(b'"')[0].split(b"'")[0]
        charset = charset.split(b";")[0].split(b">")[0].strip().decode("ascii", "ignore")
        try:
            return raw.decode(charset)
        except (LookupError, UnicodeDecodeError):
            pass
    return raw.decode("cp1252", "replace")
