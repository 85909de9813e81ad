"""iCalendar (RFC 5545) feeds for an event, a track, a session and a speaker, built with ``icalendar``."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import UTC, date, datetime, time
from functools import cache

import icalendar
from icalendar.parser import Contentline, Parameters

from .. import memo, parallel
from ..model import Event, KnowledgeBase, Session
from . import index as kbindex
from . import lookup
from .plain import plain_text

PRODID = "-//confkb//confkb//EN"
UID_DOMAIN = "confkb"
SPEAKER_PROP = "X-CONFKB-SPEAKER"


def _sort_key(session: Session) -> tuple[str, str, str, str]:
    return (session.date, session.start, session.event, session.slug)


# -- calendar building ----------------------------------------------------------


def _dtstamp(session: Session, event: Event | None) -> datetime:
    """A fixed DTSTAMP so the same knowledge base always gives the same bytes (never 'now')."""
    for value in ((event.start_date if event else ""), session.date):
        try:
            return datetime.combine(date.fromisoformat(value), time(0, 0), tzinfo=UTC)
        except ValueError:
            continue
    return datetime(1970, 1, 1, tzinfo=UTC)


def _vevent(session: Session, event: Event | None, base_url: str, names: tuple[str, ...]) -> icalendar.Event | None:
    times = lookup.session_times(session, event)
    if times is None:
        return None
    start, end = times
    vevent = icalendar.Event()
    vevent.add("UID", f"{session.event}/{session.slug}@{UID_DOMAIN}")
    vevent.add("DTSTAMP", _dtstamp(session, event))
    vevent.add("DTSTART", start)
    # Without an end time RFC 5545 gives the event zero duration; better than inventing a length.
    if end is not None:
        vevent.add("DTEND", end)
    vevent.add("SUMMARY", session.title)
    description = plain_text(session.abstract)
    if names:
        description = (description + "\n\n" if description else "") + "Speakers: " + ", ".join(names)
    if description:
        vevent.add("DESCRIPTION", description)
    if event is not None and event.location:
        vevent.add("LOCATION", event.location)
    url = lookup.page_url(base_url, lookup.session_path(session))
    if url:
        vevent.add("URL", url)
    track = next((t for t in (event.tracks if event else ()) if t.slug == session.track), None)
    if track is not None:
        vevent.add("CATEGORIES", [track.name])
    # Speakers are not ATTENDEEs: that needs a cal-address and makes clients treat the
    # entry as a meeting invitation. An x-prop is valid RFC 5545 and ignored by clients;
    # VALUE=TEXT so parsers (icalendar included) read the escaped "Bob\, Jr." back as "Bob, Jr.".
    for name in names:
        vevent.add(SPEAKER_PROP, icalendar.vText(name), parameters={"VALUE": "TEXT"})
    return vevent


def vevents(kb: KnowledgeBase, base_url: str = "") -> dict[int, tuple[str, bytes]]:
    """Every session's VEVENT, serialised once: ``id(session)`` -> (cache key, bytes; b"" without a time).

    A session shows up in four calendars (its own, its track's, its event's and each speaker's); icalendar's
    serialiser was most of the cost of a big site's calendars. Computed on every core, cached by content.
    """
    if _VEVENTS and _VEVENTS[0] is kb and _VEVENTS[1] == base_url:
        return _VEVENTS[2]
    keys, jobs, make = vevent_work(kb, base_url)
    keep_vevents(kb, base_url, keys, parallel.map_cached(keys, make, jobs))
    return _VEVENTS[2]


def vevent_work(kb: KnowledgeBase, base_url: str = "") -> tuple[list[str], list, Callable[[object, object], bytes]]:
    """What makes every session's VEVENT, for ``parallel.map_cached``: (cache keys, jobs, function).

    The pipeline maps it together with the pages (one set of workers for both), then hands the results to
    ``keep_vevents``.
    """
    events = kbindex.of(kb).events
    digest = kbindex.of(kb).digest
    event_keys = {slug: digest(e) for slug, e in events.items()}
    names = [tuple(lookup.speaker_names(kb, s)) for s in kb.sessions]
    keys = [memo.key("vevent", digest(s), event_keys.get(s.event), base_url, n) for s, n in zip(kb.sessions, names)]

    def make(job: object, _: object) -> bytes:
        session, speakers = job  # type: ignore[misc]
        return _vevent_ical(session, events.get(session.event), base_url, speakers)
    return keys, list(zip(kb.sessions, names)), make


def keep_vevents(kb: KnowledgeBase, base_url: str, keys: list[str], found: list[tuple[bytes, list]]) -> None:
    """Remember the VEVENTs made from ``vevent_work`` for the calendars of *kb*."""
    by_id = {id(s): (k, text) for s, k, (text, _) in zip(kb.sessions, keys, found)}
    _VEVENTS[:] = [kb, base_url, by_id]


_VEVENTS: list = []  # [kb, base_url, vevents] of the knowledge base last asked about


def _vevent_ical(session: Session, event: Event | None, base_url: str, names: tuple[str, ...]) -> bytes:
    vevent = _vevent(session, event, base_url, names)
    return vevent.to_ical() if vevent is not None else b""


@cache
def _vtimezone_ical(tzid: str, first: int, last: int) -> bytes:
    return icalendar.Timezone.from_tzid(tzid, first_date=date(first, 1, 1), last_date=date(last + 1, 1, 1)).to_ical()


def join_all(kb: KnowledgeBase, specs: list[tuple[str, Iterable[Session]]], base_url: str = "") -> list[bytes]:
    """The calendars named and filled by *specs* (name, sessions).

    A calendar is its name and its VEVENTs: cached by those, so a rebuild joins only what changed. Joined
    in this process: a calendar is its VEVENTs' bytes put together, tens of microseconds, and sending it
    between processes costs more than that (2,090 calendars: 0.05 s here, 0.06 to 0.15 s on two cores).
    """
    serialised = vevents(kb, base_url)
    jobs = [(name, sorted(sessions, key=_sort_key)) for name, sessions in specs]
    keys = [memo.key("calendar", name, [serialised[id(s)][0] for s in ordered]) for name, ordered in jobs]
    return [memo.cached(k, None, lambda _, job=job: _join(kb, job[1], job[0], serialised))
            for k, job in zip(keys, jobs)]


def _join(kb: KnowledgeBase, ordered: list[Session], name: str, serialised: dict[int, tuple[str, bytes]]) -> bytes:
    events = kbindex.of(kb).events
    parts: list[bytes] = []
    spans: dict[str, list[datetime]] = {}
    for session in ordered:
        vevent = serialised[id(session)][1]
        if not vevent:
            continue  # no date or no start time: nothing a calendar can show
        parts.append(vevent)
        event = events.get(session.event)
        start, end = lookup.session_times(session, event)
        if start.tzinfo is not None:
            spans.setdefault(event.timezone, []).extend(d for d in (start, end) if d is not None)
    # VTIMEZONEs first, sorted by TZID: add_missing_timezones() iterates a set, whose
    # order changes between runs, and clients want zones defined before use.
    zones = [_vtimezone_ical(tzid, min(spans[tzid]).year, max(spans[tzid]).year) for tzid in sorted(spans)]
    # icalendar serialises every component; the calendar is those components between its own lines
    head, end = _frame()
    return head + _name_line(name) + b"".join(zones) + b"".join(parts) + b"END:VCALENDAR" + end


@cache
def _frame() -> tuple[bytes, bytes]:
    """What every calendar says before its name, and after its components: serialised once, not per calendar
    (icalendar took as long for these four lines as for the rest of a one-session calendar)."""
    cal = icalendar.Calendar()
    cal.add("PRODID", PRODID)
    cal.add("VERSION", "2.0")
    cal.add("CALSCALE", "GREGORIAN")
    head, end = cal.to_ical().rsplit(b"END:VCALENDAR", 1)
    return head, end


def _name_line(name: str) -> bytes:
    """``X-WR-CALNAME`` as icalendar writes it in a whole calendar (same value type, same folding), without
    making a calendar for each name (that was most of the time of joining 2,090 calendars)."""
    return Contentline.from_parts("X-WR-CALNAME", Parameters(), _name_type()(name)).to_ical() + b"\r\n"


@cache
def _name_type() -> type:
    """The value type icalendar gives ``X-WR-CALNAME`` when it is added to a calendar."""
    return icalendar.Calendar.types_factory.for_property("X-WR-CALNAME")


def event_spec(kb: KnowledgeBase, event_slug: str) -> tuple[str, list[Session]]:
    """All timed sessions of one event."""
    event = lookup.find_event(kb, event_slug)
    return event.name, [s for s in kb.sessions if s.event == event_slug]


def track_spec(kb: KnowledgeBase, event_slug: str, track_slug: str) -> tuple[str, list[Session]]:
    """The timed sessions of one track of one event."""
    event = lookup.find_event(kb, event_slug)
    track = next((t for t in event.tracks if t.slug == track_slug), None)
    if track is None:
        raise KeyError(f"unknown track {event_slug}/{track_slug}")
    return f"{event.name}: {track.name}", [s for s in kb.sessions if s.event == event_slug and s.track == track_slug]


def session_spec(kb: KnowledgeBase, event_slug: str, session_slug: str) -> tuple[str, list[Session]]:
    """A one-session calendar ("add to my calendar"); has no VEVENT when the session has no time."""
    session = lookup.find_session(kb, event_slug, session_slug)
    return session.title, [session]


def speaker_spec(kb: KnowledgeBase, speaker_slug: str) -> tuple[str, list[Session]]:
    """A speaker's timed sessions across all events."""
    speaker = lookup.find_speaker(kb, speaker_slug)
    return speaker.name, lookup.speaker_sessions(kb, speaker)


def event_calendar(kb: KnowledgeBase, event_slug: str, base_url: str = "") -> bytes:
    return join_all(kb, [event_spec(kb, event_slug)], base_url)[0]


def track_calendar(kb: KnowledgeBase, event_slug: str, track_slug: str, base_url: str = "") -> bytes:
    return join_all(kb, [track_spec(kb, event_slug, track_slug)], base_url)[0]


def session_calendar(kb: KnowledgeBase, event_slug: str, session_slug: str, base_url: str = "") -> bytes:
    return join_all(kb, [session_spec(kb, event_slug, session_slug)], base_url)[0]


def speaker_calendar(kb: KnowledgeBase, speaker_slug: str, base_url: str = "") -> bytes:
    return join_all(kb, [speaker_spec(kb, speaker_slug)], base_url)[0]
