"""WARC in: every record becomes a page, or is skipped and counted, or is reported corrupt."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import orjson
import pytest

from agents.files import iter_pages, resolve_inputs
from agents.warc import WarcTally
from schemas import raw_page_from_bytes

from .test_cli_errors import _reading_stdin as reading_stdin
from .warc_files import Record, article_html, chunked_gzip, cut_member, write_warc

REPO = Path(__file__).parents[2]


def mixed_records() -> list[Record]:
    """One of each kind a crawl holds; five of them are pages."""
    latin = article_html(2, charset=None, extra="<p>Le café du quartier a rouvert, crème brûlée à 3 €.</p>")
    return [
        Record("warcinfo", ""),
        Record("request", "https://news.example/1"),
        Record("response", "https://news.example/1", article_html(1).encode(), date="2026-11-02T08:30:00Z"),
        Record("metadata", "https://news.example/1", b"outlinks: 3\r\n"),
        # windows-1252, said only in the HTTP header (no <meta charset> in the page)
        Record("response", "https://news.example/2", latin.encode("windows-1252"),
               http=[("Content-Type", "text/html; charset=windows-1252")]),
        Record("response", "https://news.example/3.txt", b"A title\nA body line long enough to be an article.\n",
               http=[("Content-Type", "text/plain")]),
        Record("response", "https://news.example/logo.png", b"\x89PNG\r\n\x1a\n" + bytes(64),
               http=[("Content-Type", "image/png")]),
        Record("response", "https://news.example/gone", b"<html><body>Not found</body></html>", status="404 Not Found"),
        Record("revisit", "https://news.example/1"),
        Record("response", "https://news.example/4", chunked_gzip(article_html(4).encode()),
               http=[("Content-Type", "text/html; charset=utf-8"), ("Transfer-Encoding", "chunked"),
                     ("Content-Encoding", "gzip")]),
        # no Content-Type at all: HTML by its looks, else not a page
        Record("response", "https://news.example/5", article_html(5).encode(), http=[]),
        Record("response", "https://news.example/blob", bytes(range(256)), http=[]),
    ]


def read(paths: list[Path]) -> tuple[list, WarcTally, list[str]]:
    tally, problems = WarcTally(), []
    pages = list(iter_pages(resolve_inputs([str(p) for p in paths]), content_type=None, tally=tally,
                            problems=problems))
    return pages, tally, problems


@pytest.mark.parametrize("gzip", [True, False], ids=["warc.gz", "warc"])
def test_mixed_records_become_pages_or_counted_skips(tmp_path: Path, gzip: bool) -> None:
    path = tmp_path / ("crawl.warc.gz" if gzip else "crawl.warc")
    write_warc(path, mixed_records(), gzip=gzip)
    pages, tally, problems = read([path])
    assert [p.url for p in pages] == ["https://news.example/1", "https://news.example/2",
                                      "https://news.example/3.txt", "https://news.example/4", "https://news.example/5"]
    assert dict(tally.skipped) == {"warcinfo": 1, "request": 1, "metadata": 1, "not_text": 2, "http_status": 1,
                                   "revisit": 1}
    assert tally.records == 12 == tally.pages + tally.skipped_total and not tally.corrupt and not problems
    first, latin, text, chunked, untyped = pages
    assert untyped.content_type == "text/html"
    assert first.fetched_at == "2026-11-02T08:30:00.000Z"
    assert text.content_type == "text/plain"
    # chunked transfer and gzip content encoding undone: the page's own bytes
    assert chunked.body == article_html(4).encode()
    # the charset from the HTTP header decodes the page, as the wire will carry it
    raw = raw_page_from_bytes(latin.body, url=latin.url, content_type=latin.content_type)
    assert "crème brûlée à 3 €" in raw.body and "\ufffd" not in raw.body


def test_a_gzip_member_cut_in_half_is_reported_and_the_rest_still_read(tmp_path: Path) -> None:
    records = [Record("response", f"https://news.example/{n}", article_html(n).encode()) for n in range(6)]
    path = tmp_path / "cut.warc.gz"
    offsets = write_warc(path, records)
    cut_member(path, offsets, 2)
    pages, tally, _ = read([path])
    assert [p.url for p in pages] == [f"https://news.example/{n}" for n in (0, 1, 3, 4, 5)]
    assert len(tally.corrupt) == 1 and "cut.warc.gz" in tally.corrupt[0]
    assert tally.records == 6 == tally.pages + tally.skipped_total + len(tally.corrupt)


def test_an_archive_cut_short_keeps_the_records_before_the_cut(tmp_path: Path) -> None:
    records = [Record("response", f"https://news.example/{n}", article_html(n).encode()) for n in range(4)]
    path = tmp_path / "short.warc.gz"
    offsets = write_warc(path, records)
    cut_member(path, offsets, 3)  # the last member: the file ends in the middle of it
    pages, tally, _ = read([path])
    assert [p.url for p in pages] == [f"https://news.example/{n}" for n in range(3)]
    assert len(tally.corrupt) == 1 and tally.records == 4


def test_folders_hold_archives_beside_pages(tmp_path: Path) -> None:
    write_warc(tmp_path / "a.warc.gz", [Record("response", "https://news.example/a", article_html(1).encode())])
    (tmp_path / "page.html").write_text(article_html(2))
    pages, tally, _ = read([tmp_path])
    assert sorted(p.url or "file" for p in pages) == ["file", "https://news.example/a"]
    assert tally.records == 1


def depeche(*args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run([sys.executable, "-m", "agents.cli", *args], input=stdin, capture_output=True, cwd=REPO,
                          timeout=120)


def test_clean_reads_several_archives_and_stdin_with_a_limit(tmp_path: Path) -> None:
    first, second = tmp_path / "one.warc.gz", tmp_path / "two.warc"
    write_warc(first, [Record("response", f"https://news.example/a{n}", article_html(n).encode()) for n in range(3)])
    write_warc(second, [Record("response", f"https://news.example/b{n}", article_html(n + 10).encode())
                        for n in range(2)], gzip=False)
    piped = tmp_path / "piped.warc.gz"
    write_warc(piped, [Record("response", "https://news.example/c0", article_html(20).encode()),
                       Record("revisit", "https://news.example/c0")])
    done = depeche("clean", str(first), str(second), "-", stdin=piped.read_bytes())
    assert done.returncode == 0, done.stderr
    articles = [orjson.loads(line)["article"] for line in done.stdout.splitlines()]
    assert [a["url"] for a in articles] == ["https://news.example/a0", "https://news.example/a1",
                                            "https://news.example/a2", "https://news.example/b0",
                                            "https://news.example/b1", "https://news.example/c0"]
    assert all(a["title"].startswith("Report") and "session" in a["text"] for a in articles)
    assert b"7 WARC records: 6 pages, 1 skipped (revisit 1)" in done.stderr
    limited = depeche("clean", "--limit", "2", str(first), str(second))
    assert len(limited.stdout.splitlines()) == 2


def test_a_corrupt_record_on_stdin_ends_the_stream_with_a_report(tmp_path: Path) -> None:
    path = tmp_path / "cut.warc.gz"
    offsets = write_warc(path, [Record("response", f"https://news.example/{n}", article_html(n).encode())
                                for n in range(4)])
    cut_member(path, offsets, 1)
    done = depeche("clean", "-", stdin=path.read_bytes())
    assert done.returncode == 1
    assert len(done.stdout.splitlines()) == 1  # the record before the cut
    assert b"stdin cannot seek" in done.stderr and b"Traceback" not in done.stderr


def test_an_archive_piped_in_small_pieces_is_still_recognised(tmp_path: Path) -> None:
    import time

    path = tmp_path / "slow.warc.gz"
    write_warc(path, [Record("response", f"https://news.example/s{n}", article_html(n).encode()) for n in range(3)])
    data = path.read_bytes()
    process = subprocess.Popen([sys.executable, "-m", "agents.cli", "clean", "-"], cwd=REPO, stdin=subprocess.PIPE,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert process.stdin is not None
    deadline = time.monotonic() + 60
    while not reading_stdin(process.pid):
        assert time.monotonic() < deadline, "depeche clean - never read its stdin"
        time.sleep(0.05)
    process.stdin.write(data[:30])  # less than the gzip header and tables the sniffing needs
    process.stdin.flush()
    time.sleep(0.5)  # the first piece arrives alone, as from a slow crawler
    process.stdin.write(data[30:])
    process.stdin.close()
    stdout = process.stdout.read() if process.stdout else b""
    process.wait(timeout=60)
    assert [orjson.loads(line)["article"]["url"] for line in stdout.splitlines()] == [
        f"https://news.example/s{n}" for n in range(3)]
