"""Find ``Label: value`` lines in a section body, whatever the bold, bullets or colon placement, and the
labelled links of a links section."""

from __future__ import annotations

import re
import textwrap
from dataclasses import dataclass

from markdown_it import MarkdownIt

# "- **Title:** X", "**Title**: X", "- Title: X", "**Track: AI Model**", "1. **Date:** X"
LABEL_LINE = re.compile(
    r"^(?P<indent>\s*+)(?:[-*+]\s++|\d{1,3}[.)]\s++)?(?:\*\*|__)?\s*"  # *+, ++: no quadratic backtracking
    r"(?P<label>[A-Za-z][A-Za-z &/'’().-]{0,38}?)\s*+(?:\*\*|__)?\s*:(?!//)\s*(?:\*\*|__)?\s*(?P<value>.*)$"
)
_MD = MarkdownIt("commonmark")
# Block structure only: inline parsing is most of markdown-it's time and line maps do not need it.
_BLOCKS = MarkdownIt("commonmark").disable("inline")


@dataclass(frozen=True, slots=True)
class Labelled:
    line: int  # 1-based line in the file
    label: str  # lower-cased label words ("current position")
    raw_label: str  # as written
    value: str  # Markdown of the value: the rest of its line and its continuation lines


@dataclass(frozen=True, slots=True)
class Leftover:
    line: int
    markdown: str


def strip_marks(text: str) -> str:
    """Remove emphasis markers around a value: ``*Welcome & Opening Remarks*`` -> text."""
    text = text.strip()
    prev = None
    while prev != text:
        prev = text
        text = re.sub(r"^(\*\*|__|\*|_)(.*)\1$", r"\2", text).strip()
        text = re.sub(r"^(\*\*|__)\s*", "", text) if text.count("**") % 2 else text
        text = re.sub(r"\s*(\*\*|__)$", "", text) if text.count("**") % 2 else text
    return text.strip()


def plain_text(markdown: str) -> str:
    """The words of a one-line value without markup: ``- **Founder & CEO** of X`` -> ``Founder & CEO of X``."""
    line = re.sub(r"^\s*(?:[-*+]|\d{1,3}[.)])\s+", "", markdown.strip().split("\n")[0])
    tokens = _MD.parseInline(line)
    words = [c.content for t in tokens for c in (t.children or []) if c.type in ("text", "code_inline")]
    return " ".join("".join(words).split())


def _indent(line: str) -> int:
    return len(line.expandtabs(4)) - len(line.expandtabs(4).lstrip())


def _text_lines(body: str) -> set[int]:
    """0-based lines of *body* that are paragraph text (not code, not HTML blocks)."""
    ok: set[int] = set()
    for tok in _BLOCKS.parse(body):
        if tok.type == "paragraph_open" and tok.map:
            ok.update(range(tok.map[0], tok.map[1]))
    return ok


def labelled(body: str, body_line: int, accept=None,
             text_lines: frozenset[int] | None = None) -> tuple[list[Labelled], list[Leftover]]:
    """Split *body* into labelled values and the Markdown that carries no label.

    *accept* (label -> bool) limits which labels count; others stay in the leftovers.
    A label's value runs on over following lines that are more indented or not labels themselves,
    so ``- **Content:**`` followed by an indented paragraph keeps the whole abstract.
    *text_lines*: the body's paragraph lines when the caller has them (sections.Block), saving a parse.
    """
    lines = body.split("\n")
    candidates = _text_lines(body) if text_lines is None else text_lines
    starts: list[tuple[int, int, str, str]] = []  # (idx, indent, label, value)
    for idx in sorted(candidates):
        m = LABEL_LINE.match(lines[idx])
        if not m:
            continue
        label = " ".join(m["label"].lower().replace("’", "'").split())
        if accept is not None and not accept(label):
            continue
        starts.append((idx, len(m["indent"].expandtabs(4)), label, m["value"]))
    found: list[Labelled] = []
    used: set[int] = set()
    for n, (idx, indent, label, value) in enumerate(starts):
        stop = len(lines)
        for idx2, indent2, _, _ in starts[n + 1:]:
            if indent2 <= indent:
                stop = idx2
                break
        # The value runs on through its own paragraph and through lines indented deeper than the
        # label (``- **Content:**`` then indented paragraphs); a blank line followed by a line no
        # deeper than the label ends it.
        end = idx + 1
        while end < stop:
            line = lines[end]
            if line.strip() and not lines[end - 1].strip() and _indent(line) <= indent:
                break
            end += 1
        while end > idx + 1 and not lines[end - 1].strip():
            end -= 1
        cont = textwrap.dedent("\n".join(lines[idx + 1:end])).strip("\n")
        raw_label = LABEL_LINE.match(lines[idx])["label"]  # type: ignore[index]
        text = strip_marks(value)
        if cont:
            text = f"{text}\n{cont}" if text else cont
        found.append(Labelled(body_line + idx, label, raw_label.strip(), text.strip()))
        used.update(range(idx, end))
    leftovers: list[Leftover] = []
    chunk: list[str] = []
    chunk_start = 0
    for idx, line in enumerate([*lines, ""]):
        if idx in used or idx == len(lines):
            if any(s.strip() for s in chunk):
                leftovers.append(Leftover(body_line + chunk_start, textwrap.dedent("\n".join(chunk)).strip("\n")))
            chunk = []
            continue
        if not chunk:
            chunk_start = idx
        chunk.append(line)
    return found, leftovers


def links_of(markdown: str) -> list[tuple[str, str, str]]:
    """(label before the link, link text, url) for every link on every line of *markdown*."""
    found = []
    for line in markdown.split("\n"):
        if "[" not in line and "<" not in line:
            continue  # CommonMark has no link without a bracket or an autolink's "<" (and no linkify here)
        lab = re.match(r"^\s*(?:[-*+]\s+)?(?:\*\*|__)?\s*([^:*\[\]|]{1,40}?)\s*(?:\*\*|__)?\s*:", line)
        if line.lstrip().startswith("|"):  # a table row: its other cells label the link ("| Twitter | [@x](url) |")
            cells = [c.strip(" *_") for c in line.strip().strip("|").split("|") if "](" not in c and c.strip(" *_-:")]
            lab = re.match(r"(.*)", " · ".join(cells)) if cells else None
        for tok in _MD.parseInline(line):
            children = tok.children or []
            for i, child in enumerate(children):
                if child.type == "link_open":  # its text: every child up to the link's end
                    j = i + 1
                    parts = []
                    while j < len(children) and children[j].type != "link_close":
                        parts.append(children[j].content)
                        j += 1
                    text = "".join(parts).strip()
                    found.append((lab.group(1).strip() if lab else "", text, str(child.attrs.get("href", ""))))
    return found
