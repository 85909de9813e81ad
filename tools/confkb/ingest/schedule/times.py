"""Times as programmes write them: ISO date-times with or without an offset, HH:MM durations, day boundaries."""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta, tzinfo
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

DURATION = re.compile(r"^\s*(?:(\d+)[d.:]\s*)??(\d{1,3}):(\d{1,3})(?::(\d{1,2}))?\s*$")
CLOCK = re.compile(r"^\s*(\d{1,2}):(\d{2})(?::\d{2})?\s*$")


def zone(name: str) -> tzinfo | None:
    """The IANA zone called *name*, or None (unknown names are not guessed at)."""
    if not name.strip():
        return None
    try:
        return ZoneInfo(name.strip())
    except (ZoneInfoNotFoundError, ValueError):
        return None


def instant(text: object) -> datetime | None:
    """An ISO 8601 date-time (``Z`` and offsets read), naive when it gives none; None when unreadable."""
    if not isinstance(text, str) or not text.strip():
        return None
    try:
        return datetime.fromisoformat(text.strip())
    except ValueError:
        return None


def day_of(text: object) -> date | None:
    if not isinstance(text, str):
        return None
    try:
        return date.fromisoformat(text.strip()[:10])
    except ValueError:
        return None


def clock(text: str) -> tuple[int, int] | None:
    m = CLOCK.match(text or "")
    if not m or int(m.group(1)) > 47 or int(m.group(2)) > 59:
        return None
    return int(m.group(1)), int(m.group(2))


def duration(text: object) -> tuple[int, str]:
    """(minutes, how it was read when that needed saying): "01:30" -> 90; "1:75" -> 135 (minutes over 59);
    a bare number is minutes; "" -> 0."""
    if isinstance(text, int | float) and not isinstance(text, bool):
        return max(int(text), 0), ""
    raw = str(text or "").strip()
    if not raw:
        return 0, ""
    if raw.isdigit():
        return int(raw), f"duration {raw!r} has no unit; read as {int(raw)} minutes"
    m = DURATION.match(raw)
    if not m:
        return 0, f"duration {raw!r} cannot be read; the talk has no duration"
    days, hours, minutes = int(m.group(1) or 0), int(m.group(2)), int(m.group(3))
    total = days * 1440 + hours * 60 + minutes
    if m.group(4) is None and minutes > 59:
        return total, f"duration {raw!r} has {minutes} minutes; read as {total // 60}:{total % 60:02d}"
    return total, ""


def local(dt: datetime, tz: tzinfo | None) -> datetime:
    """*dt* in the event's zone when it has an offset and the zone is known; else as written."""
    if tz is not None and dt.tzinfo is not None:
        return dt.astimezone(tz)
    if tz is not None:
        return dt.replace(tzinfo=tz)
    return dt


def iso(dt: datetime) -> str:
    return dt.isoformat()


def minutes_between(a: datetime, b: datetime) -> int | None:
    try:
        return int((b - a) / timedelta(minutes=1))
    except TypeError:  # one has an offset, the other not
        return None
