"""Published programmes: an event folder's ``schedule.xml`` (frab, pentabarf, wafer), ``schedule.json`` (frab or
pretalx JSON, c3voc schedule format 2) or ``schedule.ics`` read into one ``records.Conference``.

A programme is data from outside: it is read within size and depth caps, XML never expands entities, reads a
local file or reaches the network, and a file that cannot be read is one error for that event, never a crash.
May import ``model``, ``diagnostics`` and ``ingest``; knows nothing of pages."""

from __future__ import annotations

import json
import xml.sax
from dataclasses import dataclass
from pathlib import Path

from ...diagnostics import Code, Report
from .. import read as files
from ..withhold import Policy
from . import flatjson, frabjson, frabxml, ical, xmltree
from .limits import LIMITS, Limits, Unsafe, check_ical, check_json, read_capped
from .markup import Source
from .records import Conference

NAMES = ("schedule.xml", "schedule.json", "schedule.ics")


@dataclass(frozen=True, slots=True)
class Imported:
    conference: Conference | None  # None: the file was found but could not be read (reported as an error)
    used: frozenset[int]  # lines of corrections.toml entries that applied (from withhold)


def find(folder: Path) -> Path | None:
    """The folder's published programme file, or None (GOSIM's own ``Schedule.json`` is not one)."""
    for name in NAMES:
        path = files.find_file(folder, name)
        if path is not None and not (name == "schedule.json" and _is_gosim(path)):
            return path
    return None


def _is_gosim(path: Path) -> bool:
    """True for the organiser's own programme (``{"sessions": ...}``), which ``assemble/programme.py`` reads."""
    try:
        with path.open("rb") as fh:
            head = fh.read(4096).decode("utf-8-sig", "replace")
    except OSError:
        return False
    first = head.lstrip()[:1]
    return first == "{" and '"sessions"' in head and '"schedule"' not in head


def read_schedule(folder: Path, sources: Path, report: Report, policy: Policy, event: str,
                  limits: Limits = LIMITS) -> Imported | None:
    """None when the folder holds no published programme (no schedule.xml/.json/.ics, or only GOSIM's own
    Schedule.json, whose top level is {"sessions": ...} and which assemble/programme.py reads)."""
    path = find(folder)
    if path is None:
        return None
    shown = f"{sources.name}/{folder.name}/{path.name}"
    src = Source(shown, report, policy, event)
    if not files._inside(path, sources.resolve()):
        report.error(shown, 0, Code.READ_FAILED, "symbolic link leads outside the sources folder; not read")
        return Imported(None, frozenset())
    try:
        conference = _read(path, src, limits)
    except Unsafe as exc:
        report.error(shown, 1, Code.UNSAFE_FILE, f"programme refused: {exc}; the event's other sources build")
        return Imported(None, frozenset(src.used))
    except xml.sax.SAXParseException as exc:
        report.error(shown, exc.getLineNumber() or 1, Code.READ_FAILED,
                     f"the XML is not well formed ({exc.getMessage()}, column {exc.getColumnNumber()}); "
                     "the programme was not imported")
        return Imported(None, frozenset(src.used))
    except json.JSONDecodeError as exc:
        report.error(shown, exc.lineno, Code.READ_FAILED,
                     f"the JSON cannot be read ({exc.msg}, column {exc.colno}); the programme was not imported")
        return Imported(None, frozenset(src.used))
    except (OSError, UnicodeDecodeError, ValueError, KeyError, TypeError, AttributeError, IndexError,
            OverflowError, RecursionError, MemoryError, xml.sax.SAXException) as exc:
        report.error(shown, 1, Code.READ_FAILED,
                     f"the programme cannot be read ({type(exc).__name__}: {exc}); it was not imported")
        return Imported(None, frozenset(src.used))
    return Imported(conference, frozenset(src.used))


def _read(path: Path, src: Source, limits: Limits) -> Conference:
    raw = read_capped(path, limits)
    suffix = path.suffix.lower()
    if suffix == ".xml":
        return frabxml.read(xmltree.parse(raw, limits), src)
    text = raw.decode("utf-8-sig")
    if suffix == ".ics":
        check_ical(text, limits)
        return ical.read(raw, text, src)
    check_json(text, limits)
    data = json.loads(text)
    if not isinstance(data, dict) or not isinstance(data.get("schedule"), dict):
        raise ValueError('the file is not a frab or pretalx schedule (no top-level "schedule" object)')
    if isinstance(data["schedule"].get("events"), list):  # schedule format 2: flat events
        return flatjson.read(data, text, src)
    return frabjson.read(data, text, src)
