"""Who is who across events: the people of every event matched into speakers, each with one page.

Two events' people are one speaker when a source gave them the same id (same system, key and value), else
when their names are the same (Unicode NFC, spaces collapsed), unless both have ids from one system that
differ: then they are two people with one name, two pages. Names that differ only by a title ("Dr."), case,
accents or by one being inside the other are likely one person: listed for the organiser, never merged.
Everything is indexed by a key, never compared pair by pair, so an archive of thousands of people is fast.
"""

from __future__ import annotations

import itertools
import json
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ..diagnostics import Code, Report, quoted
from ..ingest.corrections import FILE, Corrections
from . import slugs

if TYPE_CHECKING:
    from .documents import EventParts

_TITLES = re.compile(r"^(?:(?:dr|prof|professor|mr|mrs|ms|mx|sir|dame|rev)\.?\s+)+")
_DEGREES = re.compile(r",?\s+(?:ph\.?\s?d|md|msc)\.?$")
MAX_WORDS = 8  # a longer "name" is looked up whole, not by its parts: the parts of a name grow as its square


@dataclass(slots=True)
class Member:
    """One event's person: the event's parts, its key in them, and the name it is matched by."""

    parts: EventParts
    key: str
    name: str
    split: bool = False  # the organiser gave this event's person a page of their own


@dataclass(slots=True)
class Who:
    """A speaker: the display name, the page's slug, and every event's person that is them."""

    name: str
    slug: str = ""
    members: list[Member] = field(default_factory=list)
    ids: dict[str, set] = field(default_factory=dict)  # system -> the (key, value) ids it gave them


def name_key(name: str) -> str:
    """What makes two names the same name: Unicode NFC, spaces collapsed (not case, accents or titles)."""
    return " ".join(unicodedata.normalize("NFC", name).split())


def folded(name: str) -> str:
    """What makes two names look alike: no title or degree, no case, no accents, words only."""
    text = unicodedata.normalize("NFKD", name_key(name))
    text = "".join(c for c in text if not unicodedata.combining(c)).casefold()
    text = _DEGREES.sub("", _TITLES.sub("", text))
    return " ".join(re.findall(r"[^\W_]+", text))


def identify(all_parts: list[EventParts], report: Report, fixes: dict[str, Corrections] | None = None) -> list[Who]:
    """Every event's people as speakers with unique slugs, in a stable order. *fixes*: each event's
    corrections (by event slug), whose [[speaker]] entries with an ``event`` give a person a page of their own."""
    fixes = fixes or {}
    members = []
    for p in all_parts:
        fix = fixes.get(p.event.slug)
        for key, person in p.people.items():
            own = fix.split(person["name"]) if fix else ""
            members.append(Member(p, key, name_key(own or person["name"]), bool(own)))
    parent = list(range(len(members)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    # the same id in two events is one person, however it is spelled
    by_id: dict[tuple[str, str, str], dict[str, int]] = {}
    for i, m in enumerate(members):
        for sid in () if m.split else m.parts.people[m.key].get("ids", ()):
            by_id.setdefault((sid.system, sid.key, sid.value), {}).setdefault(m.parts.event.slug, i)
    for found in by_id.values():
        first, *others = found.values()
        for i in others:
            parent[find(i)] = find(first)
    ids: dict[int, dict[str, set]] = {}  # cluster -> system -> its (key, value) ids
    for i, m in enumerate(members):
        for sid in m.parts.people[m.key].get("ids", ()):
            ids.setdefault(find(i), {}).setdefault(sid.system, set()).add((sid.key, sid.value))
    # then the same name, unless the ids say they are two people
    by_name: dict[str, list[int]] = {}
    for i, m in enumerate(members):
        by_name.setdefault(m.name, []).append(i)
    apart: list[list[int]] = []
    for group in by_name.values():
        kept: list[int] = []
        for root in dict.fromkeys(find(i) for i in group):
            home = next((k for k in kept if _compatible(ids.get(k, {}), ids.get(root, {}))), None)
            if home is None:
                kept.append(root)
                continue
            parent[root] = home
            for system, values in ids.pop(root, {}).items():
                ids.setdefault(home, {}).setdefault(system, set()).update(values)
        if len(kept) > 1:
            apart.append(kept)
    clusters: dict[int, Who] = {}
    for i, m in enumerate(members):
        clusters.setdefault(find(i), Who("", ids=ids.get(find(i), {}))).members.append(m)
    people = list(clusters.values())
    for who in people:
        who.name = _display_name(who, report)
    _slugs(people)
    for kept in apart:
        _two_people(report, [clusters[find(r)] for r in kept])
    _likely_same(people, report)
    return people


def _compatible(a: dict[str, set], b: dict[str, set]) -> bool:
    """No system gave the two different ids."""
    return all(a[s] & b[s] for s in a.keys() & b.keys())


def _events(who: Who) -> str:
    return ", ".join(dict.fromkeys(m.parts.event.name for m in who.members))


def _display_name(who: Who, report: Report) -> str:
    """The most common spelling among the events, the latest event's when as common; a report line says so."""
    counts = Counter(m.name for m in who.members)
    latest = {m.name: (m.parts.event.start_date, n) for n, m in enumerate(who.members)}
    name = max(counts, key=lambda x: (counts[x], latest[x]))
    if len(counts) > 1:
        other = next(m for m in who.members if m.name != name)
        where = {x: ", ".join(dict.fromkeys(m.parts.event.name for m in who.members if m.name == x)) for x in counts}
        spelled = "; ".join(f"{quoted(x)} in {where[x]}" for x in counts)
        report.fixed(_source(other), 1, Code.DUPLICATE_SPEAKER,
                     f"one person by the sources' ids, spelled {spelled}: one page, shown as {quoted(name)} "
                     f"(the {'most common' if counts[name] > min(counts.values()) else 'latest'} spelling)")
    return name


def _source(m: Member) -> str:
    person = m.parts.people[m.key]
    return person["sources"][0] if person.get("sources") else f"{m.parts.event.source_dir}/{FILE}"


def _slugs(people: list[Who]) -> None:
    """Unique slugs; two people of one name are told apart by organisation, else by event, the earliest keeping
    the plain slug, so a page keeps its address when another event is added later."""
    people.sort(key=lambda w: (w.name, min((m.parts.event.start_date or "9999", m.parts.event.slug)
                                            for m in w.members)))
    keys: list[str] = []
    taken = {w.name for w in people}
    for n, who in enumerate(people):
        key = who.name
        if n and people[n - 1].name == who.name:
            first = who.members[0]
            org = first.parts.people[first.key].get("organization", "")
            told = ([f"{who.name} {org}"] if org else []) + [f"{who.name} {first.parts.event.slug}"]
            key = next(k for k in itertools.chain(told, (f"{told[-1]} {k}" for k in itertools.count(2)))
                       if k not in taken)
            taken.add(key)
        keys.append(key)
    assigned = slugs.assign(keys, "speaker")
    for who, key in zip(people, keys):
        who.slug = assigned[key]
    people.sort(key=lambda w: w.slug)


def _two_people(report: Report, people: list[Who]) -> None:
    said = "; ".join(f"{w.slug} ({_events(w)})" for w in people)
    report.warning(_source(people[-1].members[0]), 1, Code.DUPLICATE_SPEAKER,
                   f"{quoted(people[0].name)} is {len(people)} people by the sources' ids, each with a page: {said}")


def _likely_same(people: list[Who], report: Report) -> int:
    """Report pairs of pages whose names differ by a title, case, accents, or one inside the other; returns
    how many look-ups it took (a handful per person, whatever the archive's size)."""
    lookups = 0
    index: dict[str, list[int]] = {}
    keys = [folded(w.name) for w in people]
    for n, key in enumerate(keys):
        index.setdefault(key, []).append(n)
    pairs: set[tuple[int, int]] = set()
    for n, key in enumerate(keys):
        words = key.split()
        parts = [key] if len(words) > MAX_WORDS else [
            " ".join(words[a:b]) for a in range(len(words)) for b in range(a + 2, len(words) + 1)] or [key]
        lookups += len(parts)
        for part in parts:
            pairs.update((min(n, o), max(n, o)) for o in index.get(part, ()) if o != n)
    for a, b in sorted(pairs):
        x, y = people[a], people[b]
        if x.name == y.name or not _compatible(x.ids, y.ids) or any(m.split for m in x.members + y.members):
            continue  # two people by their ids (reported or not), or the organiser has told them apart
        canon, other = sorted((x, y), key=_rank)
        files = ", ".join(dict.fromkeys(f"{m.parts.event.source_dir}/{FILE}" for m in other.members))
        entry = (f"[[speaker]] match = {json.dumps(other.name, ensure_ascii=False)} "
                 f"name = {json.dumps(canon.name, ensure_ascii=False)}")
        report.warning(_source(other.members[0]), 1, Code.LIKELY_SAME_SPEAKER,
                       f"{quoted(other.name)} ({_events(other)}) and {quoted(canon.name)} ({_events(canon)}) may be "
                       f"one person, shown on two pages; if they are, add to {files}: {entry}")
    return lookups


def _rank(w: Who) -> tuple:
    """Which of two likely-same names a merge keeps: no title, more talks, mixed case, the fuller name, the
    one with accents (a name without them is more often the one typed on an ASCII keyboard)."""
    talks = sum(len(m.parts.people[m.key].get("sessions", ())) for m in w.members)
    return (bool(_TITLES.match(w.name.casefold())), -talks, w.name.isupper() or w.name.islower(), -len(w.name),
            -sum(not c.isascii() for c in w.name), w.name)
