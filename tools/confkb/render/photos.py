"""A speaker's avatar: their thumbnail with their name as its text, or their initials in a circle; never an image
that may not load (a photo is set only when its thumbnail was made and is published)."""

from __future__ import annotations

import html
import posixpath
import unicodedata

from ..model import Speaker


def initials(name: str) -> str:
    """``Jean-Laurent de Morlhon`` -> ``JM``: the first letters of the first and last words of the name."""
    words = [w for w in name.split() if any(c.isalnum() for c in w)]
    if not words:
        return "?"
    firsts = [next(c for c in w if c.isalnum()) for w in (words[0], words[-1])] if len(words) > 1 else \
        [next(c for c in words[0] if c.isalnum())]
    return unicodedata.normalize("NFC", "".join(firsts)).upper()


def avatar_html(p: Speaker, from_doc: str, size: int = 48) -> str:
    """HTML of *p*'s avatar on the page *from_doc* (``speakers/x``, ``<event>/sessions/y``), *size* CSS px: an
    ``<img>`` whose alt text is their name, else their initials (hidden from screen readers: the name is beside it).
    Every value is escaped; *from_doc* and the photo are site paths made by this code."""
    style = f"width:{int(size)}px;height:{int(size)}px"
    name = " ".join(p.name.split())  # one line: the raw block it sits in ends at a line of backticks
    if p.photo:
        src = posixpath.relpath(p.photo, posixpath.dirname(from_doc) or ".")
        return (f'<img class="confkb-avatar" src="{html.escape(src)}" alt="{html.escape(name)}" '
                f'width="{int(size)}" height="{int(size)}" style="{style}" loading="lazy" decoding="async">')
    return (f'<span class="confkb-avatar confkb-initials" aria-hidden="true" style="{style};'
            f'font-size:{int(size) * 0.4:.0f}px">{html.escape(initials(name))}</span>')


def avatar(p: Speaker, from_doc: str, size: int = 48) -> str:
    """The avatar as a MyST block (raw HTML, see avatar_html)."""
    return f"```{{raw}} html\n{avatar_html(p, from_doc, size)}\n```"
