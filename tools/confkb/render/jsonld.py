"""schema.org JSON-LD for event, session and speaker pages, plus a safe ``<script>`` embedding."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from ..model import Event, KnowledgeBase, Session, Speaker
from .lookup import (
    event_html,
    find_event,
    find_session,
    find_speaker,
    page_url,
    session_html,
    session_times,
    speaker_html,
    speaker_sessions,
)
from .plain import plain_text

CONTEXT = "https://schema.org"
OFFLINE = "https://schema.org/OfflineEventAttendanceMode"

# Characters that could end the <script> element, start an HTML comment or entity, or
# (U+2028/9) break older JavaScript parsers; JSON keeps its meaning with \u escapes.
_HTML_ESCAPES = {
    "<": "\\u003c",
    ">": "\\u003e",
    "&": "\\u0026",
    "\u2028": "\\u2028",
    "\u2029": "\\u2029",
}


def script_tag(data: dict[str, Any]) -> str:
    """``<script type="application/ld+json">`` holding ``data``; no string in it can close the element."""
    text = json.dumps(data, ensure_ascii=False, indent=2)
    text = "".join(_HTML_ESCAPES.get(ch, ch) for ch in text)
    return f'<script type="application/ld+json">\n{text}\n</script>'


def _put(obj: dict[str, Any], key: str, value: Any) -> None:
    """Set a property only when it has a value: empty strings and lists say nothing useful."""
    if value not in ("", None, [], {}):
        obj[key] = value


def _iso(value: datetime) -> str:
    # Aware datetimes carry their offset (+02:00); floating ones stay local, since
    # guessing an offset would state a wrong instant.
    return value.isoformat(timespec="seconds")


def _place(event: Event | None) -> dict[str, Any] | None:
    if event is None or not event.location:
        return None
    # "Station F, Paris, France": the venue is the first part; the full text is the address.
    return {"@type": "Place", "name": event.location.split(",")[0].strip(), "address": event.location}


def _dates(session: Session, event: Event | None) -> tuple[str, str]:
    times = session_times(session, event)
    if times is not None:
        start, end = times
        return _iso(start), _iso(end) if end is not None else ""
    # A date without a time is still a valid ISO 8601 startDate.
    return session.date, ""


def _event_ref(event: Event, base_url: str) -> dict[str, Any]:
    ref: dict[str, Any] = {"@type": "ConferenceEvent", "name": event.name}
    _put(ref, "url", page_url(base_url, event_html(event)))
    return ref


def _session_ref(session: Session, event: Event | None, base_url: str) -> dict[str, Any]:
    start, end = _dates(session, event)
    ref: dict[str, Any] = {"@type": "Event", "name": session.title}
    _put(ref, "startDate", start)
    _put(ref, "endDate", end)
    _put(ref, "url", page_url(base_url, session_html(session)))
    return ref


def _person(speaker: Speaker, base_url: str) -> dict[str, Any]:
    person: dict[str, Any] = {"@type": "Person", "name": speaker.name}
    _put(person, "jobTitle", speaker.position)
    _put(person, "url", page_url(base_url, speaker_html(speaker)))
    return person


def _sort_key(session: Session) -> tuple[str, str, str]:
    return (session.date, session.start, session.slug)


def event_jsonld(kb: KnowledgeBase, event_slug: str, base_url: str = "", sub_events: bool = True) -> dict[str, Any]:
    """A ``ConferenceEvent`` for the event page; ``subEvent`` lists its sessions when asked."""
    event = find_event(kb, event_slug)
    data: dict[str, Any] = {"@context": CONTEXT, "@type": "ConferenceEvent", "name": event.name}
    _put(data, "description", plain_text(event.theme))
    _put(data, "startDate", event.start_date)
    _put(data, "endDate", event.end_date or event.start_date)
    data["eventAttendanceMode"] = OFFLINE
    _put(data, "location", _place(event))
    _put(data, "url", page_url(base_url, event_html(event)))
    if sub_events:
        sessions = sorted((s for s in kb.sessions if s.event == event_slug), key=_sort_key)
        _put(data, "subEvent", [_session_ref(s, event, base_url) for s in sessions])
    return data


def session_jsonld(kb: KnowledgeBase, event_slug: str, session_slug: str, base_url: str = "") -> dict[str, Any]:
    """An ``Event`` for a session page, tied to its conference and its speakers."""
    event = find_event(kb, event_slug)
    session = find_session(kb, event_slug, session_slug)
    start, end = _dates(session, event)
    speakers = kb.index.people  # built once: every session page asks
    data: dict[str, Any] = {"@context": CONTEXT, "@type": "Event", "name": session.title}
    _put(data, "description", plain_text(session.abstract))
    _put(data, "startDate", start)
    _put(data, "endDate", end)
    data["eventAttendanceMode"] = OFFLINE
    _put(data, "location", _place(event))
    data["superEvent"] = _event_ref(event, base_url)
    track = next((t for t in event.tracks if t.slug == session.track), None)
    if track is not None:
        data["about"] = {"@type": "Thing", "name": track.name}
    performers = [_person(speakers[s], base_url) for s in session.speakers if s in speakers]
    _put(data, "performer", performers)
    _put(data, "url", page_url(base_url, session_html(session)))
    return data


def speaker_jsonld(kb: KnowledgeBase, speaker_slug: str, base_url: str = "") -> dict[str, Any]:
    """A ``Person`` for a speaker page, with the profiles they link to as ``sameAs``."""
    speaker = find_speaker(kb, speaker_slug)
    data: dict[str, Any] = {"@context": CONTEXT, "@type": "Person", "name": speaker.name}
    _put(data, "jobTitle", speaker.position)
    if speaker.organization:
        data["worksFor"] = {"@type": "Organization", "name": speaker.organization}
    if speaker.location:
        data["homeLocation"] = {"@type": "Place", "name": speaker.location}
    # Only web links: sameAs must identify the same person, and mailto:/javascript: do not.
    same_as: list[str] = []
    for link in speaker.links:
        url = link.url.strip()
        if url.lower().startswith(("http://", "https://")) and url not in same_as:
            same_as.append(url)
    _put(data, "sameAs", same_as)
    events = kb.index.events
    sessions = sorted(speaker_sessions(kb, speaker), key=lambda s: (s.date, s.start, s.event, s.slug))
    _put(data, "performerIn", [_session_ref(s, events.get(s.event), base_url) for s in sessions])
    _put(data, "url", page_url(base_url, speaker_html(speaker)))
    return data
