"""One event's programme in the shape of the frab/c3voc schedule: what schedule.xml and schedule.json both say.

The formats need what the knowledge base leaves implicit: an acronym, a room for every talk, day boundaries and
date-times with offsets, durations, slugs and ids unique in the file. They are decided here, once, so the two
exports always agree. A session without a date or start time cannot be placed in a day and is left out.
"""

from __future__ import annotations

import re
import zoneinfo
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta, tzinfo

from ..ingest import values
from ..model import Event, KnowledgeBase, Link, Session
from . import exportids, lookup

ACRONYM = re.compile(r"[a-z0-9_-][a-z0-9_]{3,}(-2[0-9]{3}-[a-z]+)?")  # the JSON schema's, stricter than the XSD's
SLUG = re.compile(r"[a-z0-9_]{4,}-[a-z0-9_-]{3,}[a-z0-9]")  # both schemas' event slug
TIME = re.compile(r"(\d{1,2}):(\d{2})")
MAX_MINUTES = 99 * 60 + 59  # the XSD's duration has at most two digits of hours


@dataclass(frozen=True, slots=True)
class Person:
    id: int
    guid: str
    name: str
    biography: str = ""
    links: tuple[Link, ...] = ()


@dataclass(frozen=True, slots=True)
class Talk:
    id: int
    guid: str
    slug: str
    title: str
    subtitle: str
    type: str
    start: datetime  # aware, in the event's zone
    end: datetime
    room: str  # room name
    track: str  # track name
    language: str
    abstract: str
    url: str  # the talk's page at its source, else here ("" in neither)
    persons: tuple[Person, ...]
    links: tuple[Link, ...]  # with their kinds
    recordings: tuple[Link, ...]
    licence: str

    @property
    def duration(self) -> str:
        minutes = min(int((self.end - self.start).total_seconds() // 60), MAX_MINUTES)
        return f"{minutes // 60:02d}:{minutes % 60:02d}"


@dataclass(frozen=True, slots=True)
class RoomOfDay:
    name: str
    guid: str
    talks: tuple[Talk, ...]


@dataclass(frozen=True, slots=True)
class Day:
    index: int
    date: str
    start: datetime
    end: datetime
    rooms: tuple[RoomOfDay, ...]


@dataclass(frozen=True, slots=True)
class Schedule:
    title: str
    acronym: str
    start: str  # ISO dates
    end: str
    time_zone: str  # IANA name; "" when the programme names none (a fixed offset, or no zone at all)
    base_url: str  # the programme's own address, when it has one
    url: str  # where this export is published, when the site's address is known
    tracks: tuple[tuple[str, str], ...]  # (name, slug)
    rooms: tuple[tuple[str, str, str], ...]  # (name, slug, guid)
    days: tuple[Day, ...]


def acronym(e: Event) -> str:
    """The source's acronym when both schemas accept it, else one made from it or the event's slug."""
    if e.acronym and ACRONYM.fullmatch(e.acronym):
        return e.acronym
    made = re.sub(r"[^a-z0-9]+", "_", (e.acronym or e.slug).lower()).strip("_") or "event"
    return made.ljust(4, "_")


def _zone(e: Event) -> tzinfo:
    """The event's zone; UTC for a programme that states none (FOSDEM 2021): both formats need an offset, so
    its times are written as the programme gives them, at +00:00, with no time_zone_name (exports.md)."""
    try:
        return zoneinfo.ZoneInfo(e.timezone) if e.timezone else UTC
    except (ValueError, zoneinfo.ZoneInfoNotFoundError):
        return UTC


def _at(day: str, hhmm: str, zone: tzinfo) -> datetime | None:
    m = TIME.fullmatch(hhmm.strip())
    try:
        d = date.fromisoformat(day)
    except ValueError:
        return None
    if m is None or int(m.group(1)) > 24 or int(m.group(2)) > 59:
        return None
    return datetime(d.year, d.month, d.day, tzinfo=zone) + timedelta(hours=int(m.group(1)), minutes=int(m.group(2)))


def _times(s: Session, zone: tzinfo) -> tuple[datetime, datetime] | None:
    start = _at(s.date, s.start, zone) if s.date and s.start else None
    if start is None:
        return None
    end = _at(s.end_date or s.date, s.end, zone) if s.end else None
    if end is not None and end < start and not s.end_date:
        end += timedelta(days=1)  # past midnight, and the source gave no end date
    if end is None or end < start:
        end = start
    return start, end


def session_times(e: Event, s: Session) -> tuple[datetime, datetime] | None:
    """A session's start and end, aware in its event's zone (UTC for a programme that states none)."""
    return _times(s, _zone(e))


def _slug(prefix: str, ident: int, s: Session, taken: set[str]) -> str:
    """The source's slug when the schemas accept it, else ``<acronym>-<id>-<slug>`` as frab makes them."""
    given = [x.value for x in s.ids if x.key == "slug" and SLUG.fullmatch(x.value)]
    if given and given[0] not in taken:
        return given[0]
    tail = re.sub(r"[^a-z0-9_-]+", "-", f"{ident}-{s.slug}".lower()).strip("-_")
    return f"{prefix}-{tail if len(tail) >= 4 else tail + '-talk'}"


def schedule(kb: KnowledgeBase, e: Event, base_url: str = "", path: str = "") -> Schedule:
    """*path*: where the export is published in the site (its ``<url>`` when *base_url* is known)."""
    zone = _zone(e)
    people = kb.index.people
    sessions = [s for s in kb.sessions if s.event == e.slug]
    placed = [(s, t) for s in sessions if (t := _times(s, zone)) is not None]
    talk_ids = exportids.talk_ids(e.slug, [s for s, _ in placed])
    speakers = sorted({x for s, _ in placed for x in s.speakers if x in people})
    person_ids = exportids.person_ids(e.slug, [people[x] for x in speakers])
    persons = {x: Person(person_ids[x].id, person_ids[x].guid, people[x].name,
                         "\n\n".join(b.markdown for b in people[x].biography), people[x].links) for x in speakers}
    tracks = {t.slug: t.name for t in e.tracks}
    rooms = {r.slug: r for r in e.rooms}
    acr = acronym(e)
    taken: set[str] = set()
    by_day: dict[str, dict[str, list[Talk]]] = {}
    room_of: dict[str, tuple[str, str]] = {}  # room name -> (slug, guid)
    for s, (start, end) in sorted(placed, key=lambda p: (p[1][0], p[0].track, p[0].slug)):
        ident = talk_ids[s.slug]
        # no room given (GOSIM): each track had its own room, so the track stands for it and keeps
        # parallel talks apart; a session spanning several tracks appears once, in its own track's
        room = rooms.get(s.room)
        room_slug = s.room if room else f"track-{s.track}" if s.track else "other"
        room_name = room.name if room else tracks.get(s.track, "") or "Other"
        room_of.setdefault(room_name, (room_slug, exportids.room_guid(e.slug, room, room_slug)))
        slug = _slug(acr.replace("-", "_"), ident.id, s, taken)
        taken.add(slug)
        url = s.url if s.url.startswith(("http://", "https://")) else lookup.page_url(base_url or "/",
                                                                                       lookup.session_html(s))
        talk = Talk(ident.id, ident.guid, slug, s.title, s.subtitle, s.type or s.kind, start, end, room_name,
                    tracks.get(s.track, ""), s.language, s.abstract, url,
                    tuple(persons[x] for x in s.speakers if x in persons), s.links, s.recordings, s.licence)
        by_day.setdefault(s.day or s.date, {}).setdefault(room_name, []).append(talk)
    for r in e.rooms:  # a room without a timed talk is still one of the event's (the JSON lists it)
        room_of.setdefault(r.name, (r.slug, exportids.room_guid(e.slug, r, r.slug)))
    days = []
    for n, day in enumerate(sorted(by_day), 1):
        talks = [t for ts in by_day[day].values() for t in ts]
        days.append(Day(n, day, min(t.start for t in talks), max(t.end for t in talks),
                        tuple(RoomOfDay(name, room_of[name][1], tuple(by_day[day][name]))
                              for name in sorted(by_day[day], key=_room_order(e, tracks)))))
    known = sorted(by_day)
    return Schedule(
        e.name, acr, e.start_date or (known[0] if known else ""), e.end_date or (known[-1] if known else ""),
        e.timezone if zone is not UTC and not values.is_fixed(e.timezone) else "",
        e.url if e.url.startswith(("http://", "https://")) else "",
        lookup.page_url(base_url, path) if path else "",
        tuple((t.name, t.slug) for t in e.tracks),
        tuple((name, slug, guid) for name, (slug, guid) in sorted(room_of.items(), key=lambda kv:
                                                                   _room_order(e, tracks)(kv[0]))),
        tuple(days))


def _room_order(e: Event, tracks: dict[str, str]):
    """Rooms in the event's order (its rooms, else its tracks'), then by name."""
    order = [r.name for r in e.rooms] or list(tracks.values())
    return lambda name: (order.index(name) if name in order else len(order), name)

