"""Render stage, part 1: the session, speaker and track pages (pure functions, no I/O)."""

from __future__ import annotations

import datetime as dt
import html
import textwrap
from urllib.parse import urlsplit

from ..diagnostics import Report
from ..model import Event, KnowledgeBase, Session, Speaker, Track
from . import grid, picks, urls
from .mdsafe import code, escape, render, render_inline, safe_url
from .myst import GENERATED, day_name, doc_link, fence, front_matter, index, index_entry, time_range
from .photos import avatar
from .plain import count_kinds, one_line


def _position(p: Speaker) -> str:
    return ", ".join(x for x in (p.position, p.organization) if x)


def calendar_button(ics_name: str) -> str:
    """"Add to calendar": the .ics file published beside the page (a plain relative URL, not a download role)."""
    return fence("button-link", ics_name, {"color": "secondary", "outline": "", "class": "confkb-calendar"},
                 "Add to calendar")


def speaker_card(p: Speaker, from_doc: str) -> str:
    """A card linking to *p*'s page, with their photo or initials (*from_doc*: the page it is on)."""
    body = f"{avatar(p, from_doc)}\n\n{escape(_position(p)) or 'Speaker'}"
    return fence("grid-item-card", escape(p.name), {"link": f"/{urls.speaker_doc(p)}", "link-type": "doc",
                                                    "class-card": "confkb-speaker-card"}, body)


def when_text(s: Session) -> str:
    """``23:30–01:15 CET (next day)``: the time, and the day it ends when that is not the day it starts."""
    text = time_range(s.start, s.end, s.timezone_label)
    if s.start and s.end and s.end_date and s.end_date != s.date:
        try:
            nxt = (dt.date.fromisoformat(s.date) + dt.timedelta(days=1)).isoformat()
        except ValueError:
            nxt = ""
        text += " (next day)" if s.end_date == nxt else f" (ends {day_name(s.end_date)})"
    return text


def room_link(kb: KnowledgeBase, s: Session) -> str:
    room = kb.index.rooms.get((s.event, s.room))
    return doc_link(room.name, f"/{urls.room_doc(s.event, room.slug)}.md") if room else ""


def session_line(kb: KnowledgeBase, s: Session, with_date: bool = False, with_track: bool = True,
                 omit: str = "", with_room: bool = True) -> str:
    """``10:30–11:10 CEST · [Title](...) · Speaker, Speaker · Room · Track`` for lists of sessions; *omit*: a
    speaker's slug left out (on their own page, where a link to them would lead to "#", the page itself)."""
    # a session is listed on the page of every session at the same time: made once per record
    return kb.index.once("line", s, lambda: _session_line(kb, s, with_date, with_track, omit, with_room), with_date,
                         with_track, omit, with_room)


def _session_line(kb: KnowledgeBase, s: Session, with_date: bool, with_track: bool, omit: str,
                  with_room: bool) -> str:
    people = kb.index.people
    event = kb.index.events[s.event]
    tracks = {t.slug: t.name for t in event.tracks}
    when = when_text(s)
    if with_date:
        when = f"{day_name(s.date)}, {when}"
    parts = [escape(when), doc_link(s.title, f"/{urls.session_doc(s)}.md")]
    others = [x for x in s.speakers if x != omit]
    if others:
        parts.append(", ".join(doc_link(people[x].name, f"/{urls.speaker_doc(people[x])}.md") for x in others))
    if with_room and s.room and (room := room_link(kb, s)):
        parts.append(room)
    if with_track and s.track:
        parts.append(doc_link(tracks.get(s.track, s.track), f"/{urls.track_doc(s.event, s.track)}.md"))
    return " · ".join(parts)


def session_page(kb: KnowledgeBase, s: Session, report: Report) -> str:
    event = kb.index.events[s.event]
    track = next((t for t in event.tracks if t.slug == s.track), None)
    people = [kb.index.people[x] for x in dict.fromkeys(s.speakers) if x in kb.index.people]
    people.sort(key=lambda p: s.speakers.index(p.slug))
    description = one_line(s.abstract) or s.title
    # og:description: sphinxext-opengraph would otherwise take the page's first paragraph (the When line)
    out = [front_matter({"myst": {"html_meta": {"description": description}}, "og:description": description}),
           GENERATED.format(sources=", ".join(s.sources)), "", f"(session-{s.event}-{s.slug})=",
           f"# {render_inline(s.title)}", ""]
    if s.subtitle:
        out += [f"*{escape(s.subtitle)}*", ""]
    filed = f" (in the programme of {day_name(s.day)})" if s.day and s.day != s.date else ""
    facts = [f"**When:** {escape(day_name(s.date))}, {escape(when_text(s) + filed)}"]
    if s.room and (room := room_link(kb, s)):
        facts.append(f"**Room:** {room}")
    spans = [t for t in event.tracks if t.slug in s.spans()]
    if len(spans) > 1:  # one keynote for the whole programme, not a copy per track
        every = "All tracks:" if len(spans) == len(event.tracks) else "Tracks:"
        facts.append(f"**{every}** " + ", ".join(doc_link(t.name, f"/{urls.track_doc(s.event, t.slug)}.md")
                                                 for t in spans))
    elif track:
        facts.append(f"**Track:** {doc_link(track.name, f'/{urls.track_doc(s.event, track.slug)}.md')}")
    facts += [f"**{k}:** {escape(v)}" for k, v in (("Type", s.type), ("Language", s.language)) if v]
    facts.append(f"**Event:** {doc_link(event.name, f'/{event.slug}/index.md')}")
    out += [" · ".join(facts), "", picks.timeline(kb, s), "", calendar_button(f"{s.slug}.ics"), ""]
    if track:
        out += [index(f"single: {index_entry(track.name)}; {index_entry(s.title)}"), ""]
    if people:
        out += ["## Speakers", "", fence("grid", "1 2 2 2", {"gutter": "2"},
                                         "\n\n".join(speaker_card(p, urls.session_doc(s)) for p in people)),
                ""]
    elif s.kind == "break":
        out += ["A break in the programme.", ""]
    else:
        out += ["## Speakers", "", "The programme names no speaker for this session.", ""]
    if s.abstract:
        out += ["## Abstract", "", render(s.abstract, s.sources[0], 0, report), ""]
    for section in s.extra:
        body = render(section.markdown, s.sources[0], section.line, report)
        if not body.strip() and not section.title:
            continue
        if section.title:
            out += [f"## {render_inline(section.title)}", ""]
        out += [body, ""]
    if s.host_intro:
        out += ["## Host introduction", "",
                fence("dropdown", "What the host says to introduce the talk", {"class-container": "confkb-host"},
                      render(s.host_intro, s.sources[0], 0, report)), ""]
    out += _recordings_and_links(s)
    out += _around(kb, s)
    out += ["## Where this comes from", ""]
    out += [f"- Source document: {code(src)}" for src in s.sources]
    if s.generator:
        out.append(f"- Written by a generator: {render_inline(s.generator)}")
    out.append(f"- Repairs and doubts: {doc_link('data quality report', kb.index.report_link(s))}")
    return "\n".join(out).rstrip() + "\n"


def external(label: str, url: str) -> str:
    """A link to *url* (only a safe one) labelled *label*, or the label alone."""
    safe = safe_url(url)
    return f"[{escape(label or url)}](<{safe}>)" if safe else escape(label or url)


def _recordings_and_links(s: Session) -> list[str]:
    """The talk's recordings with their licence, its slides and other links with their kind, its source page."""
    out: list[str] = []
    if s.recordings:
        licence = f" · licence: {escape(s.licence)}" if s.licence else ""
        out += ["## Recording", ""] + [f"- {external(x.text or x.label, x.url)}{licence}" for x in s.recordings] + [""]
    links = [f"- {external(x.label or x.text, x.url)}" + (f" · {escape(x.kind)}" if x.kind else "") for x in s.links]
    if s.url:
        links.insert(0, f"- {external(f'This talk on {urlsplit(s.url).hostname or s.url}', s.url)}")
    return out + (["## Links", "", *links, ""] if links else [])


# Sessions listed under "At the same time": GOSIM runs 5 tracks at once, FOSDEM 60 rooms, whose talk pages would
# each list the other 59 (the page grows with the event, and a phone shows a wall of links)
AT_THE_SAME_TIME = 10


def _around(kb: KnowledgeBase, s: Session) -> list[str]:
    """Sessions at the same time in other tracks, and the previous and next one in this track."""
    same_day = kb.index.by_day.get((s.event, s.date), [])
    parallel = [x for x in same_day if x.slug != s.slug and x.date == s.date and x.start and s.start
                and x.start < (s.end or s.start) and s.start < (x.end or x.start)]
    track = kb.index.by_track.get((s.event, s.track), []) if s.date else []
    out: list[str] = []
    if s in track:
        i = track.index(s)
        prev, nxt = (track[i - 1] if i > 0 else None), (track[i + 1] if i + 1 < len(track) else None)
        if prev or nxt:
            out += ["## In this track", ""]
            if prev:
                out.append(f"- Before: {session_line(kb, prev, with_date=prev.date != s.date, with_track=False)}")
            if nxt:
                out.append(f"- After: {session_line(kb, nxt, with_date=nxt.date != s.date, with_track=False)}")
            out.append("")
    if parallel:
        out += ["## At the same time", ""] + [f"- {session_line(kb, x)}" for x in parallel[:AT_THE_SAME_TIME]]
        if len(parallel) > AT_THE_SAME_TIME:  # the rest are one click away, on the schedule
            # the talk's block on its day's grid: an anchor inside the grid's HTML, which a MyST link cannot name
            slot = f"../{urls.within(s.event, grid.slot_doc(kb, s))}.html#{grid.block_id(s)}"
            when = time_range(s.start, s.end, s.timezone_label)
            out += ["", fence("raw", "html", None, f'<p>{len(parallel) - AT_THE_SAME_TIME} more: <a href='
                              f'"{html.escape(slot)}">the schedule at {html.escape(when)}</a></p>')]
        out.append("")
    return out


def speaker_page(kb: KnowledgeBase, p: Speaker, report: Report) -> str:
    sessions = kb.index.sessions
    src = p.sources[0] if p.sources else ""
    description = f"{p.name}: {_position(p)}".strip(": ")
    out = [front_matter({"myst": {"html_meta": {"description": description}}, "og:description": description}),
           GENERATED.format(sources=", ".join(p.sources)), "", f"(speaker-{p.slug})=", f"# {escape(p.name)}", ""]
    entries = [f"single: {index_entry(p.name)}"]
    if p.organization:
        entries.append(f"single: {index_entry(p.organization)}; {index_entry(p.name)}")
    out += [index(*entries), "", avatar(p, urls.speaker_doc(p), 96), ""]
    facts = [("Position", p.position), ("Organisation", p.organization), ("Location", p.location)]
    out += [f"- **{k}:** {escape(v)}" for k, v in facts if v]
    education = render(p.education) if p.education else ""
    if "\n" in education:  # several degrees, as a list: a list of its own under the fact
        out.append("- **Education:**\n" + textwrap.indent(education, "  "))
    elif education:
        out.append(f"- **Education:** {education}")
    out.append("")
    buttons = []
    for link in p.links:
        url = safe_url(link.url)
        if url:
            buttons.append(fence("button-link", url, {"color": "primary", "outline": "", "class": "confkb-link"},
                                 escape(f"{link.label}: {link.text}" if link.text else link.label or link.url)))
    buttons.append(calendar_button(f"{p.slug}.ics"))
    out += ["\n".join(buttons), ""]
    out += ["## Sessions", "", *_sessions_by_event(kb, p, [sessions[k] for k in p.sessions if k in sessions])]
    if p.biography:
        out += ["## Biography", ""]
    for section in p.biography:
        if section.title:
            out += [f"### {render_inline(section.title)}", ""]
        body = render(section.markdown, src, section.line, report)
        if body:
            out += [body, ""]
    out += ["## Where this comes from", ""] + [f"- Source document: {code(x)}" for x in p.sources]
    return "\n".join(out).rstrip() + "\n"


def _sessions_by_event(kb: KnowledgeBase, p: Speaker, mine: list[Session]) -> list[str]:
    """A speaker's talks; under a heading per event (its name and dates, earliest first) and in time order
    within it when they spoke at several."""
    events = {e.slug: e for e in kb.events if any(s.event == e.slug for s in mine)}
    if len(events) < 2:
        return ([f"- {session_line(kb, s, with_date=True, omit=p.slug)}" for s in mine] or ["- none"]) + [""]
    out = []
    for e in sorted(events.values(), key=lambda e: (e.start_date or "9999", e.slug)):
        when = day_name(e.start_date) + (f" to {day_name(e.end_date)}" if e.end_date not in ("", e.start_date) else "")
        out += [f"### {escape(e.name)}" + (f" ({escape(when)})" if e.start_date else ""), ""]
        talks = sorted((s for s in mine if s.event == e.slug), key=lambda s: (s.date or "9999", s.start, s.slug))
        out += [f"- {session_line(kb, s, with_date=True, omit=p.slug)}" for s in talks] + [""]
    return out


def track_page(kb: KnowledgeBase, event: Event, t: Track) -> str:
    sessions = [s for s in kb.sessions if s.event == event.slug and t.slug in s.spans()]
    out = [GENERATED.format(sources=f"sources/{event.slug}"), "", f"(track-{event.slug}-{t.slug})=",
           f"# {escape(t.name)}", "", index(f"single: {index_entry(t.name)}; track"), ""]
    if t.tagline:
        out += [f"**{escape(t.tagline)}**", ""]
    if t.description:
        out += [render(t.description), ""]
    out += [f"Part of {doc_link(event.name, f'/{event.slug}/index.md')}. "
            f"{count_kinds(sessions).capitalize()}, in time order.", "", calendar_button(f"{t.slug}.ics"), ""]
    day = None
    for s in sessions:
        if s.date != day:
            day = s.date
            out += [f"## {escape(day_name(s.date))}", ""]
        out.append(f"- {session_line(kb, s, with_track=False)}")
    return "\n".join(out).rstrip() + "\n"
