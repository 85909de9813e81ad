"""Cap list and quote nesting line by line, before any Markdown parser sees the text, keeping every word."""

from __future__ import annotations

import re

from ..diagnostics import Code, Report

# markdown-it (commonmark preset, also used by MyST) stops parsing at nesting level 20 and silently drops
# what is deeper: a list level costs 2 (list + item), a quote 1. 16 leaves room for the page around it.
MAX_LEVELS = 16
# one container opener at the start of a line: whitespace (1 level per column, a safe upper bound since
# a nested list needs 2 more columns), a quote marker (1), a list marker and its space (2)
_OPENER = re.compile(r"[ \t]+|>[ \t]?|(?:[-*+]|\d{1,9}[.)])(?:[ \t]+|$)")
_FENCE = re.compile(r"(`{3,}|~{3,})")


def _cost(token: str) -> int:
    if token[0] in " \t":
        return len(token.expandtabs(4))
    return 1 if token[0] == ">" else 2


def cap(text: str, path: str, report: Report) -> str:
    """*text* with every line's container prefix cut to MAX_LEVELS; lines keep their numbers and words."""
    lines = text.split("\n")
    fence = ""  # the fence that opened a top-level code block: its lines are code, not structure
    changed: list[int] = []
    for n, line in enumerate(lines):
        if fence:
            body = line.lstrip(" ")
            if body.startswith(fence) and not body.strip().strip(fence[0]) and len(line) - len(body) < 4:
                fence = ""
            continue
        m = _FENCE.match(line)
        if m:
            fence = m.group(1)
            continue
        if len(line) < MAX_LEVELS or (line[0] not in " \t>-*+" and not line[0].isdigit()):
            continue  # cheap exit: a line costs at most one level per character, plus one
        pos, used, kept, cut = 0, 0, "", False
        while (t := _OPENER.match(line, pos)) is not None and t.end() > pos:
            c = _cost(t.group(0))
            if used + c <= MAX_LEVELS:
                kept += t.group(0)
                used += c
            elif t.group(0)[0] in " \t" and used < MAX_LEVELS:
                kept += " " * (MAX_LEVELS - used)
                used, cut = MAX_LEVELS, True
            else:
                cut = True
            pos = t.end()
        if cut:
            lines[n] = kept + ("" if not kept or kept[-1] in " \t" else " ") + line[pos:]
            changed.append(n + 1)
    if changed:
        report.warning(path, changed[0], Code.TOO_DEEP,
                       f"lists or quotes nested more than {MAX_LEVELS // 2} levels deep were flattened on "
                       f"{'1 line' if len(changed) == 1 else f'{len(changed)} lines'}")
    return "\n".join(lines)
