"""Finding a knowledge base's records, their page addresses and their times: shared by the calendars
(ics.py) and the structured data (jsonld.py), and light to import (the build imports jsonld.py, never
icalendar, when its pages come from another process)."""

from __future__ import annotations

from datetime import datetime, timedelta

from ..ingest import values
from ..model import Event, KnowledgeBase, Session, Speaker
from . import index as kbindex
from . import urls


def page_url(base_url: str, path: str) -> str:
    """Absolute URL of a generated page, or "" when there is no base URL (feeds need absolute URLs)."""
    if not base_url:
        return ""
    return base_url.rstrip("/") + "/" + path.lstrip("/")


def session_path(session: Session) -> str:
    return urls.session_doc(session) + ".html"


def event_path(event: Event) -> str:
    return urls.event_doc(event) + ".html"


def speaker_path(speaker: Speaker) -> str:
    return urls.speaker_doc(speaker) + ".html"


def session_times(session: Session, event: Event | None) -> tuple[datetime, datetime | None] | None:
    """Start and end as datetimes (aware when the event's zone is known), or None without date and start."""
    zone = event.timezone if event is not None else ""
    start = values.local(zone, session.date, session.start)
    if start is None:
        return None
    end = values.local(zone, session.date, session.end) if session.end else None
    if end is not None and end <= start:
        end += timedelta(days=1)  # an end before the start: the session runs past midnight
    return start, end


def speaker_names(kb: KnowledgeBase, session: Session) -> list[str]:
    by_slug = kbindex.of(kb).people
    return [by_slug[s].name if s in by_slug else s for s in session.speakers]


def find_event(kb: KnowledgeBase, event_slug: str) -> Event:
    try:
        return kbindex.of(kb).events[event_slug]
    except KeyError:
        raise KeyError(f"unknown event {event_slug!r}") from None


def find_speaker(kb: KnowledgeBase, speaker_slug: str) -> Speaker:
    try:
        return kbindex.of(kb).people[speaker_slug]
    except KeyError:
        raise KeyError(f"unknown speaker {speaker_slug!r}") from None


def find_session(kb: KnowledgeBase, event_slug: str, session_slug: str) -> Session:
    try:
        return kbindex.of(kb).sessions[f"{event_slug}/{session_slug}"]
    except KeyError:
        raise KeyError(f"unknown session {event_slug}/{session_slug}") from None


def speaker_sessions(kb: KnowledgeBase, speaker: Speaker) -> list[Session]:
    """The speaker's sessions, from either side of the link (speaker.sessions or session.speakers)."""
    return list(kbindex.of(kb).by_speaker.get(speaker.slug, []))
