"""Complete sphinx-sitemap's sitemap on incremental builds, in a stable order, without its manager process.

sphinx-sitemap lists the pages it saw being written, so a rebuild that rewrote four pages publishes a
four-page sitemap (jdillard/sphinx-sitemap#13, open since 2018); with parallel writing the order also
changes from run to run. Just before it writes the file, we hand it every page of the site, sorted.

To hear of pages written in Sphinx's writer processes, sphinx-sitemap starts a ``multiprocessing`` manager
process on every build and sends it one message per page. The pages it needs come from this process
instead: every document (Sphinx writes nothing else in a writer process) and the pages the main process
writes itself (the general index, search, 404). So the queue is a plain one, in this process: no process
to start and stop, no round trip per page.
"""

from __future__ import annotations

import queue
from typing import Any

from sphinx.application import Sphinx

SITEMAP_PRIORITY = 500  # sphinx-sitemap's build-finished handler runs at the default priority


def _drain(links: Any) -> set:
    out = set()
    while True:
        try:
            out.add(links.get_nowait())
        except queue.Empty:
            return out


def _local_queue(app: Sphinx) -> None:
    """What sphinx-sitemap does when the builder is ready (``record_builder_type``), with a queue of this process."""
    builder = getattr(app, "builder", None)
    if builder is None:
        return
    builder.env.is_directory_builder = type(builder).__name__ == "DirectoryHTMLBuilder"  # type: ignore[attr-defined]
    app.sitemap_links = queue.Queue()  # type: ignore[attr-defined]


def complete(app: Sphinx, exc: Exception | None) -> None:
    links = getattr(app, "sitemap_links", None)  # sphinx-sitemap's queue
    if exc is not None or links is None or app.builder.format != "html":
        return
    import sphinx_sitemap

    seen = _drain(links)
    app.sitemap_links = pages = queue.Queue()  # type: ignore[attr-defined]
    for doc in sorted(app.env.found_docs):
        sphinx_sitemap.add_html_link(app, doc, "page.html", {}, None)  # its own URL and exclusion rules
    seen |= _drain(pages)
    for link in sorted(seen, key=lambda item: (item[0], item[1] or "")):
        pages.put(link)


def setup(app: Sphinx) -> dict[str, object]:
    import sphinx_sitemap

    app.setup_extension("sphinx_sitemap")
    for listener in list(app.events.listeners.get("builder-inited", [])):
        if listener.handler is sphinx_sitemap.record_builder_type:
            app.disconnect(listener.id)  # it would start the manager process
    app.connect("builder-inited", _local_queue, priority=SITEMAP_PRIORITY)
    app.connect("build-finished", complete, priority=SITEMAP_PRIORITY - 1)
    return {"version": "0.1", "parallel_read_safe": True, "parallel_write_safe": True}
