"""Repair stage: decode a source file's bytes and repair its text line by line, keeping every line number."""

from __future__ import annotations

import codecs
import contextlib
import functools
import os
import re
import unicodedata

import ftfy
from ftfy.badness import is_bad

from ..diagnostics import Code, Report, quoted
from ..model import SourceDoc, TextDoc
from . import nesting

_FTFY = ftfy.TextFixerConfig(
    uncurl_quotes=False,  # the documents use curly quotes on purpose (’ – —); only broken ones are repaired
    unescape_html=False,  # "&amp;" in Markdown or a code sample is content, not an encoding accident
    remove_terminal_escapes=False,  # control characters are removed (and reported) by _CONTROL below
    remove_control_chars=False,  # idem: ftfy would remove them silently
    fix_latin_ligatures=False,  # "ﬁ" is not mojibake, and clean text must come out unchanged
    fix_character_width=False,  # full-width punctuation is correct in Chinese names and titles
    fix_line_breaks=False,  # ftfy sees one line at a time; a U+2028 it turned into "\n" would add a line
    normalization=None,  # NFC would rewrite clean text too; this stage changes only what is broken
    explain=False,  # we describe the change ourselves; explanations cost time on every call
)

# Binary formats that can land in a sources folder by mistake (screenshots, slides, archives).
_SIGNATURES = {
    b"\x89PNG\r\n\x1a\n": "PNG image",
    b"\xff\xd8\xff": "JPEG image",
    b"GIF87a": "GIF image",
    b"GIF89a": "GIF image",
    b"%PDF-": "PDF file",
    b"PK\x03\x04": "ZIP archive",
    b"\x1f\x8b": "gzip archive",
}
_UNICODE_BOMS = (  # UTF-32 first: its little-endian BOM starts with the UTF-16 one
    (b"\xff\xfe\x00\x00", "utf-32-le"),
    (b"\x00\x00\xfe\xff", "utf-32-be"),
    (b"\xff\xfe", "utf-16-le"),
    (b"\xfe\xff", "utf-16-be"),
)
# C0 and C1 controls except \t \n \r (a whole ANSI colour escape counts as one), DEL
_CONTROL = re.compile("\x1b\\[[0-?]*[ -/]*[@-~]|[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_SPACES = re.compile("[\u00a0\u202f\u2028\u2029]")  # NBSP, narrow NBSP; U+2028/9 would split lines later
_FFFD = re.compile("(?<= )\ufffd+ |^\ufffd+ ?|\ufffd+")  # also drop one space, so no double space remains
_HEADING = re.compile(r" {0,3}#{1,6}(?:[ \t]|$)")

# Bytes a character stands for when UTF-8 was decoded as cp1252 or cp1254 (the seed mixes both) or latin-1.
_BYTE_OF: dict[str, int] = {}
for _b in range(0x80, 0x100):
    for _codec in ("cp1252", "cp1254", "latin-1"):
        with contextlib.suppress(UnicodeDecodeError):
            _BYTE_OF.setdefault(bytes([_b]).decode(_codec), _b)
_MOJI_RUN = re.compile("([" + re.escape("".join(_BYTE_OF)) + "]{2,})([ \t]*)")
# Bytes that are not UTF-8 arrive as surrogates (surrogateescape) and become cp1252, else latin-1 for its
# 5 undefined bytes. One C-level translate: an error handler called per bad byte is far slower.
_CP1252 = {0xDC00 + _b: bytes([_b]).decode("cp1252", errors="ignore") or chr(_b) for _b in range(0x80, 0x100)}


def repair(doc: SourceDoc, report: Report) -> TextDoc | None:
    """Decode and repair one document. Returns None (after reporting an error) when the file is not text."""
    path, raw = doc.path, doc.raw
    kind = next((name for sig, name in _SIGNATURES.items() if raw.startswith(sig)), None)
    if kind:
        report.error(path, 1, Code.BINARY, f"not a text document: {kind}")
        return None
    text, bad_at = _decode(raw, path, report)
    if _looks_binary(text, bad_at is not None):
        report.error(path, 1, Code.BINARY, "not a text document: binary data (NUL or control bytes)")
        return None
    if bad_at is not None:
        line = len(re.findall(rb"\r\n|\r|\n", raw[:bad_at])) + 1
        # Only the invalid bytes are read as cp1252, so a mostly-UTF-8 file with one stray byte keeps its UTF-8.
        report.warning(path, line, Code.NOT_UTF8, f"not valid UTF-8 (byte 0x{raw[bad_at]:02X}); decoded bad bytes as cp1252")
    if not text.strip():
        report.warning(path, 1, Code.EMPTY, "document is empty" if not text else "document holds only whitespace")
        return TextDoc(path, doc.event_dir, "")
    lines = _split_lines(text, path, report)
    trailing: list[int] = []
    spaces: list[int] = []
    for i, line in enumerate(lines):
        lines[i] = _repair_line(line, path, i + 1, report, trailing, spaces)
    if spaces:
        report.fixed(path, spaces[0], Code.WHITESPACE, f"replaced non-breaking spaces on {_lines(spaces)}")
    if trailing:
        report.fixed(path, trailing[0], Code.WHITESPACE, f"removed trailing spaces on {_lines(trailing)}")
    # deep nesting would make the parsers drop words (and cost quadratic time): flatten it here, once
    text = nesting.cap("\n".join(lines), path, report)
    if not text.strip():  # it held only control characters or debris
        report.warning(path, 1, Code.EMPTY, "document holds no text after repair")
        text = ""
    return TextDoc(path, doc.event_dir, text)


def _lines(found: list[int]) -> str:
    return "1 line" if len(found) == 1 else f"{len(found)} lines"


def _decode(raw: bytes, path: str, report: Report) -> tuple[str, int | None]:
    """Text of the file, and the offset of the first byte that was not UTF-8 (None: all was)."""
    for bom, codec in _UNICODE_BOMS:
        if raw.startswith(bom):
            name = codec.upper()
            report.fixed(path, 1, Code.BOM, f"removed {name} byte order mark; decoded as {name}")
            # errors="replace": an odd trailing byte becomes U+FFFD, which the line repair removes and reports
            return raw[len(bom) :].decode(codec, errors="replace"), None
    if raw.startswith(codecs.BOM_UTF8):
        report.fixed(path, 1, Code.BOM, "removed UTF-8 byte order mark")
        raw = raw[len(codecs.BOM_UTF8) :]
    try:
        return raw.decode("utf-8"), None
    except UnicodeDecodeError as err:
        return raw.decode("utf-8", errors="surrogateescape").translate(_CP1252), err.start


def _looks_binary(text: str, fallback: bool) -> bool:
    if not text:
        return False
    n, nul, ctrl = len(text), text.count("\x00"), len(_CONTROL.findall(text))
    # Text with a few stray NULs is repaired; random bytes are ~13% controls and never valid UTF-8.
    return nul > max(0.1 * n, 4) or ctrl > max(0.3 * n, 4) or (fallback and ctrl > max(0.05 * n, 8))


def _split_lines(text: str, path: str, report: Report) -> list[str]:
    """LF lines; a lone CR ends a line too (as in a CR-only file), so line numbers match the editor's."""
    first_cr = text.find("\r")
    if first_cr < 0:
        return text.split("\n")
    crlf = text.count("\r\n")
    cr = text.count("\r") - crlf
    kinds = " and ".join(f"{n} {k}" for n, k in ((crlf, "CRLF"), (cr, "CR")) if n)
    report.fixed(path, text.count("\n", 0, first_cr) + 1, Code.LINE_ENDINGS, f"converted {kinds} line ends to LF")
    return text.replace("\r\n", "\n").replace("\r", "\n").split("\n")


def _repair_line(line: str, path: str, no: int, report: Report, trailing: list[int], spaces: list[int]) -> str:
    if "\ufeff" in line:
        line = line.replace("\ufeff", "")
        report.fixed(path, no, Code.BOM, "removed byte order mark (U+FEFF) inside the text")
    if not line.isascii():  # the common case is plain ASCII, which needs none of this
        heading = _HEADING.match(line) is not None
        if heading and is_bad(line):
            line = _heading_emoji(line, path, no, report)
        fixed = _ftfy_line(line)
        if fixed != line:
            report.fixed(path, no, Code.MOJIBAKE, f"repaired mojibake: {_change(line, fixed)}")
            line = fixed
        if "\ufffd" in line:
            n = line.count("\ufffd")
            line = _FFFD.sub("", line)
            report.fixed(path, no, Code.REPLACEMENT_CHAR, f"removed {n} U+FFFD replacement character{'s' * (n > 1)}")
        if _SPACES.search(line):
            line = _SPACES.sub(" ", line)
            spaces.append(no)
    if _CONTROL.search(line):
        hits = _CONTROL.findall(line)
        n, found = len(hits), sorted({f"U+{ord(c[0]):04X}" for c in hits})
        line = _CONTROL.sub("", line)
        report.fixed(path, no, Code.CONTROL_CHARS, f"removed {n} control character{'s' * (n > 1)} {', '.join(found[:5])}")
    stripped = line.rstrip(" \t")
    if stripped != line:
        trailing.append(no)
    return stripped


def _ftfy_line(line: str, piece: int = 10_000) -> str:
    """ftfy in pieces of at most ~10,000 characters, cut after a space.

    ftfy gets superlinear above its 1M-character segments (a 3.6M-character line of mojibake: 7.5 s
    instead of 2 s); mojibake never spans an ASCII space, so cutting there changes nothing.
    """
    if len(line) <= piece:
        return _ftfy_piece(line)
    out, pos = [], 0
    while pos < len(line):
        end = line.rfind(" ", pos, pos + piece) + 1
        end = end if end > pos and pos + piece < len(line) else min(pos + piece, len(line))
        out.append(_ftfy_piece(line[pos:end]))
        pos = end
    return "".join(out)


@functools.lru_cache(maxsize=4096)  # headings and list items repeat across and within documents
def _ftfy_piece(text: str) -> str:
    # is_bad is one regex search; fix_text costs far more and finds nothing on the (common) clean line.
    return ftfy.fix_text(text, _FTFY) if is_bad(text) else text


def _heading_emoji(line: str, path: str, no: int, report: Report) -> str:
    """Decode emoji mojibake in a heading ourselves; drop the bytes that the code page lost.

    ftfy gives up on these runs or "repairs" a truncated emoji into another one that swallows the
    following space (``ğŸ¤ Speaking`` -> ``🤠Speaking``), so the heading's words would not be intact.
    """
    changes: list[tuple[str, str, bool]] = []

    def sub(m: re.Match[str]) -> str:
        run, space = m.group(1), m.group(2)
        # A ZWJ (E2 80 8D) between two emoji lost its 8D, undefined in both code pages: put it back.
        raw = bytes(_BYTE_OF[c] for c in run).replace(b"\xe2\x80\xf0", b"\xe2\x80\x8d\xf0")
        # Only emoji: F0 9F (U+1Fxxx pictographs) or E2 + continuation byte (U+2xxx symbols such as ✍).
        if not (raw[:2] == b"\xf0\x9f" or (raw[0] == 0xE2 and 0x80 <= raw[1] <= 0xBF)):
            return m.group(0)
        out = raw.decode("utf-8", errors="ignore")
        if any(unicodedata.category(c)[0] in "LN" for c in out):
            return m.group(0)  # it decodes to words: ordinary mojibake, ftfy's job
        changes.append((run, out, out.encode() != raw))
        if out:
            return out + space
        at_word = m.start() > 0 and not line[m.start() - 1].isspace()
        return space[:1] if at_word else ""

    new = _MOJI_RUN.sub(sub, line)
    for run, out, lost in changes:
        if lost:
            report.fixed(path, no, Code.HEADING_DEBRIS, f"removed broken emoji bytes from heading: {quoted(run)} -> {quoted(out)}")
        else:
            report.fixed(path, no, Code.MOJIBAKE, f"repaired mojibake: {quoted(run)} -> {quoted(out)}")
    return new


def _change(before: str, after: str) -> str:
    """'Weâ€™re' -> 'We’re' (+2 more): the first changed word, not the whole line."""
    a, b = before.split(" "), after.split(" ")
    pairs = [(x, y) for x, y in zip(a, b) if x != y] if len(a) == len(b) else []
    if not pairs:  # ftfy changed the spacing too: show the span between the common prefix and suffix
        p = len(os.path.commonprefix([before, after]))
        s = len(os.path.commonprefix([before[p:][::-1], after[p:][::-1]]))
        pairs = [(before[p : len(before) - s], after[p : len(after) - s])]
    x, y = pairs[0]
    more = f" (+{len(pairs) - 1} more)" if len(pairs) > 1 else ""
    # both sides as the characters they are: the broken one is what the organiser finds in the document
    return f"{quoted(_short(x))} -> {quoted(_short(y))}{more}"


def _short(s: str) -> str:
    return s if len(s) <= 40 else s[:39] + "…"


# -- headings ------------------------------------------------------------------

_EMPHASIS = re.compile(r"\*+|~~|(?<!\w)_+|_+(?!\w)")
_ATX = re.compile(r"^\s*#{1,6}(?:\s+|$)|(?<!\s)\s+#+\s*$")  # a run's start only: linear time
_DECORATION = {"So", "Cf", "Co", "Cs", "Cn"}  # symbols/emoji, joiners, icon-font glyphs, unassigned (new emoji)


def _decoration(c: str) -> bool:
    o = ord(c)
    if 0xFE00 <= o <= 0xFE0F or 0xE0100 <= o <= 0xE01EF or o == 0x20E3 or 0x1F3FB <= o <= 0x1F3FF:
        return True  # variation selectors, keycap, skin tones: parts of an emoji
    return unicodedata.category(c) in _DECORATION


@functools.lru_cache(maxsize=1 << 14)  # the same headings recur in every document of an event
def plain_heading(text: str) -> str:
    """Heading text without emoji/pictographs/debris/markdown emphasis markers/trailing colons, whitespace collapsed: '🧑‍💻 **Career Path**:' -> 'Career Path'."""
    if not text.isascii():
        if is_bad(text):
            text = _heading_emoji(text, "", 0, Report())  # debris decodes to emoji, removed next
        text = "".join(" " if _decoration(c) else c for c in text)
    text = _ATX.sub(" ", text)
    text = _EMPHASIS.sub("", text)
    return " ".join(text.split()).rstrip(": ：").strip()
