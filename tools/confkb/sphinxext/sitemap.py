"""sitemap.xml: every page of the site, in a stable order, on full and incremental builds alike (a sitemap made
from the pages one build wrote would list only those)."""

from __future__ import annotations

from pathlib import Path
from xml.etree import ElementTree

from sphinx.application import Sphinx

from ..write import write_if_changed

NAMESPACE = "http://www.sitemaps.org/schemas/sitemap/0.9"


def write_sitemap(app: Sphinx, exc: Exception | None) -> None:
    if exc is not None or app.builder.format != "html":
        return
    base = app.config.html_baseurl or "/"  # site-relative URLs when the site's address is not known
    base = base if base.endswith("/") else base + "/"
    root = ElementTree.Element("urlset", xmlns=NAMESPACE)
    for link in sorted(app.builder.get_target_uri(doc) for doc in app.env.found_docs):
        ElementTree.SubElement(ElementTree.SubElement(root, "url"), "loc").text = base + link
    text = ElementTree.tostring(root, encoding="utf-8", xml_declaration=True).decode("utf-8")
    write_if_changed(Path(app.outdir) / "sitemap.xml", text)
