"""Word coverage: does every word of a repaired document reach the site or the report of what was dropped?"""

from __future__ import annotations

import html
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote

from tools.confkb.assemble import slugs
from tools.confkb.diagnostics import Report, Severity
from tools.confkb.ingest import read
from tools.confkb.ingest.fields import LABEL_LINE
from tools.confkb.ingest.parse import EVENT_LABELS, PERSON_LABELS, SESSION_LABELS, TRACK_LABELS
from tools.confkb.ingest.repair import plain_heading, repair
from tools.confkb.ingest.sections import Kind, classify
from tools.confkb.pipeline import Result
from tools.confkb.render import urls
from tools.confkb.render.mdsafe import escape

_WORD = re.compile(r"[^\W_]+")
_ESCAPED = re.compile(r"\\(.)")
_COMMENT = re.compile(r"<!--.*?-->", re.S)
_HEADING = re.compile(r"^ {0,3}(#{1,6})(?:[ \t]+(.*?))?[ \t#]*$")
# Labels and section headings are structure: the parser turns them into fields and page sections, so
# their words ("Title", "Session Details") need not appear as text. Only they are excused, and only
# where they stand as a label or a recognised heading.
LABELS = frozenset({*EVENT_LABELS, *SESSION_LABELS, *PERSON_LABELS, *TRACK_LABELS})
# Dates and times are normalised ("10:30 – 10:50 AM" -> "10:30–10:50"): their format words are not content.
WHEN_LABELS = frozenset({"date", "dates", "session date", "time", "session time"})
# Diagnostics (not "dropped") that quote the words they could not use: the official programme won over the
# document, a date or time that means nothing, a second value for a field that has one, another document's
# time for the same talk. Withheld items (a rule doubts them) and what a correction replaced are quoted whole.
REPLACED = frozenset({"programme_mismatch", "bad_date", "bad_time", "duplicate_section", "session_conflict",
                      "withheld", "corrected"})
FORMAT_WORDS = frozenset({"am", "pm", "a", "p", "m", "st", "nd", "rd", "th", "to", "from", "and",
                          "cet", "cest", "utc", "gmt", "bst", "edt", "est", "pdt", "pst", "local", "time"})


def words(text: str) -> list[str]:
    """Case-folded, NFKC-normalised words (letters and digits) of *text*."""
    return _WORD.findall(unicodedata.normalize("NFKC", text).casefold())


def content_words(text: str) -> list[str]:
    """Words of a repaired document, without the words of labels and recognised section headings."""
    out: list[str] = []
    for line in text.split("\n"):
        h = _HEADING.match(line)
        if h and len(h.group(1)) == 1:
            # the document title "<event>: Session Details" or "<event>: <talk>": drop structural parts only
            parts = plain_heading(h.group(2) or "").split(":")
            line = ":".join(p for p in parts if classify(p.strip())[0] in (Kind.OTHER, Kind.FIELD))
        elif h:
            title = plain_heading(h.group(2) or "")
            kind, rest = classify(title)
            if len(h.group(1)) > 1 and kind not in (Kind.OTHER, Kind.FIELD):
                line = rest  # "## Speaker Biography: Ada" -> "Ada"
            elif kind is Kind.FIELD:
                line = title.partition(":")[2]
            elif title.lower() in LABELS:
                line = ""  # "### Full Name" above its value
        else:
            m = LABEL_LINE.match(line)
            label = " ".join(m["label"].lower().replace("’", "'").split()) if m else ""
            if label in LABELS:
                line = line[: m.start("label")] + line[m.end("label"):]
            if label in WHEN_LABELS:
                out += [w for w in words(line) if w not in FORMAT_WORDS]
                continue
        out += words(html.unescape(unquote(line)))  # "&lt;" is shown as "<"
    return out


def page_words(myst: str) -> set[str]:
    """Words a generated MyST page shows (escapes undone, URLs unquoted, the provenance comment removed)."""
    text = _COMMENT.sub(" ", myst)
    return set(words(unquote(_ESCAPED.sub(r"\1", text))))


@dataclass(slots=True)
class DocCoverage:
    path: str
    total: int = 0  # words of the document that were not dropped on purpose
    covered: int = 0
    dropped: int = 0  # words found only in "dropped" diagnostics
    missing: Counter[str] = field(default_factory=Counter)

    @property
    def ratio(self) -> float:
        return 1.0 if not self.total else self.covered / self.total


def measure(result: Result, files: dict[str, str], texts: dict[str, str]) -> list[DocCoverage]:
    """Coverage of each document in *texts* (path -> repaired text) by the pages generated from it.

    A document's words may land on its session pages, its speaker pages, or its event's own pages
    (event, schedule, tracks); words in its "dropped" diagnostics were removed on purpose.
    """
    kb = result.kb
    by_doc: dict[str, set[str]] = {}

    def add(doc: str, rel: str) -> None:
        if rel in files:
            by_doc.setdefault(doc, set()).update(page_words(files[rel]))

    for s in kb.sessions:
        for doc in s.sources:
            add(doc, f"{urls.session_doc(s)}.md")
    for p in kb.speakers:
        for doc in p.sources:
            add(doc, f"{urls.speaker_doc(p)}.md")
    reports = {f"{doc}.md" for e in kb.events for doc in kb.index.report_docs(e.slug)}
    event_pages = {e.slug: [rel for rel in files if rel.startswith(f"{e.slug}/") and "/sessions/" not in rel
                            and rel not in reports] for e in kb.events}  # nor its report
    for path, _ in result.unplaced:  # a document that made no session shows its text on the data-quality page
        event = slugs.make(path.split("/")[1], "event")
        page = files.get(f"{urls.data_quality_doc(event)}.md", "")
        heading = f"\n### {escape(path.rsplit('/', 1)[-1])}\n"
        if heading in page:  # only its own part counts (up to the next one's label or group), not the others'
            own = re.split(r"\n(?:\(report-|## )", page.split(heading, 1)[1], maxsplit=1)[0]
            by_doc.setdefault(path, set()).update(page_words(own))
    dropped: dict[str, set[str]] = {}
    for d in result.report.items:
        if d.severity is Severity.DROPPED or d.code.value in REPLACED:
            dropped.setdefault(d.file, set()).update(words(d.message))
    out: list[DocCoverage] = []
    for path, text in sorted(texts.items()):
        event = slugs.make(path.split("/")[1], "event") if path.count("/") >= 2 else ""
        for rel in event_pages.get(event, []):
            add(path, rel)
        seen, gone = by_doc.get(path, set()), dropped.get(path, set())
        cov = DocCoverage(path)
        for w in content_words(text):
            if w in seen:
                cov.total += 1
                cov.covered += 1
            elif w in gone:
                cov.dropped += 1
            else:
                cov.total += 1
                cov.missing[w] += 1
        out.append(cov)
    return out


def repaired_texts(sources: Path) -> dict[str, str]:
    """path -> repaired text of every document under *sources* (binary files left out)."""
    out: dict[str, str] = {}
    for folder in read.event_dirs(sources):
        for doc in read.read_event(folder, sources, Report()):
            text = repair(doc, Report())
            if text is not None:
                out[doc.path] = text.text
    return out
