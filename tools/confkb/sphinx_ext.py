"""Sphinx extension: generate the knowledge-base pages inside the build, so Read the Docs needs no extra step."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from sphinx.application import Sphinx
from sphinx.util import logging

from . import jsonld, parallel, urls
from .model import KnowledgeBase

logger = logging.getLogger(__name__)
# What the build generated, per Sphinx application: the KB, the data files to publish, and the pages that carry
# structured data (page name -> what it describes).
_STATE: dict[int, tuple[KnowledgeBase, list[str], dict[str, tuple[str, ...]]]] = {}
_HELPERS: dict[int, parallel.Helper] = {}  # the process that will generate the pages, per Sphinx application
_PENDING: dict[int, parallel.Pending] = {}  # the pages being generated, per Sphinx application


def _sources(app: Sphinx) -> Path:
    sources = Path(app.config.confkb_sources or os.environ.get("CONFKB_SOURCES", "") or "sources")
    return sources if sources.is_absolute() else Path(app.confdir) / sources


def _start(app: Sphinx, config: object) -> None:
    """Generate the pages in another process while Sphinx loads its environment and its theme.

    The configuration is final here, and Sphinx lists the source files only after ``builder-inited``: on a
    rebuild the whole generation fits in the time Sphinx takes to get ready. The process was forked when the
    extension was set up, and has imported the pipeline meanwhile.
    """
    helper = _HELPERS.pop(id(app), None) or parallel.Helper()
    sources = _sources(app)
    if sources.is_dir():
        _PENDING[id(app)] = helper.submit(_pages, sources, Path(app.srcdir), Path(app.doctreedir),
                                          app.config.html_baseurl or "")
    else:
        helper.cancel()


def _prepare() -> None:
    """What the generating process imports before it knows what to generate."""
    from . import pipeline  # noqa: F401


def _pages(sources: Path, srcdir: Path, doctrees: Path, base_url: str) -> tuple[KnowledgeBase, str, list[str],
                                                                                 int, int]:
    """Write the pages; return what the build needs of them (not the pages' text: it is in the files)."""
    # Imported here, in the process that generates: the build's own process never needs the pipeline (ftfy,
    # markdown-it's renderers, icalendar), so it does not wait for those imports.
    from .pipeline import generate

    # cached next to the doctrees: a rebuild redoes only what changed documents need
    result, files, written, removed = generate(sources, srcdir, doctrees, base_url)
    return result.kb, result.report.summary(), sorted(k for k in files if not k.endswith(".md")), written, removed


def _generate(app: Sphinx) -> None:
    pending = _PENDING.pop(id(app), None)
    if pending is None:
        sources = _sources(app)
        if not sources.is_dir():
            logger.warning("confkb: sources folder %s not found; no knowledge-base pages generated", sources,
                           type="confkb", subtype="sources")
            return
        pending = parallel.Pending(_pages, (sources, Path(app.srcdir), Path(app.doctreedir),
                                            app.config.html_baseurl or ""))
    kb, summary, data, written, removed = pending.result()
    _STATE[id(app)] = (kb, data, _described(kb))
    logger.info("%s; %d pages written, %d removed", summary, written, removed)


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
    _HELPERS[id(app)] = parallel.Helper(_prepare)  # forked now: it imports while Sphinx loads the extensions
    app.connect("config-inited", _start, priority=0)  # as early as the configuration is final
    app.connect("builder-inited", _generate)  # before Sphinx lists the source files
    app.connect("build-finished", _publish_data)  # /kb.json and the .ics files next to the pages
    app.connect("html-page-context", _jsonld)
    return {"version": "0.1", "parallel_read_safe": True, "parallel_write_safe": True}
