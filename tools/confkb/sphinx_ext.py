"""Sphinx extension: generate the knowledge-base pages inside the build, so Read the Docs needs no extra step."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from sphinx.application import Sphinx
from sphinx.util import logging

from . import jsonld, urls
from .model import KnowledgeBase
from .pipeline import generate

logger = logging.getLogger(__name__)
# What the build generated, per Sphinx application: the KB, the data files to publish, and the pages that carry
# structured data (page name -> what it describes).
_STATE: dict[int, tuple[KnowledgeBase, list[str], dict[str, tuple[str, ...]]]] = {}


def _generate(app: Sphinx) -> None:
    sources = Path(app.config.confkb_sources or os.environ.get("CONFKB_SOURCES", "") or "sources")
    if not sources.is_absolute():
        sources = Path(app.confdir) / sources
    if not sources.is_dir():
        logger.warning("confkb: sources folder %s not found; no knowledge-base pages generated", sources,
                       type="confkb", subtype="sources")
        return
    # cached next to the doctrees: a rebuild redoes only what changed documents need
    result, files, written, removed = generate(sources, Path(app.srcdir), Path(app.doctreedir),
                                               app.config.html_baseurl or "")
    _STATE[id(app)] = (result.kb, sorted(k for k in files if not k.endswith(".md")), _described(result.kb))
    logger.info("%s; %d pages written, %d removed", result.report.summary(), written, removed)


def knowledge_base(app: Sphinx) -> KnowledgeBase | None:
    """The knowledge base this build generated its pages from (None before the pages are generated)."""
    state = _STATE.get(id(app))
    return state[0] if state else None


def _described(kb: KnowledgeBase) -> dict[str, tuple[str, ...]]:
    """The pages that carry schema.org data, by page name, from the one page layout (urls.py)."""
    pages: dict[str, tuple[str, ...]] = {urls.event_doc(e): ("event", e.slug) for e in kb.events}
    pages.update({urls.session_doc(s): ("session", s.event, s.slug) for s in kb.sessions})
    pages.update({urls.speaker_doc(p): ("speaker", p.slug) for p in kb.speakers})
    return pages


def data_files(app: Sphinx) -> list[str]:
    """The generated data files (kb.json, the .ics calendars) this build publishes, by path in the site."""
    state = _STATE.get(id(app))
    return state[1] if state else ["kb.json"]


def _publish_data(app: Sphinx, exc: Exception | None) -> None:
    """Publish the generated data files at their own paths, as they are."""
    if exc is None and app.builder.format == "html":
        for rel in data_files(app):
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


def _jsonld(app: Sphinx, pagename: str, templatename: str, context: dict, doctree: object) -> None:
    """schema.org JSON-LD in the <head> of event, session and speaker pages (never in the MyST)."""
    state = _STATE.get(id(app))
    what = state[2].get(pagename) if state else None
    if what is None:
        return  # a hand-written page, or one without a record (the speaker index)
    kind, *keys = what
    make = {"event": jsonld.event_jsonld, "session": jsonld.session_jsonld, "speaker": jsonld.speaker_jsonld}[kind]
    data = make(state[0], *keys, app.config.html_baseurl or "")  # type: ignore[index]
    context["metatags"] = context.get("metatags", "") + "\n" + jsonld.script_tag(data)


def setup(app: Sphinx) -> dict[str, object]:
    app.add_config_value("confkb_sources", "", "env", [str])  # folder of event folders, relative to conf.py
    app.connect("builder-inited", _generate)  # before Sphinx lists the source files
    app.connect("build-finished", _publish_data)  # /kb.json and the .ics files next to the pages
    app.connect("html-page-context", _jsonld)
    return {"version": "0.1", "parallel_read_safe": True, "parallel_write_safe": True}
