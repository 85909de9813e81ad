"""A published programme (frab, pentabarf, wafer, pretalx, iCal), as an importer read it -> the event's records.

The programme gives the slots: titles, times, rooms, tracks, people and their ids. Session documents in the same
folder, when there are any, are matched to its talks as ``programme.py`` matches GOSIM's, and add abstracts,
biographies and links; where they disagree with the programme, the programme wins and the difference is reported.
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from urllib.parse import urlparse

from ..diagnostics import Code, Report
from ..ingest import values
from ..ingest.schedule.records import Conference, Talk
from ..model import Event, Link, ParsedDoc, Room, Section, Session, SourceId, Track
from . import documents, programme, reconcile, slugs
from .links import merge_links

SEP = "\x1f"  # between a person's name and their id, in the key of one of two people who share a name


def assemble_event(event_dir: str, conference: Conference, docs: list[ParsedDoc],
                   report: Report) -> documents.EventParts:
    """The programme's talks become the sessions; the folder's documents (often none) add what they know."""
    event_slug = slugs.make(event_dir, "event")
    from_docs = documents.assemble_event(event_dir, docs, report) if docs else None
    event = _event(event_slug, conference, from_docs.event if from_docs else None)
    system = urlparse(conference.base_url).hostname or event_slug
    parts = documents.EventParts(event)
    room_of = {r.name: r.slug for r in event.rooms}
    when = [_when(t, event.timezone) for t in conference.talks]
    slot_of = [programme.Slot(t.track, w[0], f"{w[1]} - {w[2]}" if w[1] and w[2] else w[1], t.title, "",
                              tuple(programme.Person(p.id, p.name) for p in t.persons), t.line)
               for t, w in zip(conference.talks, when)]
    listed = programme.Programme(conference.path, tuple(slot_of), tuple(t.name for t in event.tracks))
    by_path = {d.path: d for d in docs}
    year = int(event.start_date[:4]) if event.start_date[:4].isdigit() else None
    matched = programme.match(listed, from_docs.sessions, by_path, year) if from_docs else {}
    if from_docs:
        parts.people = from_docs.people
        parts.event = event = _with_doc_tracks(event, from_docs.event)
    unmatched = [s for s in (from_docs.sessions if from_docs else []) if all(s is not x for x in matched.values())]
    slug_of = _session_slugs(conference.talks, when, [s.title for s in unmatched])
    keys = _person_keys(conference)
    # the documents' people list sessions by title, the programme's by slug: titles repeat ("Welcome" in many rooms)
    renamed = {values.title_key(ds.title): slug_of[i] for i, ds in matched.items()}
    renamed |= {values.title_key(s.title): slug_of[s.title] for s in unmatched}
    for person in parts.people.values():
        person["sessions"] = [renamed.get(k, k) for k in person["sessions"]]
    for i, (talk, (date, start, end, end_date)) in enumerate(zip(conference.talks, when)):
        slug = slug_of[i]
        session = Session(
            slug=slug, event=event_slug, title=talk.title, date=date, start=start, end=end,
            timezone_label=(values.zone_label(event.timezone) if values.is_fixed(event.timezone)
                            else values.zone_abbrev(event.timezone, date, start) or _offset_label(talk.start)),
            track=slugs.make(talk.track, "track") if talk.track else "",
            speakers=tuple(dict.fromkeys(keys[(p.name, p.id)] for p in talk.persons)),
            abstract="\n\n".join(x for x in dict.fromkeys((talk.abstract.strip(), talk.description.strip())) if x),
            sources=(conference.path,), kind=_kind(talk), room=room_of.get(talk.room, ""), type=talk.type,
            language=talk.language, subtitle=talk.subtitle, day=talk.day if talk.day and talk.day != date else "",
            end_date=end_date, links=talk.links, licence=talk.recording_licence, url=talk.url,
            recordings=(Link("Recording", talk.recording_url, kind="recording"),) if talk.recording_url else (),
            ids=_ids(event_slug, system, (("id", talk.id), ("guid", talk.guid), ("code", talk.code),
                                          ("slug", talk.slug))))
        ds = matched.get(i)
        if ds is not None:
            reconcile.report_conflicts(slot_of[i], (date, start, end), ds, by_path, report)
            session = _with_document(session, ds)
            _adopt_people(parts, talk, ds, keys, by_path)
        parts.sessions.append(session)
        for p in talk.persons:
            _add_person(parts, keys[(p.name, p.id)], p, slug, conference.path, event_slug, system)
    for s in unmatched:
        for path in s.sources:
            report.warning(path, by_path[path].title_line, Code.UNMATCHED_DOCUMENT,
                           f"the document's talk {s.title!r} is in no slot of the programme; built from the "
                           "document alone")
        parts.sessions.append(replace(s, slug=slug_of[s.title]))
    parts.sessions.sort(key=_order)
    return parts


def _event(slug: str, conference: Conference, documented: Event | None) -> Event:
    guid = {r.name: r.guid for r in reversed(conference.rooms)}  # the first guid a room is listed with
    # the programme's rooms in its order, then any that only a talk names
    rooms = [(n, guid.get(n, "")) for n in dict.fromkeys([r.name for r in conference.rooms]
                                                         + [t.room for t in conference.talks if t.room])]
    room_slugs = slugs.assign([name for name, _ in rooms], "room")
    names = [t.name for t in conference.tracks] + [t.track for t in conference.talks if t.track]
    by_slug = {slugs.make(n, "track"): n for n in reversed(list(dict.fromkeys(names)))}  # the first name wins
    tracks = tuple(Track(s, by_slug[s]) for s in dict.fromkeys(slugs.make(n, "track") for n in names))
    days = sorted(d.date for d in conference.days if d.date)
    zone = conference.time_zone if values.zone(conference.time_zone) else _offset_zone(conference)
    return Event(
        slug=slug, name=conference.title or (documented.name if documented else slug),
        start_date=conference.start or (days[0] if days else ""), end_date=conference.end or (days[-1] if days else ""),
        location=conference.location or (documented.location if documented else ""), theme=documented.theme if documented else "",
        timezone=zone or (documented.timezone if documented else ""), tracks=tracks,
        extra=documented.extra if documented else (), generators=documented.generators if documented else (),
        source_dir=conference.path.rsplit("/", 1)[0], rooms=tuple(Room(room_slugs[n], n, g) for n, g in rooms),
        acronym=conference.acronym, url=conference.base_url)


def _offset_zone(conference: Conference) -> str:
    """A programme without a zone's name whose times all carry one offset (31C3: +01:00; Kielux: Z) is in that
    fixed offset; with no offset (FOSDEM) or several, "": its times stay as written, floating."""
    offsets = set()
    for t in conference.talks:
        try:  # a talk without a (readable) time says nothing of the zone
            offsets |= {datetime.fromisoformat(t.start).utcoffset()} if t.start else set()
        except ValueError:
            continue
    if len(offsets) != 1 or None in offsets:
        return ""
    return values.fixed_zone(int(offsets.pop().total_seconds() // 60))


def _with_doc_tracks(event: Event, documented: Event) -> Event:
    """The programme's tracks, with the taglines and descriptions the documents give them."""
    doc = {t.slug: t for t in documented.tracks}
    return replace(event, tracks=tuple(Track(t.slug, t.name, doc[t.slug].tagline, doc[t.slug].description)
                                       if t.slug in doc else t for t in event.tracks))


def _when(talk: Talk, zone_name: str) -> tuple[str, str, str, str]:
    """(date, start, end, end date when later) in the event's local time; the source's offset says the instant."""
    try:
        at = datetime.fromisoformat(talk.start) if talk.start else None
    except ValueError:
        at = None  # the importer reports what it cannot read
    if at is None:
        return talk.day, "", "", ""
    zone = values.zone(zone_name)
    if at.tzinfo is None:
        at = at.replace(tzinfo=zone) if zone else at
    elif zone is not None:
        at = at.astimezone(zone)  # DebConf gives UTC instants for a talk in Kochi
    if at.tzinfo is not None:  # a duration is elapsed time: a night with a clock change has one hour more or less
        end = (at.astimezone(UTC) + timedelta(minutes=talk.minutes)).astimezone(at.tzinfo)
    else:
        end = at + timedelta(minutes=talk.minutes)
    date = at.date().isoformat()
    if talk.minutes <= 0:
        return date, at.strftime("%H:%M"), "", ""
    end_date = end.date().isoformat()
    return date, at.strftime("%H:%M"), end.strftime("%H:%M"), end_date if end_date != date else ""


def _offset_label(start: str) -> str:
    """``UTC+01:00`` for a time given with an offset when the event's zone is unknown."""
    m = re.search(r"([+-]\d\d:\d\d|Z)$", start)
    return "" if m is None else "UTC" if m[1] == "Z" else f"UTC{m[1]}"


def _session_slugs(talks: tuple[Talk, ...], when: list[tuple[str, str, str, str]],
                   others: list[str]) -> dict:
    """Talk index -> slug, and a document's title -> slug. A title many talks share ("Welcome" in every room) is
    told apart by the room, then the date and time, then the source's id: the same programme, the same slugs."""
    names = [t.title for t in talks]
    for extra in (lambda i: talks[i].room, lambda i: f"{when[i][0]} {when[i][1]}", lambda i: talks[i].id or str(i)):
        counts: dict[str, int] = {}
        for n in names + others:
            counts[values.title_key(n)] = counts.get(values.title_key(n), 0) + 1
        names = [f"{n} {extra(i)}".strip() if counts[values.title_key(n)] > 1 else n for i, n in enumerate(names)]
    assigned = slugs.assign(names + others, "session")
    return {i: assigned[n] for i, n in enumerate(names)} | {n: assigned[n] for n in others}


def _person_keys(conference: Conference) -> dict[tuple[str, str], str]:
    """(name, id) -> the person's key: their name, or name and id when two people of the programme share it."""
    ids: dict[str, set[str]] = {}
    for t in conference.talks:
        for p in t.persons:
            ids.setdefault(p.name, set()).update([p.id] if p.id else [])
    return {(p.name, p.id): f"{p.name}{SEP}{p.id}" if len(ids[p.name]) > 1 and p.id else p.name
            for t in conference.talks for p in t.persons}


def _ids(event: str, system: str, pairs: tuple[tuple[str, str], ...]) -> tuple[SourceId, ...]:
    return tuple(SourceId(event, system, k, v) for k, v in pairs if v)


def _kind(talk: Talk) -> str:
    if talk.persons:
        return "talk"
    return "break" if programme.BREAK.search(talk.title) else "plenary"


def _order(s: Session) -> tuple:
    """Programme day, then time within it (a talk at 01:00 filed under the day before comes after its evening),
    then room."""
    day = s.day or s.date
    late = "1" if s.day and s.date > s.day else "0"
    return (day or "9999", late, s.start or "99", s.room, s.slug)


def _with_document(session: Session, ds: Session) -> Session:
    """The programme's session with what its document adds: an abstract, sections, a host introduction."""
    extra = ds.extra
    if ds.abstract and session.abstract and values.words_missing(ds.abstract, session.abstract):
        extra = (Section("From the session document", ds.abstract, 0), *extra)
    return replace(session, abstract=session.abstract or ds.abstract, extra=extra, host_intro=ds.host_intro,
                   generator=ds.generator, sources=(*ds.sources, *session.sources))


def _adopt_people(parts: documents.EventParts, talk: Talk, ds: Session, keys: dict[tuple[str, str], str],
                  docs: dict[str, ParsedDoc]) -> None:
    """A document's speaker takes the key of the programme's person they are: one page, the document's facts."""
    for path in ds.sources:
        d = docs[path]
        p = next((p for p in talk.persons if d.speaker_name and values.same_person(d.speaker_name, p.name)), None)
        old = values.clean_name(d.speaker_name) if d.speaker_name else ""
        if p is not None and old in parts.people and old != keys[(p.name, p.id)]:
            reconcile.rename_person(parts, old, keys[(p.name, p.id)])
            parts.people[keys[(p.name, p.id)]]["name"] = p.name


def _add_person(parts: documents.EventParts, key: str, p, slug: str, path: str, event: str, system: str) -> None:
    person = parts.people.setdefault(key, {"name": p.name, "links": [], "biography": [], "sources": [],
                                           "sessions": []})
    person.setdefault("ids", [])
    if path not in person["sources"]:
        person["sources"].append(path)
    merge_links(person["links"], list(p.links))
    said = " ".join(s.markdown for s in person["biography"])
    if p.biography and (not said or values.words_missing(p.biography, said)):  # a document's own words come first
        person["biography"].append(Section("From the programme" if said else "Biography", p.biography, 0))
    person["ids"] += [i for i in _ids(event, system, (("id", p.id), ("guid", p.guid))) if i not in person["ids"]]
    if slug not in person["sessions"]:
        person["sessions"].append(slug)
