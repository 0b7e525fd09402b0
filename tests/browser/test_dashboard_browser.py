"""The dashboard in headless Chromium: the page's own script fills the DOM in from the JSON API."""
from __future__ import annotations

import asyncio
import base64
import shutil
import subprocess
import tempfile
import time
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import aiohttp
import orjson
import pytest

from tests.integration.test_dashboard import PAGES, SCRIPT_TITLE, TITLES, process_pages, raw
from tests.support.ports import free_port
from tests.support.worker import WorkerProcess, consume_until, produce_values, run

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
    assert by_id(root, "sites-note").text() == "the 100 busiest, counted in bounded memory"
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


#: What the screenshot test reads from the rendered page: the text each card and panel shows (as
#: rendered: ``innerText`` leaves out what CSS hides), whether it lies inside the window and is
#: the element actually drawn at its centre (not covered), and the chart's pixels per series colour.
RENDERED = """(() => {
  const seen = (el) => {
    const r = el.getBoundingClientRect();
    const top = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
    return {text: el.innerText.trim(), inside: r.width > 0 && r.height > 0 && r.top >= 0 && r.bottom <= innerHeight
            && r.left >= 0 && r.right <= innerWidth, onTop: !!top && (top === el || el.contains(top))};
  };
  const ids = ["status", "pages-in-total", "articles-out-total", "rejected-out-total", "ticker-published",
               "ticker-duplicates", "reasons", "sites", "lag", "articles"];
  const shown = Object.fromEntries(ids.map((id) => [id, seen(document.getElementById(id))]));
  const canvas = document.getElementById("spark");
  const pixels = canvas.getContext("2d").getImageData(0, 0, canvas.width, canvas.height).data;
  const colours = {pages_in: [0x2f, 0x6f, 0xdf], articles_out: [0x1f, 0x9d, 0x55], rejected_out: [0xc8, 0x37, 0x2d]};
  const raised = {};  // pixels of each series' colour above the chart's zero line
  for (const [key, [r, g, b]] of Object.entries(colours)) {
    let count = 0;
    for (let y = 0; y < canvas.height - 12; y++) {
      for (let x = 0; x < canvas.width; x++) {
        const i = (y * canvas.width + x) * 4;
        if (Math.abs(pixels[i] - r) + Math.abs(pixels[i + 1] - g) + Math.abs(pixels[i + 2] - b) < 60
            && pixels[i + 3] > 200) count++;
      }
    }
    raised[key] = count;
  }
  return JSON.stringify({state: document.body.dataset.state, shown, raised, chart: seen(canvas),
                         window: [innerWidth, innerHeight]});
})()"""


async def render_with_devtools(tmp: Path, url: str, *, size: tuple[int, int]) -> tuple[dict[str, Any], bytes]:
    """Load ``url`` in headless Chromium driven over the DevTools protocol; once the dashboard's
    polling has filled it in, read what it shows (``RENDERED``) and take a screenshot of it."""
    port = free_port()
    profile = Path(tempfile.mkdtemp(prefix="chromium-devtools-", dir=tmp))
    command = [chromium_binary(), *[f for f in FLAGS if not f.startswith("--virtual-time")],
               f"--user-data-dir={profile}", f"--remote-debugging-port={port}",
               f"--window-size={size[0]},{size[1]}", url]
    browser = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)  # noqa: S603
    try:
        async with aiohttp.ClientSession() as http:
            target = None
            deadline = time.monotonic() + 30
            while target is None:
                if time.monotonic() > deadline or browser.poll() is not None:
                    raise AssertionError(f"chromium's DevTools endpoint did not come up on port {port}")
                try:
                    async with http.get(f"http://127.0.0.1:{port}/json/list") as response:
                        target = next((t for t in await response.json() if t.get("type") == "page"), None)
                except aiohttp.ClientError:
                    pass
                await asyncio.sleep(0.2)
            async with http.ws_connect(target["webSocketDebuggerUrl"], max_msg_size=0) as ws:
                ids = iter(range(1, 1_000_000))

                async def call(method: str, **params: Any) -> dict[str, Any]:
                    message_id = next(ids)
                    await ws.send_json({"id": message_id, "method": method, "params": params})
                    async for message in ws:
                        reply = message.json()
                        if reply.get("id") == message_id:
                            if "error" in reply:
                                raise AssertionError(f"{method}: {reply['error']}")
                            return dict(reply["result"])
                    raise AssertionError(f"DevTools connection closed during {method}")

                await call("Emulation.setDeviceMetricsOverride", width=size[0], height=size[1],
                           deviceScaleFactor=1, mobile=False)
                deadline = time.monotonic() + 30
                while True:  # until the polling filled the page in (every 2 s) and the chart was drawn
                    result = await call("Runtime.evaluate", expression=RENDERED, returnByValue=True)
                    if "exceptionDetails" in result:  # the page is still loading
                        if time.monotonic() > deadline:
                            raise AssertionError(f"the page did not render: {result['exceptionDetails']}")
                        await asyncio.sleep(0.5)
                        continue
                    rendered = orjson.loads(result["result"]["value"])
                    if (rendered["state"] == "live" and rendered["shown"]["articles"]["text"]
                            and rendered["raised"]["pages_in"]) or time.monotonic() > deadline:
                        break
                    await asyncio.sleep(0.5)
                shot = await call("Page.captureScreenshot", format="png")
                return rendered, base64.b64decode(shot["data"])
    finally:
        browser.terminate()
        try:
            browser.wait(timeout=10)
        except subprocess.TimeoutExpired:
            browser.kill()
            browser.wait(timeout=10)


def test_screenshot_shows_the_filled_dashboard(live, kafka_bootstrap: str) -> None:
    """The page as a person would see it: the cards and panels inside the window, not covered,
    with the worker's numbers; the chart drawn with a raised pages-in line; a screenshot of it."""
    worker = live["worker"]
    # One more page now, so the chart's two-minute window holds traffic however slow the run.
    fresh = raw("https://quay-news.example/ferry/fresh", (PAGES / "quay-ferry.txt").read_text(), "text/plain")
    run(produce_values(kafka_bootstrap, worker.topics["raw"], [fresh]))
    run(consume_until(kafka_bootstrap, worker.topics["articles"], count=len(TITLES) + 1, timeout=60))
    rendered, png = run(render_with_devtools(live["tmp"], worker.web_url + "/", size=(1400, 1500)))
    stats = worker.get_json("/api/stats")
    shown = rendered["shown"]
    assert rendered["state"] == "live" and shown["status"]["text"].startswith("live"), rendered
    cards = {"pages-in-total": "pages_in", "articles-out-total": "articles_out",
             "rejected-out-total": "rejected_out", "ticker-published": "ticker_published",
             "ticker-duplicates": "ticker_duplicates"}
    assert {card: shown[card]["text"] for card in cards} == {card: str(stats[key]) for card, key in cards.items()}
    assert stats["pages_in"] == 8 and stats["articles_out"] == 5
    for element in [*cards, "status", "reasons", "sites"]:
        assert shown[element]["inside"] and shown[element]["onTop"], (element, shown[element])
    assert all(reason in shown["reasons"]["text"] for reason in ("not_json", "empty_body", "bad_shape"))
    assert "quay-news.example" in shown["sites"]["text"] and "valleypost.example" in shown["sites"]["text"]
    assert all(title in shown["articles"]["text"] for title in TITLES)
    assert rendered["chart"]["inside"], rendered["chart"]
    assert rendered["raised"]["pages_in"] > 20 and rendered["raised"]["articles_out"] > 20, rendered["raised"]
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = int.from_bytes(png[16:20], "big"), int.from_bytes(png[20:24], "big")
    assert (width, height) == (1400, 1500) == tuple(rendered["window"])
    SCREENSHOT_COPY.parent.mkdir(parents=True, exist_ok=True)
    SCREENSHOT_COPY.write_bytes(png)
