"""How much of a published programme the importers read: a hostile file is refused in bounded time and memory."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True, slots=True)
class Limits:
    """Caps on one programme file; tests lower them to prove a refusal without building a huge file."""

    max_bytes: int = 32 * 1024 * 1024  # FOSDEM's whole year is under 2 MB
    max_depth: int = 64  # frab XML nests 7 deep, JSON 9
    max_items: int = 200_000  # elements, JSON values or iCal lines' components


LIMITS = Limits()


class Unsafe(Exception):
    """The file is refused (too large, too deep, too many items, or it declares what could run): UNSAFE_FILE."""


def read_capped(path: Path, limits: Limits) -> bytes:
    """The file's bytes, or Unsafe when it is larger than the cap (never reading more than the cap and a byte)."""
    with path.open("rb") as fh:
        raw = fh.read(limits.max_bytes + 1)
    if len(raw) > limits.max_bytes:
        raise Unsafe(f"the file is larger than {limits.max_bytes:,} bytes, the most a programme may be")
    return raw


_STRING = re.compile(r'"(?:[^"\\]|\\.)*+"', re.S)
_BRACKET = re.compile(r"[\[\]{}]")


def check_json(text: str, limits: Limits) -> None:
    """Unsafe when JSON *text* nests deeper than the cap: measured before parsing, which would recurse."""
    depth = 0
    count = 0
    for m in _BRACKET.finditer(_STRING.sub("", text)):
        if m.group(0) in "[{":
            depth += 1
            count += 1
            if depth > limits.max_depth:
                raise Unsafe(f"the JSON nests deeper than {limits.max_depth} levels")
            if count > limits.max_items:
                raise Unsafe(f"the JSON holds more than {limits.max_items:,} objects and lists")
        else:
            depth -= 1


def check_ical(text: str, limits: Limits) -> None:
    """Unsafe when iCal *text* nests components deeper, or holds more of them, than the caps."""
    depth = 0
    count = 0
    for line in text.splitlines():
        head = line[:6].upper()
        if head == "BEGIN:":
            depth += 1
            count += 1
            if depth > limits.max_depth or count > limits.max_items:
                raise Unsafe(f"the calendar nests deeper than {limits.max_depth} levels or holds more than "
                             f"{limits.max_items:,} components")
        elif line[:4].upper() == "END:":
            depth -= 1
