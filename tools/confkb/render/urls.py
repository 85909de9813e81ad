"""Where each page lives: one definition of the site's stable URLs, for pages, calendars and structured data."""

from __future__ import annotations

import hashlib

from ..model import Event, Session, Speaker


def session_doc(s: Session) -> str:
    return session_doc_at(s.event, s.slug)


def session_doc_at(event: str, slug: str) -> str:
    """The page of the session *slug* of *event*, also one it no longer has (a former address)."""
    return f"{event}/sessions/{slug}"


def speaker_doc(p: Speaker) -> str:
    return speaker_doc_at(p.slug)


def speaker_doc_at(slug: str) -> str:
    return f"speakers/{slug}"


def track_doc(event: str, track: str) -> str:
    return f"{event}/tracks/{track}"


def event_doc(e: Event) -> str:
    return f"{e.slug}/index"


def room_doc(event: str, room: str) -> str:
    return f"{event}/rooms/{room}"


def rooms_doc(event: str) -> str:
    """The event's list of rooms ("index" is never a room's slug: slugs.RESERVED)."""
    return f"{event}/rooms/index"


def schedule_doc(event: str) -> str:
    return f"{event}/schedule"


# From this many documents (the programme's sessions aside), an event's data-quality report has a page per track, and its own page sums them up:
# a large event's report on one page is thousands of lines, which a phone cannot use and which Sphinx reads
# again, whole, whenever one document's problems change. GOSIM's 64 documents keep one page.
REPORT_BY_TRACK_FROM = 100


def data_quality_doc(event: str, track: str = "") -> str:
    """The event's data-quality report, or with *track* the page of it about that track's documents."""
    return f"{event}/data-quality/{track}" if track else f"{event}/data-quality"


def report_entry(path: str) -> str:
    """The label of a document's part of its event's data-quality report: made from its path, which no other
    document has (a slug of its file name could repeat), and already what docutils makes of an id."""
    return "report-" + hashlib.sha1(path.encode("utf-8", "surrogatepass")).hexdigest()[:12]


CODES_DOC = "guide/codes"  # the page of diagnostic codes


def within(event: str, doc: str) -> str:
    """*doc*, one of *event*'s pages, named from the event's folder (as the event page's toctree names it)."""
    return doc.removeprefix(f"{event}/")


def code_entry(code: str) -> str:
    """The anchor of a diagnostic code's entry on the page of codes (``stage_direction`` -> ``code-stage-direction``)."""
    return "code-" + code.replace("_", "-")
