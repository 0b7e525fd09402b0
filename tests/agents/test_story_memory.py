"""The stories stage's decisions, without Kafka: bands, gathering, joins, expiry."""
from __future__ import annotations

from pathlib import Path

from agents import story_memory
from pipeline import clean_page
from pipeline.fingerprint import DEFAULT_FINGERPRINT, band_keys, fingerprint

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "stories"
SEEDS = Path(__file__).resolve().parents[3] / "shared" / "seeds"
HOUR = 3600.0


def article(name: str, text: str, minute: int, *, site: str = "a.example") -> dict:
    return {"id": name, "fetched_at": f"2026-11-30T10:{minute:02d}:00Z", "fingerprint": fingerprint(text),
            "site": site, "url": f"https://{site}/{name}", "title": name, "sources": [{"name": "AFP"}]}


class Stage:
    """The three tables as dicts, run the way the agents run them."""

    def __init__(self) -> None:
        self.bands: dict[str, dict] = {}
        self.pending: dict[str, dict] = {}
        self.stories: dict[str, dict] = {}

    def add(self, art: dict, *, now: float = 1000.0, threshold: float = story_memory.DEFAULT_THRESHOLD) -> dict:
        member = story_memory.member_of(art)
        assert member is not None
        decision = None
        for band, key in enumerate(band_keys(member["fp"])):
            matches, later, self.bands[key] = story_memory.probe(self.bands.get(key), member, partition=0, now=now,
                                                          horizon=HOUR, threshold=threshold)
            self.pending[art["id"]], decision = story_memory.gather(
                self.pending.get(art["id"]), band=band, matches=matches, later=later, member=member,
                partition=0, now=now)
        assert decision is not None
        del self.pending[art["id"]]
        self.join(decision, now=now)
        for copy in decision["later"]:
            moved = story_memory.relink(self.stories.get(copy), article=copy, story=decision["story"],
                                        duplicate_of=art["id"])
            if moved:
                del self.stories[copy]
            for forward in moved:
                self.join(forward, now=now)
        return decision

    def join(self, decision: dict, *, now: float) -> None:
        self.stories[decision["story"]] = story_memory.join(self.stories.get(decision["story"]), decision,
                                                            partition=0, now=now)


def text_of(path: Path) -> str:
    return clean_page(path.read_text(encoding="utf-8"), content_type="text/plain").text


def test_copies_join_the_first_article_and_name_it_duplicate_of() -> None:
    text = text_of(FIXTURES / "lavrov-rubio-riyad.txt")
    stage = Stage()
    first = stage.add(article("first", text, 1))
    second = stage.add(article("second", text.replace("mardi", "ce mardi"), 2, site="b.example"))
    third = stage.add(article("third", text + "\n\nAvec AFP", 3, site="c.example"))
    assert first == {**first, "duplicate_of": None, "story": "first"}
    assert (second["duplicate_of"], second["story"]) == ("first", "first")
    assert (third["duplicate_of"], third["story"]) == ("first", "first")
    record = story_memory.story_record("first", stage.stories["first"])
    assert [m["id"] for m in record["members"]] == ["first", "second", "third"]
    assert [m["duplicate_of"] for m in record["members"]] == [None, "first", "first"]
    assert record["sites"] == 3 and record["sources"] == {"AFP": 3}


def test_a_copy_cleaned_before_its_earlier_original_is_relinked_to_it() -> None:
    text = text_of(FIXTURES / "central-bank-cuts-rate.txt")
    stage = Stage()
    late = stage.add(article("late", text, 9))  # fetched later, cleaned first (another partition)
    early = stage.add(article("early", text, 1))
    assert late["duplicate_of"] is None and early["duplicate_of"] is None and early["later"] == ["late"]
    assert set(stage.stories) == {"early"}
    record = story_memory.story_record("early", stage.stories["early"])
    assert [(m["id"], m["duplicate_of"]) for m in record["members"]] == [("early", None), ("late", "early")]


def test_same_subject_other_event_makes_separate_stories() -> None:
    paths = sorted(FIXTURES.glob("*.txt")) + sorted(SEEDS.glob("*.txt"))
    assert len(paths) >= 9, f"fixtures or seed pages missing under {FIXTURES} / {SEEDS}"
    stage = Stage()
    decisions = [stage.add(article(p.stem, text_of(p), n)) for n, p in enumerate(paths)]
    assert [d["duplicate_of"] for d in decisions] == [None] * len(paths)
    assert len(stage.stories) == len(paths)


def test_re_delivered_article_gets_the_same_answer_and_is_recorded_once() -> None:
    text = text_of(FIXTURES / "atlas-lions-qualifier-win.txt")
    stage = Stage()
    stage.add(article("one", text, 1))
    again = stage.add(article("two", text, 2))
    assert stage.add(article("two", text, 2)) == again
    assert all(len(entry["members"]) == 2 for entry in stage.bands.values())
    assert len(stage.stories["one"]["members"]) == 2


def test_members_older_than_the_horizon_are_forgotten() -> None:
    text = text_of(FIXTURES / "atlas-lions-friendly-draw.txt")
    stage = Stage()
    stage.add(article("old", text, 1), now=1000.0)
    assert stage.add(article("new", text, 2), now=1000.0 + 2 * HOUR)["duplicate_of"] is None
    entry = next(iter(stage.bands.values()))
    assert [m[0] for m in story_memory.prune_band(entry, now=1000.0 + 2 * HOUR, horizon=HOUR)["members"]] == ["new"]
    assert story_memory.prune_band(entry, now=1000.0 + 4 * HOUR, horizon=HOUR) is None
    items = [("k1", {"seen": 1000.0, "partition": 3}), ("k2", {"seen": 1000.0 + 2 * HOUR, "partition": 1})]
    assert story_memory.expired_keys(items, now=1000.0 + 2.5 * HOUR, horizon=HOUR) == [("k1", 3)]


def test_no_fingerprint_no_member() -> None:
    assert story_memory.member_of({"id": "x", "fingerprint": None}) is None
    assert DEFAULT_FINGERPRINT.bands == len(band_keys(fingerprint(text_of(FIXTURES / "central-bank-holds-rate.txt"))))
