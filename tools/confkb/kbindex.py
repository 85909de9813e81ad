"""Lookups over one knowledge base, built once: pages and calendars must not scan every record (O(n^2))."""

from __future__ import annotations

import hashlib

from .model import KnowledgeBase, Session


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
        # a session's one-line summary, by (id, with date, with track): a session is listed on the pages of
        # every session at the same time, so a 500-session event asked for 13,000 of these
        self.lines: dict[tuple[int, bool, bool], tuple[Session, str]] = {}
        self._digests: dict[int, tuple[object, str]] = {}

    def digest(self, record: object) -> str:
        """A digest of everything a record holds, for cache keys; made once per record (a session's page and
        its calendar entry are both keyed by it, and ``repr`` of a whole record is the costly part)."""
        hit = self._digests.get(id(record))
        if hit is None or hit[0] is not record:  # the record itself, not another one at a reused address
            hit = self._digests[id(record)] = (record, hashlib.sha1(
                repr(record).encode("utf-8", "surrogatepass")).hexdigest())
        return hit[1]


_LAST: list[Index] = []


def of(kb: KnowledgeBase) -> Index:
    """The index of *kb*, reused while the same knowledge base is asked about."""
    if not _LAST or _LAST[0].kb is not kb:
        _LAST[:] = [Index(kb)]
    return _LAST[0]
