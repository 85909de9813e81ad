"""The organiser's programme (Schedule.json, Speakers.json): read it, match documents to its slots, merge."""

from __future__ import annotations

import json
import re
from collections import Counter
from dataclasses import dataclass, replace
from pathlib import Path

from ..diagnostics import Code, Report
from ..ingest import read, values
from ..model import Link, ParsedDoc, Section, Session, SourceId, Track
from . import documents as assemble
from . import reconcile, roster, slugs
from .links import merge_links

MISSING = {"", "undefined", "null", "none", "#"}  # Speakers.json writes "undefined" for a link it lacks
BREAK = re.compile(r"\b(coffee|lunch|break|dinner|breakfast)\b", re.I)


@dataclass(frozen=True, slots=True)
class Person:
    """A speaker as the programme names them (``id`` is their slug there)."""

    id: str
    name: str
    role_org: str = ""
    bio: str = ""
    links: tuple[Link, ...] = ()
    image: str = ""  # the picture the programme names for them ("alexy-khrabrov.jpg"), in images/
    image_line: int = 0  # its line in Schedule.json, for a report line about it


@dataclass(frozen=True, slots=True)
class Slot:
    """One entry of the programme: a talk, a keynote, a break."""

    track: str  # track name as the programme writes it
    date_text: str  # "May 6": the programme gives no year
    time_text: str  # "9:30 - 10:00"
    title: str
    content: str
    speakers: tuple[Person, ...]
    line: int  # line of the title in Schedule.json, for diagnostics


@dataclass(frozen=True, slots=True)
class Programme:
    path: str  # as shown in diagnostics (sources/<event>/Schedule.json)
    slots: tuple[Slot, ...]
    tracks: tuple[str, ...]  # in the programme's order


def _links(social: object) -> tuple[Link, ...]:
    if not isinstance(social, dict):
        return ()
    return tuple(Link(k.title(), str(v).strip()) for k, v in social.items()
                 if isinstance(v, str) and v.strip().lower() not in MISSING)


def read_programme(folder: Path, sources: Path, report: Report) -> Programme | None:
    """The programme of one event folder, or None when it has none (or it cannot be read: reported)."""
    path = read.find_file(folder, "schedule.json")
    if path is None:
        return None
    shown = f"{sources.name}/{folder.name}/{path.name}"
    try:
        if not read._inside(path, sources.resolve()):
            raise OSError("symbolic link leads outside the sources folder")
        text = path.read_text(encoding="utf-8-sig")
        data = json.loads(text)["sessions"]
        bios = _speakers(folder, sources, report)
        slots: list[Slot] = []
        pos = 0
        for track, items in data.items():
            for item in items:
                title = " ".join(str(item.get("title", "")).split())
                line, pos = _line_of(text, item.get("title", ""), pos)
                people = tuple(_person(sp, bios, text, pos) for sp in item.get("speakers") or ())
                content = str(item.get("content") or "").replace("\r\n", "\n").replace("\r", "\n").strip()
                slots.append(Slot(" ".join(track.split()), str(item.get("date", "")), str(item.get("timeSlot", "")),
                                  title, content, people, line))
    except (OSError, UnicodeDecodeError, ValueError, KeyError, TypeError, AttributeError) as exc:
        report.error(shown, 1, Code.READ_FAILED, f"cannot read the programme ({exc}); using the documents alone")
        return None
    return Programme(shown, tuple(slots), tuple(dict.fromkeys(s.track for s in slots)))


def _line_of(text: str, title: str, pos: int) -> tuple[int, int]:
    """Line of the next ``"title": "<title>"`` at or after *pos*."""
    return read.json_line(text, "title", title, pos) or (1, pos)


def _speakers(folder: Path, sources: Path, report: Report) -> dict[str, dict]:
    path = read.find_file(folder, "speakers.json")
    if path is None or not read._inside(path, sources.resolve()):
        return {}
    try:
        data = json.loads(path.read_text(encoding="utf-8-sig"))
        return {str(p["id"]): p for p in data["speakers"] if isinstance(p, dict) and "id" in p}
    except (OSError, UnicodeDecodeError, ValueError, KeyError, TypeError) as exc:
        report.error(f"{sources.name}/{folder.name}/{path.name}", 1, Code.READ_FAILED,
                     f"cannot read the programme's speakers ({exc}); biographies come from documents only")
        return {}


def _person(sp: dict, bios: dict[str, dict], text: str, pos: int) -> Person:
    full = roster.listed_entry(bios, sp)
    image = sp.get("image") if isinstance(sp.get("image"), str) else ""
    line = (read.json_line(text, "image", image, pos) or (0, 0))[0] if image.strip() else 0
    role_org = str(sp.get("roleOrg") or full.get("roleOrg") or "").strip()
    bio = str(full.get("bio") or "").replace("\r\n", "\n").strip()
    name = values.clean_name(str(sp.get("name") or full.get("name") or ""))
    return Person(str(sp.get("id", "")), name, role_org, bio, _links(full.get("socialLinks")), image.strip(), line)


# -- matching documents to slots ---------------------------------------------------


def slot_when(slot: Slot, year: int | None) -> tuple[str, str, str]:
    """(ISO date, start, end) of a slot; "" for what cannot be read."""
    tr = values.parse_time_range(slot.time_text) if slot.time_text else None
    ok = tr is not None and not tr.problem
    return (values.parse_date(slot.date_text, year) if slot.date_text else "",
            tr.start if ok else "", tr.end if ok else "")


def match(programme: Programme, sessions: list[Session], docs: dict[str, ParsedDoc],
          year: int | None) -> dict[int, Session]:
    """Slot index -> the document session that describes it; a document session matches at most one slot.

    First by title (case, punctuation and spacing ignored), then by a speaker's name; several candidate slots
    are told apart by the speaker's name, then by date and time."""
    out: dict[int, Session] = {}
    taken: set[int] = set()

    def names_of(s: Session) -> list[str]:
        return [docs[p].speaker_name for p in s.sources if p in docs and docs[p].speaker_name]

    def shares_speaker(slot: Slot, s: Session) -> bool:
        return any(values.same_person(a, p.name) for a in names_of(s) for p in slot.speakers)

    for by_title in (True, False):
        for n, s in enumerate(sessions):
            if n in taken:
                continue
            key = values.title_key(s.title)
            cands = [i for i, slot in enumerate(programme.slots) if i not in out and (
                values.title_key(slot.title) == key if by_title else shares_speaker(slot, s))]
            if len(cands) > 1:
                cands = [i for i in cands if shares_speaker(programme.slots[i], s)] or cands
            if len(cands) > 1:  # the same speaker twice, or the same title twice: the time decides
                cands = [i for i in cands if slot_when(programme.slots[i], year)[:2] == (s.date, s.start)] or cands
            if cands:
                out[cands[0]] = s
                taken.add(n)
    return out


# -- merging ------------------------------------------------------------------------


def _kind(slot: Slot) -> str:
    if slot.speakers:
        return "talk"
    return "break" if BREAK.search(slot.title) else "plenary"


def assemble_event(event_dir: str, docs: list[ParsedDoc], programme: Programme,
                   report: Report) -> assemble.EventParts:
    """The programme's slots become the sessions; documents add abstracts, biographies and host introductions."""
    mark = len(report.items)
    parts = assemble.assemble_event(event_dir, docs, report)
    # the documents' theme names tracks; the programme decides which are real
    report.items[mark:] = [d for d in report.items[mark:] if not (
        d.code is Code.UNKNOWN_TRACK and any(f"track {t!r}" in d.message for t in programme.tracks))]
    event = parts.event
    m = re.search(r"(?:19|20)\d\d", event.start_date or event_dir)
    year = int(m.group(0)) if m else None
    doc_tracks = {t.slug: t for t in event.tracks}
    tracks = tuple(replace(doc_tracks[slugs.make(n, "track")], name=n) if slugs.make(n, "track") in doc_tracks
                   else Track(slugs.make(n, "track"), n) for n in programme.tracks)
    days = sorted(w[0] for s in programme.slots if (w := slot_when(s, year))[0])
    event = replace(event, tracks=tracks, start_date=event.start_date or (days[0] if days else ""),
                    end_date=event.end_date or (days[-1] if days else ""))
    parts.event = event
    # a break or keynote that the programme lists under every track at once is one session spanning them
    programme, spans = _one_per_slot(programme, year)
    names_of_tracks = {slugs.make(n, "track"): n for n in programme.tracks}
    when = [slot_when(s, year) for s in programme.slots]
    by_path = {d.path: d for d in docs}
    matched = match(programme, parts.sessions, by_path, year)
    # slug names: talks by title (as without a programme), breaks and keynotes by title, date and track
    talk_keys = [values.title_key(s.title) for s in programme.slots if s.speakers]
    names = [s.title if s.speakers and talk_keys.count(values.title_key(s.title)) == 1
             else f"{s.title} {w[0]}" if len(span) > 1 else f"{s.title} {w[0]} {s.track}"
             for s, w, span in zip(programme.slots, when, spans)]
    twice = Counter(names)  # the same break twice a day: told apart by its time
    names = [f"{n} {w[1]}" if twice[n] > 1 and w[1] else n for n, w in zip(names, when)]
    unmatched = [s for s in parts.sessions if all(s is not x for x in matched.values())]
    slug_of = slugs.assign(names + [s.title for s in unmatched], "session")
    renamed: dict[str, str] = {}  # document title key -> programme title key, for the people's session lists
    sessions: list[Session] = []
    for i, (slot, (day, start, end), name) in enumerate(zip(programme.slots, when, names)):
        if (slot.date_text and not day) or (slot.time_text and not start):
            report.warning(programme.path, slot.line, Code.BAD_TIME,
                           f"cannot understand the programme's date or time {slot.date_text!r} {slot.time_text!r}")
        ds = matched.get(i)
        speakers = [_speaker_name(p, ds, by_path) for p in slot.speakers]
        fields = dict(slug=slug_of[name], title=slot.title, date=day, start=start, end=end,
                      timezone_label=values.zone_abbrev(event.timezone, day, start), track=slugs.make(slot.track, "track"),
                      tracks=spans[i] if len(spans[i]) > 1 else (),
                      speakers=tuple(dict.fromkeys(speakers)), kind=_kind(slot), ids=(_slot_id(event.slug, slot, day),))
        if ds is None:
            sessions.append(Session(event=event.slug, abstract=slot.content, sources=(programme.path,), **fields))
        else:
            reconcile.report_conflicts(slot, (day, start, end), ds, by_path, report)
            renamed[values.title_key(ds.title)] = values.title_key(slot.title)
            sessions.append(replace(ds, abstract=ds.abstract or slot.content,
                                    sources=(*ds.sources, programme.path), **fields))
        for path in ds.sources if ds else ():  # a document's person takes the programme's name
            d = by_path[path]
            p = next((p for p in slot.speakers if d.speaker_name and values.same_person(d.speaker_name, p.name)),
                     None)
            old = values.clean_name(d.speaker_name)
            if p is not None and old in parts.people and old != speakers[slot.speakers.index(p)]:
                reconcile.rename_person(parts, old, speakers[slot.speakers.index(p)])
        for p, speaker in zip(slot.speakers, speakers):
            _add_person(parts, speaker, p, slot, programme.path, event.slug)
    for i, (slot, name) in enumerate(zip(programme.slots, names)):  # the copies' former pages lead here
        for track in spans[i] if len(spans[i]) > 1 else ():
            copy = slugs.make(f"{slot.title} {when[i][0]} {names_of_tracks[track]}", "session")
            if copy != slug_of[name]:
                parts.moved[copy] = slug_of[name]
    for s in unmatched:
        for path in s.sources:
            report.warning(path, by_path[path].title_line, Code.UNMATCHED_DOCUMENT,
                           f"the document's talk {s.title!r} is in no slot of the programme; built from the "
                           "document alone")
        sessions.append(replace(s, slug=slug_of[s.title]))
    for person in parts.people.values():
        person["sessions"] = [renamed.get(k, k) for k in person["sessions"]]
    parts.sessions = sorted(sessions, key=lambda s: (s.date or "9999", s.start or "99", s.track, s.slug))
    return parts


def _one_per_slot(programme: Programme, year: int | None) -> tuple[Programme, list[tuple[str, ...]]]:
    """The programme with each slot once (title, time and speakers alike), and the tracks each one spans."""
    groups: dict[tuple, list[Slot]] = {}
    for slot in programme.slots:
        when = slot_when(slot, year)
        at = when if all(when) else (slot.date_text, slot.time_text, slot.track)  # unreadable: never merged
        names = tuple(sorted(p.name for p in slot.speakers))
        groups.setdefault((values.title_key(slot.title), at, names), []).append(slot)
    spans = [tuple(dict.fromkeys(slugs.make(s.track, "track") for s in g)) for g in groups.values()]
    return replace(programme, slots=tuple(g[0] for g in groups.values())), spans


def _speaker_name(p: Person, ds: Session | None, docs: dict[str, ParsedDoc]) -> str:
    """The programme's name; the documents' spelling only when it adds accents (``Eldar Kurtić``)."""
    for path in ds.sources if ds else ():
        d = docs.get(path)
        if d and d.speaker_name and slugs.make(values.clean_name(d.speaker_name)) == slugs.make(p.name):
            return values.clean_name(d.speaker_name)
    return p.name


def _slot_id(event: str, slot: Slot, day: str) -> SourceId:
    """What identifies a slot across programme updates (the exports' ids): a talk by its speakers' ids, so a
    retitled or moved talk keeps it; a break or plenary, which has none, by its title and date."""
    people = " ".join(sorted(p.id for p in slot.speakers if p.id))
    return (SourceId(event, event, "speakers", people) if people
            else SourceId(event, event, "title-date", f"{slot.title} {day or slot.date_text}"))


def _add_person(parts: assemble.EventParts, name: str, p: Person, slot: Slot, path: str, event: str) -> None:
    """Programme facts fill what the documents leave empty; a speaker without a document gets a record too."""
    person = parts.people.setdefault(name, {"name": name, "links": [], "biography": [], "sources": [],
                                            "sessions": []})
    if p.id:  # the programme's person id: the exports' person ids and guids are made from it
        ids = person.setdefault("ids", [])
        if (sid := SourceId(event, event, "id", p.id)) not in ids:
            ids.append(sid)
    if not person["sources"]:
        person["sources"].append(path)
    position, organization = values.split_position(p.role_org) if p.role_org else ("", "")
    if not person.get("position") and not person.get("organization"):
        person["position"], person["organization"] = position, organization
    merge_links(person["links"], p.links)
    if not person["biography"] and p.bio:
        person["biography"].append(Section("Biography", p.bio, 0))
    said = " ".join([person.get("position", ""), person.get("organization", "")]
                    + [f"{x.title} {x.markdown}" for x in person["biography"]])
    if len(values.split_roles(p.role_org)) > 1 and values.words_missing(p.role_org, said):
        person["biography"].append(Section("Roles", p.role_org.strip(), 0))  # the facts show only the first
    key = values.title_key(slot.title)
    if key not in person["sessions"]:
        person["sessions"].append(key)
