"""iCalendar (RFC 5545) feeds for an event, a track, a session and a speaker, built with ``icalendar``."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import UTC, date, datetime, time
from functools import cache

import icalendar

from ..cache import BuildCache, key
from ..ingest import values
from ..model import Event, KnowledgeBase, Session
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
    if event is not None and values.is_fixed(event.timezone):
        # a programme that gives an offset but no zone (31C3): the instant in UTC, not a zone it never named
        start, end = start.astimezone(UTC), end.astimezone(UTC) if end is not None else None
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
    track = next((t for t in (event.tracks if event else ()) if t.slug == session.track), None)
    # where to go: the room, the track (GOSIM's tracks have a stage each; its programme names no room), the venue
    spans = session.spans()
    spanned = [t.name for t in (event.tracks if event else ()) if t.slug in spans]
    room = next((r.name for r in (event.rooms if event else ()) if r.slug == session.room), "")
    where = [room, "All tracks" if len(spans) > 1 and len(spanned) == len(event.tracks)
             else f"{', '.join(spanned)} tracks" if len(spanned) > 1
             else f"{track.name} track" if track is not None else "",
             event.location if event is not None else ""]
    if any(where):
        vevent.add("LOCATION", ", ".join(x for x in where if x))
    # back to the talk's page. RFC 5545 types URL as a URI, which RFC 3986 (section 3) gives a scheme: a published
    # build (html_baseurl set, as on Read the Docs) writes it absolute. Without the site's address, the path from
    # the site's root, as the sitemap does: a relative reference, outside the letter of RFC 5545, that resolves
    # against the address the feed was fetched from (RFC 3986, section 5.1.3)
    vevent.add("URL", lookup.page_url(base_url or "/", lookup.session_html(session)))
    if track is not None:
        vevent.add("CATEGORIES", [track.name])
    # Speakers are not ATTENDEEs: that needs a cal-address and makes clients treat the
    # entry as a meeting invitation. An x-prop is valid RFC 5545 and ignored by clients;
    # VALUE=TEXT so parsers (icalendar included) read the escaped "Bob\, Jr." back as "Bob, Jr.".
    for name in names:
        vevent.add(SPEAKER_PROP, icalendar.vText(name), parameters={"VALUE": "TEXT"})
    return vevent


def calendars(kb: KnowledgeBase, specs: list[tuple[str, Iterable[Session]]], base_url: str = "",
              cache: BuildCache | None = None) -> list[bytes]:
    """The calendars named and filled by *specs* (name, sessions), each cached by its name and its sessions'
    records, so a rebuild makes only the calendars whose sessions changed."""
    cache = cache or BuildCache()
    digest, events = kb.index.digest, kb.index.events
    # what each session's entry is made of, once for all its calendars: (its cache key's part, speaker names)
    entry = {id(s): ((digest(s), digest(events.get(s.event)), names), names)
             for s in kb.sessions for names in [tuple(lookup.speaker_names(kb, s))]}
    made: dict[int, icalendar.Event | None] = {}  # each session's VEVENT, made when a calendar first needs it

    def vevent(session: Session) -> icalendar.Event | None:
        if id(session) not in made:
            made[id(session)] = _vevent(session, events.get(session.event), base_url, entry[id(session)][1])
        return made[id(session)]

    out = []
    for name, sessions in specs:
        ordered = sorted(sessions, key=_sort_key)
        k = key("calendar", name, base_url, [entry[id(s)][0] for s in ordered])
        out.append(cache.cached(k, None, lambda _, name=name, ordered=ordered: _calendar(kb, name, ordered, vevent)))
    return out


def _calendar(kb: KnowledgeBase, name: str, ordered: list[Session],
              vevent: Callable[[Session], icalendar.Event | None]) -> bytes:
    cal = icalendar.Calendar()
    cal.add("PRODID", PRODID)
    cal.add("VERSION", "2.0")
    cal.add("CALSCALE", "GREGORIAN")
    cal.add("X-WR-CALNAME", " ".join(name.split()))  # a title with a line break (a correction may give one)
    entries = [(s, v) for s in ordered if (v := vevent(s)) is not None]  # no date or start: nothing to show
    spans: dict[str, list[datetime]] = {}
    for session, _ in entries:
        event = kb.index.events.get(session.event)
        start, end = lookup.session_times(session, event)
        if start.tzinfo is not None and not values.is_fixed(event.timezone):
            spans.setdefault(event.timezone, []).extend(d for d in (start, end) if d is not None)
    # VTIMEZONEs first, sorted by TZID: add_missing_timezones() iterates a set, whose order changes between
    # runs, and clients want zones defined before use.
    for tzid in sorted(spans):
        cal.add_component(_timezone(tzid, min(spans[tzid]).year, max(spans[tzid]).year))
    for _, v in entries:
        cal.add_component(v)
    return cal.to_ical()


@cache
def _timezone(tzid: str, first: int, last: int) -> icalendar.Timezone:
    return icalendar.Timezone.from_tzid(tzid, first_date=date(first, 1, 1), last_date=date(last + 1, 1, 1))


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
    return f"{event.name}: {track.name}", [s for s in kb.sessions if s.event == event_slug and track_slug in s.spans()]


def session_spec(kb: KnowledgeBase, event_slug: str, session_slug: str) -> tuple[str, list[Session]]:
    """A one-session calendar ("add to my calendar"); has no VEVENT when the session has no time."""
    session = lookup.find_session(kb, event_slug, session_slug)
    return session.title, [session]


def speaker_spec(kb: KnowledgeBase, speaker_slug: str) -> tuple[str, list[Session]]:
    """A speaker's timed sessions across all events."""
    speaker = lookup.find_speaker(kb, speaker_slug)
    return speaker.name, lookup.speaker_sessions(kb, speaker)


def event_calendar(kb: KnowledgeBase, event_slug: str, base_url: str = "") -> bytes:
    return calendars(kb, [event_spec(kb, event_slug)], base_url)[0]


def track_calendar(kb: KnowledgeBase, event_slug: str, track_slug: str, base_url: str = "") -> bytes:
    return calendars(kb, [track_spec(kb, event_slug, track_slug)], base_url)[0]


def session_calendar(kb: KnowledgeBase, event_slug: str, session_slug: str, base_url: str = "") -> bytes:
    return calendars(kb, [session_spec(kb, event_slug, session_slug)], base_url)[0]


def speaker_calendar(kb: KnowledgeBase, speaker_slug: str, base_url: str = "") -> bytes:
    return calendars(kb, [speaker_spec(kb, speaker_slug)], base_url)[0]
