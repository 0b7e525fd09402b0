"""The dashboard in headless Chromium: the page's own script fills the DOM in from the JSON API."""
from __future__ import annotations

import shutil
import subprocess
import tempfile
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest

from tests.integration.test_dashboard import SCRIPT_TITLE, TITLES, process_pages
from tests.support.worker import WorkerProcess

pytestmark = [pytest.mark.browser, pytest.mark.integration]

REPO = Path(__file__).parents[2]
SCREENSHOT_COPY = REPO / ".run" / "screenshots" / "dashboard.png"
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run", "--hide-scrollbars",
         "--virtual-time-budget=5000"]


def chromium_binary() -> str:
    """Debian's chromium; a missing browser fails the test (deploy/install-chromium.sh installs it)."""
    found = shutil.which("chromium") or ("/usr/bin/chromium" if Path("/usr/bin/chromium").exists() else None)
    if found is None:
        pytest.fail("chromium is not installed: run deploy/install-chromium.sh")
    return found


def chromium(tmp: Path, url: str, *args: str, attempts: int = 2) -> subprocess.CompletedProcess[str]:
    """Run headless Chromium once more if it exits with an error; each run has a fresh profile."""
    for attempt in range(1, attempts + 1):
        profile = Path(tempfile.mkdtemp(prefix="chromium-profile-", dir=tmp))
        command = [chromium_binary(), *FLAGS, f"--user-data-dir={profile}", *args, url]
        result = subprocess.run(command, capture_output=True, text=True, timeout=60, check=False)  # noqa: S603
        (profile.with_suffix(".log")).write_text(result.stderr)
        if result.returncode == 0:
            return result
    raise AssertionError(f"chromium exited with {result.returncode}:\n{result.stderr[-2000:]}")


class Node:
    def __init__(self, tag: str, attrs: dict[str, str | None]) -> None:
        self.tag = tag
        self.attrs = attrs
        self.children: list[Node | str] = []

    def text(self) -> str:
        return "".join(c if isinstance(c, str) else c.text() for c in self.children)

    def walk(self) -> Any:
        yield self
        for child in self.children:
            if isinstance(child, Node):
                yield from child.walk()


class _Tree(HTMLParser):
    """Just enough of a DOM to find elements by id and tag in Chromium's serialized page."""

    VOID = {"meta", "link", "br", "img", "input", "hr", "col", "source", "wbr"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Node("#document", {})
        self.stack = [self.root]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        node = Node(tag, dict(attrs))
        self.stack[-1].children.append(node)
        if tag not in self.VOID:
            self.stack.append(node)

    def handle_endtag(self, tag: str) -> None:
        for depth in range(len(self.stack) - 1, 0, -1):
            if self.stack[depth].tag == tag:
                del self.stack[depth:]
                return

    def handle_data(self, data: str) -> None:
        self.stack[-1].children.append(data)


def parse(html: str) -> Node:
    tree = _Tree()
    tree.feed(html)
    tree.close()
    return tree.root


def by_id(root: Node, element_id: str) -> Node:
    for node in root.walk():
        if node.attrs.get("id") == element_id:
            return node
    raise AssertionError(f"no element #{element_id}")


@pytest.fixture(scope="module")
def live(kafka_bootstrap: str, tmp_path_factory: pytest.TempPathFactory):
    """A worker that has processed the dashboard pages, and its page as Chromium rendered it."""
    workdir = tmp_path_factory.mktemp("browser")
    worker = WorkerProcess(bootstrap=kafka_bootstrap, workdir=workdir)
    worker.start()
    try:
        process_pages(worker, kafka_bootstrap)
        dom = chromium(workdir, worker.web_url + "/", "--dump-dom").stdout
        yield {"worker": worker, "dom": dom, "root": parse(dom), "tmp": workdir}
    finally:
        worker.stop()


def test_polling_fills_in_counts(live) -> None:
    root = live["root"]
    assert by_id(root, "status").text().startswith("live"), live["dom"][:2000]
    body = next(node for node in root.walk() if node.tag == "body")
    assert body.attrs.get("data-state") == "live"
    shown = {key: by_id(root, key).text() for key in (
        "pages-in-total", "articles-out-total", "rejected-out-total", "ticker-published", "ticker-duplicates")}
    assert shown == {"pages-in-total": "7", "articles-out-total": "4", "rejected-out-total": "3",
                     "ticker-published": "3", "ticker-duplicates": "1"}
    assert by_id(root, "version").text() == live["worker"].get_json("/api/stats")["version"]
    reasons = by_id(root, "reasons").text()
    assert all(reason in reasons for reason in ("not_json", "empty_body", "bad_shape"))
    sites = by_id(root, "sites").text()
    assert "quay-news.example" in sites and "valleypost.example" in sites
    assert by_id(root, "worker-count").text() == "1"
    assert len([n for n in by_id(root, "lag").walk() if n.tag == "tr"]) == 2


def test_latest_articles_are_listed_with_links_to_their_events(live) -> None:
    articles = by_id(live["root"], "articles")
    rows = [node for node in articles.walk() if node.tag == "tr"]
    assert len(rows) == len(TITLES)
    text = articles.text()
    assert all(title in text for title in TITLES)
    hrefs = [n.attrs["href"] for n in articles.walk() if n.tag == "a" and n.attrs.get("href", "").startswith("/")]
    assert len(hrefs) == 4 and all(href.startswith("/api/articles/") for href in hrefs)
    assert "Reuters" in text and "AFP" in text


def test_script_title_is_shown_as_text_not_run(live) -> None:
    root, dom = live["root"], live["dom"]
    scripts = [node for node in root.walk() if node.tag == "script"]
    assert [s.attrs.get("src") for s in scripts] == ["/static/dashboard.js"]
    assert all(not s.text().strip() for s in scripts)
    shown = [n for n in by_id(root, "articles").walk() if n.tag == "a" and n.text() == SCRIPT_TITLE]
    assert len(shown) == 1
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in dom and "<script>alert(1)" not in dom


def test_all_workers_scope_shows_the_cluster_totals(live) -> None:
    root = parse(chromium(live["tmp"], live["worker"].web_url + "/?scope=cluster", "--dump-dom").stdout)
    body = next(node for node in root.walk() if node.tag == "body")
    assert body.attrs.get("data-state") == "live" and body.attrs.get("data-scope") == "cluster"
    assert "active" in (by_id(root, "scope-cluster").attrs.get("class") or "")
    assert by_id(root, "pages-in-total").text() == "7" and by_id(root, "ticker-duplicates").text() == "1"
    workers = by_id(root, "workers").text()
    assert live["worker"].web_url in workers and "up" in workers


def test_screenshot_looks_like_a_dashboard(live) -> None:
    shot = live["tmp"] / "dashboard.png"
    chromium(live["tmp"], live["worker"].web_url + "/", f"--screenshot={shot}", "--window-size=1400,1500")
    data = shot.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 20_000
    width, height = int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")
    assert (width, height) == (1400, 1500)
    SCREENSHOT_COPY.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(shot, SCREENSHOT_COPY)
