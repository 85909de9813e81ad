"""The Sphinx side of confkb: one extension that runs the pipeline inside the build (Read the Docs runs nothing
else) and publishes what it makes. It may import the pipeline and render/; nothing outside this folder imports it.
"""

from __future__ import annotations

from pathlib import Path

import jinja2
from sphinx.application import Sphinx

from ..cache import code_version
from . import prune, sitemap
from .collector import Collector
from .navigation import FURO_PRIORITY, Sidebar
from .rebuild import FewPagesHere
from .search import Search
from .selflinks import own_file_not_sharp
from .site import QuotedAsWritten, Site

TEMPLATE_CACHE = "confkb-templates"  # folder under the doctrees


def setup(app: Sphinx) -> dict[str, object]:
    app.add_config_value("confkb_sources", "", "env", [str])  # folder of event folders, relative to conf.py
    site = Site()  # this build's knowledge base: the handlers below share it, no module keeps it
    # the pages are generated before Sphinx lists the source files, so it reads them like hand-written ones
    app.connect("builder-inited", site.generate)
    app.connect("html-page-context", site.jsonld)  # schema.org data in the head of event, session, speaker pages
    app.connect("build-finished", site.publish_data)  # kb.json and the calendars beside the pages
    app.add_transform(QuotedAsWritten)  # the data-quality report shows source text with its own quotes
    # a sidebar of the page's event and a window of its track: furo's lists every page on every page
    sidebar = Sidebar(site)
    app.connect("env-updated", sidebar.prepare)
    app.connect("html-page-context", sidebar.hide_toctree, priority=FURO_PRIORITY - 1)  # just before furo's
    app.connect("html-page-context", sidebar.set_sidebar, priority=FURO_PRIORITY + 1)
    app.connect("html-page-context", own_file_not_sharp)  # a page that links itself names its file, never "#"
    app.connect("build-finished", sitemap.write_sitemap)  # every page, also after an incremental build
    # a page or calendar the site no longer has leaves the output folder too (after the data files are copied)
    app.connect("build-finished", lambda app, exc: prune.prune(site.data, app, exc), priority=900)
    search = Search(site)  # attendees' search: Pagefind's index of the pages (search.py says why)
    app.connect("env-updated", search.prepare)
    app.connect("html-page-context", search.page_context)
    app.connect("build-finished", search.index, priority=950)  # after the prune: stale pages are gone
    app.connect("builder-inited", _cache_templates)  # a rebuild does not compile the theme's templates again
    collector = Collector()  # fewer, smaller collections while Sphinx reads and writes (collector.py says why)
    app.connect("env-before-read-docs", collector.reading, priority=900)  # after handlers that add pages
    app.connect("env-updated", collector.writing, priority=900)  # after the sidebar's model is made
    app.connect("build-finished", collector.restore)
    few = FewPagesHere()  # a rebuild of a handful of pages forks no reader or writer (rebuild.py says why)
    app.connect("env-before-read-docs", few.reading, priority=950)  # after handlers that add pages
    app.connect("build-finished", few.done)
    # The doctrees of a build made by other confkb code are not reused: its transforms, its sidebar and its
    # pages may differ, and Sphinx only compares sources and settings. Sphinx starts afresh when this changes.
    env_version = int(code_version()[:12], 16)
    return {"version": "0.1", "env_version": env_version, "parallel_read_safe": True, "parallel_write_safe": True}


def _cache_templates(app: Sphinx) -> None:
    """Jinja compiles every theme template on every build; its bytecode cache, next to the doctrees, is checked
    against each template's source."""
    environment = getattr(getattr(app.builder, "templates", None), "environment", None)
    if isinstance(environment, jinja2.Environment) and environment.bytecode_cache is None:
        folder = Path(app.doctreedir) / TEMPLATE_CACHE
        folder.mkdir(parents=True, exist_ok=True)
        environment.bytecode_cache = jinja2.FileSystemBytecodeCache(str(folder))
