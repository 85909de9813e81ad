"""Sphinx configuration for the confkb knowledge base. Build with ``make html`` (sources in docs/)."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parent
sys.path.insert(0, str(ROOT))  # so ``tools.confkb`` imports without installing anything

# -- Project -----------------------------------------------------------------------------------
project = "Conference knowledge base"
author = "confkb"
copyright = "confkb contributors; conference data from the sources each page names"
language = "en"

# -- General -----------------------------------------------------------------------------------
extensions = [
    "tools.confkb.sphinxext",  # generates the knowledge-base pages, its sidebar, sitemap, data files, JSON-LD
    "myst_parser",
    "sphinx_design",
    "sphinx_copybutton",
    "sphinxext.opengraph",  # og: and twitter: tags; pages give og:description in their front matter
    "notfound.extension",  # 404.html with absolute links, so it works at any missing URL
    "tools.confkb.linkcheck",  # replaces Sphinx's linkcheck builder; renders the Links page offline
]
root_doc = "index"
exclude_patterns = ["_build", "**/.confkb-generated", "**/*.tmp"]
templates_path = ["docs/_templates"]
confkb_sources = os.environ.get("CONFKB_SOURCES", str(ROOT / "sources"))

# Source text is data: no extension that lets a document run code, include files or write HTML.
myst_enable_extensions = ["colon_fence", "fieldlist"]
myst_heading_anchors = 3
suppress_warnings: list[str] = []
sd_card_legacy_separators = False  # "^^^" in a card is text, never a header separator

# -- Link checking (make linkcheck) -----------------------------------------------------------
linkcheck_timeout = 20
confkb_linkcheck_workers = 16
confkb_linkcheck_attempts = 3
confkb_linkcheck_retry_after_cap = 60.0
confkb_linkcheck_deadline = 1800.0
confkb_linkcheck_page = "links"  # docs/links.md shows the committed report; Read the Docs never checks links
confkb_linkcheck_report_file = "_data/linkcheck-report.json"

# -- HTML --------------------------------------------------------------------------------------
html_theme = "furo"
html_title = "Conference knowledge base"
html_static_path = ["docs/_static"]
html_css_files = ["confkb.css", "confkb-picks.css", "confkb-grid.css"]
# the grid's filters, my picks and what is on now (no framework; deferred, so they run once the page is parsed)
html_js_files = [(name, {"defer": "defer"}) for name in ("confkb-grid.js", "confkb-picks.js", "confkb-my-schedule.js",
                                                          "confkb-now.js")]
html_extra_path = ["docs/_extra"]  # kb.schema.json at the site root, next to kb.json
html_baseurl = os.environ.get("READTHEDOCS_CANONICAL_URL", "")

# -- Sharing: OpenGraph, sitemap, 404 (canonical URLs come from html_baseurl) ---------------------
ogp_site_url = html_baseurl
ogp_social_cards = {"enable": False}  # no generated images (needs matplotlib, slows the build)
ogp_custom_meta_tags = ['<meta name="twitter:card" content="summary" />']
# sitemap.xml lists site-relative URLs when html_baseurl is not set (local builds)
notfound_urls_prefix = urlparse(html_baseurl).path or "/"  # "/en/latest/" on Read the Docs
html_show_sourcelink = False
html_copy_source = False
html_last_updated_fmt = None
