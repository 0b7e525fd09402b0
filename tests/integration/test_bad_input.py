"""Bad input through the real broker and one worker: each lands in pages.rejected with a reason,
legacy charsets are cleaned (not rejected), and a normal page after all of them is still cleaned."""
from __future__ import annotations

import base64
import os
import random
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import orjson
import pytest

from tests.support.kafka import REPO
from tests.support.worker import WorkerProcess, consume_to_end, consume_until, produce_values, run

pytestmark = pytest.mark.integration


def raw(url: str, body: Any, content_type: str = "text/html", **extra: Any) -> tuple[bytes, bytes]:
    value = {"url": url, "body": body, "content_type": content_type, "fetched_at": "2026-11-23T10:00:00Z", **extra}
    return url.encode(), orjson.dumps(value)


def html_page(title: str, words: str) -> str:
    return (f"<html><head><title>{title}</title></head><body><article><h1>{title}</h1>"
            f"<p>{words}</p></article></body></html>")


PARAGRAPH = "<p>" + "The council met again to talk about the bridge and the river, and nothing was decided. " * 8 + "</p>\n"
RNG = random.Random(20261123)

#: name -> (key, value, the reasons it may be rejected with)
BAD: dict[str, tuple[bytes | None, bytes, set[str]]] = {
    "not json": (b"bad/1", b"{this is not json", {"not_json"}),
    "json list": (b"bad/2", b"[1, 2, 3]", {"bad_shape"}),
    "json without body": (b"bad/3", orjson.dumps({"url": "https://bad.example/3"}), {"bad_shape"}),
    "json body not a string": (*raw("https://bad.example/4", 42), {"bad_shape"}),
    "empty message": (b"bad/5", b"", {"empty_message"}),
    "empty body": (*raw("https://bad.example/6", ""), {"empty_body"}),
    "blank body": (*raw("https://bad.example/7", " \n\t \n"), {"empty_body"}),
    "binary garbage": (b"bad/8", bytes(RNG.randrange(256) for _ in range(4096)), {"not_json", "invalid_utf8"}),
    "binary inside the body": (*raw("https://bad.example/9", "".join(chr(RNG.randrange(1, 32)) for _ in range(3000))),
                               {"undecodable_body"}),
    "invalid utf-8": (b"bad/10", b'{"url": "https://bad.example/10", "body": "caf\xe9 cr\xe8me"}', {"invalid_utf8"}),
    "unsupported type": (*raw("https://bad.example/11", "%PDF-1.7 ...", "application/pdf"), {"unsupported_content_type"}),
    "100,000-deep html": (*raw("https://bad.example/12", "<html><body>" + "<div>" * 100_000
                               + "<p>Deep text of a page nested far too deep for any parser.</p>"
                               + "</div>" * 100_000 + "</body></html>"),
                          {"empty_body", "unparseable_html"}),
    "20 MB page": (*raw("https://bad.example/13", "<html><body><article>" + PARAGRAPH * (20_000_000 // len(PARAGRAPH))
                        + "</article></body></html>"), {"page_too_large"}),
    "url that cannot be split": (*raw("http://[::1/2024/03/07/15", html_page("A page", "Words " * 40)), {"invalid_url"}),
    # Under the page limit, but the cleaned article is over the worker's message limit (1 MB).
    "article over the message limit": (*raw("https://bad.example/14", "<html><body><article>"
                                            + PARAGRAPH * (3_000_000 // len(PARAGRAPH)) + "</article></body></html>"),
                                       {"article_too_large"}),
}

CAFE = "Le café du quartier réouvre: crème brûlée, naïveté et « guillemets » au menu"
LEGACY = {
    # windows-1252 only: curly quotes, euro sign, oe ligature
    "windows-1252": ("https://legacy.example/cp1252", "windows-1252",
                     f"{CAFE}. Le prix passe à 3 € pour un “grand crème”, dit Cœur, le patron."),
    "iso-8859-1": ("https://legacy.example/latin1", "iso-8859-1",
                   f"{CAFE}. Les habitués, ravis, parlent déjà d’une « réussite » en été.".replace("’", "'")),
}


def legacy_file(folder: Path, url: str, charset: str, text: str, *, declare: bool) -> Path:
    meta = f'<meta charset="{charset}">' if declare else ""
    page = (f'<html><head>{meta}<title>Café</title><link rel="canonical" href="{url}"></head>'
            f"<body><article><h1>Café</h1><p>{text}</p><p>{text}</p></article></body></html>")
    path = folder / f"{charset}-{'declared' if declare else 'sniffed'}.html"
    path.write_bytes(page.encode(charset))
    return path


def depeche(worker: WorkerProcess, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "agents.cli", *args], cwd=REPO, env=worker.env,
                          capture_output=True, text=True, timeout=180)


@pytest.fixture(scope="module")
def flow(kafka_bootstrap: str, tmp_path_factory: pytest.TempPathFactory):
    folder = tmp_path_factory.mktemp("bad-input")
    worker = WorkerProcess(bootstrap=kafka_bootstrap, workdir=folder / "worker")
    worker.start()
    try:
        run(produce_values(kafka_bootstrap, worker.topics["raw"], [(k, v) for k, v, _ in BAD.values()]))
        # Legacy charsets go through `depeche produce`, like pages fetched as bytes.
        pages = folder / "legacy"
        pages.mkdir()
        for name, (url, charset, text) in LEGACY.items():
            legacy_file(pages, url, charset, text, declare=True)
        sniffed_url = "https://legacy.example/cp1252-undeclared"
        legacy_file(pages, sniffed_url, "windows-1252", LEGACY["windows-1252"][2], declare=False)
        produced = depeche(worker, "produce", "-q", str(pages))
        assert produced.returncode == 0, produced.stderr
        # Once the worker has an outcome for every input (its counters move after each send is
        # acknowledged), the rejected topic read to its end holds every reject: none can follow.
        inputs = len(BAD) + len(LEGACY) + 1
        deadline = time.monotonic() + 180
        while (stats := worker.get_json("/api/stats"))["articles_out"] + stats["rejected_out"] < inputs:
            assert time.monotonic() < deadline, f"{inputs} inputs, outcomes after 180 s: {stats}"
            time.sleep(0.3)
        rejected = run(consume_to_end(kafka_bootstrap, worker.topics["rejected"]))
        legacy = run(consume_until(kafka_bootstrap, worker.topics["articles"], count=3, timeout=60))
        # After all of that, a normal page.
        run(produce_values(kafka_bootstrap, worker.topics["raw"],
                           [raw("https://good.example/after", html_page("Still cleaning", PARAGRAPH[3:-5]))]))
        articles = run(consume_until(kafka_bootstrap, worker.topics["articles"], count=4, timeout=60))
        alive = worker.process is not None and worker.process.poll() is None
        yield {"rejected": rejected, "articles": articles, "legacy": legacy, "alive": alive, "worker": worker,
               "folder": folder}
    finally:
        worker.stop()


def test_every_bad_input_is_rejected_with_its_reason(flow) -> None:
    raw_topic = flow["worker"].topics["raw"]
    assert len(flow["rejected"]) == len(BAD), [r["reason"] for r in flow["rejected"]]
    by_offset = sorted(flow["rejected"], key=lambda r: (r["partition"], r["offset"]))
    assert all(r["topic"] == raw_topic and r["offset"] is not None and r["detail"] for r in by_offset)
    reasons = sorted(r["reason"] for r in flow["rejected"])
    expected = [sorted(allowed) for _, _, allowed in BAD.values()]
    # each reject matches one bad input's allowed reasons (matched greedily on the sorted lists)
    remaining = list(reasons)
    for allowed in expected:
        match = next((r for r in remaining if r in allowed), None)
        assert match is not None, (allowed, reasons)
        remaining.remove(match)


def test_the_worker_survived_and_still_cleans(flow) -> None:
    assert flow["alive"], flow["worker"].log_tail()
    assert "https://good.example/after" in [a["url"] for a in flow["articles"]]
    assert "Traceback" not in flow["worker"].log_text()


@pytest.mark.parametrize("url", ["https://legacy.example/cp1252", "https://legacy.example/latin1",
                                 "https://legacy.example/cp1252-undeclared"])
def test_legacy_charsets_are_decoded_not_rejected(flow, url: str) -> None:
    by_url = {a["url"]: a for a in flow["legacy"]}
    assert url in by_url, sorted(by_url)
    text = by_url[url]["text"]
    assert "café du quartier réouvre" in text and "crème brûlée" in text and "« guillemets »" in text
    if "cp1252" in url:
        assert "3 €" in text and "“grand crème”" in text and "Cœur" in text
    assert "\ufffd" not in text and "Ã" not in text  # no replacement characters, no mojibake


def test_produce_refuses_pages_over_the_message_limit_clearly(flow) -> None:
    folder: Path = flow["folder"] / "too-large"
    folder.mkdir()
    # 17 MB: over the client's 16 MiB request limit, refused before sending.
    (folder / "huge.html").write_text(html_page("Huge", "word " * 3_400_000))
    # 3 MB that zstd cannot shrink under the broker's 1 MB message.max.bytes: refused by the broker.
    noise = base64.b64encode(os.urandom(2_300_000)).decode()
    (folder / "noise.html").write_text(html_page("Noise", noise))
    result = depeche(flow["worker"], "produce", "-q", str(folder))
    assert result.returncode == 1
    refused = [line for line in result.stderr.splitlines() if line.startswith("refused ")]
    assert len(refused) == 2, result.stderr
    assert any("huge.html" in line and "over the 16777216-byte message limit" in line for line in refused), refused
    assert any("noise.html" in line and "MessageSizeTooLarge" in line for line in refused), refused
    assert "produced 0 pages" in result.stderr
