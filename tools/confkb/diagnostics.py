"""Diagnostics: one enum of codes, a record per problem, and the report that collects them."""

from __future__ import annotations

import enum
import unicodedata
from dataclasses import dataclass, field


class Severity(str, enum.Enum):
    """How bad a data problem is."""

    FIXED = "fixed"
    """The tool repaired the text; the message says what changed."""
    DROPPED = "dropped"
    """Something was removed on purpose (a stage direction, a footer, a missing image)."""
    WARNING = "warning"
    """The page was built, but a person should check the data."""
    ERROR = "error"
    """A record could not be built from the document."""


class Code(str, enum.Enum):
    """Every diagnostic the tool can report. The value is the ``[confkb.<value>]`` suffix."""

    # -- reading and decoding ------------------------------------------------
    READ_FAILED = "read_failed"
    """The file could not be read at all (permissions, vanished, a link that leaves the sources folder)."""
    NOT_UTF8 = "not_utf8"
    """The bytes were not valid UTF-8; they were decoded with a fallback code page."""
    BINARY = "binary"
    """The file holds binary data (an image, random bytes), not a text document."""
    EMPTY = "empty"
    """The document has no text."""
    BOM = "bom"
    """A byte order mark was removed."""
    LINE_ENDINGS = "line_endings"
    """CRLF or CR line endings were normalised to LF."""
    CONTROL_CHARS = "control_chars"
    """NUL or other control characters were removed."""
    MOJIBAKE = "mojibake"
    """Text that was decoded with the wrong code page was repaired."""
    REPLACEMENT_CHAR = "replacement_char"
    """A U+FFFD replacement character (a lost character) was removed."""
    HEADING_DEBRIS = "heading_debris"
    """Broken emoji bytes left in a heading were removed."""
    WHITESPACE = "whitespace"
    """Non-breaking spaces or trailing hard-break spaces were normalised."""
    TOO_LARGE = "too_large"
    """The document is larger than the tool reads; the rest was not used."""
    TOO_DEEP = "too_deep"
    """Lists or quotes nested deeper than Markdown parsers keep were flattened; every word is kept."""

    # -- structure -----------------------------------------------------------
    UNKNOWN_SECTION = "unknown_section"
    """A section the parser does not recognise; it is kept as biography text."""
    DUPLICATE_SECTION = "duplicate_section"
    """The same section appears twice; both are kept."""
    NO_SESSION = "no_session"
    """No session title was found, so the document makes no session."""
    NO_SPEAKER = "no_speaker"
    """No speaker name was found."""
    MISSING_FIELD = "missing_field"
    """A field that a session or speaker should have (date, time, track) is missing."""

    # -- values --------------------------------------------------------------
    BAD_DATE = "bad_date"
    """A date that cannot be understood."""
    BAD_TIME = "bad_time"
    """A time range that cannot be understood or is impossible (25:00, end before start); one that says AM or
    PM of a 24-hour time (13:25 AM) was read on the 24-hour clock."""
    TIME_ZONE_LABEL = "time_zone_label"
    """A time-zone label that is not what the event's zone is called on that day (CET in May in Paris) was
    corrected; one from another zone is kept, and the times should be checked."""
    DOUBTFUL_DATE = "doubtful_date"
    """A date that contradicts the event (a 2023 talk "at" a 2025 conference)."""
    UNKNOWN_TRACK = "unknown_track"
    """A track named by the event theme that no session belongs to; it is not built."""
    TRACK_CONFLICT = "track_conflict"
    """Two sources give a session different tracks."""
    SESSION_CONFLICT = "session_conflict"
    """Two documents describe the same talk with different dates or times."""
    DUPLICATE_SPEAKER = "duplicate_speaker"
    """Two speakers whose names make the same slug; one got a suffix."""
    UNSAFE_LINK = "unsafe_link"
    """A link or image with a scheme or path that is not allowed (javascript:, data:, file:, ../)."""
    BAD_LINK = "bad_link"
    """A URL whose shape cannot be right for its site (a made-up YouTube video ID); see make linkcheck."""
    RAW_MARKUP = "raw_markup"
    """HTML, directives or roles in the source were shown as text, not run."""

    # -- content dropped on purpose -----------------------------------------
    STAGE_DIRECTION = "stage_direction"
    """An MC stage direction or tone note was removed from the host introduction."""
    PLACEHOLDER = "placeholder"
    """The host introduction holds an unfilled placeholder such as [morning/afternoon]."""
    GENERATOR_FOOTER = "generator_footer"
    """The generator's footer became provenance instead of page content."""
    MISSING_IMAGE = "missing_image"
    """An image whose file does not exist was dropped."""
    IMAGE_NOT_IMAGE = "image_not_image"
    """A link written as an image points to a web page; it became a plain link."""
    VARIANT_TEXT = "variant_text"
    """Another document's wording of a shared text (track description, event theme) was not shown; the report quotes it."""

    # -- withheld and corrected -----------------------------------------------
    WITHHELD = "withheld"
    """A rule doubts this item (a placeholder URL, a template slot, a dated entry that contradicts itself, a link
    label its URL cannot be), so it is on no page; add a [[publish]] correction to publish it anyway."""
    CORRECTED = "corrected"
    """A correction of the event's corrections.toml was applied (a name, a title, something hidden)."""
    BAD_CORRECTION = "bad_correction"
    """A correction that cannot be applied: the file is not valid TOML, an entry lacks a key, or it matches
    nothing in the sources."""

    # -- official programme --------------------------------------------------
    PROGRAMME_MISMATCH = "programme_mismatch"
    """A document disagrees with the official programme; the programme wins."""
    UNMATCHED_DOCUMENT = "unmatched_document"
    """A document matches no slot of the official programme."""

    # -- published programmes ----------------------------------------------
    UNSAFE_FILE = "unsafe_file"
    """A programme file was refused: it declares entities or a DTD (which could read local files or expand
    without end), is larger than the tool reads, or nests deeper than it reads; the event's other sources build."""
    SCHEMA = "schema"
    """The programme does not follow its format's schema (extra or missing keys, a pattern not met); it was
    imported anyway, and the message says what differs."""
    GUID = "guid"
    """A talk, person or room has no guid, or one that is not a UUID; the original is kept and a stable UUID
    made from it is used in exports."""
    DUPLICATE_ID = "duplicate_id"
    """Two talks or persons of one programme share an id or guid; distinct ones stay distinct."""
    SCHEDULE_TIME = "schedule_time"
    """A time the import had to interpret: a talk past midnight or longer than a day, a duration with minutes
    over 59, a day boundary, a time without an offset; the message says how it was read."""
    PERSON_WITHOUT_ID = "person_without_id"
    """A person the programme gives no id; matched by name, and given a stable one in exports."""
    RELATIVE_LINK = "relative_link"
    """A relative link in the programme's text was made absolute against its base URL, or dropped when there is
    none."""
    LIKELY_SAME_SPEAKER = "likely_same_speaker"
    """Two speaker pages whose names may be one person (a title such as "Dr.", case, accents, one name inside
    the other); never merged silently: a [[speaker]] correction merges them."""
    IMPORTED = "imported"
    """What a programme file gave: how many talks, rooms, tracks, people, days and links, and from which format."""

    # -- pictures ------------------------------------------------------------
    PICTURE = "picture"
    """A speaker's picture that the programme names but that is missing, is not an image, or is too large to
    use; the speaker's initials are shown instead."""

    # -- people --------------------------------------------------------------
    MERGED_INTRODUCTION = "merged_introduction"
    """A talk with several speakers has one host introduction; what the others repeat (a greeting, the
    talk's presentation, a hand-over to one speaker) was not shown, and the report quotes it."""
    SPEAKER_WITHOUT_SESSION = "speaker_without_session"
    """A person in the official speaker list has no session on the site: no slot of the programme names
    them, the list marks them as a draft, or the name is a placeholder ("TBD"); the message says which."""
    SPEAKER_ID = "speaker_id"
    """A slot of the programme names a speaker by an id the speaker list does not have; the list's entry
    with the same name was used."""


SEVERITY_RANK = {Severity.FIXED: 0, Severity.DROPPED: 1, Severity.WARNING: 2, Severity.ERROR: 3}


@dataclass(frozen=True, slots=True, order=True)
class Diagnostic:
    """One data problem, pointing at a file and line of the sources."""

    file: str
    line: int
    severity: Severity
    code: Code
    message: str

    def format(self) -> str:
        """Compiler-style line: ``path:line: severity: message [confkb.code]``."""
        return f"{self.file}:{self.line}: {self.severity.value}: {self.message} [confkb.{self.code.value}]"

    def as_json(self) -> dict[str, object]:
        return {
            "file": self.file,
            "line": self.line,
            "severity": self.severity.value,
            "code": self.code.value,
            "message": self.message,
        }


@dataclass(slots=True)
class Report:
    """Collects diagnostics from every stage; never raises for data problems."""

    items: list[Diagnostic] = field(default_factory=list)

    def add(self, file: str, line: int, severity: Severity, code: Code, message: str) -> None:
        self.items.append(Diagnostic(file, max(int(line), 0), severity, code, message))

    def fixed(self, file: str, line: int, code: Code, message: str) -> None:
        self.add(file, line, Severity.FIXED, code, message)

    def dropped(self, file: str, line: int, code: Code, message: str) -> None:
        self.add(file, line, Severity.DROPPED, code, message)

    def warning(self, file: str, line: int, code: Code, message: str) -> None:
        self.add(file, line, Severity.WARNING, code, message)

    def error(self, file: str, line: int, code: Code, message: str) -> None:
        self.add(file, line, Severity.ERROR, code, message)

    def sorted(self) -> list[Diagnostic]:
        """Diagnostics in a stable order (file, line, code, message), duplicates removed."""
        return sorted(set(self.items), key=lambda d: (d.file, d.line, d.code.value, d.message, d.severity.value))

    def count(self, severity: Severity) -> int:
        return sum(1 for d in self.items if d.severity is severity)

    def summary(self) -> str:
        files = len({d.file for d in self.items})
        errors, warnings = self.count(Severity.ERROR), self.count(Severity.WARNING)
        parts = [
            f"{errors} error{'s' * (errors != 1)}",
            f"{warnings} warning{'s' * (warnings != 1)}",
            f"{self.count(Severity.DROPPED)} dropped",
            f"{self.count(Severity.FIXED)} fixed",
        ]
        return f"confkb: {', '.join(parts)} in {files} file{'s' * (files != 1)}"


# Characters a reader cannot see or tell apart (format, control, space-like, unassigned; variation selectors,
# fillers, U+FFFD): a message names them. Everything else, mojibake included, is shown as it is.
_HIDDEN_CATEGORIES = {"Cc", "Cf", "Cn", "Co", "Cs", "Zl", "Zp", "Zs"}
_HIDDEN = {0x034F, 0x115F, 0x1160, 0x2800, 0x3164, 0xFFA0, 0xFFFD, *range(0xFE00, 0xFE10), *range(0xE0100, 0xE01F0)}
_NO_NAME = {"Cc": "CONTROL CHARACTER", "Cn": "UNASSIGNED", "Co": "PRIVATE USE", "Cs": "SURROGATE"}
_CONTROL_NAMES = {0x00: "NULL", 0x09: "CHARACTER TABULATION", 0x0A: "LINE FEED", 0x0D: "CARRIAGE RETURN",
                  0x1B: "ESCAPE", 0x7F: "DELETE"}


def quoted(text: str) -> str:
    """*text* quoted for a message, on one line, as the characters it holds: ``'🧑[U+200D ZERO WIDTH JOINER]💻'``.

    Visible characters are themselves; invisible ones are named by code point and Unicode name (a Python
    escape such as ``\\u200d`` means nothing to an organiser). Double quotes when the text has a single one.
    """
    out = []
    for c in text:
        category = unicodedata.category(c)
        if c == " " or (category not in _HIDDEN_CATEGORIES and ord(c) not in _HIDDEN):
            out.append(c)
        else:
            name = _CONTROL_NAMES.get(ord(c)) or unicodedata.name(c, _NO_NAME.get(category, "CHARACTER"))
            out.append(f"[U+{ord(c):04X} {name}]")
    body = "".join(out)
    quote = '"' if "'" in body and '"' not in body else "'"
    return f"{quote}{body}{quote}"
