"""Parse stage: one repaired document -> ParsedDoc, recognising sections and labels by their words."""

from __future__ import annotations

import re
from pathlib import PurePosixPath

from ..diagnostics import Code, Report
from ..model import Link, ParsedDoc, Section, TextDoc
from . import cleanup, values
from .fields import Labelled, labelled, links_of, plain_text, strip_marks
from .repair import plain_heading
from .sections import Block, Kind, split

# label words -> ParsedDoc field, per kind of section
EVENT_LABELS = {"name": "event_name", "conference name": "event_name", "conference": "event_name",
                "event": "event_name", "event name": "event_name", "dates": "event_dates", "date": "event_dates",
                "location": "event_location", "venue": "event_location", "theme": "event_theme"}
SESSION_LABELS = {"title": "title", "session title": "title", "talk title": "title", "session": "title",
                  "date": "date", "session date": "date", "time": "time", "session time": "time",
                  "content": "abstract", "abstract": "abstract", "description": "abstract",
                  "summary": "abstract", "session content": "abstract", "track": "track"}
PERSON_LABELS = {"full name": "speaker_name", "name": "speaker_name", "current position": "position",
                 "position": "position", "current role": "position", "role": "position", "title": "position",
                 "organization": "organization", "organisation": "organization", "company": "organization",
                 "affiliation": "organization", "education": "education", "location": "location",
                 "based in": "location"}
# in any other biography section, only these labels are facts about the person (and only when unset)
OTHER_PERSON_LABELS = frozenset({"full name", "current position", "education", "location"})
# headings that are a label whose value is the next line ("### Full Name" then "**Guohao Li**")
LIST_ITEM = re.compile(r"^[ \t]{0,3}(?:[-*+]|\d{1,9}[.)])[ \t]+", re.MULTILINE)  # an item of a list, not nested
HEADING_FIELDS = {"full name", "name", "current position", "position", "location", "education"}
TRACK_LABELS = {"track": "track_name", "track name": "track_name", "focus": "track_tagline",
                "tagline": "track_tagline", "theme": "track_tagline", "description": "track_description"}


class _DocParser:
    def __init__(self, doc: TextDoc, report: Report, exists) -> None:
        self.doc, self.report, self.exists = doc, report, exists
        self.out = ParsedDoc(doc.path, doc.event_dir)
        self.path = doc.path
        self.doc_dir = PurePosixPath(".")
        self.speaker_blocks = 0

    # -- helpers ---------------------------------------------------------------------------
    def _set(self, attr: str, value: str, line: int, what: str) -> None:
        value = value.strip()
        if not value:
            return
        old = getattr(self.out, attr)
        if old and old != value:
            self.report.warning(self.path, line, Code.DUPLICATE_SECTION,
                                f"{what} given twice: keeping {old!r}, also found {value!r}")
            return
        if not old:
            setattr(self.out, attr, value)
            if attr + "_line" in ParsedDoc.__dataclass_fields__ and not getattr(self.out, attr + "_line"):
                setattr(self.out, attr + "_line", line)

    def _clean(self, markdown: str, line: int) -> str:
        return cleanup.images(markdown, line, self.path, self.doc_dir, self.exists, self.report)

    def _keep(self, target: list[Section], title: str, markdown: str, line: int) -> None:
        markdown = self._clean(markdown, line).strip()
        if markdown or title:
            target.append(Section(title, markdown, line))

    # -- sections -------------------------------------------------------------------------
    def run(self, blocks: list[Block]) -> ParsedDoc:
        context = Kind.OTHER
        for b in blocks:
            kind = b.kind
            if kind in (Kind.HOST, Kind.TRACK, Kind.DETAILS, Kind.SPEAKER):
                context = kind
            elif kind in (Kind.CONFERENCE, Kind.SESSION) and context is not Kind.SPEAKER:
                context = Kind.DETAILS
            handler = getattr(self, f"_on_{kind.value}")
            handler(b, context)
        return self.out

    def _on_doc_title(self, b: Block, context: Kind) -> None:
        if self.out.doc_title and b.title != self.out.doc_title:
            # a second H1 becomes the title; the earlier one's words stay, as text on the session page
            self.report.warning(self.path, b.line, Code.DUPLICATE_SECTION,
                                "a second document title (H1); the first is kept as text on the session page")
            self._keep(self.out.session_extra, "", self.out.doc_title, self.out.doc_title_line)
        self.out.doc_title, self.out.doc_title_line = b.title, b.line
        if b.body.strip():
            self._on_other(b, Kind.OTHER, title=False)

    def _on_host(self, b: Block, context: Kind) -> None:
        text = cleanup.host_intro(b.body, b.body_line, self.path, self.report)
        if text.strip():
            self.out.host_intro = (self.out.host_intro + "\n\n" + text).strip()
            self.out.host_intro_line = self.out.host_intro_line or b.line

    def _on_track(self, b: Block, context: Kind) -> None:
        self.out.track_line = self.out.track_line or b.line
        if b.rest:
            self._track_heading(b.rest, b.line)
        found, rest = labelled(b.body, b.body_line, lambda lab: lab in TRACK_LABELS, b.text_lines)
        for f in found:
            if f.label in ("track", "track name"):
                self._track_heading(strip_marks(f.value.split("\n")[0]), f.line)
                more = "\n".join(f.value.split("\n")[1:]).strip()
                if more:
                    self._track_text(more, f.line + 1)
            else:
                first, _, more = f.value.partition("\n")  # "**Focus:** tagline" then the description
                self._set(TRACK_LABELS[f.label], strip_marks(first), f.line, f"track {f.label}")
                if more.strip():
                    self._track_text(more, f.line + 1)
        for r in rest:
            self._track_text(r.markdown, r.line)

    def _track_heading(self, text: str, line: int) -> None:
        name, _, tagline = strip_marks(text).partition(":")
        self._set("track_name", strip_marks(name), line, "track name")
        if tagline.strip():
            self._set("track_tagline", strip_marks(tagline), line, "track tagline")

    def _track_text(self, markdown: str, line: int) -> None:
        paras = [p.strip() for p in re.split(r"\n\s*\n", markdown) if p.strip()]
        for p in paras:
            lines = p.split("\n")
            first = strip_marks(lines[0])
            # a short line that is all bold, or all italic on its own, is a tagline ("*Shaping the Future*")
            bold_line = re.fullmatch(r"\s*(\*\*|__).+(\*\*|__)\s*", lines[0]) is not None or (
                len(lines) == 1 and len(first) < 80 and ":" not in first
                and re.fullmatch(r"\s*([*_]).+\1\s*", lines[0]) is not None)
            if not self.out.track_tagline and (bold_line or ":" in first) and len(first) < 200:
                tag, _, desc = first.partition(":") if not bold_line else (first, "", "")
                self._set("track_tagline", strip_marks(tag), line, "track tagline")
                rest = (desc + "\n" + "\n".join(lines[1:])).strip()
            else:
                rest = p
            if rest:
                self.out.track_description = (self.out.track_description + "\n\n" + strip_marks(rest)).strip()

    def _on_details(self, b: Block, context: Kind) -> None:
        if b.body.strip():
            self._on_session(b, context)

    def _on_conference(self, b: Block, context: Kind) -> None:
        self.out.event_line = self.out.event_line or b.line
        found, rest = labelled(b.body, b.body_line, text_lines=b.text_lines)
        for f in found:
            attr = EVENT_LABELS.get(f.label)
            if attr:
                # one line: an event name or date with a newline breaks calendars and headings downstream
                self._set(attr, " ".join(strip_marks(f.value).split()), f.line, f"event {f.label}")
            else:
                self.out.event_extra.append(Section(f.raw_label, f.value, f.line))
        for r in rest:
            self.out.event_extra.append(Section("", r.markdown, r.line))

    def _on_session(self, b: Block, context: Kind) -> None:
        found, rest = labelled(b.body, b.body_line, text_lines=b.text_lines)
        for f in found:
            self._session_field(f)
        for r in rest:
            self._keep(self.out.session_extra, "", r.markdown, r.line)

    def _session_field(self, f: Labelled) -> None:
        attr = SESSION_LABELS.get(f.label)
        if attr == "title":
            self._set("title", strip_marks(f.value.replace("\n", " ")), f.line, "session title")
        elif attr == "date":
            self.out.date_text, self.out.date_line = strip_marks(f.value), f.line
        elif attr == "time":
            self.out.time_text, self.out.time_line = strip_marks(f.value), f.line
        elif attr == "abstract":
            self._set("abstract", self._clean(f.value, f.line + (0 if f.value.split("\n")[0] else 1)),
                      f.line, "session abstract")
        elif attr == "track":
            self._track_heading(f.value.split("\n")[0], f.line)
        else:
            self._keep(self.out.session_extra, f.raw_label, strip_marks(f.value), f.line)

    def _on_speaker(self, b: Block, context: Kind) -> None:
        self.speaker_blocks = 0
        self.out.speaker_line = self.out.speaker_line or b.line
        if b.rest:
            self._speaker_name(b.rest, b.line)
        if b.body.strip():
            self._person(b.body, b.body_line, "", text_lines=b.text_lines)

    def _speaker_name(self, text: str, line: int) -> None:
        name = values.clean_name(strip_marks(text))
        if name:
            self._set("speaker_name", name, line, "speaker name")
            if name != strip_marks(text).strip():
                self.out.speaker_name_as_written = strip_marks(text).strip()
                if values.words_missing(self.out.speaker_name_as_written, name):  # "Diego Rojas (罗杰斯)", "Dr. X"
                    self._keep(self.out.biography, "Name as written", self.out.speaker_name_as_written, line)

    def _person(self, body: str, line: int, title: str, accept: frozenset[str] | None = None,
                keep_title: bool = False, text_lines: frozenset[int] | None = None) -> None:
        ok = accept if accept is not None else PERSON_LABELS
        before = len(self.out.biography)
        found, rest = labelled(body, line, lambda lab: lab in ok and not (
            accept is not None and getattr(self.out, PERSON_LABELS[lab])), text_lines)
        for f in found:
            attr = PERSON_LABELS[f.label]
            value = plain_text(f.value) if attr != "education" else f.value
            if attr == "speaker_name":
                self._speaker_name(value, f.line)
            elif attr == "position":
                role, org = values.split_position(strip_marks(value))
                self._set("position_text", strip_marks(value), f.line, "position")
                self._set("position", role, f.line, "position")
                self._set("organization", org, f.line, "organisation")
                if values.words_missing(strip_marks(value), f"{role} at {org}"):  # "(2021–Present)" is not in role or organisation
                    self._keep(self.out.biography, f.raw_label, strip_marks(value), f.line)
            else:
                self._set(attr, strip_marks(value), f.line, f.label)
            more = "\n".join(f.value.split("\n")[1:]).strip()
            if more and attr != "education":
                self._keep(self.out.biography, f.raw_label, more, f.line + 1)
        for r in rest:
            self._keep(self.out.biography, title, r.markdown, r.line)
        if keep_title and title and not any(x.title == title for x in self.out.biography[before:]):
            # a heading whose body was all facts, or only sub-headings ("### Career Path"): keep its words
            self.out.biography.insert(before, Section(title, "", line))

    def _on_personal(self, b: Block, context: Kind) -> None:
        self._person(b.body, b.body_line, b.title, text_lines=b.text_lines)

    def _on_field(self, b: Block, context: Kind) -> None:
        self._person(b.title, b.line, "")
        if b.body.strip():
            self._person(b.body, b.body_line, "", text_lines=b.text_lines)

    def _on_links(self, b: Block, context: Kind) -> None:
        body = self._clean(b.body, b.body_line)
        by_line = [(line, links_of(line)) for line in body.split("\n")]  # each line parsed once
        links = [link for _, found in by_line for link in found]
        for label, text, url in links:
            # "- **LinkedIn**: [Profile](url)": the button shows both words, so neither is lost
            both = label and text and not set(text.casefold().split()) <= set(label.casefold().split())
            self.out.links.append(Link(label or text, url, text if both else ""))
        # lines with no link (an image, its caption, prose) are words too: keep them as a biography section
        rest = "\n".join(line for line, found in by_line if not found and line.strip())
        if rest.strip() or not links:
            self._keep(self.out.biography, b.title, rest if links else body, b.body_line)

    def _on_other(self, b: Block, context: Kind, title: bool = True) -> None:
        if b.title.lower() in HEADING_FIELDS and context in (Kind.SPEAKER, Kind.OTHER):
            items = LIST_ITEM.findall(b.body)
            if len(items) > 1:  # "#### Education" over three degrees: not one value, a section of its own
                self._keep(self.out.biography, b.title, b.body, b.body_line)
                return
            # "### Full Name" with the value on the next line (or as the one item of a list)
            value, _, more = LIST_ITEM.sub("", b.body.strip(), count=1).partition("\n")
            # the label in bold, so that a value that opens in bold ("**CEO** at X") stays whole
            self._person(f"**{b.title}:** {value}", b.body_line, "")
            if more.strip():
                self._keep(self.out.biography, b.title, more, b.body_line + 1)
            return
        if context is Kind.SPEAKER:
            self.speaker_blocks += 1
            # only the first heading under "Speaker Biography" may be the name ("### **Matt White**")
            if self.speaker_blocks == 1 and not self.out.speaker_name and values.looks_like_name(b.title):
                self._speaker_name(b.title, b.line)
                if b.body.strip():
                    self._person(b.body, b.body_line, "", text_lines=b.text_lines)
                return
            self._person(b.body, b.body_line, b.title, OTHER_PERSON_LABELS, keep_title=True,
                         text_lines=b.text_lines)
            return
        if context is Kind.TRACK and not self.out.track_name:
            self._track_heading(b.title, b.line)
            self._track_text(b.body, b.body_line)
            return
        if context is Kind.HOST:
            text = cleanup.host_intro(b.body, b.body_line, self.path, self.report)
            self.out.host_intro = (self.out.host_intro + f"\n\n**{b.title}**\n\n" + text).strip()
            return
        if title and b.line and b.title:
            self.report.warning(self.path, b.line, Code.UNKNOWN_SECTION,
                                f"section {b.title!r} is not recognised; kept on the session page")
        self._keep(self.out.session_extra, b.title if title else "", b.body, b.body_line)


def parse(doc: TextDoc, report: Report, exists=lambda path: False) -> ParsedDoc:
    """Turn one repaired document into what it says. Never raises for bad data."""
    body, provenance = cleanup.footer(doc.text, 1, doc.path, report)
    parser = _DocParser(doc, report, exists)
    parser.out.generator = provenance
    out = parser.run(split(body, plain_heading))
    if not out.speaker_name:
        _name_from_bold(out)
    return out


def _name_from_bold(out: ParsedDoc) -> None:
    """Last resort: a biography that opens with ``**Markus Tavenrath** is a ...`` names its speaker."""
    for section in out.biography[:2]:
        m = re.match(r"^\s*(?:\*\*|__)([^*_\n]{3,60})(?:\*\*|__)\s+(?:is|has|was|leads|serves)\b", section.markdown)
        if m and values.looks_like_name(m.group(1)):
            out.speaker_name = values.clean_name(m.group(1))
            out.speaker_line = section.line
            return
