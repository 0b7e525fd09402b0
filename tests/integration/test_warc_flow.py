"""A crawl's WARC archive through `depeche produce`, the real broker and a worker into articles.clean:
every record accounted for (articles + rejects + skipped + corrupt = records)."""
from __future__ import annotations

import os
import pty
import re
import subprocess
import sys
from pathlib import Path

import pytest

from schemas import article_id
from tests.agents.warc_files import Record, article_html, chunked_gzip, cut_member, write_warc
from tests.support.kafka import REPO
from tests.support.worker import WorkerProcess, consume_until, run

pytestmark = pytest.mark.integration

ARTICLES = 300
EMPTY_PAGES = 5
#: (article number, spellings it is fetched under): one canonical link names all of them
REFETCHED = {7: ["?utm_source=rss", "?fbclid=x1#comments"], 8: ["?gclid=y"]}


def crawl() -> tuple[list[Record], int]:
    """A crawl as a crawler writes it; returns the records and the index of the one to cut."""
    records = [Record("warcinfo", "")]
    cut = -1
    for n in range(ARTICLES):
        url = f"https://news.example/2026/11/report-{n}"
        records.append(Record("request", url))
        canonical = f'<link href="{url}" rel="canonical">' if n in REFETCHED else ""
        html = article_html(n).replace("</title>", f"</title>{canonical}")
        date = f"2026-11-{1 + n % 28:02d}T{n % 24:02d}:15:00Z"
        if n % 3 == 1:  # windows-1252, declared only in the HTTP header
            page = article_html(n, charset=None, extra="<p>Un café crème à 3 € près de l’église.</p>")
            records.append(Record("response", url, page.encode("windows-1252"), date=date,
                                  http=[("Content-Type", "text/html; charset=windows-1252")]))
        elif n % 3 == 2:  # chunked and gzip-encoded, as a server streamed it
            records.append(Record("response", url, chunked_gzip(html.encode()), date=date,
                                  http=[("Content-Type", "text/html; charset=utf-8"),
                                        ("Transfer-Encoding", "chunked"), ("Content-Encoding", "gzip")]))
        else:
            records.append(Record("response", url, html.encode(), date=date))
        if n == ARTICLES // 2:
            cut = len(records) - 1
        if n % 10 == 0:
            records.append(Record("revisit", url))
        if n % 25 == 0:
            records.append(Record("metadata", url, b"outlinks: 12\r\n"))
        if n % 30 == 0:
            records.append(Record("response", f"https://news.example/img/{n}.png", b"\x89PNG\r\n\x1a\n" + bytes(200),
                                  http=[("Content-Type", "image/png")]))
        for suffix in REFETCHED.get(n, []):
            records.append(Record("response", url + suffix, html.encode(), date=date))
    for n in range(EMPTY_PAGES):
        records.append(Record("response", f"https://news.example/empty-{n}", b"<html><body><p>Soon.</p></body></html>"))
    records.append(Record("response", "https://news.example/gone", b"<html><body>Not found</body></html>",
                          status="404 Not Found"))
    return records, cut


def test_warc_to_articles_every_record_accounted_for(kafka_bootstrap: str, tmp_path: Path) -> None:
    records, cut = crawl()
    path = tmp_path / "crawl.warc.gz"
    offsets = write_warc(path, records)
    cut_member(path, offsets, cut)
    refetches = sum(len(v) for v in REFETCHED.values())
    pages = ARTICLES + refetches + EMPTY_PAGES

    worker = WorkerProcess(bootstrap=kafka_bootstrap, workdir=tmp_path / "worker")
    worker.start()
    try:
        produced = subprocess.run([sys.executable, "-m", "agents.cli", "produce", str(path)], cwd=REPO, env=worker.env,
                                  capture_output=True, text=True, timeout=300)
        # exit 1: the cut record is reported; everything else was sent
        assert produced.returncode == 1, produced.stderr
        assert "\r" not in produced.stderr  # no progress bar off a terminal
        summary = produced.stderr.strip().splitlines()[-1]
        match = re.search(r"; (\d+) WARC records: (\d+) pages, (\d+) skipped \((.*)\), (\d+) corrupt", summary)
        assert match is not None, produced.stderr
        total, sent, skipped, _, corrupt = match.groups()
        assert int(total) == len(records) and int(corrupt) == 1 and int(sent) == pages - 1
        assert summary.startswith(f"produced {pages - 1} pages")
        articles = run(consume_until(kafka_bootstrap, worker.topics["articles"], count=pages - 1 - EMPTY_PAGES,
                                     timeout=240))
        rejects = run(consume_until(kafka_bootstrap, worker.topics["rejected"], count=EMPTY_PAGES, timeout=60))
    finally:
        worker.stop()

    articles_by_url = {a["url"]: a for a in articles}  # at-least-once: a repeat carries the same url
    rejected_urls = {r["url"] for r in rejects}
    assert len(articles_by_url) + len(rejected_urls) + int(skipped) + int(corrupt) == len(records)
    assert rejected_urls == {f"https://news.example/empty-{n}" for n in range(EMPTY_PAGES)}
    assert {r["reason"] for r in rejects} == {"empty_body"}
    cut_url = records[cut].url
    assert cut_url not in articles_by_url
    # WARC-Target-URI and WARC-Date carried through; header-declared windows-1252 decoded
    first = articles_by_url["https://news.example/2026/11/report-1"]
    assert first["fetched_at"] == "2026-11-02T01:15:00.000Z"
    assert "Un café crème à 3 € près de l’église." in first["text"]
    assert "session" in articles_by_url["https://news.example/2026/11/report-2"]["text"]  # chunked + gzip
    # one id per article: the refetched spellings carry their canonical link's id
    for n, suffixes in REFETCHED.items():
        url = f"https://news.example/2026/11/report-{n}"
        ids = {articles_by_url[url + suffix]["id"] for suffix in ["", *suffixes]}
        assert ids == {article_id(url)}


def test_progress_bar_on_a_terminal(kafka_bootstrap: str, tmp_path: Path) -> None:
    path = tmp_path / "small.warc.gz"
    write_warc(path, [Record("response", f"https://news.example/p{n}", article_html(n).encode()) for n in range(40)]
               + [Record("revisit", "https://news.example/p0")])
    env = {**os.environ, "DEPECHE_BROKER_URL": f"kafka://{kafka_bootstrap}", "DEPECHE_TOPIC_RAW": "h8-progress.raw"}
    leader, follower = pty.openpty()
    try:
        done = subprocess.run([sys.executable, "-m", "agents.cli", "produce", "--limit", "30", str(path)], cwd=REPO,
                              env=env, stdout=subprocess.PIPE, stderr=follower, timeout=120)
        os.close(follower)
        follower = -1
        shown = b""
        while True:
            try:
                chunk = os.read(leader, 65536)
            except OSError:
                break
            if not chunk:
                break
            shown += chunk
    finally:
        if follower >= 0:
            os.close(follower)
        os.close(leader)
    text = shown.decode(errors="replace")
    assert done.returncode == 0, text
    assert "pages/s" in text and "\r" in text, text  # tqdm's bar, redrawn in place
    assert "produced 30 pages" in text and "30 WARC records: 30 pages, 0 skipped" in text
