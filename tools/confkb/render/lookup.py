"""Lookups over one knowledge base (``kb.index``, built once: pages and calendars must not scan every record),
and finding a record, its page address and its times."""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import TypeVar

from ..ingest import values
from ..model import Event, KnowledgeBase, Session, Speaker
from . import urls

T = TypeVar("T")


class Index:
    """Records by key and by the groups pages list (a day, a track, a speaker), and where each document's
    problems are reported."""

    def __init__(self, kb: KnowledgeBase) -> None:
        self.people = {p.slug: p for p in kb.speakers}
        self.events = {e.slug: e for e in kb.events}
        self.sessions = {f"{s.event}/{s.slug}": s for s in kb.sessions}
        self.rooms = {(e.slug, r.slug): r for e in kb.events for r in e.rooms}
        self.by_room: dict[tuple[str, str], list[Session]] = {}
        self.by_day: dict[tuple[str, str], list[Session]] = {}
        self.by_track: dict[tuple[str, str], list[Session]] = {}
        for x in kb.sessions:
            if x.room:
                self.by_room.setdefault((x.event, x.room), []).append(x)
            if x.date:
                self.by_day.setdefault((x.event, x.date), []).append(x)
                for track in x.spans() if x.start else ():  # a keynote of every track is in each
                    self.by_track.setdefault((x.event, track), []).append(x)
        # a speaker's sessions, from both sides of the link (speaker.sessions and session.speakers),
        # in the knowledge base's session order
        linked: dict[str, dict[int, Session]] = {}
        order = {id(x): n for n, x in enumerate(kb.sessions)}
        for x in kb.sessions:
            for slug in x.speakers:
                linked.setdefault(slug, {})[order[id(x)]] = x
        for p in kb.speakers:
            for key in p.sessions:
                x = self.sessions.get(key)
                if x is not None:
                    linked.setdefault(p.slug, {})[order[id(x)]] = x
        self.by_speaker = {slug: [found[n] for n in sorted(found)] for slug, found in linked.items()}
        # each document's session, the first that has it: where its part of the report is (the programme's aside)
        self.document_home: dict[str, Session] = {}
        for x in kb.sessions:
            for src in x.sources:
                if not src.endswith((".json", ".xml", ".ics")):  # a programme is no one talk's document
                    self.document_home.setdefault(src, x)
        documents = Counter(x.event for x in self.document_home.values())
        # the tracks whose documents' problems have a report page of their own (none in a small event)
        self.report_tracks = {e.slug: tuple(t.slug for t in e.tracks) if documents[e.slug] >= urls.REPORT_BY_TRACK_FROM
                              else () for e in kb.events}
        self._once: dict[tuple, tuple[object, object]] = {}

    def once(self, what: str, record: object, make: Callable[[], T], *variant: object) -> T:
        """``make()`` once per record (and *variant*) of this knowledge base, kept while the index lives.

        Keyed by the record's identity, which is cheap, where its value would hash the whole record; the
        record is kept beside the value, so another record at a reused address is never taken for it.
        """
        key = (what, id(record), *variant)
        hit = self._once.get(key)
        if hit is None or hit[0] is not record:
            hit = self._once[key] = (record, make())
        return hit[1]  # type: ignore[return-value]

    def report_docs(self, event: str) -> list[str]:
        """Every page of *event*'s data-quality report: its own, then one per track in a large event."""
        return [urls.data_quality_doc(event)] + [urls.data_quality_doc(event, t) for t in self.report_tracks[event]]

    def report_track(self, document: str) -> str:
        """The track whose page of the report lists *document*'s problems; "" for its event's own page."""
        home = self.document_home.get(document)
        return home.track if home is not None and home.track in self.report_tracks[home.event] else ""

    def report_link(self, s: Session) -> str:
        """Where a talk's page sends a reader for its document's problems: that document's part of the report."""
        document = next((src for src in s.sources if src in self.document_home), None)
        if document is None:  # a talk of the programme alone: its event's report
            return f"/{urls.data_quality_doc(s.event)}.md"
        return f"/{urls.data_quality_doc(s.event, self.report_track(document))}.md#{urls.report_entry(document)}"

    def digest(self, record: object) -> str:
        """A digest of everything a record holds, for cache keys; made once per record (a session's page and
        its calendar entry are both keyed by it, and ``repr`` of a whole record is the costly part)."""
        return self.once("digest", record, lambda: hashlib.sha1(
            repr(record).encode("utf-8", "surrogatepass")).hexdigest())


def page_url(base_url: str, path: str) -> str:
    """Absolute URL of a generated page, or "" when there is no base URL (feeds need absolute URLs)."""
    if not base_url:
        return ""
    return base_url.rstrip("/") + "/" + path.lstrip("/")


def session_html(session: Session) -> str:
    return urls.session_doc(session) + ".html"


def event_html(event: Event) -> str:
    return urls.event_doc(event) + ".html"


def speaker_html(speaker: Speaker) -> str:
    return urls.speaker_doc(speaker) + ".html"


def session_times(session: Session, event: Event | None) -> tuple[datetime, datetime | None] | None:
    """Start and end as datetimes (aware when the event's zone is known), or None without date and start."""
    zone = event.timezone if event is not None else ""
    start = values.local(zone, session.date, session.start)
    if start is None:
        return None
    end = values.local(zone, session.end_date or session.date, session.end) if session.end else None
    if end is not None and end <= start and not session.end_date:
        end += timedelta(days=1)  # an end before the start: the session runs past midnight
    return start, end


def speaker_names(kb: KnowledgeBase, session: Session) -> list[str]:
    by_slug = kb.index.people
    return [by_slug[s].name if s in by_slug else s for s in session.speakers]


def find_event(kb: KnowledgeBase, event_slug: str) -> Event:
    try:
        return kb.index.events[event_slug]
    except KeyError:
        raise KeyError(f"unknown event {event_slug!r}") from None


def find_speaker(kb: KnowledgeBase, speaker_slug: str) -> Speaker:
    try:
        return kb.index.people[speaker_slug]
    except KeyError:
        raise KeyError(f"unknown speaker {speaker_slug!r}") from None


def find_session(kb: KnowledgeBase, event_slug: str, session_slug: str) -> Session:
    try:
        return kb.index.sessions[f"{event_slug}/{session_slug}"]
    except KeyError:
        raise KeyError(f"unknown session {event_slug}/{session_slug}") from None


def speaker_sessions(kb: KnowledgeBase, speaker: Speaker) -> list[Session]:
    """The speaker's sessions, from either side of the link (speaker.sessions or session.speakers)."""
    return list(kb.index.by_speaker.get(speaker.slug, []))
