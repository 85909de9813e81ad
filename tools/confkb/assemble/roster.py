"""Everyone in the organiser's speaker list (Speakers.json) accounted for: a person with no session on the site is
reported by name, at their line of the list, with the reason (no slot names them, a draft, a placeholder name);
a slot that names a speaker by an id the list does not have finds the entry by name.

Reads the list and the programme quietly: read_programme has reported what is wrong with them."""

from __future__ import annotations

import json
import re
from pathlib import Path

from ..diagnostics import Code, Report
from ..ingest import read, values
from ..model import Speaker
from . import slugs

# "TBD", "TBA", "Speaker to be Announced", "?", "—": a seat in the list, not a person
_PLACEHOLDER = re.compile(r"^[\W_]*$|\b(?:tbd|tba|tbc|to be (?:announced|determined|confirmed|decided)|"
                          r"placeholder)\b|\bn/a\b", re.I)
_NOT_PUBLISHED = {"draft", "pending", "cancelled", "canceled", "declined", "withdrawn", "rejected", "hidden",
                  "unpublished", "tentative", "unconfirmed", "archived", "deleted", "inactive"}


def listed_entry(entries: dict[str, dict], person: dict) -> dict:
    """The list's entry for a speaker of the programme: by id, else the one entry with the same name."""
    found = entries.get(str(person.get("id", "")))
    if found is not None:
        return found
    key = _key(person.get("name"))
    same = [e for e in entries.values() if key and _key(e.get("name")) == key]
    return same[0] if len(same) == 1 else {}


def account(sources: Path, folders: list[Path], speakers: list[Speaker], report: Report) -> None:
    """Report every person of each event's speaker list who has no session on the site."""
    for folder in folders:
        listed = _read(folder, sources, "speakers.json")
        if listed is None:
            continue
        path, text, data = listed
        entries = [e for e in (data.get("speakers") if isinstance(data, dict) else None) or []
                   if isinstance(e, dict)]
        programme = _read(folder, sources, "schedule.json")
        named = _programme_names(programme[2] if programme else None)
        event = slugs.make(folder.name, "event")
        here = [p.name for p in speakers if any(k.startswith(f"{event}/") for k in p.sessions)]
        ids = {str(e.get("id", "")) for e in entries}
        start = re.search(r'"speakers"\s*:', text)
        pos = start.end() if start else 0
        for entry in entries:
            line, pos = _line_of(text, entry, pos)
            _check(path, line, entry, named, ids, here, report)


def _check(path: str, line: int, entry: dict, named: dict[str, str], ids: set[str], here: list[str],
           report: Report) -> None:
    ident, written = str(entry.get("id", "")), str(entry.get("name") or "").strip()
    name = values.clean_name(written)
    if _PLACEHOLDER.search(written) or (ident and _PLACEHOLDER.fullmatch(ident)):
        report.dropped(path, line, Code.SPEAKER_WITHOUT_SESSION,
                       f"{written!r} (id {ident!r}) is a placeholder name, not a person; it has no page")
        return
    aliases = [other for other, n in named.items() if other not in ids and _key(n) == _key(name)]
    for other in aliases:  # the programme's id is not the list's: listed_entry found this entry by name
        report.fixed(path, line, Code.SPEAKER_ID,
                     f"the programme names {written} with the id {other!r}, not {ident!r}; this entry's "
                     "biography and links are used for the speaker's page")
    candidates = [name] + ([named[ident]] if ident in named else [])
    # tolerantly, as documents are matched to the programme ("Dr. Angelo Corsaro" is Angelo Corsaro)
    if ident in named or aliases or any(values.same_person(c, n) for c in candidates if c for n in here):
        return
    why = _unpublished(entry)
    if why:
        report.dropped(path, line, Code.SPEAKER_WITHOUT_SESSION,
                       f"{written} is in the official speaker list but has no session on the site: {why}")
    else:
        report.warning(path, line, Code.SPEAKER_WITHOUT_SESSION,
                       f"{written} is in the official speaker list but has no session on the site: no slot of "
                       "the programme and no document names this person")


def _unpublished(entry: dict) -> str:
    """Why the list itself keeps the person off the programme ("" when it does not)."""
    draft = entry.get("draft")
    if draft is True or str(draft).strip().lower() in ("true", "yes", "1"):
        return "the list marks the entry as a draft (draft: true)"
    status = str(entry.get("status") or "").strip()
    if status.lower() in _NOT_PUBLISHED:
        return f"the list gives the status {status!r}"
    return ""


def _key(name: object) -> str:
    clean = values.clean_name(str(name or ""))
    return slugs.make(clean, "") if clean.strip() else ""


def _programme_names(data: object) -> dict[str, str]:
    """Speaker id -> name, for every speaker a slot of the programme names."""
    out: dict[str, str] = {}
    tracks = data.get("sessions") if isinstance(data, dict) else None
    for items in tracks.values() if isinstance(tracks, dict) else ():
        for item in items if isinstance(items, list) else ():
            for sp in (item.get("speakers") or []) if isinstance(item, dict) else ():
                if isinstance(sp, dict):
                    out.setdefault(str(sp.get("id", "")), str(sp.get("name") or ""))
    return out


def _read(folder: Path, sources: Path, name: str) -> tuple[str, str, object] | None:
    """(path as shown, text, data) of *name* in *folder*, or None when it is missing or unreadable."""
    path = read.find_file(folder, name)
    if path is None or not read._inside(path, sources.resolve()):
        return None
    try:
        text = path.read_text(encoding="utf-8-sig")
        return f"{sources.name}/{folder.name}/{path.name}", text, json.loads(text)
    except (OSError, UnicodeDecodeError, ValueError):
        return None


def _line_of(text: str, entry: dict, pos: int) -> tuple[int, int]:
    """Line of the entry's ``"name"`` (else its ``"id"``) at or after *pos*: JSON keeps no line numbers."""
    for key in ("name", "id"):
        found = read.json_line(text, key, entry[key], pos) if entry.get(key) is not None else None
        if found:
            return found
    return 1, pos
