"""The data-quality report's words: counts with their plurals, the link of a code to its meaning, and the
one-line summary of a document's routine repairs."""

from __future__ import annotations

from collections import Counter

from ..diagnostics import SEVERITY_RANK, Code, Diagnostic, Severity
from . import urls
from .mdsafe import code
from .plain import plural

# what a routine repair is called in a summary ("18 stage directions, 12 whitespace"); other codes: their words
_NAMES = {Code.BOM: "byte order mark", Code.CONTROL_CHARS: "control character", Code.REPLACEMENT_CHAR:
          "replacement character", Code.TOO_DEEP: "deep nesting", Code.NOT_UTF8: "non-UTF-8 byte"}
_UNCOUNTED = {Code.WHITESPACE, Code.MOJIBAKE, Code.HEADING_DEBRIS, Code.RAW_MARKUP, Code.TOO_DEEP, Code.LINE_ENDINGS}
_TO_CHECK = (Severity.ERROR, Severity.WARNING)


def needs_a_person(d: Diagnostic) -> bool:
    """Errors and warnings; a fixed or dropped item is a routine repair the tool made on its own."""
    return d.severity in _TO_CHECK


def counts(found: list[Diagnostic]) -> list[tuple[int, str]]:
    """(count, word) per severity, the worst first: ``(1, "warning"), (368, "dropped"), (103, "fixed")``."""
    tally = Counter(d.severity for d in found)
    # "dropped" and "fixed" are said of any number; "error" and "warning" are nouns
    return [(tally[s], s.value + "s" * (tally[s] != 1 and s in _TO_CHECK))
            for s in sorted(tally, key=lambda s: -SEVERITY_RANK[s])]


def code_link(c: Code) -> str:
    """The code, linked to its entry on the page of codes."""
    return f"[{code(c.value)}](/{urls.CODES_DOC}.md#{urls.code_entry(c.value)})"


def routine_summary(routine: list[Diagnostic]) -> str:
    """``41 routine repairs: 18 stage directions, 12 whitespace, 11 mojibake`` (the most frequent first)."""
    tally = Counter(d.code for d in routine)
    parts = []
    for c, n in sorted(tally.items(), key=lambda kv: (-kv[1], kv[0].value)):
        word = _NAMES.get(c, c.value.replace("_", " "))
        parts.append(f"{n} {word}" if n == 1 or c in _UNCOUNTED or word.endswith("s") else f"{n} {word}s")
    return f"{plural(len(routine), 'routine repair')}: {', '.join(parts)}"
