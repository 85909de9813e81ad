"""Attendee search: a Pagefind index of the conference's pages, made at the end of the Sphinx build (Read the Docs
runs nothing else) from the HTML it wrote, and one of the organisers' guide beside it.

Each talk, speaker, track, room and event page tells Pagefind what to read (``data-pagefind-body``: pages without
it, the guide, the data-quality reports, the lists of everything, stay out), how to narrow (filters: event, track,
day, kind) and whose names weigh most. docs/_static/confkb-search.js asks the index from search.html; the guide
is compared with Sphinx's own search in docs/guide/search.md.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
import time
from pathlib import Path

from sphinx.application import Sphinx
from sphinx.util import logging

from ..model import KnowledgeBase, Session
from ..render import urls
from ..render.myst import day_name
from ..write import write_all
from . import pagefind_order

logger = logging.getLogger(__name__)
BUNDLE = "_pagefind"  # the attendees' index, beside the pages
GUIDE_BUNDLE = "_pagefind_guide"  # the organisers' guide, its own index (search.html?scope=guide)
# Blocks that repeat other pages' titles or say where a page comes from: a search for a talk must not find every
# page that lists it. Track and room pages are read for their name and introduction, not for their lists.
IGNORED = ["#in-this-track", "#at-the-same-time", "#where-this-comes-from", "#source-citations",
           ".confkb-search-track section section", ".confkb-search-room section section",
           ".confkb-search-event section section", ".headerlink"]


def records(kb: KnowledgeBase) -> dict[str, dict]:
    """Page name -> what its search entry says: kind, filters, the names that weigh most."""
    out: dict[str, dict] = {}
    events = {e.slug: e for e in kb.events}
    people = {p.slug: p for p in kb.speakers}
    for e in kb.events:
        out[urls.event_doc(e)] = entry("event", [e.name], [], [], [e.name])
        for t in e.tracks:
            out[urls.track_doc(e.slug, t.slug)] = entry("track", [e.name], [t.name], [], [t.name])
        for r in e.rooms:
            out[urls.room_doc(e.slug, r.slug)] = entry("room", [e.name], [], [], [r.name])
    talks: dict[str, list[Session]] = {}
    tracks_of: dict[str, list[str]] = {}  # a talk's page -> its tracks' names
    for s in kb.sessions:
        e = events.get(s.event)
        if e is None:
            continue
        tracks = tracks_of[urls.session_doc(s)] = [t.name for t in e.tracks if t.slug in (s.tracks or (s.track,))]
        speakers = [people[p] for p in s.speakers if p in people]
        names = [p.name for p in speakers] + [p.organization for p in speakers if p.organization]
        kind = "talk" if s.kind == "talk" else "break" if s.kind == "break" else "plenary"
        out[urls.session_doc(s)] = entry(kind, [e.name], tracks, [day_label(s.day or s.date)], [s.title, *names])
        for p in s.speakers:
            talks.setdefault(p, []).append(s)
    for p in kb.speakers:
        theirs = talks.get(p.slug, [])
        tracks = sorted({t for s in theirs for t in tracks_of.get(urls.session_doc(s), [])})
        out[urls.speaker_doc(p)] = entry(
            "speaker", sorted({events[s.event].name for s in theirs}), tracks,
            sorted({day_label(s.day or s.date) for s in theirs}), [p.name, p.organization])
    return out


def entry(kind: str, events: list[str], tracks: list[str], days: list[str], names: list[str]) -> dict:
    filters = {"kind": [kind], "event": events, "track": tracks, "day": [d for d in days if d]}
    return {"kind": kind, "filters": {k: v for k, v in filters.items() if v}, "names": [n for n in names if n]}


def day_label(iso: str) -> str:
    """``2025-05-06`` -> ``2025-05-06 · Tuesday 6 May 2025``: readable, and in order when sorted as text."""
    return f"{iso} · {day_name(iso)}" if iso else ""


class Search:
    """This build's search: the handlers of ``setup`` in __init__ (the records come from the site's knowledge base)."""

    def __init__(self, site: object) -> None:
        self.site = site
        self.pages: dict[str, dict] = {}

    def prepare(self, app: Sphinx, env: object) -> None:
        kb = getattr(self.site, "kb", None)
        self.pages = records(kb) if kb is not None else {}

    def page_context(self, app: Sphinx, pagename: str, templatename: str, context: dict, doctree: object) -> None:
        """What page.html needs to mark the page up for Pagefind (None: the page is not in attendee search)."""
        context["confkb_search"] = self.pages.get(pagename)

    def index(self, app: Sphinx, exc: Exception | None) -> None:
        """Index the HTML folder with Pagefind's binary (from the pagefind[bin] wheel): a few seconds."""
        if exc is not None or app.builder.format != "html" or not self.pages:
            return
        try:
            import pagefind_bin  # only HTML builds need it
            binary = str(pagefind_bin.get_executable())
        except (ImportError, FileNotFoundError):
            logger.warning("confkb: pagefind[bin] is not installed; the site has no search index",
                           type="confkb", subtype="search")
            return
        site = Path(app.outdir)
        started = time.monotonic()
        # every page is read; Pagefind keeps those marked data-pagefind-body (page.html marks what self.pages names)
        ok = run(binary, site, BUNDLE, "**/*.html", ["--exclude-selectors", ",".join(IGNORED)], Path(app.doctreedir))
        ok = run(binary, site, GUIDE_BUNDLE, "guide/**/*.html",
                 ["--root-selector", "article", "--exclude-selectors", ".headerlink"],
                 Path(app.doctreedir)) and ok
        if ok:
            logger.info("confkb: search index made in %.1f s", time.monotonic() - started)


def run(binary: str, site: Path, bundle: str, glob: str, extra: list[str], state: Path) -> bool:
    """Pagefind over *site*, its bundle made aside then copied into *site*/*bundle*: only the files whose bytes
    changed are written, and those of an older index removed (Pagefind leaves them beside its own)."""
    with tempfile.TemporaryDirectory(dir=state) as tmp:
        made = Path(tmp) / bundle
        cmd = [binary, "--site", str(site), "--output-path", str(made), "--glob", glob, "--keep-index-url",
               "--silent", *extra]
        proc = subprocess.run(cmd, capture_output=True, text=True, check=False)
        if proc.returncode != 0:
            logger.warning("confkb: pagefind failed (%s): %s", proc.returncode, (proc.stderr or proc.stdout)[-2000:],
                           type="confkb", subtype="search")
            return False
        try:
            pagefind_order.sort_bundle(made)
        except (OSError, ValueError, LookupError, TypeError) as err:  # a bundle unlike 1.5.2's: usable, unsorted
            logger.warning("confkb: the search index's filters could not be put in order (%s); the index works, "
                           "but its files may differ from one build to the next", err, type="confkb", subtype="search")
        files = {p.relative_to(made).as_posix(): p.read_bytes() for p in sorted(made.rglob("*")) if p.is_file()}
    manifest = state / f"confkb-search{bundle}.files"
    if not manifest.exists():
        shutil.rmtree(site / bundle, ignore_errors=True)  # an index written before the manifest was kept
    write_all(files, site / bundle, manifest)
    return True
