"""``/<event>/schedule.json``: the frab/c3voc schedule JSON, valid against the c3voc JSON schema (draft 6)."""

from __future__ import annotations

import json

from ..model import Link
from .exportdata import Person, Schedule, Talk
from .frabxml import VERSION

# the schema's link types; a recording is "media", a link of another kind goes without a type
TYPES = {"slides", "paper", "web", "blog", "article", "media", "related", "activitypub"}


def _link(link: Link, kind: str) -> dict:
    out = {"url": link.url, "title": link.label or link.url}
    kind = "media" if kind == "recording" else kind
    return out | ({"type": kind} if kind in TYPES else {})


def _person(p: Person) -> dict:
    # a pretalx-style person (name, no public_name): the schema accepts exactly one of its two person shapes
    out: dict = {"id": p.id, "guid": p.guid, "name": p.name}
    if p.biography:
        out["biography"] = p.biography
    if p.links:
        out["links"] = [_link(x, x.kind) for x in p.links]
    return out


def _links(t: Talk) -> list[dict]:
    """The recordings first (as in the XML, the first is the talk's recording), then the other links, each
    address once."""
    first = [_link(x, "recording") for x in t.recordings]
    seen = {x.url for x in t.recordings}
    return first + [_link(x, x.kind) for x in t.links if x.url not in seen]


def _event(t: Talk) -> dict:
    out = {
        "guid": t.guid, "id": t.id, "date": t.start.isoformat(), "start": t.start.strftime("%H:%M"),
        "end": t.end.isoformat(), "duration": t.duration, "room": t.room, "slug": t.slug, "url": t.url,
        "title": t.title, "subtitle": t.subtitle, "track": t.track or None, "type": t.type,
        "language": t.language or None, "abstract": t.abstract, "persons": [_person(p) for p in t.persons],
        "links": _links(t),
    }
    if t.licence:
        out["recording_license"] = t.licence
    return out


def as_dict(s: Schedule) -> dict:
    conference = {
        "acronym": s.acronym, "title": s.title, "start": s.start, "end": s.end, "daysCount": len(s.days),
        "timeslot_duration": "00:05", **({"time_zone_name": s.time_zone} if s.time_zone else {}),
        "tracks": [{"name": name, "slug": slug} for name, slug in s.tracks],
        "rooms": [{"name": name, "slug": slug, "guid": guid} for name, slug, guid in s.rooms],
        "days": [{"index": d.index, "date": d.date, "day_start": d.start.isoformat(), "day_end": d.end.isoformat(),
                  "rooms": {r.name: [_event(t) for t in r.talks] for r in d.rooms}} for d in s.days],
    }
    if s.url:
        conference["url"] = s.url
    schedule: dict = {"version": VERSION, "conference": conference}
    if s.base_url:
        schedule["base_url"] = s.base_url
    return {"$schema": "https://c3voc.de/schedule/schema.json", "generator": {"name": "confkb"},
            "schedule": schedule}


def dumps(s: Schedule) -> str:
    return json.dumps(as_dict(s), ensure_ascii=False, indent=1) + "\n"
