"""Render stage: an event's rooms, a page per room with its talks day by day, and the list of rooms (no I/O)."""

from __future__ import annotations

from ..model import Event, KnowledgeBase, Room
from . import urls
from .mdsafe import escape
from .myst import GENERATED, day_name, doc_link, fence, index, index_entry
from .pages import session_line
from .plain import count_kinds, plural


def rooms_index(kb: KnowledgeBase, e: Event) -> str:
    """One line per room: FOSDEM has 106, which a phone shows as a list, not as a grid of cards."""
    out = [GENERATED.format(sources=e.source_dir or f"sources/{e.slug}"), "", f"(rooms-{e.slug})=",
           f"# Rooms: {escape(e.name)}", "",
           f"{plural(len(e.rooms), 'room')} of {doc_link(e.name, f'/{e.slug}/index.md')}, in the programme's "
           "order; each room's page lists its talks day by day.", ""]
    for r in e.rooms:
        sessions = kb.index.by_room.get((e.slug, r.slug), [])
        out.append(f"- {doc_link(r.name, f'/{urls.room_doc(e.slug, r.slug)}.md')} · {count_kinds(sessions)}")
    out += ["", fence("toctree", "", {"hidden": "", "maxdepth": "1"}, "\n".join(r.slug for r in e.rooms))]
    return "\n".join(out).rstrip() + "\n"


def room_page(kb: KnowledgeBase, e: Event, r: Room) -> str:
    """A room's talks in time order under the programme's days: a talk after midnight stays with its evening."""
    sessions = kb.index.by_room.get((e.slug, r.slug), [])
    out = [GENERATED.format(sources=e.source_dir or f"sources/{e.slug}"), "", f"(room-{e.slug}-{r.slug})=",
           f"# {escape(r.name)}", "", index(f"single: {index_entry(r.name)}; room"), "",
           f"A room of {doc_link(e.name, f'/{e.slug}/index.md')}: {count_kinds(sessions)}, day by day "
           f"({doc_link('all rooms', f'/{urls.rooms_doc(e.slug)}.md')}).", ""]
    day = None
    for s in sessions:
        here = s.day or s.date
        if here != day:
            day = here
            out += ([""] if out[-1] else []) + [f"## {escape(day_name(here))}", ""]
        out.append(f"- {session_line(kb, s, with_date=s.date != here, with_room=False)}")
    if not sessions:
        out.append("The programme lists no talk in this room.")
    return "\n".join(out).rstrip() + "\n"
