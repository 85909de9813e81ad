"""Split a repaired document into headed sections and classify each heading by its words."""

from __future__ import annotations

import enum
import re
from bisect import bisect_left
from dataclasses import dataclass
from functools import lru_cache

from markdown_it import MarkdownIt


class Kind(enum.Enum):
    DOC_TITLE = "doc_title"
    HOST = "host"
    TRACK = "track"
    DETAILS = "details"  # "Event and Session Details": a container, its children say more
    CONFERENCE = "conference"
    SESSION = "session"
    SPEAKER = "speaker"  # "Speaker Biography[: Name]": the container of the biography
    PERSONAL = "personal"
    LINKS = "links"
    FIELD = "field"  # a heading that is itself "Label: value" (``### Full Name: Baosong Yang``)
    OTHER = "other"


# Headings are recognised by their words, never by emoji, bold or level. Each entry: the words a
# plain, lower-cased heading starts with (or equals), e.g. "speaker biography: guilherme penedo".
HEADING_WORDS: list[tuple[Kind, tuple[str, ...]]] = [
    (Kind.HOST, ("host introduction", "host's introduction", "host intro", "mc introduction",
                 "introduction by the host", "speaker introduction")),
    (Kind.TRACK, ("track information", "track info", "track details", "track")),
    (Kind.DETAILS, ("event and session details", "event & session details", "event details",
                    "event and session information")),
    (Kind.CONFERENCE, ("conference overview", "event overview", "conference information",
                       "conference details", "about the conference")),
    (Kind.SESSION, ("session details", "session spotlight", "session specifics", "session information",
                    "session overview", "talk details")),
    (Kind.SPEAKER, ("speaker biography", "speaker bio", "speaker profile", "about the speaker",
                    "speaker information")),
    (Kind.PERSONAL, ("personal information", "personal info", "personal details", "basic information")),
    (Kind.LINKS, ("social profiles", "social media presence", "social media", "socials", "connect",
                  "online presence", "digital presence", "contact information", "contact", "social links",
                  "links", "find online", "follow")),
]

FIELD_HEADING = re.compile(r"^(full name|name|current position|position|current role|role|title)\s*:\s*(.+)$",
                           re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Block:
    """A heading and the Markdown under it, up to the next heading of any level."""

    kind: Kind
    level: int
    title: str  # plain words of the heading
    rest: str  # words after the recognised heading words (``Speaker Biography: X`` -> ``X``)
    line: int  # 1-based line of the heading in the file (0 for text before the first heading)
    body: str  # the Markdown source lines under the heading
    body_line: int  # 1-based line where body starts
    # 0-based lines of body that are paragraph text, from the one parse of the whole document: a heading
    # ends every block, so a section's blocks are the same parsed alone (labelled() needs them)
    text_lines: frozenset[int] = frozenset()


@lru_cache(maxsize=1 << 14)  # the same headings recur in every document of an event
def classify(title: str) -> tuple[Kind, str]:
    """Return the kind of a plain heading and the words that follow the recognised ones."""
    low = title.lower().strip()
    if FIELD_HEADING.match(title):
        return Kind.FIELD, title
    for kind, starts in HEADING_WORDS:
        for words in starts:
            if low == words or low.startswith(words + ":") or low.startswith(words + " -") \
                    or (low.startswith(words + " ") and kind not in (Kind.TRACK, Kind.LINKS)):
                rest = title[len(words):].lstrip(" :-–—")
                return kind, rest
    return Kind.OTHER, title


# Block structure only: a heading's inline token keeps its raw text, which is all this needs.
_MD = MarkdownIt("commonmark").disable("inline")


def split(text: str, plain_heading) -> list[Block]:
    """Cut *text* at every ATX or setext heading; lines keep their numbers in the file."""
    lines = text.split("\n")
    heads: list[tuple[int, int, int, str]] = []  # (start line idx, end idx, level, inline text)
    paragraph: list[int] = []
    tokens = _MD.parse(text)
    for i, tok in enumerate(tokens):
        if tok.type == "heading_open" and tok.map and tok.level == 0:
            heads.append((tok.map[0], tok.map[1], int(tok.tag[1]), tokens[i + 1].content))
        elif tok.type == "paragraph_open" and tok.map:
            paragraph.extend(range(tok.map[0], tok.map[1]))

    paragraph.sort()

    def text_lines(start: int, stop: int) -> frozenset[int]:  # bisect: a document may have 10,000 headings
        return frozenset(n - start for n in paragraph[bisect_left(paragraph, start):bisect_left(paragraph, stop)])
    blocks: list[Block] = []
    first = heads[0][0] if heads else len(lines)
    if any(s.strip() for s in lines[:first]):
        blocks.append(Block(Kind.OTHER, 0, "", "", 0, "\n".join(lines[:first]), 1, text_lines(0, first)))
    for n, (start, end, level, inline) in enumerate(heads):
        stop = heads[n + 1][0] if n + 1 < len(heads) else len(lines)
        title = plain_heading(inline)
        kind, rest = classify(title)
        if level == 1:
            kind, rest = Kind.DOC_TITLE, title
        blocks.append(Block(kind, level, title, rest, start + 1, "\n".join(lines[end:stop]), end + 1,
                            text_lines(end, stop)))
    return blocks
