"""Render stage, part 2: home, event, schedule, speaker index and data-quality pages (no I/O)."""

from __future__ import annotations

import re
from collections import defaultdict

from ..diagnostics import Code, Diagnostic
from ..ingest import values
from ..model import Event, KnowledgeBase
from . import grid, picks, urls
from .mdsafe import code, escape, render
from .myst import GENERATED, day_name, doc_link, fence
from .pages import calendar_button, external
from .plain import count_kinds, plural
from .reportwords import code_link

# Family-name particles that do not decide where a name sorts ("de", "van", ...).
PARTICLES = {"de", "da", "di", "del", "della", "der", "den", "du", "la", "le", "van", "von", "ter", "ten", "bin", "al"}


def family_key(name: str) -> tuple[str, str]:
    """Sort key by family name, particles ignored: ``Ludwig van Beethoven`` sorts under B,
    ``Pedro Ortiz Suarez`` under O (everything after the given name is the family name)."""
    import unicodedata

    def fold(text: str) -> str:
        return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()

    words = name.split()
    family = words[1:] or words
    while len(family) > 1 and fold(family[0]) in PARTICLES:
        family = family[1:]
    return fold(" ".join(family)) or " ".join(family).lower(), fold(name)


def family_letter(name: str) -> str:
    key = family_key(name)[0]
    return key[0].upper() if key and key[0].isalpha() else "#"


def newest_first(events: tuple[Event, ...]) -> list[Event]:
    """An archive's events as its home page lists them: the latest first, undated ones last, then by name."""
    dated = sorted((e for e in events if e.start_date), key=lambda e: (e.start_date, e.slug), reverse=True)
    return dated + sorted((e for e in events if not e.start_date), key=lambda e: e.slug)


def home_page(kb: KnowledgeBase, guide_pages: list[str], unbuilt: list[Diagnostic] = ()) -> str:
    """*unbuilt*: the problems of sources that made no event (a refused programme): they have no report of their
    own, so the home page lists them."""
    out = [GENERATED.format(sources="sources/"), "", "# Conference knowledge base", "",
           "Talks and speakers of the conferences below, with schedules, calendars, and every session's "
           "abstract and speaker biography. Use the search box (top left) to find a speaker, a talk or an "
           "organisation.", ""]
    events = newest_first(kb.events)
    for e in events:
        counted = count_kinds([s for s in kb.sessions if s.event == e.slug])
        n_people = len({p for s in kb.sessions if s.event == e.slug for p in s.speakers})
        when = day_name(e.start_date) + (f" to {day_name(e.end_date)}" if e.end_date != e.start_date else "")
        body = f"{escape(when)}\n\n{escape(e.location)}\n\n{counted} · {plural(n_people, 'speaker')}"
        out.append(fence("grid-item-card", escape(e.name), {"link": f"/{e.slug}/index", "link-type": "doc"}, body))
    if events:
        out.insert(-len(events), "::::{grid} 1 1 2 2\n:gutter: 3\n")
        out.append("::::")
    if unbuilt:
        out += ["", "## Sources that built no event", "",
                "Nothing of these files is on the site, for the reasons below (the organisers' guide says what to "
                "do):", ""]
        out += [f"- {code(d.file)}{f' line {d.line}' if d.line else ''} · {d.severity.value} · "
                f"{code_link(d.code)}: {escape(d.message)}" for d in unbuilt]
    out += ["", "## How to use it", "",
            "- Each event has a schedule, a page per track and per session, and a data-quality report.",
            f"- {doc_link('Speakers', '/speakers/index.md')} lists every speaker of every event, A to Z "
            "by family name.",
            "- Every session, track, speaker and event offers an *Add to calendar* file.",
            "- The whole knowledge base is also published as data, described in the "
            f"{doc_link('data format', '/guide/data-format.md')} guide:", "",
            fence("button-link", "kb.json", {"color": "secondary", "outline": ""}, "Download kb.json"), ""]
    toc = [f"{e.slug}/index" for e in events] + ["speakers/index"] + guide_pages
    out += [fence("toctree", "", {"hidden": "", "maxdepth": "1"}, "\n".join(toc))]
    return "\n".join(out).rstrip() + "\n"


def event_page(kb: KnowledgeBase, e: Event) -> str:
    sessions = [s for s in kb.sessions if s.event == e.slug]
    people = {p.slug: p for p in kb.speakers}
    out = [GENERATED.format(sources=f"sources/{e.slug}"), "", f"(event-{e.slug})=", f"# {escape(e.name)}", ""]
    when = day_name(e.start_date) + (f" to {day_name(e.end_date)}" if e.end_date != e.start_date else "")
    out += [f"- **When:** {escape(when)}", f"- **Where:** {escape(e.location or 'unknown')}"]
    out += _times_statement(e, sessions)
    if e.theme:
        out.append(f"- **Theme:** {escape(e.theme)}")
    if e.url:  # an imported programme: where it is published, and where its relative links pointed
        out.append(f"- **Programme:** {external(e.url, e.url)}")
    out += _event_statements(e)
    out += ["", f"{doc_link('Full schedule', f'/{urls.schedule_doc(e.slug)}.md')} · "
            + f"{doc_link('My schedule', f'/{e.slug}/my-schedule.md')} · "
            + (f"{doc_link(f'Rooms ({len(e.rooms)})', f'/{urls.rooms_doc(e.slug)}.md')} · " if e.rooms else "")
            + f"{doc_link('Data quality report', f'/{urls.data_quality_doc(e.slug)}.md')}", "",
            calendar_button("calendar.ics"), "", _exports(), ""]
    cards = []
    for t in e.tracks:
        counted = count_kinds([s for s in sessions if t.slug in s.spans()])
        cards.append(fence("grid-item-card", escape(t.name), {"link": f"/{urls.track_doc(e.slug, t.slug)}",
                                                              "link-type": "doc"},
                           f"{escape(t.tagline)}\n\n{counted}".strip()))
    if cards:  # a programme may have no tracks (an iCal feed)
        out += ["## Tracks", "", fence("grid", "1 2 3 3", {"gutter": "2"}, "\n\n".join(cards)), ""]
    out += ["## Day by day", ""]
    by_day: dict[str, list] = defaultdict(list)
    for s in sessions:
        by_day[s.date].append(s)
    for day in sorted(by_day):
        first, last = by_day[day][0], max(by_day[day], key=lambda s: s.end or s.start)
        out.append(f"- **{escape(day_name(day))}:** {count_kinds(by_day[day])}, "
                   f"{escape(first.start or '?')} to {escape(last.end or last.start or '?')}")
    speakers = sorted({p for s in sessions for p in s.speakers}, key=lambda x: (family_key(people[x].name), x))
    out += ["", "## Speakers", "", ", ".join(doc_link(people[x].name, f"/{urls.speaker_doc(people[x])}.md")
                                              for x in speakers), ""]
    docs = [urls.schedule_doc(e.slug), f"{e.slug}/my-schedule"] + [urls.track_doc(e.slug, t.slug) for t in e.tracks]
    docs += [urls.rooms_doc(e.slug)] if e.rooms else []
    docs.append(urls.data_quality_doc(e.slug))
    # furo's Previous and Next follow this list: a track's sessions in time order, track after track, as the
    # sidebar and the track pages list them (in the event's time order, Next jumped to another track)
    rank = {t.slug: n for n, t in enumerate(e.tracks)}
    by_track = sorted(sessions, key=lambda s: rank.get(s.track, len(rank)))  # stable: time order within a track
    out += [fence("toctree", "", {"hidden": "", "maxdepth": "1"}, "\n".join(urls.within(e.slug, d) for d in docs)),
            "", fence("toctree", "", {"hidden": "", "maxdepth": "1", "caption": "Sessions"},
                      "\n".join(urls.within(e.slug, urls.session_doc(s)) for s in by_track))]
    return "\n".join(out).rstrip() + "\n"


def _exports() -> str:
    """The event's schedule exports, published beside its pages (plain relative URLs, as the calendar's)."""
    buttons = [fence("button-link", name, {"color": "secondary", "outline": "", "class": "confkb-export"}, name)
               for name in ("schedule.xml", "schedule.json")]
    return "\n".join(["Schedule for apps such as ConfClerk, Giggity and EventFahrplan:", "", *buttons])


def _event_statements(e: Event) -> list[str]:
    """What the documents say about the event beyond the facts above, each statement once, collapsed:
    generated documents repeat "Highlights" and "Tracks" in many slightly different words."""
    if not e.extra:
        return []
    counts: dict[tuple[str, str], int] = defaultdict(int)
    for x in e.extra:
        counts[(x.title, x.markdown)] += 1
    lines = []
    for (title, markdown), n in sorted(counts.items(), key=lambda kv: (kv[0][0].lower(), -kv[1], kv[0][1])):
        body = render(markdown).replace("\n", " ")
        label = f"**{escape(title)}:** " if title else ""
        lines.append(f"- {label}{body}" + (f" *({n} documents)*" if n > 1 else ""))
    return ["", fence("dropdown", "What the session documents say about the event",
                      {"class-container": "confkb-statements"}, "\n".join(lines))]


def _floating(e: Event, sessions: list) -> bool:
    """No zone and no session naming one (FOSDEM 2021's file states neither): times as the programme gives them."""
    return not e.timezone and not any(s.timezone_label for s in sessions)


def _times_statement(e: Event, sessions: list) -> list[str]:
    if values.is_fixed(e.timezone):  # 31C3: offsets, no zone's name
        return [f"- **Times:** {escape(values.zone_label(e.timezone))}, as the programme gives them (it names no "
                "time zone)"]
    if e.timezone:
        return [f"- **Times are local:** {escape(e.timezone)}"]
    return ["- **Times:** as the programme gives them; it states no time zone"] if _floating(e, sessions) else []


def _times_sentence(e: Event, sessions: list) -> str:
    if values.is_fixed(e.timezone):
        return f"Times are at {escape(values.zone_label(e.timezone))}, as the programme gives them."
    if _floating(e, sessions):
        return "Times are as the programme gives them; it states no time zone."
    return f"Times are local to the venue{f' ({escape(e.timezone)})' if e.timezone else ''}."


def schedule_page(kb: KnowledgeBase, e: Event, day: str | None = None) -> str:
    """The schedule of one programme day as a grid (grid.py); *day* None: the first, at the schedule's address."""
    sessions = [s for s in kb.sessions if s.event == e.slug]
    order = grid.days(sessions)
    day = order[0] if day is None and order else day or ""
    first = not order or day == order[0]
    name = day_name(day) if day else "Date unknown"
    out = [GENERATED.format(sources=f"sources/{e.slug}"), "",
           f"# Schedule: {escape(e.name)}" + ("" if first else f", {escape(name)}"), "",
           f"{_times_sentence(e, sessions)} A day per page; each column is a "
           f"{'room' if e.rooms else 'track'}, and a block is as tall as the session is long. Talks you pick with "
           f"their ☆ button gather on {doc_link('My schedule', f'/{picks.my_schedule_doc(e.slug)}.md')}.", "",
           *([_exports(), ""] if first else []), f"## {escape(name)}", ""]
    if order:
        out += [grid.day_html(kb, e, order, day, grid.by_day(sessions)[day]), ""]
    if first and len(order) > 1:
        out += [fence("toctree", "", {"hidden": ""},
                      "\n".join(urls.within(e.slug, grid.day_doc(e.slug, d, order[0])) for d in order[1:]))]
    return "\n".join(out).rstrip() + "\n"


def speakers_index(kb: KnowledgeBase) -> str:
    sessions = {f"{s.event}/{s.slug}": s for s in kb.sessions}
    out = [GENERATED.format(sources="sources/"), "", "(speakers-index)=", "# Speakers", "",
           "Every speaker of every event, A to Z by family name.", ""]
    letter = None
    ordered = sorted(kb.speakers, key=lambda p: family_key(p.name))
    for p in ordered:
        if family_letter(p.name) != letter:
            letter = family_letter(p.name)
            out += ["", f"## {letter}", ""]
        talks = "; ".join(doc_link(sessions[k].title, f"/{urls.session_doc(sessions[k])}.md")
                          for k in p.sessions if k in sessions)
        role = ", ".join(x for x in (p.position, p.organization) if x)
        out.append(f"- {doc_link(p.name, f'/{urls.speaker_doc(p)}.md')}"
                   + (f" — {escape(role)}" if role else "") + (f" · {talks}" if talks else ""))
    out += ["", fence("toctree", "", {"hidden": "", "maxdepth": "1"}, "\n".join(p.slug for p in ordered))]
    return "\n".join(out).rstrip() + "\n"


def codes_page() -> str:
    """The diagnostic codes, from the enum, its group comments and its docstrings; each code's entry has the
    anchor the data-quality report links (``urls.code_entry``)."""
    import inspect

    src = inspect.getsource(Code)
    docs = dict(re.findall(r'^\s+\w+ = "(\w+)"\n\s+"""(.+?)"""', src, flags=re.M | re.S))
    out = ["# Diagnostic codes", "", "Every problem the tool reports carries one of these codes, shown as "
           "`[confkb.<code>]` by `python -m tools.confkb check` and on each event's data-quality page, which links "
           "each code here.", ""]
    for line in src.split("\n"):
        group = re.match(r"\s+# -- (.+?) -*$", line)
        if group:
            out += [f"## {escape(group[1][:1].upper() + group[1][1:])}", ""]
        value = re.match(r'\s+\w+ = "(\w+)"$', line)
        if value:
            meaning = escape(" ".join(docs.get(value[1], "").split()))
            out += [f"({urls.code_entry(value[1])})=", f"**{code(value[1])}** · {meaning}", ""]
    return "\n".join(out).rstrip() + "\n"
