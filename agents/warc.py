"""Pages out of WARC archives (Common Crawl, Heritrix, wget --warc-file, browsertrix), read with fastwarc.

Every record is accounted for: a ``response`` with an HTML or plain-text payload becomes a page;
every other record is skipped and counted by why; a record the library cannot read (a gzip member
cut in half, a garbled header, a record cut short by the end of the file) is reported and
skipped, and reading goes on at the next gzip member of the file. Crawlers write one gzip member
per record, so there every record is counted once; in a plain (uncompressed) WARC a record whose
length is wrong can swallow the next one's header, and reading goes on at the next record header
it finds, best effort. On stdin, which cannot seek, reading stops at a corrupt record, with the
same report.
"""
from __future__ import annotations

import gzip
import zlib
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import BinaryIO

import cramjam
from fastwarc.warc import ArchiveIterator, WarcRecordType

__all__ = ["WarcPage", "WarcTally", "is_warc_head", "read_warc"]

#: Payload types that become pages; anything else is skipped as ``not_text``.
TEXT_TYPES = frozenset({"text/html", "application/xhtml+xml", "text/plain"})
_GZIP_MAGIC = b"\x1f\x8b\x08"
_RECORD_MAGIC = b"WARC/1."
_SCAN_CHUNK = 1 << 20
#: Record types skipped by name (fastwarc's types are not hashable: a list, not a dict).
_RECORD_NAMES = [
    (WarcRecordType.warcinfo, "warcinfo"), (WarcRecordType.request, "request"),
    (WarcRecordType.revisit, "revisit"), (WarcRecordType.metadata, "metadata"),
    (WarcRecordType.resource, "resource"), (WarcRecordType.conversion, "conversion"),
    (WarcRecordType.continuation, "continuation"),
]


@dataclass(frozen=True, slots=True)
class WarcPage:
    """One page from a response record: payload bytes with what the HTTP headers said of them."""

    url: str
    body: bytes
    content_type: str  # as the HTTP header gave it, charset included
    fetched_at: str


@dataclass(slots=True)
class WarcTally:
    """What reading did, summed over every archive: records seen, pages out, skipped by why,
    corrupt records with where they were."""

    records: int = 0
    pages: int = 0
    skipped: Counter[str] = field(default_factory=Counter)
    corrupt: list[str] = field(default_factory=list)

    def skip(self, why: str) -> None:
        self.skipped[why] += 1

    @property
    def skipped_total(self) -> int:
        return sum(self.skipped.values())


def is_warc_head(head: bytes) -> bool:
    """Whether the first bytes of a file (gzipped or not) open a WARC record."""
    if head.startswith(b"\x1f\x8b"):
        try:
            head = zlib.decompressobj(wbits=31).decompress(head, 16)
        except zlib.error:
            return False
    return head.startswith(_RECORD_MAGIC)


def read_warc(stream: BinaryIO, name: str, tally: WarcTally, *, seekable: bool = True) -> Iterator[WarcPage]:
    """Pages of one archive, in order; ``tally`` counts every record read."""
    start = stream.tell() if seekable else 0
    if not seekable:
        stream = _ForwardOnly(stream)
    while True:
        last: int | None = None  # where the last record read began
        inside = False  # the error came while reading that record's payload
        try:
            for record in ArchiveIterator(stream, parse_http=True, auto_decode="transfer"):
                last, inside = record.stream_pos, True
                tally.records += 1
                page = _page(record, tally, name)
                inside = False
                if page is not None:
                    tally.pages += 1
                    yield page
            return
        except OSError as error:  # fastwarc's word for "cannot read this record"
            if not inside:
                tally.records += 1  # a record the library could not even begin
            tally.corrupt.append(f"{name}: unreadable record after byte {last if last is not None else start}: "
                                 f"{error}")
            if not seekable:
                tally.corrupt[-1] += "; the rest of the stream is not read (stdin cannot seek)"
                return
            resume = _resume_offset(stream, start if last is None else last, inside=inside or last is None)
            if resume is None:
                return
            stream.seek(resume)
            start = resume


class _ForwardOnly:
    """A pipe as fastwarc can read it: it asks a stream for its position, which a pipe cannot tell."""

    def __init__(self, raw: BinaryIO) -> None:
        self.raw, self.position = raw, 0

    def read(self, size: int = -1) -> bytes:
        data = self.raw.read(size)
        self.position += len(data)
        return data

    def tell(self) -> int:
        return self.position

    def seekable(self) -> bool:
        return False

    def readable(self) -> bool:
        return True


def _resume_offset(stream: BinaryIO, last: int, *, inside: bool) -> int | None:
    """Where reading starts again: past the broken gzip member, or at the next record header of a
    plain WARC. ``inside``: the broken record is the one that began at ``last``; otherwise it is
    the one after it."""
    stream.seek(0)
    compressed = stream.read(2) == b"\x1f\x8b"
    magic = _GZIP_MAGIC if compressed else _RECORD_MAGIC
    broken = last if inside or not compressed else _next_magic(stream, last + 1, magic)
    return None if broken is None else _next_magic(stream, broken + 1, magic)


def _next_magic(stream: BinaryIO, offset: int, magic: bytes) -> int | None:
    """Offset of the first ``magic`` at or after ``offset``, or None."""
    position = offset
    stream.seek(position)
    carry = b""
    while chunk := stream.read(_SCAN_CHUNK):
        window = carry + chunk
        found = window.find(magic)
        if found >= 0:
            return position - len(carry) + found
        carry = window[-(len(magic) - 1):]
        position += len(chunk)
    return None


def _page(record, tally: WarcTally, name: str) -> WarcPage | None:  # type: ignore[no-untyped-def]
    """The page a record carries, or None with the reason counted in ``tally``."""
    kind = record.record_type
    if kind != WarcRecordType.response:
        tally.skip(next((label for known, label in _RECORD_NAMES if kind == known), "other_record"))
        return None
    if not record.is_http or record.http_headers is None:
        tally.skip("not_http")
        return None
    status = record.http_headers.status_code
    if status is None or not 200 <= status < 300:
        tally.skip("http_status")  # redirects and error pages are not articles
        return None
    content_type = record.http_headers.get("Content-Type") or ""
    media = content_type.partition(";")[0].strip().lower()
    if media and media not in TEXT_TYPES:
        tally.skip("not_text")  # not even read: a crawl's videos and images can be large
        return None
    body = record.reader.read()
    chunked = "chunked" in (record.http_headers.get("Transfer-Encoding") or "").lower()
    if not chunked and len(body) < record.content_length:
        # fastwarc hands out a record cut by the end of the file as it is: count it as corrupt
        tally.corrupt.append(f"{name}: record at byte {record.stream_pos} is cut short "
                             f"({len(body)} of {record.content_length} payload bytes)")
        return None
    encoding = (record.http_headers.get("Content-Encoding") or "").strip().lower()
    if encoding and encoding != "identity":
        decoded = _decode_content(body, encoding)
        if decoded is None:
            tally.skip("bad_content_encoding")
            return None
        body = decoded
    if not media:  # no Content-Type: HTML if it looks like HTML
        if not _looks_like_html(body):
            tally.skip("not_text")
            return None
        content_type = "text/html"
    url = (record.headers.get("WARC-Target-URI") or "").strip().strip("<>")
    return WarcPage(url=url, body=body, content_type=content_type,
                    fetched_at=_iso(record.headers.get("WARC-Date")))


def _looks_like_html(body: bytes) -> bool:
    head = body[:1024].lstrip().lower()
    return head.startswith((b"<!doctype html", b"<html")) or b"<html" in head


def _decode_content(body: bytes, encoding: str) -> bytes | None:
    """Undo ``Content-Encoding``; crawlers sometimes store the payload already decoded under the
    original header, so a payload that does not decode but reads as text is kept as it is."""
    try:
        if encoding in ("gzip", "x-gzip"):
            return gzip.decompress(body)
        if encoding == "deflate":
            try:
                return zlib.decompress(body)
            except zlib.error:
                return zlib.decompress(body, wbits=-15)  # raw deflate, as some servers send it
        if encoding == "br":
            return bytes(cramjam.brotli.decompress(body))
        if encoding == "zstd":
            return bytes(cramjam.zstd.decompress(body))
    except (OSError, EOFError, zlib.error, cramjam.DecompressionError):
        pass
    return body if _looks_like_text(body) else None


def _looks_like_text(body: bytes) -> bool:
    head = body[:512]
    return bool(head) and b"\x00" not in head and not head.startswith(b"\x1f\x8b")


def _iso(value: str | None) -> str:
    """WARC-Date as the wire's ISO 8601 UTC form; now when it is missing or unreadable."""
    moment = None
    if value:
        try:
            moment = datetime.fromisoformat(value.strip())
        except ValueError:
            moment = None
    if moment is None:
        moment = datetime.now(UTC)
    elif moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")
