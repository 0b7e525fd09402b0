"""A crawl's WARC archive through `depeche produce`, the real broker and a worker into articles.clean:
every record accounted for (articles + rejects + skipped + corrupt = records), and each article
carrying the metadata its page gives (JSON-LD, OpenGraph / article:* meta, or none) and no other."""
from __future__ import annotations

import json
import os
import pty
import re
import subprocess
import sys
from html import escape
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

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

#: The article fields read from what the page says about itself (pipeline.metadata).
METADATA_FIELDS = ("authors", "description", "image", "section", "tags", "published_at", "modified_at",
                   "canonical_url", "site_name")
#: Invented names, non-ASCII ones included (the windows-1252 pages carry them too).
_WRITERS = ["Mara Quillfeather", "Tobias Wrenhall", "Zoë Lindqvist", "Ilse Brönner", "Kofi Asamoah-Reyes",
            "Renée Faucher"]
_SECTIONS = ["Harbour", "City Hall", "Science", "Sport", "Weather"]
_TOPICS = ["budget", "bridges", "air quality", "timetables", "coastal erosion", "inquiries", "bakeries"]


def metadata_kind(n: int) -> str:
    """How article ``n`` describes itself; the kind changes every three pages."""
    return ("jsonld", "opengraph", "none")[(n // 3) % 3]


def page_metadata_head(n: int, url: str) -> tuple[str, dict[str, Any]]:
    """Head markup for article ``n`` and the metadata its article should carry.

    A third of the pages describe themselves in JSON-LD (a NewsArticle, alone or in an @graph
    with the site), a third in OpenGraph / article:* meta only, a third not at all; within each
    kind some fields are left out, as real pages leave them out.  The kind changes every three
    pages, so each kind comes in every encoding the crawl uses (n % 3)."""
    kind = metadata_kind(n)
    day = 1 + n % 28
    expected: dict[str, Any] = {"authors": [], "description": None, "image": None, "section": None, "tags": [],
                                "published_at": None, "modified_at": None, "canonical_url": url, "site_name": None}
    writers = [_WRITERS[n % len(_WRITERS)]] + ([_WRITERS[(n + 1) % len(_WRITERS)]] if n % 2 else [])
    topics = [_TOPICS[n % len(_TOPICS)], _TOPICS[(n + 3) % len(_TOPICS)]]
    if kind == "jsonld":
        article: dict[str, Any] = {
            "@context": "https://schema.org", "@type": "NewsArticle", "headline": f"Report {n}",
            "author": [{"@type": "Person", "name": name} for name in writers],
            "description": f"What the session’s day {n} brought, in brief.",
            "articleSection": _SECTIONS[n % len(_SECTIONS)],
            "keywords": ", ".join(topics) if n % 2 else topics,
            "publisher": {"@type": "NewsMediaOrganization", "name": "The Example Courier"},
        }
        if n % 7 == 0:  # a bare day
            article["datePublished"] = f"2026-11-{day:02d}"
            expected["published_at"] = f"2026-11-{day:02d}"
        else:
            article["datePublished"] = f"2026-11-{day:02d}T08:{n % 60:02d}:00+01:00"
            expected["published_at"] = f"2026-11-{day:02d}T08:{n % 60:02d}:00+01:00"
        if n % 4 == 0:
            article["dateModified"] = f"2026-11-{day:02d}T18:30:00Z"
            expected["modified_at"] = f"2026-11-{day:02d}T18:30:00+00:00"
        if n % 5:  # every fifth page has no image
            image = f"https://cdn.news.example/img/report-{n}.jpg"
            article["image"] = {"@type": "ImageObject", "url": image} if n % 2 else image
            expected["image"] = image
        data: Any = article
        if n % 2 == 0:
            article.pop("@context")
            data = {"@context": "https://schema.org",
                    "@graph": [{"@type": "WebSite", "name": "The Example Courier"}, article]}
        expected.update(authors=writers, description=article["description"], section=article["articleSection"],
                        tags=topics, site_name="The Example Courier")
        return f'<script type="application/ld+json">{json.dumps(data, ensure_ascii=False)}</script>', expected
    if kind == "opengraph":
        metas = [("property", "og:site_name", "Example Evening Post"), ("property", "og:url", url),
                 ("property", "og:description", f"Day {n} of the session: the decisions, and who made them."),
                 ("property", "article:published_time", f"2026-11-{day:02d}T07:30:00Z"),
                 ("property", "article:section", _SECTIONS[(n + 2) % len(_SECTIONS)])]
        metas += [("property", "article:tag", topic) for topic in topics]
        expected.update(site_name="Example Evening Post", description=metas[2][2],
                        published_at=f"2026-11-{day:02d}T07:30:00+00:00", section=metas[4][2], tags=topics)
        if n % 2:
            metas.append(("name", "author", " and ".join(writers)))
            expected["authors"] = writers
        if n % 4 == 1:
            metas.append(("property", "article:modified_time", f"2026-11-{day:02d}T09:45:00Z"))
            expected["modified_at"] = f"2026-11-{day:02d}T09:45:00+00:00"
        if n % 5:  # a path: resolved against the page's URL
            metas.append(("property", "og:image", f"/media/report-{n}.jpg"))
            expected["image"] = f"https://news.example/media/report-{n}.jpg"
        return "".join(f'<meta {attr}="{key}" content="{escape(value)}">' for attr, key, value in metas), expected
    return "", expected


def crawl() -> tuple[list[Record], int, dict[str, dict[str, Any]]]:
    """A crawl as a crawler writes it; returns the records, the index of the one to cut, and the
    metadata each article URL's page gives."""
    records = [Record("warcinfo", "")]
    cut = -1
    expected: dict[str, dict[str, Any]] = {}
    for n in range(ARTICLES):
        url = f"https://news.example/2026/11/report-{n}"
        records.append(Record("request", url))
        head, expected[url] = page_metadata_head(n, url)
        canonical = f'<link href="{url}" rel="canonical">' if n in REFETCHED else ""
        html = article_html(n).replace("</title>", f"</title>{canonical}{head}")
        date = f"2026-11-{1 + n % 28:02d}T{n % 24:02d}:15:00Z"
        if n % 3 == 1:  # windows-1252, declared only in the HTTP header
            page = article_html(n, charset=None, extra="<p>Un café crème à 3 € près de l’église.</p>")
            page = page.replace("</title>", f"</title>{head}")
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
            expected[url + suffix] = expected[url]  # same page, same canonical URL
    for n in range(EMPTY_PAGES):
        records.append(Record("response", f"https://news.example/empty-{n}", b"<html><body><p>Soon.</p></body></html>"))
    records.append(Record("response", "https://news.example/gone", b"<html><body>Not found</body></html>",
                          status="404 Not Found"))
    return records, cut, expected


def test_warc_to_articles_every_record_accounted_for(kafka_bootstrap: str, tmp_path: Path) -> None:
    records, cut, expected = crawl()
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
    # each article carries exactly the metadata its page gives: present where given, empty where not
    for url, article in articles_by_url.items():
        assert {name: article[name] for name in METADATA_FIELDS} == expected[url], url
    kinds = [metadata_kind(int(urlsplit(url).path.rsplit("-", 1)[1])) for url in articles_by_url]
    assert min(kinds.count(kind) for kind in ("jsonld", "opengraph", "none")) >= 95, kinds


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
