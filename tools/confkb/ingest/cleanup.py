"""Drop what is not content: MC stage directions, the generator footer, images that do not exist."""

from __future__ import annotations

import posixpath
import re
from pathlib import PurePosixPath

from ..diagnostics import Code, Report, quoted
from .read import is_document_name

# A whole line that is a stage direction: "*(Pause for applause, transition smoothly.)*",
# "*[With upbeat energy]*", "(*Applause, transition to speaker*)", "**[Applause, transition.]**"
STAGE_LINE = re.compile(r"^\s*+[*_]*+\s*[\[(]\s*+[*_]*+[^\]()]{1,200}?[*_]*\s*[\])]\s*[*_]*\s*$")
# "**Host:**", "**Host's Introduction:**", "Host:" at the start of a line, optionally with a direction
HOST_LABEL = re.compile(r"^\s*+[*_]*+\s*(?:MC|Host)(?:'s|’s)?(?:\s+Introduction)?\s*+[*_]*+\s*:\s*[*_]*\s*", re.I)
# a bracketed direction at the start of a spoken line: "*[Smiling]* Good morning"
LEADING_DIRECTION = re.compile(r"^(\s*)[*_]*\[[^\]\n]{1,80}\][*_]*\s+(?=\S)")
# unfilled template slots: "[morning/afternoon]", "[Speaker Name]", "{name}"
PLACEHOLDER = re.compile(r"\[(?:[a-z]+(?:/[a-z]+)+|[A-Z][A-Za-z ]{0,30} (?:Name|Title|Date|Time))\]|\{\{?[a-z_]+\}?\}")
# "*Content Source: [MOFA](https://github.com/moxin-org/mofa)*"
FOOTER = re.compile(r"^\s*+[*_]*+\s*Content Source\s*:(.*)$", re.I)  # the value is stripped in code: linear
IMAGE = re.compile(r"!\[(?P<alt>[^\]\n]*)\]\((?P<url>[^)\s]*)(?:\s+\"[^\"]*\")?\)")
CAPTION = re.compile(r"^\s*[*_]+\s*(?:Image|Photo|Picture)(?:\s+source)?\s*:.*[*_]+\s*$", re.I)
IMAGE_EXT = re.compile(r"\.(?:png|jpe?g|gif|svg|webp|avif|bmp|ico)(?:[?#].*)?$", re.I)


def host_intro(markdown: str, first_line: int, path: str, report: Report) -> str:
    """Keep the host's words; drop stage directions and tone notes; flag unfilled placeholders."""
    out: list[str] = []
    for n, line in enumerate(markdown.split("\n")):
        lineno = first_line + n
        m = HOST_LABEL.match(line)
        if m:
            report.dropped(path, lineno, Code.STAGE_DIRECTION, f"dropped speaker label {quoted(m.group(0).strip())}")
            line = line[m.end():]
            if re.fullmatch(r"\s*[*_]*\s*", line):
                line = ""
        if STAGE_LINE.match(line) or re.match(r"^\s*[*_]*\s*\(?\s*Tone\s*:", line, re.I):
            report.dropped(path, lineno, Code.STAGE_DIRECTION, f"dropped stage direction {quoted(line.strip())}")
            continue
        m = LEADING_DIRECTION.match(line)
        if m:
            direction = line[m.start(): m.end()].strip()
            report.dropped(path, lineno, Code.STAGE_DIRECTION, f"dropped stage direction {quoted(direction)}")
            line = m.group(1) + line[m.end():]
        for p in PLACEHOLDER.finditer(line):
            report.warning(path, lineno, Code.PLACEHOLDER, f"unfilled placeholder {quoted(p.group(0))} in the host introduction")
        out.append(line)
    return _balance_emphasis(_tidy("\n".join(out)))


def _balance_emphasis(markdown: str) -> str:
    """Drop a lone ``*`` that opens or closes a quote spanning paragraphs (``*"Good morning…`` …
    ``…yours!"*``): Markdown emphasis cannot cross a blank line, so it would show as a literal star."""
    paras = markdown.split("\n\n")
    for i, p in enumerate(paras):
        singles = len(re.findall(r"(?<![*\\])\*(?!\*)", p))
        if singles % 2 == 0:
            continue
        if re.match(r'^\*(?!\*)(?=["“‘\w])', p):
            paras[i] = p[1:]
        elif re.search(r'(?<=["”’.!?\w])(?<!\*)\*$', p):
            paras[i] = p[:-1]
    return "\n\n".join(paras)


def _tidy(markdown: str) -> str:
    """Collapse the blank lines left where lines were dropped."""
    text = re.sub(r"\n{3,}", "\n\n", markdown)
    return text.strip("\n")


def footer(markdown: str, first_line: int, path: str, report: Report) -> tuple[str, str]:
    """Split off the generator footer. Returns (markdown without it, provenance text)."""
    lines = markdown.split("\n")
    provenance = ""
    for n, line in enumerate(lines):
        m = FOOTER.match(line)
        if not m:
            continue
        provenance = m.group(1).strip().rstrip("*_").rstrip()
        report.dropped(path, first_line + n, Code.GENERATOR_FOOTER,
                       f"generator footer {quoted(line.strip())} kept as provenance, not page content")
        lines[n] = ""
        # the generator's logo image just above the footer goes with it
        k = n - 1
        while k >= 0 and not lines[k].strip():
            k -= 1
        if k >= 0 and IMAGE.fullmatch(lines[k].strip()):
            report.dropped(path, first_line + k, Code.GENERATOR_FOOTER, f"generator logo {quoted(lines[k].strip())}")
            lines[k] = ""
    return "\n".join(lines), provenance  # no tidying: line numbers must stay those of the file


def images(markdown: str, first_line: int, path: str, doc_dir: PurePosixPath, exists, report: Report) -> str:
    """Drop images whose file is missing; turn 'images' that point at web pages into links.

    *exists* (relative path inside the event folder -> bool) says whether a local image is there.
    """
    lines = markdown.split("\n")
    drop_caption_after: set[int] = set()
    for n, line in enumerate(lines):
        lineno = first_line + n

        def fix(m: re.Match[str], n: int = n, lineno: int = lineno) -> str:
            alt, url = m["alt"], m["url"]
            if re.match(r"^[a-z][a-z0-9+.-]*:", url, re.I):
                if url.lower().startswith(("http://", "https://")):
                    if IMAGE_EXT.search(url.split("?")[0]) or IMAGE_EXT.search(url):
                        return m.group(0)
                    report.warning(path, lineno, Code.IMAGE_NOT_IMAGE,
                                   f"image {quoted(alt)} points to a web page, shown as a link: {url}")
                    return f"[{alt or url}]({url})"
                report.dropped(path, lineno, Code.UNSAFE_LINK, f"dropped image {quoted(alt)} with unsafe URL {quoted(url)}")
                return alt
            target = posixpath.normpath(posixpath.join(str(doc_dir), url))
            if is_document_name(target):  # never an image; and the build cache's key lists no documents
                report.dropped(path, lineno, Code.MISSING_IMAGE,
                               f"dropped image {quoted(alt)}: {quoted(url)} is a source document, not an image")
                drop_caption_after.add(n)
                return ""
            if url.startswith("/") or target.startswith("..") or not exists(target):
                report.dropped(path, lineno, Code.MISSING_IMAGE, f"dropped image {quoted(alt)}: file {quoted(url)} does not exist")
                drop_caption_after.add(n)
                return ""
            return m.group(0)

        lines[n] = IMAGE.sub(fix, line)
    for n in sorted(drop_caption_after):
        # an "*Image: ...*" caption right under a dropped image describes nothing any more
        k = n + 1
        if k < len(lines) and CAPTION.match(lines[k]):
            report.dropped(path, first_line + k, Code.MISSING_IMAGE, f"dropped caption of a missing image {quoted(lines[k].strip())}")
            lines[k] = ""
    return _tidy("\n".join(lines))
