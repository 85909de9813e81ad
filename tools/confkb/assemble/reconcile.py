"""A document against the programme slot it describes: every difference reported (the programme wins), and the
document's person renamed to the programme's spelling. Used by both programmes: the organiser's and a published one."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..diagnostics import Code, Report
from ..ingest import values
from ..model import ParsedDoc, Session
from . import slugs
from .links import merge_links

if TYPE_CHECKING:
    from .documents import EventParts
    from .programme import Slot


def report_conflicts(slot: Slot, when: tuple[str, str, str], ds: Session, docs: dict[str, ParsedDoc],
               report: Report) -> None:
    """Every difference between a document and its slot, with both values; the programme wins."""
    for path in ds.sources:
        d = docs[path]
        if values.title_key(d.title) != values.title_key(slot.title):
            report.warning(path, d.title_line, Code.PROGRAMME_MISMATCH,
                           f"title {d.title!r}; the programme says {slot.title!r}")
        if ds.start and (ds.date, ds.start, ds.end) != when:
            report.warning(path, d.time_line or d.date_line, Code.PROGRAMME_MISMATCH,
                           f"at {ds.date} {ds.start}-{ds.end}; the programme says {when[0]} {when[1]}-{when[2]}")
        if d.track_name and slugs.make(d.track_name, "track") != slugs.make(slot.track, "track"):
            report.warning(path, d.track_line, Code.TRACK_CONFLICT,
                           f"track {d.track_name!r}; the programme says {slot.track!r}")
        if d.speaker_name and not any(values.same_person(d.speaker_name, p.name) for p in slot.speakers):
            report.warning(path, d.speaker_line, Code.PROGRAMME_MISMATCH,
                           f"speaker {d.speaker_name!r}; the programme lists "
                           f"{', '.join(p.name for p in slot.speakers) or 'no speaker'} for this slot")
        elif d.speaker_name:
            p = next(p for p in slot.speakers if values.same_person(d.speaker_name, p.name))
            if slugs.make(values.clean_name(d.speaker_name)) != slugs.make(p.name):
                report.warning(path, d.speaker_line, Code.PROGRAMME_MISMATCH,
                               f"speaker {d.speaker_name!r}; the programme writes {p.name!r}, which is used")


def rename_person(parts: EventParts, old: str, new: str) -> None:
    person = parts.people.pop(old)
    person["name"] = new
    if new in parts.people:  # already met under the programme's name: lists add up, first value wins
        other = parts.people[new]
        for k, v in person.items():
            if k == "links":  # one button per URL, as when documents and the programme are merged
                merge_links(other[k], v)
            elif isinstance(v, list):
                other[k].extend(x for x in v if x not in other[k])
            elif v and not other.get(k):
                other[k] = v
    else:
        parts.people[new] = person
