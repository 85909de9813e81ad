"""iCal ``schedule.ics`` (read with the icalendar library): one VEVENT a talk, LOCATION its room, CATEGORIES its
track. Kielux and others name speakers only in ``ATTENDEE;CN=`` or a "von:" / "by:" line of the description."""

from __future__ import annotations

import re
from datetime import date, datetime

import icalendar

from . import checks, talks, times
from .markup import Source
from .records import Conference, Day, Room, TrackInfo

BY = re.compile(r"^\s*(?:von|by|speakers?|referent(?:in|en)?|sprecher(?:in)?)\s*:\s*(.+?)\s*$", re.I)
SPLIT = re.compile(r"\s*(?:,|;|&|\bund\b|\band\b)\s*")


def read(raw: bytes, text: str, src: Source) -> Conference:
    cal = icalendar.Calendar.from_ical(raw)
    tz = times.zone(str(cal.get("X-WR-TIMEZONE") or ""))
    lines = {m.group(1).strip(): text.count("\n", 0, m.start()) + 1
             for m in re.finditer(r"^UID:(.*)$", text, re.M)}
    found = []
    for ev in cal.walk("VEVENT"):
        uid = str(ev.get("UID") or "")
        line = lines.get(uid.strip(), 1)
        start = _when(ev.get("DTSTART"))
        end = _when(ev.get("DTEND"))
        if end is None and start is not None and ev.get("DURATION") is not None:
            end = start + ev.decoded("DURATION")
        description = str(ev.get("DESCRIPTION") or "")
        names, description = _speakers(ev, description)
        minutes = times.minutes_between(start, end) if start is not None and end is not None else None
        raw_talk = {
            "id": uid, "guid": uid, "line": line, "date": start.isoformat() if start else "",
            "duration": max(minutes, 0) if minutes is not None else "", "title": str(ev.get("SUMMARY") or ""),
            "room": str(ev.get("LOCATION") or ""), "track": _categories(ev), "url": str(ev.get("URL") or ""),
            "description": description, "persons": [{"name": name} for name in names],
        }
        found.append(raw_talk)
    built = [talks.talk(src, r, talks.Slot(), tz) for r in found]
    dates = sorted({t.day for t in built if t.day})
    result = Conference(
        path=src.path, format="ical", title=" ".join(str(cal.get("X-WR-CALNAME") or "").split()),
        start=dates[0] if dates else "", end=dates[-1] if dates else "", time_zone=str(tz or ""),
        days=tuple(Day(i, d) for i, d in enumerate(dates, 1)),
        rooms=tuple(Room(n) for n in dict.fromkeys(t.room for t in built if t.room)),
        tracks=tuple(TrackInfo(n) for n in dict.fromkeys(t.track for t in built if t.track)), talks=tuple(built))
    return checks.finish(src, result)


def _when(prop: object) -> datetime | None:
    value = getattr(prop, "dt", None)
    if isinstance(value, datetime):
        return value
    if isinstance(value, date):
        return datetime(value.year, value.month, value.day)
    return None


def _categories(ev: icalendar.Event) -> str:
    value = ev.get("CATEGORIES")
    items = value if isinstance(value, list) else [value] if value is not None else []
    cats = [str(c) for item in items for c in getattr(item, "cats", [item])]
    return cats[0] if cats else ""


def _speakers(ev: icalendar.Event, description: str) -> tuple[list[str], str]:
    """Speaker names from ATTENDEE;CN=, else from a "von:" line; the description without that line."""
    attendees = ev.get("ATTENDEE")
    attendees = attendees if isinstance(attendees, list) else [attendees] if attendees is not None else []
    names = [" ".join(str(a.params.get("CN", "")).split()) for a in attendees]
    names = [n for n in names if n]
    lines = description.replace("\r\n", "\n").split("\n")
    head = next((i for i, ln in enumerate(lines) if ln.strip()), None)
    if head is not None and (m := BY.match(lines[head])):
        if not names:
            names = [n for n in SPLIT.split(m.group(1)) if n]
        description = "\n".join(lines[head + 1:])
    return list(dict.fromkeys(names)), description


