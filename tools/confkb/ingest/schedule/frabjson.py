"""frab and pretalx ``schedule.json`` (c3voc schema 1): ``schedule > conference > days[] > rooms{name: [event]}``.

pretalx adds codes, biographies and avatars; real exports are often not valid against the schema (extra keys,
patterns not met), so unknown keys are ignored and what is missing is reported, never fatal."""

from __future__ import annotations

from ...diagnostics import Code
from .. import read as files
from . import checks, markup, talks, times
from .markup import Source
from .records import Conference, Day, Room, TrackInfo


def line_finder(text: str):
    """A function giving the line of the next ``"key": value`` in *text*, searching onward from the last hit:
    JSON keeps no line numbers and the report needs one."""
    pos = 0

    def find(pairs: list[tuple[str, object]]) -> int:
        nonlocal pos
        for key, value in pairs:
            if value not in (None, ""):
                hit = files.json_line(text, key, value, pos)
                if hit:
                    pos = hit[1]
                    return hit[0]
        return 1

    return find


def _obj(value: object) -> dict:
    return value if isinstance(value, dict) else {}


def _list(value: object) -> list:
    return value if isinstance(value, list) else []


def read(data: dict, text: str, src: Source) -> Conference:
    schedule = _obj(data.get("schedule"))
    conf = _obj(schedule.get("conference"))
    if not conf:
        raise ValueError("no schedule.conference object")
    src.base_url = talks.words(schedule.get("base_url")) or talks.words(conf.get("url"))
    tz = times.zone(talks.words(conf.get("time_zone_name")))
    find = line_finder(text)
    pretalx = "pretalx" in str(data.get("$schema", "")) or "pretalx" in src.base_url or any(
        "code" in p for d in _list(conf.get("days")) for evs in _obj(_obj(d).get("rooms")).values()
        for e in _list(evs) for p in _list(_obj(e).get("persons")) if isinstance(p, dict))
    days: list[Day] = []
    rooms: dict[str, str] = {talks.words(_obj(r).get("name")): talks.words(_obj(r).get("guid"))
                             for r in _list(conf.get("rooms")) if talks.words(_obj(r).get("name"))}
    found = []
    for n, d in enumerate(_list(conf.get("days")), 1):
        d = _obj(d)
        written = times.day_of(d.get("date"))
        start, end = times.instant(d.get("day_start")), times.instant(d.get("day_end"))
        if written is None and start is not None:
            written = start.date()
        try:
            index = int(d.get("index") or n)
        except (TypeError, ValueError):
            index = n
        days.append(Day(index, written.isoformat() if written else "", times.iso(start) if start else "",
                        times.iso(end) if end else ""))
        slot = talks.Slot(written, start, end)
        for room, events in _obj(d.get("rooms")).items():
            rooms.setdefault(talks.words(room), "")
            for e in _list(events):
                if not isinstance(e, dict):
                    src.report.warning(src.path, 1, Code.SCHEMA, f"room {room!r} lists a {type(e).__name__}, "
                                       "not a talk; left out")
                    continue
                raw = _event(e, find)
                raw["room"] = talks.words(e.get("room")) or talks.words(room)
                found.append(talks.talk(src, raw, slot, tz))
    tracks = [TrackInfo(talks.words(_obj(t).get("name")), talks.words(_obj(t).get("color")))
              for t in _list(conf.get("tracks")) if talks.words(_obj(t).get("name"))]
    named = {t.name for t in tracks}
    tracks += [TrackInfo(n) for n in dict.fromkeys(t.track for t in found if t.track) if n not in named]
    result = Conference(
        path=src.path, format="pretalx-json" if pretalx else "frab-json", title=talks.words(conf.get("title")),
        acronym=talks.words(conf.get("acronym")), start=talks.words(conf.get("start"))[:10],
        end=talks.words(conf.get("end"))[:10], time_zone=talks.words(conf.get("time_zone_name")),
        base_url=src.base_url, version=talks.words(schedule.get("version")), days=tuple(days),
        rooms=tuple(Room(n, g) for n, g in rooms.items() if n), tracks=tuple(tracks), talks=tuple(found))
    return checks.finish(src, result)


def _type(link: dict) -> str:
    """The link's type; a video typed "media" is the talk's recording (the JSON schema has no "recording" type)."""
    kind = talks.words(link.get("type"))
    return "recording" if kind.lower() == "media" and markup.is_video(talks.words(link.get("url"))) else kind


def _event(e: dict, find) -> dict:
    line = find([("guid", e.get("guid")), ("id", e.get("id")), ("title", e.get("title"))])
    persons = [{"name": p.get("public_name") or p.get("name") or p.get("full_public_name"), "id": p.get("id"),
                "guid": p.get("guid"), "code": p.get("code"), "biography": p.get("biography"),
                "links": [(_obj(lk).get("url"), _obj(lk).get("title"), "") for lk in _list(p.get("links"))]}
               for p in _list(e.get("persons")) if isinstance(p, dict)]
    links = [(_obj(lk).get("url"), _obj(lk).get("title"), _type(_obj(lk))) for lk in _list(e.get("links"))]
    links += [(_obj(a).get("url"), _obj(a).get("title"), talks.words(_obj(a).get("type")) or "slides")
              for a in _list(e.get("attachments"))]
    return {
        "id": e.get("id"), "guid": e.get("guid"), "code": e.get("code"), "line": line, "date": e.get("date"),
        "start": e.get("start"), "duration": e.get("duration"), "slug": e.get("slug"), "url": e.get("url"),
        "title": e.get("title"), "subtitle": e.get("subtitle"), "track": e.get("track"), "type": e.get("type"),
        "language": e.get("language"), "abstract": e.get("abstract"), "description": e.get("description"),
        "rec_licence": e.get("recording_license"), "rec_optout": bool(e.get("do_not_record")),
        "rec_url": _obj(e.get("recording")).get("url"), "persons": persons, "links": links,
    }
