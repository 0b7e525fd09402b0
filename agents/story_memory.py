"""What the stories stage keeps in its tables, and how it decides copies and stories: plain values
in, plain values out, no Kafka (the agents in agents/stories.py move them; the benchmark,
benchmarks/wire_copies.py, runs the same functions on dicts).

Three tables, each partitioned the way it is read:

* ``story-bands``, keyed by LSH band key (pipeline/fingerprint.py): the articles whose
  fingerprint has that band, each kept small, ``[id, at, root, root_at, compact fingerprint, seen]``.
  :func:`probe` confirms the band's candidates by estimated Jaccard and records the article.
* ``story-pending``, keyed by article id: an article's band answers until all its bands
  answered; :func:`gather` then decides ``duplicate_of`` (the earliest confirmed copy) and the
  story (the earliest story root among its copies).
* ``stories``, keyed by story id (its first article's id): its members. An article without
  copies seeds an entry of its own (one member, not published), so that its summary is there when
  a copy joins it: :func:`join`.

Every entry carries ``seen`` (when it was last written, unix seconds) and ``partition`` (where its
changelog tombstone goes), like the ticker table (agents/ticker_memory.py), so entries not written
for the horizon are purged and the tables stay bounded.
"""
from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from datetime import datetime
from typing import Any

from pipeline.fingerprint import DEFAULT_FINGERPRINT, FingerprintOptions, compact, compact_similarity

__all__ = [
    "DEFAULT_THRESHOLD",
    "MAX_BAND_MEMBERS",
    "SUMMARY_FIELDS",
    "expired_keys",
    "gather",
    "join",
    "member_of",
    "probe",
    "prune_band",
    "relink",
    "story_record",
    "summary",
]

#: Estimated Jaccard at or over which two texts are copies of one dispatch.
DEFAULT_THRESHOLD = 0.8
#: Members kept per band key: the first and the latest ones. A band shared by that many articles
#: is boilerplate the cleaner left in, not one dispatch; capping it keeps a probe cheap.
MAX_BAND_MEMBERS = 64
#: What a story shows of each member.
SUMMARY_FIELDS = ("id", "site", "url", "title", "first_seen", "sources")

Member = dict[str, Any]


def _unix(iso: str) -> float:
    try:
        return datetime.fromisoformat(iso.replace("Z", "+00:00")).timestamp()
    except ValueError:
        return 0.0


def member_of(article: Mapping[str, Any]) -> Member | None:
    """An Article event (as a dict) as the stage handles it; None without a fingerprint."""
    if not article.get("fingerprint"):
        return None
    return {
        "id": article["id"],
        "at": _unix(article.get("fetched_at") or ""),
        "first_seen": article.get("fetched_at") or "",
        "fp": article["fingerprint"],
        "site": article.get("site") or "",
        "url": article.get("url") or "",
        "title": article.get("title") or "",
        "sources": sorted({s.get("name", "") for s in article.get("sources") or () if s.get("name")}),
    }


def summary(member: Mapping[str, Any]) -> Member:
    """What a story shows of a member (no fingerprint)."""
    return {**{key: member[key] for key in SUMMARY_FIELDS}, "at": member["at"]}


#: A band member: [id, at, root id, root at, compact fingerprint, seen]; root and root at are None
#: when the member is its own story's root.
_ID, _AT, _ROOT, _ROOT_AT, _FP, _SEEN = range(6)


def probe(entry: Mapping[str, Any] | None, member: Member, *, partition: int, now: float, horizon: float,
          threshold: float = DEFAULT_THRESHOLD, options: FingerprintOptions = DEFAULT_FINGERPRINT,
          ) -> tuple[list[list[Any]], list[str], dict[str, Any]]:
    """One band's answer for ``member``: the earlier members of the band whose text is a copy
    (estimated Jaccard ≥ ``threshold``) as ``[id, at, root, root_at]``, the ids of later members
    that copy it (they were processed first, across partitions, and must be relinked to it), and
    the band entry with ``member`` recorded. Idempotent: a re-delivered article gets the same
    answer, recorded once."""
    members = [m for m in (entry or {}).get("members", ()) if now - m[_SEEN] <= horizon]
    mine = member.get("compact") or compact(member["fp"], options=options)
    order = (member["at"], member["id"])
    copies = [m for m in members if m[_ID] != member["id"] and compact_similarity(m[_FP], mine) >= threshold]
    matches = [[m[_ID], m[_AT], m[_ROOT] or m[_ID], m[_AT] if m[_ROOT] is None else m[_ROOT_AT]]
               for m in copies if (m[_AT], m[_ID]) < order]
    later = [m[_ID] for m in copies if (m[_AT], m[_ID]) > order]
    if not any(m[_ID] == member["id"] for m in members):
        root_at, root = min(((m[_ROOT_AT], m[_ROOT]) for m in matches), default=order)
        if root == member["id"]:  # its own story, the usual case: nothing repeated (a tenth of the memory)
            root = root_at = None
        members = sorted([*members, [member["id"], member["at"], root, root_at, mine, now]],
                         key=lambda m: (m[_AT], m[_ID]))
        if len(members) > MAX_BAND_MEMBERS:
            members = [members[0], *members[-(MAX_BAND_MEMBERS - 1):]]
    return matches, later, {"members": members, "seen": now, "partition": partition}


def gather(entry: Mapping[str, Any] | None, *, band: int, matches: list[list[Any]], member: Member,
           partition: int, now: float, later: Iterable[str] = (),
           options: FingerprintOptions = DEFAULT_FINGERPRINT,
           ) -> tuple[dict[str, Any], dict[str, Any] | None]:
    """Add one band's answer for an article; once every band answered, the decision:
    ``{"duplicate_of": id or None, "story": story id, "member": summary, "later": ids}`` (without
    copies, the article's own id is the story: a seed; ``later``: copies to relink to it)."""
    bands = dict((entry or {}).get("bands", {}))
    bands[str(band)] = matches
    late = sorted({*(entry or {}).get("later", ()), *later})
    pending = {"member": summary(member), "bands": bands, "later": late, "seen": now, "partition": partition}
    if len(bands) < options.bands:
        return pending, None
    found = {m[_ID]: m for answer in bands.values() for m in answer}
    if not found:
        return pending, {"duplicate_of": None, "story": member["id"], "later": late,
                         "member": {**pending["member"], "duplicate_of": None}}
    earliest = min(found.values(), key=lambda m: (m[_AT], m[_ID]))
    root = min((m[_ROOT_AT], m[_ROOT]) for m in found.values())[1]
    return pending, {"duplicate_of": earliest[_ID], "story": root, "later": late,
                     "member": {**pending["member"], "duplicate_of": earliest[_ID]}}


def join(entry: Mapping[str, Any] | None, decision: Mapping[str, Any], *, partition: int, now: float,
         ) -> dict[str, Any]:
    """The story entry with the decided member in it (a re-delivered decision replaces itself)."""
    members = {m["id"]: m for m in (entry or {}).get("members", ())}
    members[decision["member"]["id"]] = dict(decision["member"])
    return {"members": sorted(members.values(), key=lambda m: (m["at"], m["id"])), "seen": now,
            "partition": partition}


def relink(entry: Mapping[str, Any] | None, *, article: str, story: str, duplicate_of: str,
           ) -> list[dict[str, Any]]:
    """An article decided before an earlier copy of it reached the bands (the two were cleaned
    in another order than they were fetched) started a story of its own, ``entry``: its members
    move to ``story``, the article with ``duplicate_of`` set. The decisions to send there, or
    none when the article's story is not here (already moved, or expired)."""
    members = (entry or {}).get("members", ())
    if not any(m["id"] == article for m in members):
        return []
    moved = []
    for m in members:
        copy_of = duplicate_of if m["id"] == article else m.get("duplicate_of")
        moved.append({"story": story, "duplicate_of": copy_of, "member": {**m, "duplicate_of": copy_of}})
    return moved


def story_record(story_id: str, entry: Mapping[str, Any]) -> dict[str, Any]:
    """The fields of a Story event for a story entry (schemas.Story)."""
    members = [{key: m.get(key) for key in (*SUMMARY_FIELDS, "duplicate_of")} for m in entry["members"]]
    for m in members:
        if m["id"] == story_id:
            m["duplicate_of"] = None
    first = next((m for m in members if m["id"] == story_id), members[0])
    credits = Counter(name for m in members for name in m["sources"] or ())
    return {"id": story_id, "first": first, "members": members, "sites": len({m["site"] for m in members}),
            "sources": dict(credits.most_common())}


def prune_band(entry: Mapping[str, Any], *, now: float, horizon: float) -> dict[str, Any] | None:
    """The band entry without members recorded over ``horizon`` ago; None when none is left."""
    members = [m for m in entry.get("members", ()) if now - m[_SEEN] <= horizon]
    if not members:
        return None
    return {**entry, "members": members}


def expired_keys(items: Iterable[tuple[Any, Any]], *, now: float, horizon: float) -> list[tuple[Any, int | None]]:
    """(key, changelog partition) of every entry not written for ``horizon`` seconds."""
    out = []
    for key, value in items:
        if isinstance(value, Mapping) and now - float(value.get("seen", now)) > horizon:
            partition = value.get("partition")
            out.append((key, partition if isinstance(partition, int) else None))
    return out
