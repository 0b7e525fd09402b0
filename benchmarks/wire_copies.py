"""Wire copies: precision and recall of ``duplicate_of`` on a labelled set made from the development
pages, the cost of a fingerprint and of the LSH stage per article, and the tables' memory.

The set, built at run time (nothing third-party is stored):

* **originals**: development pages (../shared/datasets), each cleaned by ``clean_page``;
* **copies**, made the way sites republish a dispatch: the text under another site's HTML template
  (always), and one to three of: a changed headline, a credit line added, the last paragraph cut,
  two paragraphs swapped or a sentence moved, typos fixed; each copy is cleaned again;
* **hard negatives**: every other original (pages of one site among them), and articles written
  by hand in the shape of the seed pages (``tests/fixtures/stories/``: the same subject, other
  events) with the two seed pages (../shared/seeds), each an article of its own.

Everything is shuffled into one stream with increasing first-seen times and run through the
stage's own functions (agents/story_memory.py) on dicts: an article's expected ``duplicate_of``
is the earliest earlier article of its group; precision counts predicted copies whose
``duplicate_of`` is of the same group, recall the articles with an earlier copy that got one.

    python benchmarks/wire_copies.py [--originals N] [--copies K] [--seed S]
"""
from __future__ import annotations

import argparse
import random
import re
import statistics
import sys
import time
import tracemalloc
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import orjson

REPO_ROOT = Path(__file__).resolve().parent.parent
# always first: run as a script, this folder leads sys.path and its pipeline.py would
# shadow the package
sys.path.insert(0, str(REPO_ROOT))

from agents import story_memory  # noqa: E402
from benchmarks.datasets import DEVELOPMENT_SETS, DatasetMissing, load_pages  # noqa: E402
from pipeline import CleanError, clean_page  # noqa: E402
from pipeline.fingerprint import band_keys, fingerprint, normalise  # noqa: E402

__all__ = ["Doc", "build_set", "evaluate", "main", "make_copy"]

HAND_WRITTEN = REPO_ROOT / "tests" / "fixtures" / "stories"
SEEDS = REPO_ROOT.parent / "shared" / "seeds"
THRESHOLDS = (0.5, 0.6, 0.7, 0.75, 0.8, 0.85, 0.9, 0.95)

TEMPLATES = (
    ("<html><head><title>{title} | Le Quotidien</title></head><body><header><nav><a href='/'>Accueil</a> "
     "<a href='/monde'>Monde</a> <a href='/sport'>Sport</a></nav></header><main><article><h1>{title}</h1>"
     "<p class='date'>Publié le 3 mars</p>{paragraphs}</article></main><aside><h3>À lire aussi</h3><ul>"
     "<li><a href='/a'>Les marchés reculent</a></li><li><a href='/b'>Le temps de demain</a></li></ul></aside>"
     "<footer>© Le Quotidien, tous droits réservés</footer></body></html>"),
    ("<html><head><title>{title}</title><meta property='og:title' content='{title}'></head><body>"
     "<div class='top-bar'>Suivez-nous sur Facebook</div><div class='content'><div class='story'>"
     "<h1 class='headline'>{title}</h1>{paragraphs}</div><div class='related'><h2>Related articles</h2>"
     "<a href='/x'>Another story</a> <a href='/y'>One more story</a></div></div>"
     "<div class='footer'>Contact | Legal | Advertise</div></body></html>"),
    ("<!doctype html><html><body><div id='wrapper'><div id='ad'>Advertisement</div><section>"
     "<h2>{title}</h2><div class='entry-content'>{paragraphs}</div></section>"
     "<ul class='menu'><li>Home</li><li>News</li><li>Opinion</li></ul></div></body></html>"),
)
CREDITS = ("Avec AFP", "Source : RFI avec AFP", "© Reuters", "Avec MAP", "(AP)")
_SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-ZÀ-Ý«\"])")


@dataclass
class Doc:
    id: str
    group: str
    site: str
    title: str
    text: str
    fingerprint: str | None = None


def _html(title: str, paragraphs: list[str], template: str) -> str:
    escape = {"&": "&amp;", "<": "&lt;", ">": "&gt;", "'": "&#39;"}
    def esc(s: str) -> str:
        return "".join(escape.get(c, c) for c in s)
    return template.format(title=esc(title), paragraphs="".join(f"<p>{esc(p)}</p>" for p in paragraphs))


def _typo_fixed(paragraphs: list[str], rng: random.Random) -> list[str]:
    out = list(paragraphs)
    for _ in range(2):
        i = rng.randrange(len(out))
        words = out[i].split(" ")
        long = [k for k, w in enumerate(words) if len(w) >= 6 and w.isalpha()]
        if long:
            k = rng.choice(long)
            w = words[k]
            j = rng.randrange(1, len(w) - 1)
            words[k] = w[:j] + w[j + 1] + w[j] + w[j + 2:]  # two letters swapped
            out[i] = " ".join(words)
    return out


def _reordered(paragraphs: list[str], rng: random.Random) -> list[str]:
    out = list(paragraphs)
    if len(out) >= 3:
        i = rng.randrange(1, len(out) - 1)
        out[i], out[i + 1] = out[i + 1], out[i]
        return out
    longest = max(range(len(out)), key=lambda k: len(out[k]))
    sentences = _SENTENCE.split(out[longest])
    if len(sentences) >= 2:
        out[longest] = " ".join([sentences[-1], *sentences[:-1]])
    return out


TRANSFORMS = ("headline", "credit", "cut_last", "reorder", "typos")


def make_copy(title: str, text: str, *, rng: random.Random) -> tuple[str, str, list[str]]:
    """(HTML page, kind list) of a copy of ``text`` as another site would publish it."""
    paragraphs = [p for p in text.split("\n\n") if p.strip()]
    kinds = rng.sample(TRANSFORMS, rng.randint(1, 3))
    if "headline" in kinds:
        title = rng.choice(("VIDÉO - ", "INFO - ", "Breaking: ", "")) + " ".join(reversed(title.split(" ")[:6]))
    if "cut_last" in kinds and len(paragraphs) >= 3:
        paragraphs = paragraphs[:-1]
    if "reorder" in kinds:
        paragraphs = _reordered(paragraphs, rng)
    if "typos" in kinds:
        paragraphs = _typo_fixed(paragraphs, rng)
    if "credit" in kinds:
        paragraphs = [*paragraphs, rng.choice(CREDITS)]
    return _html(title or "Sans titre", paragraphs, rng.choice(TEMPLATES)), title, kinds


def _clean(body: str, *, url: str, content_type: str = "text/html") -> tuple[str, str] | None:
    try:
        doc = clean_page(body, url=url, content_type=content_type)
    except CleanError:
        return None
    return doc.title, doc.text


def build_set(*, originals: int, copies: int, seed: int) -> tuple[list[Doc], dict[str, int]]:
    """The labelled stream (shuffled) and counts of what went into it."""
    rng = random.Random(seed)
    pages = []
    for dataset in DEVELOPMENT_SETS:
        pages.extend(load_pages(dataset))
    rng.shuffle(pages)
    docs: list[Doc] = []
    counts = {"originals": 0, "copies": 0, "hand_written": 0, "seeds": 0, "skipped_short": 0}
    for page in pages:
        if counts["originals"] >= originals:
            break
        url = page.url or f"https://dev.example/{page.key}"
        cleaned = _clean(page.html, url=url)
        if cleaned is None or fingerprint(cleaned[1]) is None:
            counts["skipped_short"] += 1
            continue
        group = f"page-{page.key}"
        site = re.sub(r"^https?://(www\.)?", "", url).split("/")[0]
        docs.append(Doc(f"{group}-0", group, site, *cleaned))
        counts["originals"] += 1
        for k in range(copies):
            html, _title, _kinds = make_copy(cleaned[0], cleaned[1], rng=rng)
            copied = _clean(html, url=f"https://copy{k}.example/{page.key}")
            if copied is not None:
                docs.append(Doc(f"{group}-{k + 1}", group, f"copy{k}.example", *copied))
                counts["copies"] += 1
    hand = sorted(HAND_WRITTEN.glob("*.txt"))
    seeds = sorted(SEEDS.glob("*.txt"))
    if not hand or not seeds:
        raise DatasetMissing(f"hand-written negatives ({HAND_WRITTEN}) or seed pages ({SEEDS}) missing")
    for path, kind in [*((p, "hand_written") for p in hand), *((p, "seeds") for p in seeds)]:
        cleaned = _clean(path.read_text(encoding="utf-8"), url=f"https://{kind}.example/{path.stem}",
                         content_type="text/plain")
        if cleaned is None:
            raise ValueError(f"{path} does not clean")
        docs.append(Doc(f"{kind}-{path.stem}", f"{kind}-{path.stem}", f"{kind}.example", *cleaned))
        counts[kind] += 1
    rng.shuffle(docs)
    for doc in docs:
        doc.fingerprint = fingerprint(doc.text)
    return docs, counts


def _article(doc: Doc, at: datetime) -> dict[str, object]:
    return {"id": doc.id, "fetched_at": at.isoformat().replace("+00:00", "Z"), "fingerprint": doc.fingerprint,
            "site": doc.site, "url": f"https://{doc.site}/{doc.id}", "title": doc.title, "sources": []}


def run_stream(docs: list[Doc], *, threshold: float,
               ) -> tuple[dict[str, str | None], dict[str, dict], dict[str, dict], float]:
    """Each article through probe/gather/join on dicts, in stream order: its ``duplicate_of``,
    the band and story tables, and the stage's CPU seconds per article."""
    bands: dict[str, dict] = {}
    stories: dict[str, dict] = {}
    decided: dict[str, str | None] = {}
    start = datetime(2026, 11, 1, tzinfo=UTC)
    cpu = 0.0
    for n, doc in enumerate(docs):
        member = story_memory.member_of(_article(doc, start + timedelta(seconds=n)))
        if member is None:
            decided[doc.id] = None
            continue
        began = time.process_time()
        pending: dict | None = None
        decision = None
        for band, key in enumerate(band_keys(member["fp"])):
            matches, _later, bands[key] = story_memory.probe(bands.get(key), member, partition=0, now=1000.0 + n,
                                                     horizon=1e9, threshold=threshold)
            pending, decision = story_memory.gather(pending, band=band, matches=matches, member=member,
                                                    partition=0, now=1000.0 + n)
        assert decision is not None
        stories[decision["story"]] = story_memory.join(stories.get(decision["story"]), decision,
                                                       partition=0, now=1000.0 + n)
        cpu += time.process_time() - began
        decided[doc.id] = decision["duplicate_of"]
    return decided, bands, stories, cpu / max(1, len(docs))


def evaluate(docs: list[Doc], decided: dict[str, str | None]) -> dict[str, float]:
    group_of = {d.id: d.group for d in docs}
    first_of: dict[str, str] = {}
    tp = fp = expected = exact = 0
    for doc in docs:
        earliest = first_of.setdefault(doc.group, doc.id)
        should = earliest if earliest != doc.id else None
        got = decided.get(doc.id)
        expected += should is not None
        if got is not None:
            if group_of[got] == doc.group:
                tp += 1
                exact += got == should
            else:
                fp += 1
    return {"precision": tp / (tp + fp) if tp + fp else 1.0, "recall": tp / expected if expected else 1.0,
            "true_copies": expected, "found": tp, "false": fp, "exact_earliest": exact}


def _shingle_jaccard(a: str, b: str) -> float:
    def grams(text: str) -> set[tuple[str, ...]]:
        words = normalise(text)
        return {tuple(words[i:i + 3]) for i in range(len(words) - 2)}
    sa, sb = grams(a), grams(b)
    return len(sa & sb) / len(sa | sb) if sa | sb else 0.0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--originals", type=int, default=300)
    parser.add_argument("--copies", type=int, default=2)
    parser.add_argument("--seed", type=int, default=12)
    args = parser.parse_args(argv)

    docs, counts = build_set(originals=args.originals, copies=args.copies, seed=args.seed)
    print(f"labelled stream: {len(docs)} articles: {counts}")

    by_group: dict[str, list[Doc]] = {}
    for d in docs:
        by_group.setdefault(d.group, []).append(d)
    true_j = [_shingle_jaccard(g[0].text, other.text) for g in by_group.values() for other in g[1:]]
    negatives = [d for d in docs if not d.group.startswith("page-")]
    neg_j = [_shingle_jaccard(a.text, b.text) for i, a in enumerate(negatives) for b in negatives[i + 1:]]
    if true_j:
        q = statistics.quantiles(true_j, n=20)
        print(f"true 3-shingle Jaccard of copy pairs: min {min(true_j):.2f}, 5% {q[0]:.2f}, median "
              f"{statistics.median(true_j):.2f}; of hand-written/seed negative pairs: max {max(neg_j):.2f}")

    print("\n| threshold | precision | recall | copies found / true | false copies | duplicate_of = earliest "
          "| stories mixing dispatches |")
    print("|---|---|---|---|---|---|---|")
    stage_cpu = 0.0
    for threshold in THRESHOLDS:
        decided, _bands, stories, stage_cpu_t = run_stream(docs, threshold=threshold)
        score = evaluate(docs, decided)
        if threshold == story_memory.DEFAULT_THRESHOLD:
            stage_cpu = stage_cpu_t
        mark = " (default)" if threshold == story_memory.DEFAULT_THRESHOLD else ""
        mixed = sum(1 for entry in stories.values() if len({m["id"].rsplit("-", 1)[0] for m in entry["members"]}) > 1)
        print(f"| {threshold:.2f}{mark} | {score['precision']:.4f} | {score['recall']:.4f} | "
              f"{score['found']} / {score['true_copies']} | {score['false']} | {score['exact_earliest']} | {mixed} |")

    pages = load_pages(DEVELOPMENT_SETS[0])[:100]
    clean_cpu = fp_cpu = 0.0
    for page in pages:
        began = time.process_time()
        try:
            text = clean_page(page.html, url=page.url or "https://dev.example/").text
        except CleanError:
            continue
        clean_cpu += time.process_time() - began
        began = time.process_time()
        fingerprint(text)
        fp_cpu += time.process_time() - began
    fp_ms, clean_ms = fp_cpu / len(pages) * 1000, clean_cpu / len(pages) * 1000
    print(f"\ncost per article (CPU, one process, noisy shared machine): on {len(pages)} pages of "
          f"{DEVELOPMENT_SETS[0].name}, clean_page {clean_ms:.2f} ms, fingerprint of its text {fp_ms:.3f} ms; "
          f"LSH stage logic per article of the stream (its band probes, gather, join) {stage_cpu * 1000:.3f} ms; "
          f"fingerprint + LSH = {(fp_ms + stage_cpu * 1000) / clean_ms:.1%} of clean_page")

    uniques = [d for d in docs if not d.group.startswith("page-") or d.id.endswith("-0")]
    for label, stream in (("the labelled stream (2 of 3 articles copies)", docs),
                          ("its originals only (every article unique)", uniques)):
        _, bands, stories, _ = run_stream(stream, threshold=story_memory.DEFAULT_THRESHOLD)
        print(f"tables for {label}: " + _memory(bands, stories, sum(1 for d in stream if d.fingerprint)))
    return 0


def _memory(bands: dict[str, dict], stories: dict[str, dict], indexed: int) -> str:
    """Memory of the tables as a worker holds them after replaying the changelogs (every value
    decoded from its JSON), and the size of the compacted changelogs, per article and per 100,000."""
    encoded = [(key, orjson.dumps(value)) for table in (bands, stories) for key, value in table.items()]
    tracemalloc.start()
    restored = {key: orjson.loads(value) for key, value in encoded}
    held, _peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    del restored
    changelog = sum(len(key) + len(value) for key, value in encoded)
    return (f"{len(bands)} band keys, {len(stories)} stories (seeds included) for {indexed} articles; memory "
            f"{held / indexed:.0f} B/article -> {held / indexed * 100_000 / 2**20:.0f} MiB per 100,000 articles; "
            f"changelogs (compacted, JSON) {changelog / indexed:.0f} B/article -> "
            f"{changelog / indexed * 100_000 / 2**20:.0f} MiB per 100,000")


if __name__ == "__main__":
    raise SystemExit(main())
