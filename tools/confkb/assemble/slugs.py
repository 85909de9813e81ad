"""Slugs: lowercase ASCII, safe as file names everywhere, unique and stable."""

from __future__ import annotations

import hashlib
from functools import lru_cache

from slugify import slugify

MAX_LEN = 80  # file names stay far below 255 bytes, with room for ".html" and a suffix
# Names Windows will not create as files, and names our own pages use.
RESERVED = {"con", "prn", "aux", "nul", *(f"com{i}" for i in range(10)), *(f"lpt{i}" for i in range(10)),
            "index", "genindex", "search", "schedule", "data-quality", "tracks", "sessions", "speakers",
            "links", "kb", "404", "_static", "_sources", "_images"}


def _hash(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:6]


@lru_cache(maxsize=1 << 16)  # a rebuild slugs every name and title again; python-slugify is slow
def make(text: str, fallback: str = "item") -> str:
    """Slug of *text*; a name that slugifies to nothing gets a stable hash-based slug."""
    slug = slugify(text, max_length=MAX_LEN, word_boundary=True, save_order=True)
    if not slug:
        return f"{fallback}-{_hash(text)}"
    if slug in RESERVED:
        return f"{slug}-{fallback}"
    return slug


def assign(names: list[str], fallback: str = "item") -> dict[str, str]:
    """Unique slugs for distinct *names* (as written).

    Names that slugify alike (``José Pérez`` / ``Jose Perez``) are ordered by how they are written;
    the first keeps the plain slug and the others get a suffix hashed from their own spelling,
    so a slug never changes when an unrelated document is added or removed.
    """
    by_slug: dict[str, list[str]] = {}
    for name in sorted(set(names)):
        by_slug.setdefault(make(name, fallback), []).append(name)
    out: dict[str, str] = {}
    for slug, group in by_slug.items():
        out[group[0]] = slug
        for name in group[1:]:
            out[name] = f"{slug}-{_hash(name)}"
    return out
