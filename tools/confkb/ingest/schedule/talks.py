"""One talk as every format gives it (a plain dict of the source's words) made into a ``records.Talk``: its
time read with the day it is filed under, its text and links made safe, its people; each oddity reported."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta, tzinfo

from ...diagnostics import Code
from . import markup, times
from .records import Person, Talk


@dataclass(frozen=True, slots=True)
class Slot:
    """The programme day a talk is filed under, as far as the source says."""

    date: date | None = None
    start: datetime | None = None
    end: datetime | None = None
    day_change: tuple[int, int] | None = None  # pentabarf: a clock time before this belongs to the next date


def words(value: object) -> str:
    """A one-line value: whitespace collapsed; numbers as written; anything else ""."""
    if isinstance(value, bool) or value is None:
        return ""
    if isinstance(value, int | float):
        return str(value)
    return " ".join(value.split()) if isinstance(value, str) else ""


def talk(src: markup.Source, raw: dict, slot: Slot, tz: tzinfo | None) -> Talk:
    """*raw*: id, guid, code, slug, url, title, subtitle, type, language, track, room, date, start, end,
    duration, abstract, description, rec_licence, rec_optout, rec_url, persons, links (url, title, type), line."""
    line = int(raw.get("line") or 1)
    ident = words(raw.get("id")) or words(raw.get("code")) or words(raw.get("guid"))
    name = f"talk {ident}" if ident else "a talk"
    title = words(raw.get("title"))
    if not title:
        title = f"Untitled ({name})"
        src.report.warning(src.path, line, Code.MISSING_FIELD, f"{name} has no title; it is shown as {title!r}")
    start = _start(src, raw, slot, tz, line, name)
    minutes, how = times.duration(raw.get("duration"))
    if how:
        src.report.warning(src.path, line, Code.SCHEDULE_TIME, f"{name}: {how}")
    end = times.instant(raw.get("end"))
    if not raw.get("duration") and start is not None and end is not None:
        minutes = max(times.minutes_between(start, end) or 0, 0)
    _check_day(src, start, minutes, slot, line, name)
    links = [lk for lk in (markup.link(src, u, t, line, k) for u, t, k in raw.get("links") or ()) if lk]
    links = list({lk.url: lk for lk in reversed(links)}.values())[::-1]  # one link per address, first label kept
    recording = markup.absolute(src, raw.get("rec_url"), line) or next(
        (lk.url for lk in links if lk.kind == "recording"), "")
    return Talk(
        title=title, line=line, id=words(raw.get("id")), guid=words(raw.get("guid")), code=words(raw.get("code")),
        slug=words(raw.get("slug")), url=markup.page(src, raw.get("url"), line, src.pages),
        subtitle=words(raw.get("subtitle")), type=words(raw.get("type")), language=words(raw.get("language")),
        track=words(raw.get("track")), room=words(raw.get("room")),
        day=slot.date.isoformat() if slot.date else (start.date().isoformat() if start else ""),
        start=times.iso(start) if start else "", minutes=minutes,
        abstract=markup.text(src, raw.get("abstract"), int(raw.get("abstract_line") or line)),
        description=markup.text(src, raw.get("description"), int(raw.get("description_line") or line)),
        persons=tuple(p for p in (person(src, p, line) for p in raw.get("persons") or ()) if p),
        links=tuple(links), recording_url=recording, recording_licence=words(raw.get("rec_licence")),
        recording_optout=raw.get("rec_optout") in (True, "true", "True", "1"),
    )


def person(src: markup.Source, raw: dict, line: int) -> Person | None:
    name = words(raw.get("name"))
    if not name:
        src.report.warning(src.path, line, Code.MISSING_FIELD, "a person without a name was left out")
        return None
    links = (markup.link(src, u, t, line, k) for u, t, k in raw.get("links") or ())
    return Person(name, words(raw.get("id")) or words(raw.get("code")), words(raw.get("guid")),
                  markup.text(src, raw.get("biography"), line), tuple(lk for lk in links if lk))


def _start(src: markup.Source, raw: dict, slot: Slot, tz: tzinfo | None, line: int, name: str) -> datetime | None:
    clock = times.clock(words(raw.get("start")))
    dt = times.instant(raw.get("date"))
    if dt is None and slot.date is not None and clock is not None:
        hour, minute = clock
        day = slot.date + timedelta(days=hour // 24)
        if slot.day_change is not None and (hour, minute) < slot.day_change:
            day += timedelta(days=1)
        dt = datetime(day.year, day.month, day.day, hour % 24, minute)
    if dt is None:
        if words(raw.get("date")) or words(raw.get("start")):
            src.report.warning(src.path, line, Code.SCHEDULE_TIME,
                               f"{name}: its start {words(raw.get('date')) or words(raw.get('start'))!r} "
                               "cannot be read; it has no time")
        return None
    if dt.tzinfo is None and tz is None:
        src.no_offset.append(line)
    # the offset as written when it agrees with the file's clock time, else the zone's (wafer: UTC dates, local
    # start times; DemoCon: zone "UTC", dates and start times at +01:00)
    if not (clock and dt.tzinfo and (dt.hour, dt.minute) == (clock[0] % 24, clock[1])):
        dt = times.local(dt, tz)
    if clock is not None and raw.get("date") and (dt.hour, dt.minute) != (clock[0] % 24, clock[1]):
        src.report.warning(src.path, line, Code.SCHEDULE_TIME,
                           f"{name}: its date says {dt:%H:%M} local time, its start {clock[0]:02d}:{clock[1]:02d}; "
                           "the date was used")
    return dt


def _check_day(src: markup.Source, start: datetime | None, minutes: int, slot: Slot, line: int, name: str) -> None:
    if start is None:
        return
    if minutes >= 1440:
        src.report.warning(src.path, line, Code.SCHEDULE_TIME,
                           f"{name} lasts {minutes // 60} hours {minutes % 60} minutes, longer than a day; kept")
    if slot.date is not None and start.date() == slot.date + timedelta(days=1):
        src.report.fixed(src.path, line, Code.SCHEDULE_TIME,
                         f"{name} starts after midnight ({start:%Y-%m-%d %H:%M}); kept on {slot.date.isoformat()}, "
                         "the programme day the file lists it under")
    elif slot.date is not None and start.date() != slot.date:
        src.report.warning(src.path, line, Code.SCHEDULE_TIME,
                           f"{name} is listed under the day {slot.date.isoformat()} but starts on "
                           f"{start:%Y-%m-%d %H:%M}; kept under {slot.date.isoformat()}")
    elif 1 < minutes < 1440 and (start + timedelta(minutes=minutes - 1)).date() > start.date():
        end = start + timedelta(minutes=minutes)
        src.report.fixed(src.path, line, Code.SCHEDULE_TIME,
                         f"{name} runs past midnight (until {end:%Y-%m-%d %H:%M}); kept whole on the day it starts")
