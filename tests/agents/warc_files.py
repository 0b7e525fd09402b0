"""WARC archives for the tests, written with warcio (the reference WARC library), and pages to fill them."""
from __future__ import annotations

import gzip as gzip_module
import io
from dataclasses import dataclass, field
from pathlib import Path

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

__all__ = ["Record", "article_html", "cut_member", "write_warc"]

_SUBJECTS = ["The harbour authority", "The city council", "A regional court", "The national railway",
             "Researchers at the university", "The football federation", "A local bakery", "The weather service"]
_VERBS = ["announced", "confirmed", "postponed", "rejected", "published", "reviewed", "defended", "explained"]
_OBJECTS = ["a new budget for the coming year", "the plan to rebuild the old bridge", "its report on air quality",
            "the timetable for the winter season", "a study of coastal erosion", "the results of the inquiry"]


def article_html(number: int, *, charset: str | None = "utf-8", extra: str = "") -> str:
    """A small news page whose article the cleaner keeps: a headline and three paragraphs."""
    sentences = [f"{_SUBJECTS[(number + k) % len(_SUBJECTS)]} {_VERBS[(number * 3 + k) % len(_VERBS)]} "
                 f"{_OBJECTS[(number * 5 + k) % len(_OBJECTS)]} on day {number + k} of the session."
                 for k in range(9)]
    paragraphs = "".join(f"<p>{' '.join(sentences[i:i + 3])}</p>" for i in range(0, 9, 3))
    meta = f'<meta charset="{charset}">' if charset else ""
    return (f"<!doctype html><html><head>{meta}<title>Report {number}</title></head><body>"
            f"<article><h1>Report number {number} from the session</h1>{paragraphs}{extra}</article></body></html>")


@dataclass
class Record:
    """One record to write: ``kind`` is the WARC-Type; ``http`` headers for response/request."""

    kind: str
    url: str
    payload: bytes = b""
    status: str = "200 OK"
    http: list[tuple[str, str]] = field(default_factory=lambda: [("Content-Type", "text/html; charset=utf-8")])
    date: str | None = None


def write_warc(path: Path, records: list[Record], *, gzip: bool = True) -> list[int]:
    """Write ``records`` (one gzip member each when ``gzip``); returns each record's start offset."""
    offsets = []
    with path.open("wb") as out:
        writer = WARCWriter(out, gzip=gzip)
        for record in records:
            offsets.append(out.tell())
            writer.write_record(_build(writer, record))
    return offsets


def _build(writer: WARCWriter, record: Record):  # type: ignore[no-untyped-def]
    headers = {"WARC-Date": record.date} if record.date else None
    if record.kind == "response":
        http = StatusAndHeaders(record.status, record.http, protocol="HTTP/1.1")
        return writer.create_warc_record(record.url, "response", payload=io.BytesIO(record.payload),
                                         http_headers=http, warc_headers_dict=headers)
    if record.kind == "request":
        http = StatusAndHeaders(f"GET {record.url} HTTP/1.1", [("Host", "news.example")], is_http_request=True)
        return writer.create_warc_record(record.url, "request", payload=io.BytesIO(b""), http_headers=http)
    if record.kind == "revisit":
        return writer.create_revisit_record(record.url, "sha1:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", record.url,
                                            "2026-11-01T00:00:00Z")
    if record.kind == "warcinfo":
        return writer.create_warcinfo_record("test.warc.gz", {"software": "depeche tests"})
    return writer.create_warc_record(record.url, record.kind, payload=io.BytesIO(record.payload),
                                     warc_content_type="application/warc-fields")


def cut_member(path: Path, offsets: list[int], index: int) -> None:
    """Cut the ``index``-th gzip member in half, as a crawler killed mid-write leaves it."""
    data = path.read_bytes()
    start = offsets[index]
    end = offsets[index + 1] if index + 1 < len(offsets) else len(data)
    path.write_bytes(data[:start + (end - start) // 2] + data[end:])


def chunked_gzip(body: bytes) -> bytes:
    """``body`` gzip-encoded and sent in two HTTP chunks, as a server streaming it would."""
    packed = gzip_module.compress(body)
    half = len(packed) // 2
    return b"".join(b"%x\r\n%s\r\n" % (len(part), part) for part in (packed[:half], packed[half:])) + b"0\r\n\r\n"
