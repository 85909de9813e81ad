"""kb.json: the public data format of the knowledge base (schema in docs/_static/kb.schema.json)."""

from __future__ import annotations

import json

from ..diagnostics import Diagnostic
from ..model import KnowledgeBase, Link, SourceId

FORMAT_VERSION = 1


def as_dict(kb: KnowledgeBase, diagnostics: list[Diagnostic]) -> dict:
    return {
        "format": "confkb", "version": FORMAT_VERSION,
        "events": [{
            "slug": e.slug, "name": e.name, "start_date": e.start_date, "end_date": e.end_date,
            "location": e.location, "timezone": e.timezone, "theme": e.theme,
            "tracks": [{"slug": t.slug, "name": t.name, "tagline": t.tagline, "description": t.description}
                       for t in e.tracks],
            "rooms": [{"slug": r.slug, "name": r.name, "guid": r.guid} for r in e.rooms],
            "acronym": e.acronym, "url": e.url,
        } for e in kb.events],
        "sessions": [{
            "slug": s.slug, "event": s.event, "kind": s.kind, "title": s.title, "date": s.date, "start": s.start, "end": s.end,
            "timezone_label": s.timezone_label, "track": s.track, "tracks": list(s.spans()), "speakers": list(s.speakers),
            "abstract": s.abstract, "host_introduction": s.host_intro, "sources": list(s.sources),
            "room": s.room, "type": s.type, "language": s.language, "subtitle": s.subtitle, "day": s.day,
            "end_date": s.end_date, "links": _links(s.links), "recordings": _links(s.recordings), "licence": s.licence,
            "url": s.url, "ids": _ids(s.ids),
        } for s in kb.sessions],
        "speakers": [{
            "slug": p.slug, "name": p.name, "position": p.position, "organization": p.organization,
            "location": p.location, "education": p.education,
            "links": _links(p.links),
            "biography": [{"title": b.title, "markdown": b.markdown} for b in p.biography],
            "sessions": [k.split("/", 1)[1] for k in p.sessions],
            "session_refs": [{"event": k.split("/", 1)[0], "slug": k.split("/", 1)[1]} for k in p.sessions],
            "sources": list(p.sources), "ids": _ids(p.ids), "photo": p.photo,
        } for p in kb.speakers],
        "diagnostics": [d.as_json() for d in diagnostics],
    }


def _links(links: tuple[Link, ...]) -> list[dict]:
    return [{"label": x.label, "url": x.url, "text": x.text, "kind": x.kind} for x in links]


def _ids(ids: tuple[SourceId, ...]) -> list[dict]:
    return [{"event": x.event, "system": x.system, "key": x.key, "value": x.value} for x in ids]


def dumps(kb: KnowledgeBase, diagnostics: list[Diagnostic]) -> str:
    """Deterministic JSON text: one record per line (a diff shows which records changed), UTF-8, newline at end.

    Each record goes through json's C encoder; an indented dump takes the pure-Python one, which was
    most of what a rebuild of a 2,000-page site spent on kb.json.
    """
    data = as_dict(kb, diagnostics)
    lines = ["{"]
    for n, (name, value) in enumerate(data.items()):
        comma = "," if n < len(data) - 1 else ""
        if isinstance(value, list) and value:
            lines.append(f" {json.dumps(name)}: [")
            lines += [f"  {json.dumps(record, ensure_ascii=False)}{',' if i < len(value) - 1 else ''}"
                      for i, record in enumerate(value)]
            lines.append(f" ]{comma}")
        else:
            lines.append(f" {json.dumps(name)}: {json.dumps(value, ensure_ascii=False)}{comma}")
    return "\n".join([*lines, "}"]) + "\n"
