"""Markdown -> plain text, for what cannot show markup: calendar entries, meta descriptions, structured data."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable

from markdown_it import MarkdownIt

from ..model import Session

# "commonmark" has no raw-HTML surprises beyond html tokens, which plain_text drops.
_MD = MarkdownIt("commonmark")


def _inline_text(tokens: Iterable) -> str:
    out = []
    for tok in tokens:
        if tok.type in ("text", "code_inline"):
            out.append(tok.content)
        elif tok.type == "softbreak":
            out.append(" ")
        elif tok.type == "hardbreak":
            out.append("\n")
        elif tok.type == "image":
            out.append(_inline_text(tok.children or ()))
        # html_inline and emphasis/link markers carry no readable text of their own.
    return "".join(out)


def plain_text(markdown: str, markers: bool = True) -> str:
    """Readable plain text from Markdown: markup removed, link text kept, raw HTML dropped.

    *markers*: list items start with "- " or their number (off for a one-line description).
    """
    parts: list[str] = []
    for tok in _MD.parse(markdown or ""):
        if tok.type == "inline":
            parts.append(_inline_text(tok.children or ()))
        elif tok.type == "list_item_open" and markers:
            # Ordered items carry their number in ``info``; bullets become "- ".
            parts.append(f"{tok.info}. " if tok.info else "- ")
        elif tok.type in ("fence", "code_block"):
            parts.append(tok.content.rstrip("\n") + "\n\n")
        elif tok.type in ("paragraph_close", "heading_close"):
            # Tight-list paragraphs are hidden: one line per item instead of a blank line.
            parts.append("\n" if tok.hidden else "\n\n")
        elif tok.type in ("bullet_list_close", "ordered_list_close"):
            parts.append("\n")
    text = "".join(parts)
    text = re.sub(r"[ \t]+\n", "\n", text)
    return re.sub(r"\n{3,}", "\n\n", text).strip()


def one_line(markdown: str, limit: int = 200) -> str:
    """A one-line plain description (meta tags, sharing cards): the words, no list or quote marks, cut at a word."""
    text = " ".join(plain_text(markdown, markers=False).split())
    return text if len(text) <= limit else text[: limit - 1].rsplit(" ", 1)[0] + "…"


def plural(n: int, word: str) -> str:
    """``1 document``, ``2 documents``."""
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def count_kinds(sessions: list[Session]) -> str:
    """"64 talks, 2 plenaries, 10 breaks": what a programme holds, never breaks counted as talks."""
    kinds = Counter(s.kind for s in sessions)
    words = {"talk": ("talk", "talks"), "plenary": ("plenary", "plenaries"), "break": ("break", "breaks")}
    parts = [f"{kinds[k]} {words[k][kinds[k] != 1]}" for k in words if kinds[k]]
    parts += [plural(n, k) for k, n in sorted(kinds.items()) if k not in words]
    return ", ".join(parts) or "no sessions"
