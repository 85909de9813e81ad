"""A speaker's avatar: their thumbnail with their name as its text, or their initials in a circle; never an image
that may not load (a photo is set only when its thumbnail was made and is published)."""

from __future__ import annotations

import html
import posixpath
import unicodedata

from ..model import Speaker
from .myst import fence


def initials(name: str) -> str:
    """``Jean-Laurent de Morlhon`` -> ``JM``: the first letters of the first and last words of the name."""
    words = [w for w in name.split() if any(c.isalnum() for c in w)]
    if not words:
        return "?"
    firsts = [next(c for c in w if c.isalnum()) for w in (words[0], words[-1])] if len(words) > 1 else \
        [next(c for c in words[0] if c.isalnum())]
    return unicodedata.normalize("NFC", "".join(firsts)).upper()


SIZES = (20, 48, 96)  # CSS px; confkb.css sizes each (a class, not a style per avatar: FOSDEM's days are long)


def avatar_html(p: Speaker, from_doc: str, size: int = 48) -> str:
    """HTML of *p*'s avatar on the page *from_doc* (``speakers/x``, ``<event>/sessions/y``), *size* one of SIZES: an
    ``<img>`` whose alt text is their name, else their initials (hidden from screen readers: the name is beside it).
    Every value is escaped; *from_doc* and the photo are site paths made by this code."""
    size = min(SIZES, key=lambda x: abs(x - size))
    name = " ".join(p.name.split())  # one line, as alt text
    if p.photo:
        src = posixpath.relpath(p.photo, posixpath.dirname(from_doc) or ".")
        return (f'<img class="confkb-avatar confkb-avatar-{size}" src="{html.escape(src)}" alt="{html.escape(name)}" '
                f'width="{size}" height="{size}" loading="lazy" decoding="async">')
    return (f'<span class="confkb-avatar confkb-avatar-{size} confkb-initials" aria-hidden="true">'
            f'{html.escape(initials(name))}</span>')


def avatar(p: Speaker, from_doc: str, size: int = 48) -> str:
    """The avatar as a MyST block (raw HTML, see avatar_html)."""
    return fence("raw", "html", None, avatar_html(p, from_doc, size))
