"""c3voc schedule format 2 (the 38C3 hub): flat ``events`` with start and end date-times, ``participants`` by
guid with roles, and ``persons`` holding biographies and links."""

from __future__ import annotations

from datetime import datetime

from . import checks, talks, times
from .frabjson import _list, _obj, line_finder
from .markup import Source
from .records import Conference, Day, Room, TrackInfo

ROLES = {"SPEAKER", "MODERATOR", "HOST", "CONTRIBUTOR", ""}  # who is named on the talk; not e.g. "ANGEL"


def read(data: dict, text: str, src: Source) -> Conference:
    schedule = _obj(data.get("schedule"))
    conf = _obj(schedule.get("conference"))
    src.base_url = talks.words(schedule.get("base_url")) or talks.words(conf.get("url"))
    tz = times.zone(talks.words(conf.get("time_zone_name")))
    find = line_finder(text)
    days = []
    for n, d in enumerate(_list(conf.get("days")), 1):
        d = _obj(d)
        start, end = times.instant(d.get("start")), times.instant(d.get("end"))
        start = times.local(start, tz) if start and start.tzinfo else start
        end = times.local(end, tz) if end and end.tzinfo else end
        written = times.day_of(d.get("date")) or (start.date() if start else None)
        days.append((talks.Slot(written, start, end), Day(
            int(d.get("index") or n) if str(d.get("index") or n).isdigit() else n,
            written.isoformat() if written else "", times.iso(start) if start else "", times.iso(end) if end else "")))
    tracks = {talks.words(_obj(t).get("slug")) or talks.words(_obj(t).get("name")): _obj(t)
              for t in _list(conf.get("tracks"))}
    people = {talks.words(_obj(p).get("guid")): _obj(p) for p in _list(schedule.get("persons"))}
    rooms = {talks.words(_obj(r).get("name")): talks.words(_obj(r).get("guid")) for r in _list(conf.get("rooms"))}
    found = []
    for e in _list(schedule.get("events")):
        e = _obj(e)
        raw = _event(e, find, tracks, people)
        start = times.instant(e.get("start"))
        slot = _slot(days, times.local(start, tz) if start and start.tzinfo else start)
        if raw["room"]:
            rooms.setdefault(raw["room"], talks.words(_obj(e.get("room")).get("guid")))
        found.append(talks.talk(src, raw, slot, tz))
    infos = [TrackInfo(talks.words(t.get("name")), talks.words(_obj(t.get("colors")).get("light") or t.get("color")))
             for t in tracks.values() if talks.words(t.get("name"))]
    names = {t.name for t in infos}
    infos += [TrackInfo(n) for n in dict.fromkeys(t.track for t in found if t.track) if n not in names]
    result = Conference(
        path=src.path, format="schedule2-json", title=talks.words(conf.get("title")),
        acronym=talks.words(conf.get("acronym")), start=talks.words(conf.get("start"))[:10],
        end=talks.words(conf.get("end"))[:10], time_zone=talks.words(conf.get("time_zone_name")),
        base_url=src.base_url, version=talks.words(schedule.get("version")), days=tuple(d for _, d in days),
        rooms=tuple(Room(n, g) for n, g in rooms.items() if n), tracks=tuple(infos),
        talks=tuple(found))
    return checks.finish(src, result)


def _slot(days: list[tuple[talks.Slot, Day]], start: datetime | None) -> talks.Slot:
    """The day whose span holds *start* (a talk at 00:15 belongs to the day that ends at 06:00)."""
    for slot, _ in days:
        if start is not None and slot.start is not None and slot.end is not None:
            try:
                if slot.start <= start < slot.end:
                    return slot
            except TypeError:  # a naive and an aware time cannot be compared
                continue
    return talks.Slot(start.date() if start else None)


def _event(e: dict, find, tracks: dict[str, dict], people: dict[str, dict]) -> dict:
    line = find([("guid", e.get("guid")), ("code", e.get("code")), ("title", e.get("title"))])
    track = e.get("track")
    if isinstance(track, dict):
        key = talks.words(track.get("slug")) or talks.words(track.get("name"))
        track = talks.words(track.get("name")) or talks.words(tracks.get(key, {}).get("name")) or key
    persons = []
    for p in _list(e.get("participants")):
        p = _obj(p)
        if talks.words(p.get("role")).upper() not in ROLES:
            continue
        full = people.get(talks.words(p.get("guid")), {})
        persons.append({"name": p.get("name") or full.get("name"), "guid": p.get("guid"), "id": p.get("id"),
                        "code": p.get("code"), "biography": full.get("biography"),
                        "links": [(_obj(lk).get("url"), talks.words(_obj(lk).get("service")).title(), "web")
                                  for lk in _list(full.get("links"))]})
    links = [(_obj(lk).get("url"), _obj(lk).get("title"), talks.words(_obj(lk).get("type")))
             for lk in _list(e.get("links"))]
    links += [(_obj(a).get("url"), _obj(a).get("title"), talks.words(_obj(a).get("type")).lower() or "slides")
              for a in _list(e.get("attachments"))]
    return {
        "id": e.get("id"), "guid": e.get("guid"), "code": e.get("code"), "line": line, "date": e.get("start"),
        "end": e.get("end"), "duration": e.get("duration"), "slug": e.get("slug"), "url": e.get("url"),
        "title": e.get("title"), "subtitle": e.get("subtitle"), "track": track, "type": e.get("type"),
        "language": e.get("language"), "abstract": e.get("abstract"), "description": e.get("description"),
        "room": talks.words(_obj(e.get("room")).get("name")) or talks.words(e.get("room")),
        "rec_licence": _obj(e.get("recording")).get("license"), "rec_optout": False, "persons": persons,
        "links": links,
    }
