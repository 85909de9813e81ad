"""The organiser's word: ``sources/<event>/corrections.toml``, which beats the documents and the programme.

    [[speaker]]   match = "Pedro Ortis"   name = "Pedro Ortiz Suarez"     a name as any source writes it
    [[speaker]]   match = "Jan Novak"  event = "<this folder>"  name = "Jan Novak (Acme)"
                  another person than the Jan Novak of the other events: a page of their own
    [[session]]   match = "<title>"       title = "<corrected title>"
    [[publish]]   url = "<url>"  or  match = "<text>"                     an item a rule withheld, vouched for
    [[hide]]      match = "<text>"                                        something true not to publish

Every correction that applies is reported; one that matches nothing is an error with its line."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from ..diagnostics import Code, Report, quoted
from . import values
from .withhold import Policy

FILE = "corrections.toml"
# table -> (required keys, optional keys)
TABLES = {"speaker": (("match", "name"), ("event",)), "session": (("match", "title"), ()),
          "publish": ((), ("url", "match")), "hide": (("match",), ())}


@dataclass(frozen=True, slots=True)
class Correction:
    kind: str  # speaker, session, publish, hide
    match: str
    value: str  # the corrected name or title; the URL of a [[publish]]
    line: int
    event: str = ""  # a [[speaker]] that tells apart two people of one name: the event folder it applies in


@dataclass(slots=True)
class Corrections:
    """One event's corrections, and which of them applied (the pipeline marks them as it goes)."""

    path: str = ""  # as shown in the report (sources/<event>/corrections.toml)
    entries: tuple[Correction, ...] = ()
    used: dict[int, int] = field(default_factory=dict)  # line -> times applied

    def policy(self) -> Policy:
        """What withholding needs of these corrections."""
        of = [c for c in self.entries if c.kind in ("publish", "hide")]
        return Policy(self.path, tuple((c.value, c.line) for c in of if c.kind == "publish" and c.value),
                      tuple((c.match, c.line) for c in of if c.kind == "publish" and c.match),
                      tuple((c.match, c.line) for c in of if c.kind == "hide"))

    def mark(self, lines: set[int] | frozenset[int]) -> None:
        for line in lines:
            self.used[line] = self.used.get(line, 0) + 1

    def speaker(self, name: str) -> str:
        """*name* as the organiser wants it written."""
        return self._fix("speaker", name, _name_key)

    def split(self, name: str) -> str:
        """The name of a page of its own for the person called *name* in this event, or "": given by a
        [[speaker]] with an ``event``, applied where people are matched across events."""
        for c in self.entries:
            if c.kind == "speaker" and c.event and _name_key(c.match) == _name_key(name):
                self.used[c.line] = self.used.get(c.line, 0) + 1
                return c.value
        return ""

    def title(self, title: str) -> str:
        return self._fix("session", title, values.title_key)

    def _fix(self, kind: str, text: str, norm) -> str:
        if not text:
            return text
        k = norm(text)
        for c in self.entries:
            if c.kind == kind and not c.event and norm(c.match) == k:
                self.used[c.line] = self.used.get(c.line, 0) + 1
                return c.value
        return text

    def finish(self, report: Report) -> None:
        """Report what applied and what matched nothing."""
        for c in self.entries:
            what = {"speaker": f"speaker {quoted(c.match)} is written {quoted(c.value)}" if not c.event else
                    f"speaker {quoted(c.match)} of {c.event} is another person, shown as {quoted(c.value)}",
                    "session": f"session {quoted(c.match)} is titled {quoted(c.value)}",
                    "publish": f"published although a rule doubts it: {quoted(c.value or c.match)}",
                    "hide": f"hidden: {quoted(c.match)}"}[c.kind]
            n = self.used.get(c.line, 0)
            if n:
                report.fixed(self.path, c.line, Code.CORRECTED, f"{what} ({_times(n)})")
            else:
                report.error(self.path, c.line, Code.BAD_CORRECTION,
                             f"[[{c.kind}]] matches nothing in the sources ({what}); fix or remove it")


def _times(n: int) -> str:
    return "applied once" if n == 1 else f"applied {n} times"


def _name_key(name: str) -> str:
    return " ".join(values.clean_name(name).casefold().split())


def read_corrections(folder: Path, shown_folder: str, report: Report) -> Corrections:
    """The corrections of one event folder (none when it has no corrections.toml). Problems are errors with
    their line; a correction that cannot be read is left out, the others apply."""
    path = folder / FILE
    shown = f"{shown_folder}/{FILE}"
    if not path.is_file():
        return Corrections(shown)
    try:
        text = path.read_text(encoding="utf-8")
        data = tomllib.loads(text)
    except (OSError, UnicodeDecodeError) as exc:
        report.error(shown, 1, Code.BAD_CORRECTION, f"cannot read the corrections ({exc}); none applied")
        return Corrections(shown)
    except tomllib.TOMLDecodeError as exc:
        m = re.search(r"line (\d+)", str(exc))
        report.error(shown, int(m.group(1)) if m else 1, Code.BAD_CORRECTION,
                     f"not valid TOML ({exc}); no correction applied")
        return Corrections(shown)
    entries: list[Correction] = []
    for kind, items in data.items():
        if kind not in TABLES or not isinstance(items, list):
            report.error(shown, _header_line(text, kind, 0), Code.BAD_CORRECTION,
                         f"unknown table {quoted(kind)}; write [[speaker]], [[session]], [[publish]] or [[hide]]")
            continue
        required, optional = TABLES[kind]
        for n, item in enumerate(items):
            line = _header_line(text, kind, n)
            keys = set(item) if isinstance(item, dict) else set()
            wrong = sorted(k for k in keys if k not in required + optional or not isinstance(item[k], str))
            missing = [k for k in required if k not in keys]
            if kind == "publish" and not keys & {"url", "match"}:
                missing = ["url or match"]
            if wrong or missing or not isinstance(item, dict):
                said = "; ".join(x for x in (f"missing {', '.join(missing)}" if missing else "",
                                             f"unknown or not text: {', '.join(wrong)}" if wrong else "") if x)
                report.error(shown, line, Code.BAD_CORRECTION, f"[[{kind}]] cannot be applied ({said})")
                continue
            match = item.get("match", "").strip()
            value = (item.get("name") or item.get("title") or item.get("url") or "").strip()
            event = item.get("event", "").strip()
            if event and event != folder.name:  # a file speaks for its own event's sources only
                report.error(shown, line, Code.BAD_CORRECTION,
                             f"[[speaker]] names event {quoted(event)}, but this file corrects {folder.name}; "
                             f"write it in that event's {FILE}")
                continue
            entries.append(Correction(kind, match, value, line, event))
    return Corrections(shown, tuple(entries))


def _header_line(text: str, kind: str, n: int) -> int:
    """Line of the *n*-th ``[[kind]]`` header (tomllib keeps no positions)."""
    heads = [m.start() for m in re.finditer(rf"(?m)^[ \t]*\[\[[ \t]*{re.escape(kind)}[ \t]*\]\]", text)]
    if not heads:
        heads = [m.start() for m in re.finditer(rf"(?m)^\s*{re.escape(kind)}\b", text)]
    return text.count("\n", 0, heads[min(n, len(heads) - 1)]) + 1 if heads else 1
