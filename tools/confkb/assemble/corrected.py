"""The organiser's corrections and the withholding rules, applied where documents and the programme meet:
names and titles as corrections.toml writes them, programme text that a rule doubts withheld."""

from __future__ import annotations

import json
import re
from dataclasses import replace
from pathlib import Path

from ..diagnostics import Code, Report, quoted
from ..ingest import read, values
from ..ingest.corrections import Corrections
from ..ingest.withhold import Policy, doubt, withhold
from ..model import Link, ParsedDoc
from .programme import Person, Programme


def document(d: ParsedDoc, corrections: Corrections) -> ParsedDoc:
    """*d* with its speaker's name and its title as the organiser corrected them."""
    changes: dict[str, str] = {}
    if d.speaker_name:
        name = corrections.speaker(values.clean_name(d.speaker_name))
        if name != values.clean_name(d.speaker_name):
            changes["speaker_name"] = name
    title = corrections.title(d.title)
    if title != d.title:
        changes["title"] = title
    return replace(d, **changes) if changes else d


def programme(p: Programme, folder: Path, corrections: Corrections, report: Report) -> Programme:
    """*p* with corrected names and titles, and the text and links a rule doubts withheld."""
    policy = corrections.policy()
    speakers_file, speaker_lines = _speaker_lines(folder, p.path)
    people: dict[str, Person] = {}  # a person is in many slots: withheld (and reported) once

    def person(x: Person) -> Person:
        if x.id not in people or not x.id:
            line = speaker_lines.get(x.id, 1)
            bio = _text(x.bio, speakers_file, line, policy, corrections, report)
            links = tuple(link for link in x.links if _keep(link, speakers_file, line, policy, corrections, report))
            people[x.id] = replace(x, name=corrections.speaker(x.name), bio=bio, links=links)
        return people[x.id]

    slots = tuple(replace(s, title=corrections.title(s.title), speakers=tuple(person(x) for x in s.speakers),
                          content=_text(s.content, p.path, s.line, policy, corrections, report))
                  for s in p.slots)
    return replace(p, slots=slots)


def _text(text: str, path: str, line: int, policy: Policy, corrections: Corrections, report: Report) -> str:
    if not text:
        return text
    # the programme's text is one JSON string: every line of it is reported at the string's line
    kept = Report()
    out = withhold(text, path, 1, policy, kept)
    report.items.extend(replace(d, line=line) for d in kept.items)
    corrections.mark(out.used)
    return re.sub(r"\n{3,}", "\n\n", out.text).strip()


def _keep(link: Link, path: str, line: int, policy: Policy, corrections: Corrections, report: Report) -> bool:
    used: set[int] = set()
    why = doubt(link.url, link.label, policy, used)
    corrections.mark(used)
    if why is None:
        return True
    report.warning(path, line, Code.WITHHELD,
                   f"withheld a link: {link.label} {quoted(link.url)} ({why}); to publish it anyway, add "
                   f'[[publish]] url = "{link.url}" to {policy.corrections}')
    return False


def _speaker_lines(folder: Path, programme_path: str) -> tuple[str, dict[str, int]]:
    """Speakers.json as shown in the report, and the line of each person's id in it."""
    path = read.find_file(folder, "speakers.json")
    if path is not None and not read._inside(path, folder.resolve()):
        path = None  # a link that leaves the event's folder: programme._speakers reports it
    shown = programme_path.rsplit("/", 1)[0] + "/" + (path.name if path else "Speakers.json")
    if path is None:
        return shown, {}
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError):
        return shown, {}
    try:
        entries = [e for e in json.loads(text)["speakers"] if isinstance(e, dict) and "id" in e]
    except (ValueError, KeyError, TypeError):
        return shown, {}
    lines: dict[str, int] = {}
    pos = 0
    for entry in entries:
        found = read.json_line(text, "id", entry["id"], pos)
        if found:
            lines.setdefault(str(entry["id"]), found[0])
            pos = found[1]
    return shown, lines
