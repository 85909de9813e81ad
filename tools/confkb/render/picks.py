"""My picks: the talk page's time line with its pick button, the event's sessions.json and its my-schedule page.

The browser does the rest (docs/_static/confkb-picks.js, confkb-my-schedule.js, confkb-now.js): picks live in
``localStorage``, never on a server. Every element that shows a talk's time carries ``data-session``,
``data-event``, ``data-start`` and ``data-end`` (ISO 8601, with the offset when the event's zone is known), the
contract the schedule's grid follows too. Every value in the HTML written here goes through ``html.escape``.
"""

from __future__ import annotations

import json
from html import escape as html

from ..ingest import values
from ..model import Event, KnowledgeBase, Session
from . import calendars, lookup, urls
from .mdsafe import escape
from .myst import GENERATED, doc_link, fence

MY_SCHEDULE = "my-schedule"  # the page's name in its event's folder
SESSIONS_JSON = "sessions.json"


def my_schedule_doc(event: str) -> str:
    return f"{event}/{MY_SCHEDULE}"


def iso_times(s: Session, event: Event | None) -> tuple[str, str]:
    """Start and end as ISO 8601 (with the offset when the zone is known, floating otherwise); "" without a time."""
    times = lookup.session_times(s, event)
    if times is None:
        return "", ""
    start, end = times
    return start.isoformat(), (end or start).isoformat()


def uid(s: Session) -> str:
    """The session's UID in every calendar of the site (calendars.py makes it the same way)."""
    return f"{s.event}/{s.slug}@{calendars.UID_DOMAIN}"


def pick_button(event: str, slug: str, title: str, hidden: bool = False) -> str:
    """The toggle the scripts keep in sync with the picks; without JavaScript it does nothing (*hidden* until a
    script shows it). Its accessible name (aria-label) is "Add to my schedule: <title>"; what it shows is shorter (a
    star and "Add to my schedule", only "Add" in a grid block), always the start of that name, as voice users say it."""
    start = (f'<button type="button" class="confkb-pick" data-session="{html(slug)}" data-event="{html(event)}" '
             f'data-title="{html(title)}" aria-pressed="false"')
    if hidden:  # the script names it and writes the rest (a grid shows hundreds: FOSDEM's days are long)
        return f"{start} hidden></button>"
    return (f'{start} aria-label="Add to my schedule: {html(title)}">'
            '<span class="confkb-pick-mark" aria-hidden="true">☆</span> '
            '<span class="confkb-pick-verb">Add</span><span class="confkb-pick-rest"> to my schedule</span></button>')


def timeline(kb: KnowledgeBase, s: Session) -> str:
    """The talk page's time line: the pick button and where "on now" / "starts in 20 min" is said."""
    start, end = iso_times(s, kb.index.events.get(s.event))
    times = f' data-start="{html(start)}" data-end="{html(end)}"' if start else ""
    body = (f'<div class="confkb-timeline" data-session="{html(s.slug)}" data-event="{html(s.event)}"{times}>'
            f'{pick_button(s.event, s.slug, s.title)} <span class="confkb-status" aria-live="polite"></span></div>')
    return fence("raw", "html", None, body)


def sessions_json(kb: KnowledgeBase, e: Event) -> str:
    """What my-schedule needs of every session of *e*: small, and the same bytes for the same programme."""
    people = kb.index.people
    tracks = {t.slug: t.name for t in e.tracks}
    rooms = {r.slug: r.name for r in e.rooms}
    rows = []
    for s in kb.sessions:
        if s.event != e.slug:
            continue
        start, end = iso_times(s, e)
        rows.append({"slug": s.slug, "title": s.title, "start": start, "end": end, "uid": uid(s),
                     "url": f"sessions/{s.slug}.html", "room": rooms.get(s.room, ""),
                     "track": tracks.get(s.track, ""), "kind": s.kind,
                     "speakers": [people[x].name if x in people else x for x in s.speakers]})
    zone = e.timezone if e.timezone and not values.is_fixed(e.timezone) else ""
    head = json.dumps({"event": e.slug, "location": e.location, "name": e.name, "timezone": zone},
                      ensure_ascii=False, sort_keys=True)
    # one session a line: a diff of two builds reads as the sessions that changed
    body = ",\n".join(json.dumps(r, ensure_ascii=False, sort_keys=True) for r in rows)
    return f'{head[:-1]}, "sessions": [\n{body}\n]}}\n'


def my_schedule_page(kb: KnowledgeBase, e: Event) -> str:
    """The picks of this browser, listed by the script from sessions.json; without it, what it needs."""
    schedule = f"/{urls.schedule_doc(e.slug)}.md"
    box = (f'<div id="confkb-my-schedule" class="confkb-my-schedule" data-event="{html(e.slug)}" '
           f'data-sessions="{SESSIONS_JSON}" data-name="{html(e.name)}">'
           '<p class="confkb-needs-js">This page lists the talks you picked, and it needs JavaScript to read them '
           'from your browser: JavaScript is off, or its script did not load. '
           '<a href="schedule.html">The schedule</a> lists every talk.</p></div>')
    out = [GENERATED.format(sources=f"sources/{e.slug}"), "", f"(my-schedule-{e.slug})=",
           f"# My schedule: {escape(e.name)}", "",
           f"Pick talks with **Add to my schedule** on their pages or on the {doc_link('schedule', schedule)}: they "
           "are listed here by day and time, and talks that overlap are marked as a clash. Your picks are kept in "
           "this browser only, with no account; **Download my schedule** gives them as a calendar file (importing "
           "it again updates the same entries), and **Share my picks** gives a link that adds them to the picks of "
           "whoever opens it, on another phone or computer.", "",
           fence("raw", "html", None, box), ""]
    return "\n".join(out)
