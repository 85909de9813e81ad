"""The schedule grid of one programme day, as HTML inside MyST: a page per day, the first day at schedule.html.

Every value from a source is passed through ``html.escape``; the HTML goes into a ``{raw} html`` directive whose
fence outgrows any colon run. Blocks come in time order in the document, so without CSS or JavaScript the page
is a list of every talk and speaker as plain links; CSS places them on the grid (gridlayout.py says where).
"""

from __future__ import annotations

from collections import defaultdict
from html import escape as h

from ..model import Event, KnowledgeBase, Session
from . import gridlayout, picks, urls
from .myst import day_name, fence
from .photos import avatar_html

UNDATED = "undated"  # the page of sessions with no date


def day_of(s: Session) -> str:
    """The programme day a session belongs to (a talk at 01:00 belongs to the evening before)."""
    return s.day or s.date


def days(sessions: list[Session]) -> list[str]:
    """The event's programme days in order; "" (no date) last."""
    found = {day_of(s) for s in sessions}
    return sorted(d for d in found if d) + ([""] if "" in found else [])


def day_doc(event: str, day: str, first: str) -> str:
    """The page of *day*: the first day is the schedule page itself, the others have their own."""
    return urls.schedule_doc(event) if day == first else f"{urls.schedule_doc(event)}/{day or UNDATED}"


def block_id(s: Session) -> str:
    return f"slot-{s.slug}"


def slot_doc(kb: KnowledgeBase, s: Session) -> str:
    """The schedule page showing *s* (its block's anchor is ``block_id``)."""
    e = kb.index.events[s.event]
    order = kb.index.once("schedule-days", e, lambda: days([x for x in kb.sessions if x.event == e.slug]))
    return day_doc(e.slug, day_of(s), order[0] if order else "")


def _one_line(text: str) -> str:
    return h(" ".join(text.split()))


def _zone_label(sessions: list[Session]) -> str:
    return next((s.timezone_label for s in sessions if s.timezone_label), "")


def _clock(minute: int) -> str:
    return f"{minute // 60 % 24:02d}:{minute % 60:02d}"


def _block(kb: KnowledgeBase, e: Event, b: gridlayout.Block, up: str) -> str:
    s, people = b.session, kb.index.people
    start, end = picks.iso_times(s, e)  # the contract's attributes, as the talk page writes them
    title = _one_line(s.title)
    kind = s.type or s.kind
    attrs = (f'class="confkb-block confkb-{h(s.kind)}" id="{h(block_id(s))}" style="grid-area:{b.row + 2}/'
             f'{b.col + 2}/{b.row + b.rows + 2}/{b.col + b.cols + 2}" data-session="{h(s.slug)}" '
             f'data-event="{h(e.slug)}" data-start="{start}" data-end="{end}" data-track="{h(" ".join(s.spans()))}" '
             f'data-room="{h(s.room)}" data-type="{_one_line(kind)}"')
    when = f"{h(s.start)}–{h(s.end)}" if s.end else h(s.start)
    here = f"{e.slug}/schedule/day" if up else f"{e.slug}/schedule"  # the page the avatars' paths start from
    who = ", ".join(f'<a href="{up}../{h(urls.speaker_doc(people[p]))}.html">'
                    f'{avatar_html(people[p], here, 20)} {_one_line(people[p].name)}</a>'
                    for p in s.speakers if p in people)
    return (f'<div {attrs}><a class="confkb-title" href="{up}{h(urls.within(e.slug, urls.session_doc(s)))}.html">'
            f'{title}</a> <span class="confkb-when">{when}</span>' + (f' <span class="confkb-who">{who}</span>'
                                                                       if who else "")
            + f" {picks.pick_button(e.slug, s.slug, ' '.join(s.title.split()), hidden=True)}</div>")


def _header(e: Event, c: gridlayout.Column, by_room: bool, up: str) -> str:
    style = f'style="grid-area:1/{c.first + 2}/2/{c.first + c.lanes + 2}"'
    name = _one_line(c.name)
    if c.key:
        page = urls.room_doc(e.slug, c.key) if by_room else urls.track_doc(e.slug, c.key)
        name = f'<a href="{up}{h(urls.within(e.slug, page))}.html">{name}</a>'
    return f'<div class="confkb-col" {style} data-col="{h(c.key)}">{name}</div>'


def _filters(e: Event, sessions: list[Session]) -> str:
    """The filters: a group of selects, not a form (nothing is sent anywhere); JavaScript shows it and keeps its
    choice in the URL. The options are the day's own."""
    tracks = {t.slug: t.name for t in e.tracks}
    rooms = {r.slug: r.name for r in e.rooms}
    groups = [("track", "Track", sorted({t for s in sessions for t in s.spans()}, key=lambda t: tracks.get(t, t)),
               tracks), ("room", "Room", sorted({s.room for s in sessions if s.room}, key=lambda r: rooms.get(r, r)),
                         rooms), ("type", "Type", sorted({s.type or s.kind for s in sessions}), {})]
    out = ['<div class="confkb-filter" role="group" aria-label="Filter the schedule" hidden>']
    for key, label, options, names in groups:
        if len(options) < 2:
            continue
        opts = "".join(f'<option value="{h(o)}">{_one_line(names.get(o, o))}</option>' for o in options)
        out.append(f'<label>{label} <select name="{key}"><option value="">All</option>{opts}</select></label>')
    out.append('<output class="confkb-shown" aria-live="polite"></output></div>')
    return "".join(out) if len(out) > 2 else ""


def _tabs(e: Event, order: list[str], day: str, up: str) -> str:
    links = []
    for d in order:
        href = f"{up}schedule.html" if d == order[0] else f"{'' if up else 'schedule/'}{d or UNDATED}.html"
        name = _one_line(day_name(d).rsplit(" ", 1)[0] if d else "Date unknown")
        current = ' aria-current="page"' if d == day else ""
        links.append(f'<li><a href="{h(href)}" data-date="{h(d)}"{current}>{name}</a></li>')
    return (f'<nav class="confkb-days" aria-label="Days" data-timezone="{h(e.timezone)}"><ul>'
            + "".join(links) + "</ul></nav>")


def day_html(kb: KnowledgeBase, e: Event, order: list[str], day: str, sessions: list[Session]) -> str:
    """The day's tabs, filters and grid; *order*: the event's days, whose first is the schedule page."""
    up = "" if day == order[0] else "../"
    grid = gridlayout.layout(e, sessions)
    by_room = bool(e.rooms and any(s.room for s in sessions))
    style = (f"grid-template-columns:3.5rem repeat({grid.width},minmax(8rem,1fr));"
             f"grid-template-rows:auto repeat({grid.rows},var(--confkb-row))")
    out = [_tabs(e, order, day, up), _filters(e, sessions),
           f'<div class="confkb-grid-box" tabindex="0" role="region" aria-label="Schedule grid">'
           f'<div class="confkb-grid" style="{style}"{" data-home" if not up else ""}>',
           # the corner names the times' zone as the programme gives it ("CEST")
           f'<div class="confkb-corner" style="grid-area:1/1/2/2">{_one_line(_zone_label(sessions))}</div>']
    out += [_header(e, c, by_room, up) for c in grid.columns]
    first = -(-grid.start // 30) * 30  # the time axis: a mark every half hour
    for minute in range(first, grid.start + grid.rows * gridlayout.ROW_MINUTES, 30):
        row = (minute - grid.start) // gridlayout.ROW_MINUTES + 2
        out.append(f'<div class="confkb-time" style="grid-area:{row}/1/{min(row + 6, grid.rows + 2)}/2">'
                   f"{_clock(minute)}</div>")
    out += [_block(kb, e, b, up) for b in grid.blocks]
    out.append("</div></div>")
    if grid.unplaced:
        out.append('<ul class="confkb-untimed">' + "".join(
            f'<li><a href="{up}{h(urls.within(e.slug, urls.session_doc(s)))}.html">{_one_line(s.title)}</a> '
            "(time not given)</li>" for s in grid.unplaced) + "</ul>")
    return fence("raw", "html", None, "\n".join(out))


def by_day(sessions: list[Session]) -> dict[str, list[Session]]:
    out: dict[str, list[Session]] = defaultdict(list)
    for s in sessions:
        out[day_of(s)].append(s)
    return out
