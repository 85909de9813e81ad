"""Speakers' photos: the picture the programme names for a speaker, found in the event's ``images/`` folder and
made into a thumbnail at each build (GOSIM's 34 take about 0.3 s); what cannot be used is reported at the
programme's line and the speaker keeps their initials."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from ..diagnostics import Code, Report
from ..ingest import pictures
from ..model import KnowledgeBase, Speaker
from . import slugs
from .programme import Person, Programme


def photo_path(p: Speaker) -> str:
    """Where a speaker's thumbnail is published: beside their page."""
    return f"speakers/{p.slug}.{pictures.EXTENSION}"


def attach(kb: KnowledgeBase, programmes: dict[str, tuple[Path, Programme]],
           report: Report) -> tuple[KnowledgeBase, dict[str, bytes]]:
    """*kb* with ``photo`` set on every speaker whose picture made a thumbnail, and the thumbnails by site path.

    *programmes*: event slug -> (its sources folder, its programme)."""
    named = _named(programmes)
    owners: dict[tuple[str, str], set[str]] = {}  # (event, picture) -> the people it is named for
    for event, _, person in named:
        owners.setdefault((event, person.image.lower()), set()).add(person.id or person.name)
    by_id = {(sid.event, sid.value): p for p in kb.speakers for sid in p.ids if sid.key == "id"}
    by_name = {p.name: p for p in kb.speakers}
    files: dict[str, bytes] = {}
    photos: dict[str, str] = {}
    done: set[str] = set()
    for event, (folder, programme), person in ((e, programmes[e], x) for e, _, x in named):
        speaker = by_id.get((event, person.id)) or by_name.get(person.name)
        if speaker is None or speaker.slug in done:
            continue
        done.add(speaker.slug)
        where = (programme.path, person.image_line)
        if len(owners[(event, person.image.lower())]) > 1 or not _words(person.image) & _words(speaker.name):
            report.dropped(*where, Code.PICTURE, f"the picture {person.image!r} named for {speaker.name} is not "
                           "theirs (its name is not theirs, or it is named for several people); initials shown")
            continue
        path = pictures.find(folder, person.image)
        if path is None:
            report.dropped(*where, Code.PICTURE, f"the programme names the picture {person.image!r} for "
                           f"{speaker.name}, but images/ holds no such file; initials shown")
            continue
        data = pictures.read_capped(path)
        shown = f"{programme.path.rsplit('/', 1)[0]}/images/{path.name}"
        thumb = data if isinstance(data, str) else pictures.thumbnail(data)
        if isinstance(thumb, str):
            report.warning(*where, Code.PICTURE, f"the picture of {speaker.name}, {shown}, {thumb}; initials shown")
            continue
        photos[speaker.slug] = photo_path(speaker)
        files[photos[speaker.slug]] = thumb
    speakers = tuple(replace(p, photo=photos[p.slug]) if p.slug in photos else p for p in kb.speakers)
    return KnowledgeBase(kb.events, kb.sessions, speakers), files


def _named(programmes: dict[str, tuple[Path, Programme]]) -> list[tuple[str, int, Person]]:
    """(event, line, person) of every speaker entry that names a picture, in the programme's order."""
    out = [(event, x.image_line, x) for event, (_, programme) in sorted(programmes.items())
           for slot in programme.slots for x in slot.speakers if x.image]
    return sorted(out, key=lambda t: (t[0], t[1]))


def _words(text: str) -> set[str]:
    """The words of a name or a file name, folded (``jean-Laurent-de-morlhon.png`` -> jean, laurent, morlhon)."""
    stem = text.rsplit(".", 1)[0] if "." in text else text
    return {w for w in slugs.make(stem).split("-") if len(w) > 1}
