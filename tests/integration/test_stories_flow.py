"""Wire copies through the real broker: three sites' templates around one dispatch make one story of
three members with the right duplicate_of, unrelated pages (one on the same subject) make none, and
after a restart (state from the changelogs only) a fourth copy joins the same story."""
from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path

import orjson
import pytest

from schemas import article_id
from tests.support.worker import WorkerProcess, consume_to_end, produce_values, run

pytestmark = pytest.mark.integration

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "stories"

DISPATCH = [
    "Le chef de la diplomatie russe, Sergueï Lavrov, et le secrétaire d'État américain Marco Rubio ont eu "
    "samedi un entretien téléphonique au cours duquel ils sont convenus de reprendre des contacts réguliers, "
    "a annoncé le ministère russe des Affaires étrangères dans un communiqué.",
    "Les deux hommes ont évoqué la préparation d'un sommet entre les présidents des deux pays, dont la date et "
    "le lieu restent à fixer, ainsi que la situation au Proche-Orient et le sort des ambassades, dont les "
    "effectifs ont fondu depuis trois ans.",
    "Selon Moscou, ils ont aussi parlé du rétablissement des vols directs entre la Russie et les États-Unis, "
    "suspendus depuis le début de la guerre en Ukraine, et d'une reprise possible de la coopération économique.",
    "Le département d'État a confirmé l'appel sans en détailler le contenu, indiquant seulement que le "
    "secrétaire d'État avait rappelé l'engagement du président à mettre fin au conflit.",
]
TEMPLATES = {
    "quotidien.example": ("<html><head><title>{title} | Le Quotidien</title></head><body><nav><a href='/'>Accueil</a>"
                          "</nav><article><h1>{title}</h1>{body}</article><aside><h3>À lire aussi</h3><ul><li>"
                          "<a href='/a'>Les marchés reculent</a></li></ul></aside><footer>© Le Quotidien</footer>"
                          "</body></html>"),
    "matin.example": ("<html><head><title>{title}</title></head><body><div class='top'>Suivez-nous sur Facebook"
                      "</div><div class='story'><h1 class='headline'>{title}</h1>{body}<p>Avec AFP</p></div>"
                      "<div class='footer'>Contact | Mentions légales</div></body></html>"),
    "soir.example": ("<!doctype html><html><body><div id='ad'>Publicité</div><section><h2>{title}</h2>"
                     "<div class='entry-content'>{body}</div></section><ul class='menu'><li>Accueil</li>"
                     "<li>Monde</li></ul><p>Source : RFI avec AFP</p></body></html>"),
    "hebdo.example": ("<html><body><header>L'Hebdo</header><main><h1>{title}</h1>{body}</main>"
                      "<footer>Tous droits réservés</footer></body></html>"),
}
HEADLINES = ["Lavrov et Rubio conviennent de reprendre le dialogue", "Moscou et Washington renouent le contact",
             "Appel Lavrov-Rubio : vers un sommet russo-américain", "Russie - États-Unis : le dialogue reprend"]


@dataclass
class StoryWorker(WorkerProcess):
    """One partition everywhere: pages are cleaned in the order they are fetched, so no copy is
    decided before its original (that race and its relinking are tests/agents/test_story_memory.py's)."""

    partitions: int = 1
    extra_env: dict[str, str] = field(default_factory=dict)

    @property
    def stories_topic(self) -> str:
        return f"{self.prefix}.stories"

    @property
    def env(self) -> dict[str, str]:
        return {**super().env, "DEPECHE_TOPIC_STORIES": self.stories_topic, **self.extra_env}


def copy_page(site: str, n: int, *, paragraphs: list[str] = DISPATCH) -> tuple[bytes, bytes]:
    url = f"https://{site}/monde/lavrov-rubio"
    body = TEMPLATES[site].format(title=HEADLINES[n], body="".join(f"<p>{p}</p>" for p in paragraphs))
    return url.encode(), orjson.dumps({"url": url, "body": body, "content_type": "text/html",
                                       "fetched_at": f"2026-11-30T10:0{n}:00.000Z"})


def text_page(path: Path, minute: int) -> tuple[bytes, bytes]:
    url = f"https://autre.example/{path.stem}"
    return url.encode(), orjson.dumps({"url": url, "body": path.read_text(encoding="utf-8"),
                                       "content_type": "text/plain", "fetched_at": f"2026-11-30T09:{minute:02d}:00.000Z"})


def stories_until(bootstrap: str, topic: str, members: int, *, timeout: float = 90.0) -> list[dict]:
    """Every story event so far, read until one has ``members`` members (or fail)."""
    deadline = time.monotonic() + timeout
    events: list[dict] = []
    while time.monotonic() < deadline:
        events = run(consume_to_end(bootstrap, topic, timeout=10))
        if any(len(e["members"]) >= members for e in events):
            return events
        time.sleep(0.5)
    raise AssertionError(f"no story of {members} members on {topic} within {timeout}s: {events}")


def test_three_templates_one_story_and_again_after_restart(kafka_bootstrap: str, tmp_path) -> None:
    sites = list(TEMPLATES)
    ids = [article_id(f"https://{site}/monde/lavrov-rubio") for site in sites]
    first = StoryWorker(bootstrap=kafka_bootstrap, workdir=tmp_path / "first")
    first.start()
    try:
        run(produce_values(kafka_bootstrap, first.topics["raw"], [
            copy_page(sites[0], 0),
            text_page(FIXTURES / "lavrov-rubio-new-york.txt", 1),  # same subject, another event
            copy_page(sites[1], 1, paragraphs=DISPATCH[:-1]),  # the last paragraph cut
            text_page(FIXTURES / "central-bank-holds-rate.txt", 2),
            copy_page(sites[2], 2),
        ]))
        events = stories_until(kafka_bootstrap, first.stories_topic, 3)
        latest = events[-1]
        assert {e["id"] for e in events} == {ids[0]}, "one story only, keyed by its first article"
        assert latest["first"]["id"] == ids[0] and latest["first"]["site"] == sites[0]
        assert [(m["id"], m["duplicate_of"]) for m in latest["members"]] == [
            (ids[0], None), (ids[1], ids[0]), (ids[2], ids[0])]
        assert latest["sites"] == 3 and latest["sources"].get("AFP") == 2
        panel = first.get_json("/api/stories")
        assert panel["stories"][0]["id"] == ids[0] and panel["stories"][0]["sites"] == 3
    finally:
        first.stop()
    # Same app id and topics, fresh process and empty local state: only the changelogs remember.
    second = StoryWorker(bootstrap=kafka_bootstrap, workdir=tmp_path / "second", prefix=first.prefix)
    second.start()
    try:
        run(produce_values(kafka_bootstrap, second.topics["raw"], [copy_page(sites[3], 3)]))
        events = stories_until(kafka_bootstrap, second.stories_topic, 4)
        assert {e["id"] for e in events} == {ids[0]}
        latest = events[-1]
        assert [(m["id"], m["duplicate_of"]) for m in latest["members"]] == [
            (ids[0], None), (ids[1], ids[0]), (ids[2], ids[0]), (ids[3], ids[0])]
        metrics = urlopen_text(second.web_url + "/metrics")
        assert "depeche_wire_copies_total 1.0" in metrics
    finally:
        second.stop()


def settled(workers: list[StoryWorker], partitions: int, *, timeout: float = 180.0) -> list[list[int]]:
    """Each worker's partitions once the group has settled: every partition owned by one worker."""
    deadline = time.monotonic() + timeout
    answers: list[dict] = []
    while time.monotonic() < deadline:
        try:
            answers = [worker.get_json("/readyz") for worker in workers]
        except OSError:  # a web view busy: ask again
            answers = []
        owned = [sorted(answer["partitions"]) for answer in answers]
        if answers and not any(a["rebalancing"] for a in answers) and sorted(sum(owned, [])) == list(range(partitions)):
            return owned
        time.sleep(0.5)
    raise AssertionError(f"the group did not settle with every partition owned by one worker: {answers}")


def decided(workers: list[StoryWorker], count: int, *, timeout: float = 90.0) -> None:
    """Wait until the workers' gatherers have decided ``count`` articles in all."""
    deadline = time.monotonic() + timeout
    done = 0
    while time.monotonic() < deadline:
        done = sum(worker.get_json("/api/stories")["checked"] for worker in workers)
        if done >= count:
            return
        time.sleep(0.3)
    raise AssertionError(f"{done} articles decided within {timeout}s, not {count}")


def test_two_workers_share_the_stage_then_one_takes_over(kafka_bootstrap: str, tmp_path) -> None:
    """Four partitions and two workers of one group: an article's bands, its gathering and its
    story live on whichever worker owns their keys' partitions (a root's story is seeded by its
    gatherer, its copies join it there through story-joins). Then one worker stops; the other,
    given its partitions and their tables from the changelogs, adds a copy to the same story."""
    sites = list(TEMPLATES)
    ids = [article_id(f"https://{site}/monde/lavrov-rubio") for site in sites]
    first = StoryWorker(bootstrap=kafka_bootstrap, workdir=tmp_path / "first", partitions=4)
    second = StoryWorker(bootstrap=kafka_bootstrap, workdir=tmp_path / "second", partitions=4, prefix=first.prefix)
    first.start()
    try:
        second.start()
        try:
            owned = settled([first, second], 4)
            assert all(owned), f"both workers own partitions: {owned}"
            pages = [copy_page(sites[0], 0), text_page(FIXTURES / "central-bank-holds-rate.txt", 1),
                     copy_page(sites[1], 1, paragraphs=DISPATCH[:-1]), copy_page(sites[2], 2)]
            for n, page in enumerate(pages, 1):  # each decided before the next: no copy before its original
                run(produce_values(kafka_bootstrap, first.topics["raw"], [page]))
                decided([first, second], n)
            events = stories_until(kafka_bootstrap, first.stories_topic, 3)
            latest = [e for e in events if len(e["members"]) == 3][-1]
            assert latest["id"] == ids[0]
            assert [(m["id"], m["duplicate_of"]) for m in latest["members"]] == [
                (ids[0], None), (ids[1], ids[0]), (ids[2], ids[0])]
        finally:
            second.stop()
        assert settled([first], 4) == [[0, 1, 2, 3]]
        run(produce_values(kafka_bootstrap, first.topics["raw"], [copy_page(sites[3], 3)]))
        events = stories_until(kafka_bootstrap, first.stories_topic, 4)
        latest = [e for e in events if len(e["members"]) == 4][-1]
        assert latest["id"] == ids[0]
        assert [(m["id"], m["duplicate_of"]) for m in latest["members"]] == [
            (ids[0], None), (ids[1], ids[0]), (ids[2], ids[0]), (ids[3], ids[0])]
    finally:
        first.stop()


def urlopen_text(url: str) -> str:
    import urllib.request

    with urllib.request.urlopen(url, timeout=5) as response:  # noqa: S310 - loopback
        return response.read().decode()
