"""The knowledge base of one Sphinx build: its pages generated before Sphinx lists the sources, its data files
published beside the pages, its structured data in their heads."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from sphinx.application import Sphinx
from sphinx.transforms import SphinxTransform
from sphinx.util import logging

from ..model import KnowledgeBase
from ..pipeline import generate
from ..render import jsonld, urls

logger = logging.getLogger(__name__)


class Site:
    """What this build generated; its methods are the build's event handlers (see ``setup`` in __init__)."""

    def __init__(self) -> None:
        self.kb: KnowledgeBase | None = None
        self.data: list[str] = ["kb.json"]  # the generated data files, by path in the site
        self.described: dict[str, tuple[str, ...]] = {}  # page name -> the record its JSON-LD describes

    def generate(self, app: Sphinx) -> None:
        """Understand the sources and write the pages into the Sphinx source folder (only those that changed),
        with the build cache next to the doctrees: a rebuild redoes only what the changed documents need."""
        sources = sources_folder(app)
        if not sources.is_dir():
            logger.warning("confkb: sources folder %s not found; no knowledge-base pages generated", sources,
                           type="confkb", subtype="sources")
            return
        result, files, written, removed = generate(sources, Path(app.srcdir), Path(app.doctreedir),
                                                   app.config.html_baseurl or "")
        kb = self.kb = result.kb
        self.data = sorted(k for k in files if not k.endswith(".md"))
        self.described = {urls.event_doc(e): ("event", e.slug) for e in kb.events}
        self.described.update({urls.session_doc(s): ("session", s.event, s.slug) for s in kb.sessions})
        self.described.update({urls.speaker_doc(p): ("speaker", p.slug) for p in kb.speakers})
        # read by QuotedAsWritten, in whichever process reads a page
        app.env.confkb_as_written = frozenset(  # type: ignore[attr-defined]
            {doc for e in kb.events for doc in kb.index.report_docs(e.slug)} | {urls.CODES_DOC})
        logger.info("%s; %d pages written, %d removed", result.report.summary(), written, removed)

    def publish_data(self, app: Sphinx, exc: Exception | None) -> None:
        """kb.json and the calendars at their own paths in the site, as they are."""
        if exc is not None or app.builder.format != "html":
            return
        for rel in self.data:
            src, target = Path(app.srcdir) / rel, Path(app.outdir) / rel
            try:
                have, want = target.stat(), src.stat()
                if (have.st_size, have.st_mtime_ns) == (want.st_size, want.st_mtime_ns):
                    continue  # copied by an earlier build and unchanged since (write_all keeps mtimes)
            except FileNotFoundError:
                if not src.exists():
                    continue
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(src, target)

    def jsonld(self, app: Sphinx, pagename: str, templatename: str, context: dict, doctree: object) -> None:
        """schema.org JSON-LD in the <head> of event, session and speaker pages (never in the MyST)."""
        what = self.described.get(pagename)
        if what is None or self.kb is None:
            return  # a hand-written page, or one without a record (the speaker index)
        kind, *keys = what
        make = {"event": jsonld.event_jsonld, "session": jsonld.session_jsonld, "speaker": jsonld.speaker_jsonld}[kind]
        data = make(self.kb, *keys, app.config.html_baseurl or "")
        context["metatags"] = context.get("metatags", "") + "\n" + jsonld.script_tag(data)


def sources_folder(app: Sphinx) -> Path:
    """``confkb_sources`` (else $CONFKB_SOURCES, else ``sources``), relative to the folder of conf.py."""
    sources = Path(app.config.confkb_sources or os.environ.get("CONFKB_SOURCES", "") or "sources")
    return sources if sources.is_absolute() else Path(app.confdir) / sources


class QuotedAsWritten(SphinxTransform):
    """No smart quotes on the pages that quote source text to the character: the data-quality reports say
    "repaired mojibake: 'We\\xe2\\u20ac\\u2122re' -> 'We’re'", where curled quotes around a value would read as part
    of it (and ``--`` in a quoted line would become a dash it does not have); the page of codes, likewise."""

    default_priority = 740  # before Sphinx's SmartQuotes (750), which skips a document whose settings say so

    def apply(self, **kwargs: object) -> None:
        if self.env.docname in getattr(self.env, "confkb_as_written", ()):  # set when the pages are generated
            self.document.settings.smart_quotes = False
