"""kb.json: the public data format of the knowledge base (schema in docs/_static/kb.schema.json)."""

from __future__ import annotations

import json

from .diagnostics import Diagnostic
from .model import KnowledgeBase

FORMAT_VERSION = 1


def as_dict(kb: KnowledgeBase, diagnostics: list[Diagnostic]) -> dict:
    return {
        "format": "confkb", "version": FORMAT_VERSION,
        "events": [{
            "slug": e.slug, "name": e.name, "start_date": e.start_date, "end_date": e.end_date,
            "location": e.location, "timezone": e.timezone, "theme": e.theme,
            "tracks": [{"slug": t.slug, "name": t.name, "tagline": t.tagline, "description": t.description}
                       for t in e.tracks],
        } for e in kb.events],
        "sessions": [{
            "slug": s.slug, "event": s.event, "kind": s.kind, "title": s.title, "date": s.date, "start": s.start, "end": s.end,
            "timezone_label": s.timezone_label, "track": s.track, "speakers": list(s.speakers),
            "abstract": s.abstract, "host_introduction": s.host_intro, "sources": list(s.sources),
        } for s in kb.sessions],
        "speakers": [{
            "slug": p.slug, "name": p.name, "position": p.position, "organization": p.organization,
            "location": p.location, "education": p.education,
            "links": [{"label": link.label, "url": link.url} for link in p.links],
            "biography": [{"title": b.title, "markdown": b.markdown} for b in p.biography],
            "sessions": [k.split("/", 1)[1] for k in p.sessions],
            "session_refs": [{"event": k.split("/", 1)[0], "slug": k.split("/", 1)[1]} for k in p.sessions],
            "sources": list(p.sources),
        } for p in kb.speakers],
        "diagnostics": [d.as_json() for d in diagnostics],
    }


def dumps(kb: KnowledgeBase, diagnostics: list[Diagnostic]) -> str:
    """Deterministic JSON text (sorted records, fixed indentation, UTF-8, trailing newline)."""
    return json.dumps(as_dict(kb, diagnostics), ensure_ascii=False, indent=1) + "\n"
