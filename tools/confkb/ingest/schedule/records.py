"""What a published programme (frab/pentabarf/wafer XML, frab/pretalx JSON, iCal) says, as read: one shape for all.

Importers fill these; ``assemble/imported.py`` turns them into the knowledge base's records. Text fields are
already safe Markdown (HTML converted, relative links resolved or dropped, doubtful text withheld), times are
read with their offsets, and every value keeps the line (or event id) it came from for the report.
"""

from __future__ import annotations

from dataclasses import dataclass

from ...model import Link


@dataclass(frozen=True, slots=True)
class Person:
    name: str
    id: str = ""  # the source's person id, as written ("" when it gives none)
    guid: str = ""
    biography: str = ""  # Markdown
    links: tuple[Link, ...] = ()


@dataclass(frozen=True, slots=True)
class Talk:
    title: str
    line: int  # where the talk starts in the file (1 for JSON without a findable line)
    id: str = ""  # the source's id as written
    guid: str = ""  # as written; may be missing or not a UUID
    code: str = ""  # pretalx's short code
    slug: str = ""  # the source's own slug
    url: str = ""  # the talk's page at the source, absolute
    subtitle: str = ""
    type: str = ""  # lecture, workshop, lightning talk...
    language: str = ""
    track: str = ""  # track name
    room: str = ""  # room name
    day: str = ""  # ISO date of the programme day the source files it under
    start: str = ""  # ISO 8601 date-time with offset ("2014-12-27T11:30:00+01:00"); "" when unreadable
    minutes: int = 0  # duration
    abstract: str = ""  # Markdown
    description: str = ""  # Markdown
    persons: tuple[Person, ...] = ()
    links: tuple[Link, ...] = ()  # with Link.kind
    recording_url: str = ""
    recording_licence: str = ""
    recording_optout: bool = False


@dataclass(frozen=True, slots=True)
class Room:
    name: str
    guid: str = ""


@dataclass(frozen=True, slots=True)
class TrackInfo:
    name: str
    color: str = ""


@dataclass(frozen=True, slots=True)
class Day:
    index: int
    date: str  # ISO date
    start: str = ""  # ISO date-time with offset, when the source gives it
    end: str = ""


@dataclass(frozen=True, slots=True)
class Conference:
    path: str  # as shown in diagnostics ("sources/31c3/schedule.xml")
    format: str  # "frab-xml", "pentabarf-xml", "wafer-xml", "frab-json", "pretalx-json", "schedule2-json", "ical"
    title: str
    acronym: str = ""
    start: str = ""  # ISO date
    end: str = ""
    time_zone: str = ""  # IANA name
    base_url: str = ""
    version: str = ""
    location: str = ""  # venue and city as the programme names them ("Online", "CCH, Hamburg")
    days: tuple[Day, ...] = ()
    rooms: tuple[Room, ...] = ()
    tracks: tuple[TrackInfo, ...] = ()
    talks: tuple[Talk, ...] = ()
