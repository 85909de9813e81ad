"""Assemble stage: the ParsedDocs of one event -> Event, Tracks, Sessions and Speakers, with slugs."""

from __future__ import annotations

import re
import zoneinfo
from collections import Counter
from dataclasses import dataclass, field, replace
from functools import cache

from ..diagnostics import Code, Report, quoted
from ..ingest import values
from ..ingest.corrections import Corrections
from ..model import Event, ParsedDoc, Section, Session, Speaker, Track
from . import identity, introductions, leftovers, slugs
from .links import merge_links


@dataclass(slots=True)
class EventParts:
    """Everything one event folder contributes, before speakers are merged across events."""

    event: Event
    sessions: list[Session] = field(default_factory=list)
    people: dict[str, dict] = field(default_factory=dict)  # speaker name -> accumulated fields
    moved: dict[str, str] = field(default_factory=dict)  # a session's former slug -> the slug that took its place


@cache
def _zone_cities() -> list[tuple[str, str]]:
    out = []
    for name in sorted(zoneinfo.available_timezones()):
        if "/" in name and not name.startswith(("Etc/", "SystemV/", "US/", "posix/", "right/")):
            out.append((name.rsplit("/", 1)[1].replace("_", " "), name))
    return out


def timezone_for(location: str) -> str:
    """IANA zone whose city is named in *location* (``Station F, Paris, France`` -> Europe/Paris)."""
    for city, name in _zone_cities():
        # the substring test first: a pattern per city (about 500) would also push every other pattern out of
        # the re module's cache (512 entries), to be compiled again where it is used next
        if city in location and re.search(rf"\b{re.escape(city)}\b", location):
            return name
    return ""


def _most_common(items: list[str]) -> str:
    items = [i for i in items if i]
    if not items:
        return ""
    counts = Counter(items)
    return sorted(counts, key=lambda k: (-counts[k], k))[0]


def _theme_tracks(theme: str) -> list[str]:
    """Track names listed in a theme: "... across six tracks: AI Model, AI Infra, and X." """
    m = re.search(r"tracks?\s*(?:covering|:)\s*(.+)$", theme, re.I)
    if not m:
        return []
    parts = re.split(r",\s*(?:and\s+)?|\s+and\s+", m.group(1).rstrip(". "))
    return [p.strip(" .*") for p in parts if p.strip(" .*")]


def assemble_event(event_dir: str, docs: list[ParsedDoc], report: Report) -> EventParts:
    """Merge one event's documents; report what they get wrong instead of copying it."""
    docs = sorted(docs, key=lambda d: d.path)
    name = _most_common([d.event_name for d in docs]) or event_dir.replace("-", " ").title()
    dates = _most_common([d.event_dates for d in docs])
    start_date, end_date = values.parse_date_range(dates) if dates else ("", "")
    location = _most_common([d.event_location for d in docs])
    theme = _most_common([d.event_theme for d in docs])
    year = int(start_date[:4]) if start_date else None

    # tracks: only those that sessions belong to are real
    track_names: dict[str, str] = {}  # slug -> name
    track_info: dict[str, tuple[str, str]] = {}
    for d in docs:
        if d.track_name:
            slug = slugs.make(d.track_name, "track")
            track_names.setdefault(slug, d.track_name)
            if slug not in track_info or not track_info[slug][0]:
                track_info[slug] = (d.track_tagline, d.track_description)
    reported: set[str] = set()
    for d in docs:  # every document's theme (and "Tracks:" line) names the tracks it believes in
        named_here = _theme_tracks(d.event_theme) + [
            t for x in d.event_extra if x.title.lower() == "tracks"
            for t in _theme_tracks("tracks: " + re.sub(r"\s*\n\s*[-*+]\s*", ", ", "\n" + x.markdown))]
        for named in named_here:
            if not named[:1].isupper():
                continue  # "robotics", "applications": topics in prose, not track names
            slug = slugs.make(named, "track")
            if slug not in track_names and slug not in reported:
                reported.add(slug)
                report.warning(d.path, d.event_line, Code.UNKNOWN_TRACK,
                               f"the event theme names track {named!r}, but no session belongs to it; "
                               "no page is built for it")
    tracks = tuple(Track(s, track_names[s], *track_info.get(s, ("", ""))) for s in sorted(track_names))
    _report_variants(docs, track_info, {"event_theme": theme, "event_location": location, "event_dates": dates,
                                        "event_name": name}, report)
    event = Event(slugs.make(event_dir, "event"), name, start_date, end_date, location, theme,
                  timezone_for(location), tracks, tuple(_event_extra(docs)),
                  tuple(sorted({d.generator for d in docs if d.generator})),
                  docs[0].path.rsplit("/", 1)[0] if docs else "")
    parts = EventParts(event)

    # sessions: documents with the same title are one talk with several speakers
    groups: dict[str, list[ParsedDoc]] = {}
    for d in docs:
        if not d.title:
            report.error(d.path, d.doc_title_line or 1, Code.NO_SESSION,
                         "no session title found (expected a 'Title:' line under 'Session Details')")
            continue
        groups.setdefault(values.title_key(d.title), []).append(d)
    session_slugs = slugs.assign([g[0].title for g in groups.values()], "session")
    for group in groups.values():
        parts.sessions.append(_session(event, group, session_slugs[group[0].title], year, report))
        for d in group:
            _collect_person(parts, d, event, report)
    parts.sessions.sort(key=lambda s: (s.date or "9999", s.start or "99", s.slug))
    # a track that only a conflicting document names (its talk is in another track) gets no page
    used = {s.track for s in parts.sessions}
    leftovers.track_descriptions(docs, used, report)
    if any(t.slug not in used for t in event.tracks):
        parts.event = replace(event, tracks=tuple(t for t in event.tracks if t.slug in used))
    return parts


def _words(text: str) -> set[str]:
    return set(re.findall(r"[^\W_]+", text.casefold()))


def _report_variants(docs: list[ParsedDoc], track_info: dict[str, tuple[str, str]], kept: dict[str, str],
                     report: Report) -> None:
    """One wording of a shared text is shown; every other wording with words of its own is quoted as dropped."""
    for d in docs:
        shown = dict(kept)
        if d.track_name:
            tagline, description = track_info.get(slugs.make(d.track_name, "track"), ("", ""))
            shown.update(track_tagline=tagline, track_description=description)
        for attr, value in shown.items():
            own = getattr(d, attr)
            if own and _words(own) - _words(value):
                what = attr.replace("_", " ")
                line = d.track_line if attr.startswith("track") else d.event_line
                report.dropped(d.path, line, Code.VARIANT_TEXT,  # its words, on one line: line breaks are layout
                               f"{what} worded differently in another document, which is shown; not shown: "
                               f"{quoted(' '.join(own.split()))}")


def _event_extra(docs: list[ParsedDoc]) -> list[Section]:
    seen: dict[str, Section] = {}
    for d in docs:
        for s in d.event_extra:
            key = (s.title.lower(), s.markdown)
            seen.setdefault(repr(key), s)
    return list(seen.values())


def _when(d: ParsedDoc, year: int | None, report: Report) -> tuple[str, str, str, str]:
    date = values.parse_date(d.date_text, year) if d.date_text else ""
    if d.date_text and not date:
        report.warning(d.path, d.date_line, Code.BAD_DATE, f"cannot understand the date {d.date_text!r}")
    elif not d.date_text:
        report.warning(d.path, d.title_line, Code.MISSING_FIELD, "the session has no date")
    start = end = tz = ""
    if d.time_text:
        tr = values.parse_time_range(d.time_text)
        if tr is None:
            report.warning(d.path, d.time_line, Code.BAD_TIME, f"cannot understand the time {d.time_text!r}")
        elif tr.problem:
            report.warning(d.path, d.time_line, Code.BAD_TIME, f"time {d.time_text!r} is unusable: {tr.problem}")
            tz = tr.tz_label
        else:
            start, end, tz = tr.start, tr.end, tr.tz_label
            if tr.repaired:
                report.fixed(d.path, d.time_line, Code.BAD_TIME,
                             f"time {d.time_text!r}: {tr.repaired}; read as {start}–{end}")
    else:
        report.warning(d.path, d.title_line, Code.MISSING_FIELD, "the session has no time")
    return date, start, end, tz


def _zone_label(event: Event, date: str, start: str, written: str, d: ParsedDoc, report: Report) -> str:
    """The label the event's zone wears at the session's time, as the schedule shows it (CEST in May in Paris).

    A document's label from the same zone at another season (CET in May) is corrected and reported; one from
    another zone (PST for a Paris event) may mean the times are in that zone, so it is kept and reported.
    """
    computed = values.zone_abbrev(event.timezone, date, start)
    if not computed or not written or written == computed:
        return computed or written
    line = d.time_line or d.title_line
    offset = values.label_offset_minutes(written)
    same_offset = offset is not None and offset == values.zone_offset_minutes(event.timezone, date, start)
    if same_offset or written in values.zone_abbrevs(event.timezone, date[:4]):
        report.fixed(d.path, line, Code.TIME_ZONE_LABEL,
                     f"time zone {written!r} is not what {event.timezone} is called on {date}; shown as {computed}")
        return computed
    report.warning(d.path, line, Code.TIME_ZONE_LABEL,
                   f"times are given in {written!r} but the event is in {event.timezone} ({computed}); "
                   "shown as written, check them")
    return written


def _session(event: Event, group: list[ParsedDoc], slug: str, year: int | None, report: Report) -> Session:
    first = group[0]
    date, start, end, tz = _when(first, year, report)
    tz = _zone_label(event, date, start, tz, first, report)
    for other in group[1:]:
        o = _when(other, year, Report())  # its own problems were reported above via `first` logic
        if (o[0], o[1], o[2]) != (date, start, end):
            report.warning(other.path, other.time_line or other.title_line, Code.SESSION_CONFLICT,
                           f"same talk as {first.path} but at {o[0]} {o[1]}-{o[2]}, not {date} {start}-{end};"
                           f" keeping {first.path}")
        if other.track_name and first.track_name and slugs.make(other.track_name) != slugs.make(first.track_name):
            report.warning(other.path, other.track_line, Code.TRACK_CONFLICT,
                           f"same talk as {first.path} but in track {other.track_name!r}, not {first.track_name!r}")
    shown = max(group, key=lambda d: len(d.abstract))  # the longest abstract; any other that says more is reported
    leftovers.abstracts(group, shown, report)
    # a biography whose speaker has no usable name ("🦄🦄") has no speaker page: show it with the talk
    extra = tuple(s for d in group for s in d.session_extra) + tuple(
        s for d in group if not d.speaker_name for s in d.biography)
    names = [values.clean_name(d.speaker_name) for d in group if d.speaker_name]
    for d in group:
        if not d.speaker_name:
            report.warning(d.path, d.speaker_line or d.title_line, Code.NO_SPEAKER, "no speaker name found")
    return Session(
        slug=slug, event=event.slug, title=first.title, date=date, start=start, end=end, timezone_label=tz,
        track=slugs.make(first.track_name, "track") if first.track_name else "",
        speakers=tuple(dict.fromkeys(names)),  # names for now; speaker slugs are set once people are merged
        abstract=shown.abstract, host_intro=introductions.merge(group, report),
        extra=extra, sources=tuple(d.path for d in group), generator=first.generator,
    )


_YEAR_ITEM = re.compile(r"^\s*+(?:[-*+]\s++)?(?:\*\*|__)?\s*((?:19|20)\d{2})\b")  # *+, ++: linear time


def _collect_person(parts: EventParts, d: ParsedDoc, event: Event, report: Report) -> None:
    if not d.speaker_name:
        return
    name = values.clean_name(d.speaker_name)
    person = parts.people.setdefault(name, {"name": name, "links": [], "biography": [], "sources": [],
                                            "sessions": []})
    for attr in ("position", "organization", "location", "education", "position_text"):
        if getattr(d, attr) and not person.get(attr):
            person[attr] = getattr(d, attr)
    merge_links(person["links"], d.links)  # the same profile twice (twitter.com and x.com) is one button
    person["biography"].extend(d.biography)
    person["sources"].append(d.path)
    person["sessions"].append(values.title_key(d.title))
    # "2023: Keynote at GOSIM AI Paris 2025" cannot be right
    year = event.start_date[:4]
    for section in d.biography:
        for n, line in enumerate(section.markdown.split("\n")):
            m = _YEAR_ITEM.match(line)
            if m and year and m.group(1) != year and event.name.lower() in line.lower():
                report.warning(d.path, section.line + n, Code.DOUBTFUL_DATE,
                               f"dated {m.group(1)} but names {event.name}, which took place in {year}")


def finish(all_parts: list[EventParts], report: Report, fixes: dict[str, Corrections] | None = None,
           ) -> tuple[list[Event], list[Session], list[Speaker]]:
    """Match people across events into speakers with unique slugs (identity.py); point sessions at them.
    *fixes*: each event's corrections, by event slug, for the [[speaker]] entries that tell people apart."""
    slug_of: dict[tuple[str, str], str] = {}  # (event slug, person key) -> speaker slug
    speakers = []
    # a person's sessions are title keys (documents) or session slugs (imported programmes, whose titles repeat)
    title_to_slug = {p.event.slug: {s.slug: s.slug for s in p.sessions} | {values.title_key(s.title): s.slug
                                                                          for s in p.sessions} for p in all_parts}
    for who in identity.identify(all_parts, report, fixes):
        m: dict = {"links": [], "biography": [], "sources": [], "sessions": [], "ids": []}
        for member in who.members:
            p, person = member.parts, member.parts.people[member.key]
            slug_of[(p.event.slug, member.key)] = who.slug
            for k, v in person.items():
                if isinstance(v, list):
                    if k == "sessions":
                        slug_of_title = title_to_slug[p.event.slug]
                        m[k].extend(f"{p.event.slug}/{slug_of_title[t]}" for t in v if t in slug_of_title)
                    elif k == "links":
                        merge_links(m[k], v)
                    else:
                        m[k].extend(v)
                elif v and k != "name" and not m.get(k):
                    m[k] = v
        speakers.append(Speaker(
            slug=who.slug, name=who.name, position=m.get("position", ""), organization=m.get("organization", ""),
            location=m.get("location", ""), education=m.get("education", ""), links=tuple(m["links"]),
            biography=tuple(m["biography"]), sessions=tuple(dict.fromkeys(m["sessions"])),
            sources=tuple(dict.fromkeys(m["sources"])), ids=tuple(dict.fromkeys(m["ids"]))))
    sessions: list[Session] = []
    for p in all_parts:
        for s in p.sessions:
            sessions.append(_replace_speakers(s, tuple(slug_of[(p.event.slug, n)] for n in s.speakers)))
    return [p.event for p in all_parts], sessions, speakers


def _replace_speakers(s: Session, speakers: tuple[str, ...]) -> Session:
    return replace(s, speakers=speakers)
