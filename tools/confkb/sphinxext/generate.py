"""Sphinx extension: generate the knowledge-base pages inside the build, so Read the Docs needs no extra step."""

from __future__ import annotations

import os
import shutil
import sys
import time
from collections.abc import Callable
from pathlib import Path

from sphinx.application import Sphinx
from sphinx.transforms import SphinxTransform
from sphinx.util import logging

from .. import memo
from ..helper import Helper, Pending
from ..model import KnowledgeBase
from ..render import index as kbindex
from ..render import jsonld, urls

logger = logging.getLogger(__name__)
# What the build generated, per Sphinx application: the KB, the data files to publish, and the pages that carry
# structured data (page name -> what it describes).
_STATE: dict[int, tuple[KnowledgeBase, list[str], dict[str, tuple[str, ...]]]] = {}
_HELPERS: dict[int, Helper] = {}  # the process generating the pages, per Sphinx application
_PENDING: dict[int, Pending] = {}  # the pages being generated, per Sphinx application
_EARLY: list[Helper] = []  # a helper forked by conf.py (``fork_early``), for the next application set up
Summary = tuple[KnowledgeBase, str, list[str], int, int]  # KB, report summary, data files, written, removed


def fork_early(sources: str = "", base_url: str = "") -> None:
    """Fork the process that generates the pages now, from conf.py, before Sphinx loads its extensions: it
    imports the pipeline meanwhile, then starts generating.

    *sources* and *base_url* are conf.py's ``confkb_sources`` and ``html_baseurl``. With the folders and the
    command line's ``-D`` settings of the application Sphinx is making, they are a first guess at what the
    build will ask for, and the generating starts at once (else when this extension is set up). The guess is
    checked twice later; a wrong one costs time, never the pages.
    """
    guess = _guess(sources, base_url)
    _EARLY.append(Helper(_prepare, (_pages, guess) if guess is not None else None))


def _guess(sources: str, base_url: str) -> tuple[Path, Path, Path, str] | None:
    """What ``_arguments`` will say, or None when conf.py is not being read by a Sphinx application."""
    made = _application_reading_conf()
    if made is None:
        return None
    app, overrides = made
    return _call(str(overrides.get("confkb_sources", sources)), app, str(overrides.get("html_baseurl", base_url)))


def _application_reading_conf() -> tuple[Sphinx, dict] | None:
    """The Sphinx application whose ``__init__`` is reading conf.py, and its command line's settings.

    Sphinx sets its folders (resolved) before it reads conf.py, in the directory of conf.py, so they are
    taken from it rather than from a command line whose relative paths no longer resolve. This reads Sphinx's
    own frame, so Sphinx is pinned, and ``tests/test_early_start.py`` fails when the guess stops matching.
    """
    frame = sys._getframe(1)
    for _ in range(30):  # conf.py, Sphinx's config reader, Sphinx.__init__ (and runpy, for a conf.py that wraps)
        frame = frame.f_back  # type: ignore[assignment]
        if frame is None:
            return None
        app = frame.f_locals.get("self")
        if frame.f_code.co_name == "__init__" and isinstance(app, Sphinx):
            overrides = frame.f_locals.get("confoverrides")
            return app, dict(overrides) if isinstance(overrides, dict) else {}
    return None


def _prepare() -> None:
    """What the generating process imports before it knows what to generate."""


def _sources(app: Sphinx) -> Path:
    return _sources_folder(app.config.confkb_sources, Path(app.confdir))


def _sources_folder(setting: str, confdir: Path) -> Path:
    sources = Path(setting or os.environ.get("CONFKB_SOURCES", "") or "sources")
    return sources if sources.is_absolute() else confdir / sources


def _arguments(app: Sphinx) -> tuple[Path, Path, Path, str] | None:
    """What the pages are generated from and into; None when the sources folder is missing."""
    return _call(app.config.confkb_sources, app, app.config.html_baseurl)


def _call(sources: str, app: Sphinx, base_url: str) -> tuple[Path, Path, Path, str] | None:
    """``_pages``' arguments from these settings and the application's folders (None: no sources folder)."""
    folder = _sources_folder(sources, Path(app.confdir))
    if not folder.is_dir():
        return None
    return folder, Path(app.srcdir), Path(app.doctreedir), base_url or ""


def _begin(app: Sphinx) -> None:
    """Start generating the pages in another process as soon as this extension is set up.

    The configuration file and the command line are read by then, so the settings are known, though final
    only at ``config-inited``; the helper writes nothing before ``_start`` confirms them. Sphinx lists the
    source files only after ``builder-inited``: on a rebuild the whole generation fits in the time Sphinx
    takes to load its other extensions, its environment and its theme.
    """
    helper = _EARLY.pop() if _EARLY else Helper(_prepare)
    arguments = _arguments(app)
    if arguments is None:
        helper.cancel()
        return
    helper.start(_pages, *arguments)
    _HELPERS[id(app)] = helper


def _start(app: Sphinx, config: object) -> None:
    """The settings are final: confirm them to the helper (which starts again if they changed)."""
    helper = _HELPERS.pop(id(app), None)
    arguments = _arguments(app)
    if arguments is None:
        if helper is not None:
            helper.cancel()
        return
    _PENDING[id(app)] = helper.submit(*arguments) if helper is not None else Pending(_pages, arguments)


def _pages(sources: Path, srcdir: Path, doctrees: Path, base_url: str) -> Callable[[], Summary]:
    """Understand and render the sources; return what writes the pages and says what the build needs of them
    (not the pages' text: it is in the files)."""
    # Imported here, in the process that generates: the build's own process never needs the pipeline (ftfy,
    # markdown-it's renderers, icalendar), so it does not wait for those imports.
    from ..pipeline import render_all
    from ..write import write_all

    # cached next to the doctrees: a rebuild redoes only what changed documents need
    result, files = render_all(sources, doctrees, base_url)

    def write() -> Summary:
        written, removed = write_all(files, srcdir)
        data = sorted(k for k in files if not k.endswith(".md"))
        return result.kb, result.report.summary(), data, written, removed
    return write


def _generate(app: Sphinx) -> None:
    pending = _PENDING.pop(id(app), None)
    if pending is None:
        logger.warning("confkb: sources folder %s not found; no knowledge-base pages generated", _sources(app),
                       type="confkb", subtype="sources")
        return
    start = time.perf_counter()
    kb, summary, data, written, removed = pending.result()
    waited = time.perf_counter() - start  # what the generation costs the build, beyond Sphinx's own start-up
    _STATE[id(app)] = (kb, data, _described(kb))
    app.env.confkb_as_written = _as_written(kb)  # read by QuotedAsWritten, in whichever process reads a page
    logger.info("%s; %d pages written, %d removed; the build waited %.2f s for them", summary, written, removed,
                waited)


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


def _as_written(kb: KnowledgeBase) -> frozenset[str]:
    """The pages that quote source text to the character: each event's report (and its pages per track), and
    the page of codes."""
    index = kbindex.of(kb)
    return frozenset({doc for e in kb.events for doc in index.report_docs(e.slug)} | {urls.CODES_DOC})


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


class QuotedAsWritten(SphinxTransform):
    """No smart quotes on the pages that quote source text to the character: the data-quality reports say
    "repaired mojibake: 'We\\xe2\\u20ac\\u2122re' -> 'We’re'", where curled quotes around a value would read as part
    of it (and ``--`` in a quoted line would become a dash it does not have); the page of codes, likewise."""

    default_priority = 740  # before Sphinx's SmartQuotes (750), which skips a document whose settings say so

    def apply(self, **kwargs: object) -> None:
        if self.env.docname in getattr(self.env, "confkb_as_written", ()):  # set when the pages are generated
            self.document.settings.smart_quotes = False


def setup(app: Sphinx) -> dict[str, object]:
    app.add_config_value("confkb_sources", "", "env", [str])  # folder of event folders, relative to conf.py
    _begin(app)  # forked now: it generates while Sphinx loads the other extensions
    app.connect("config-inited", _start, priority=0)  # as early as the configuration is final
    app.connect("builder-inited", _generate)  # before Sphinx lists the source files
    app.connect("build-finished", _publish_data)  # /kb.json and the .ics files next to the pages
    app.connect("html-page-context", _jsonld)
    app.add_transform(QuotedAsWritten)
    # The doctrees of a build made by other confkb code are not reused: its transforms, its sidebar and its
    # pages may differ, and Sphinx only compares sources and settings. Sphinx starts afresh when this changes.
    env_version = int(memo.code_version()[:12], 16)
    return {"version": "0.1", "env_version": env_version, "parallel_read_safe": True, "parallel_write_safe": True}
