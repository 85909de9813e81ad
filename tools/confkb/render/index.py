"""Lookups over one knowledge base, built once: pages and calendars must not scan every record (O(n^2))."""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Callable
from typing import TypeVar

from ..model import KnowledgeBase, Session
from . import urls

T = TypeVar("T")


class Index:
    def __init__(self, kb: KnowledgeBase) -> None:
        self.kb = kb
        self.people = {p.slug: p for p in kb.speakers}
        self.events = {e.slug: e for e in kb.events}
        self.sessions = {f"{s.event}/{s.slug}": s for s in kb.sessions}
        self.by_day: dict[tuple[str, str], list[Session]] = {}
        self.by_track: dict[tuple[str, str], list[Session]] = {}
        for x in kb.sessions:
            if x.date:
                self.by_day.setdefault((x.event, x.date), []).append(x)
                if x.start:
                    self.by_track.setdefault((x.event, x.track), []).append(x)
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
                if not src.endswith(".json"):
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


_LAST: list[Index] = []


def of(kb: KnowledgeBase) -> Index:
    """The index of *kb*, reused while the same knowledge base is asked about."""
    if not _LAST or _LAST[0].kb is not kb:
        _LAST[:] = [Index(kb)]
    return _LAST[0]
