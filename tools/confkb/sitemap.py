"""Complete sphinx-sitemap's sitemap on incremental builds, in a stable order.

sphinx-sitemap lists the pages it saw being written, so a rebuild that rewrote four pages publishes a
four-page sitemap (jdillard/sphinx-sitemap#13, open since 2018); with parallel writing the order also
changes from run to run. Just before it writes the file, we hand it every page of the site, sorted.
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


def complete(app: Sphinx, exc: Exception | None) -> None:
    links = getattr(app, "sitemap_links", None)  # sphinx-sitemap's queue, shared with writer processes
    if exc is not None or links is None or app.builder.format != "html":
        return
    import sphinx_sitemap

    seen = _drain(links)
    for doc in sorted(app.env.found_docs):
        sphinx_sitemap.add_html_link(app, doc, "page.html", {}, None)  # its own URL and exclusion rules
    seen |= _drain(links)
    # The writers are done: a plain queue in this process replaces the shared one (thousands of round trips
    # to sphinx-sitemap's manager process took a second at 2,000 pages).
    app.sitemap_links = ordered = queue.Queue()  # type: ignore[attr-defined]
    for link in sorted(seen, key=lambda item: (item[0], item[1] or "")):
        ordered.put(link)


def setup(app: Sphinx) -> dict[str, object]:
    app.connect("build-finished", complete, priority=SITEMAP_PRIORITY - 1)
    return {"version": "0.1", "parallel_read_safe": True, "parallel_write_safe": True}
