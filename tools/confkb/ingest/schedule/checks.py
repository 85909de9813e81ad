"""What a whole programme file deserves to be told once: guids that are not UUIDs, duplicate ids, people
without ids, times without an offset; and one line saying what was imported."""

from __future__ import annotations

import re
from collections import defaultdict

from ...diagnostics import Code, quoted
from .markup import Source
from .records import Conference, Talk

UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$", re.I)
FORMATS = {"frab-xml": "frab XML", "pentabarf-xml": "pentabarf XML", "wafer-xml": "wafer XML",
           "frab-json": "frab JSON", "pretalx-json": "pretalx JSON", "schedule2-json": "schedule format 2 JSON",
           "ical": "iCal"}


def plural(n: int, word: str, many: str = "") -> str:
    return f"{n:,} {word if n == 1 else many or word + 's'}"


def _examples(items: list[tuple[str, int]]) -> str:
    shown = ", ".join(f"{quoted(v)} (line {ln})" if v else f"line {ln}" for v, ln in items[:3])
    return shown + (", ..." if len(items) > 3 else "")


def finish(src: Source, conf: Conference) -> Conference:
    """Report what concerns the whole file, then return *conf* unchanged."""
    talks = conf.talks
    missing = [("", t.line) for t in talks if not t.guid]
    odd = [(t.guid, t.line) for t in talks if t.guid and not UUID.match(t.guid)]
    if missing:
        src.report.warning(src.path, missing[0][1], Code.GUID,
                           f"{plural(len(missing), 'talk')} of {len(talks):,} have no guid ({_examples(missing)}); "
                           "exports give each a stable UUID made from its id")
    if odd:
        src.report.warning(src.path, odd[0][1], Code.GUID,
                           f"{plural(len(odd), 'talk')} of {len(talks):,} have a guid that is not a UUID "
                           f"({_examples(odd)}); kept as written, exports use a stable UUID made from it")
    _duplicates(src, talks)
    nameless = [(p.name, t.line) for t in talks for p in t.persons if not p.id and not p.guid]
    if nameless:
        src.report.warning(src.path, nameless[0][1], Code.PERSON_WITHOUT_ID,
                           f"{plural(len(nameless), 'speaker')} of the programme have no id "
                           f"({_examples(nameless)}); they are matched by name")
    if src.no_offset:
        src.report.warning(src.path, src.no_offset[0], Code.SCHEDULE_TIME,
                           f"{plural(len(src.no_offset), 'talk')} give a time without an offset and the programme "
                           f"names no time zone (first at line {src.no_offset[0]}); read as the event's local time")
    if src.pages:
        shown = _examples([(u, ln) for u, ln in src.pages])
        src.report.warning(src.path, src.pages[0][1], Code.WITHHELD,
                           f"{plural(len(src.pages), 'talk page address', 'talk page addresses')} withheld, "
                           f"a rule doubts them ({shown}); add [[publish]] url entries to publish them")
    src.report.fixed(src.path, 1, Code.IMPORTED, summary(conf))
    return conf


def people(conf: Conference) -> int:
    """Distinct people: by their id, guid or else their name."""
    return len({p.id or p.guid or p.name.casefold() for t in conf.talks for p in t.persons})


def summary(conf: Conference) -> str:
    links = sum(len(t.links) for t in conf.talks)
    recordings = sum(1 for t in conf.talks if t.recording_url)
    return (f"imported {plural(len(conf.talks), 'talk')}, {plural(len(conf.rooms), 'room')}, "
            f"{plural(len(conf.tracks), 'track')}, {plural(people(conf), 'person', 'people')} over "
            f"{plural(len(conf.days), 'day')} from {FORMATS.get(conf.format, conf.format)}, with "
            f"{plural(links, 'link')} ({plural(recordings, 'talk')} with a recording)")


def _duplicates(src: Source, talks: tuple[Talk, ...]) -> None:
    for key in ("id", "guid"):
        seen: dict[str, list[Talk]] = defaultdict(list)
        for t in talks:
            value = getattr(t, key)
            if value:
                seen[value].append(t)
        for value, group in seen.items():
            for t in group[1:]:
                src.report.warning(src.path, t.line, Code.DUPLICATE_ID,
                                   f"talk {key} {quoted(value)} is also the {key} of {quoted(group[0].title)} "
                                   f"(line {group[0].line}); both talks are kept")
    names: dict[str, set[str]] = defaultdict(set)
    first: dict[str, int] = {}
    for t in talks:
        for p in t.persons:
            if p.id:
                names[p.id].add(p.name)
                first.setdefault(p.id, t.line)
    for pid, group in names.items():
        if len(group) > 1:
            src.report.warning(src.path, first[pid], Code.DUPLICATE_ID,
                               f"person id {quoted(pid)} names {len(group)} people ("
                               f"{', '.join(quoted(n) for n in sorted(group))}); each is kept by name")
