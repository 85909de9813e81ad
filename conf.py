"""Sphinx configuration for the confkb knowledge base. Build with ``make html`` (sources in docs/)."""

from __future__ import annotations

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent
sys.path.insert(0, str(ROOT))  # so ``tools.confkb`` imports without installing anything

# -- Project -----------------------------------------------------------------------------------
project = "Conference knowledge base"
author = "confkb"
copyright = "confkb contributors; session documents from moxin-org/mofa (Apache-2.0)"
language = "en"

# -- General -----------------------------------------------------------------------------------
extensions = [
    "myst_parser",
    "sphinx_design",
    "sphinx_copybutton",
    "tools.confkb.sphinx_ext",
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

# -- HTML --------------------------------------------------------------------------------------
html_theme = "furo"
html_title = "Conference knowledge base"
html_static_path = ["docs/_static"]
html_css_files = ["confkb.css"]
html_baseurl = os.environ.get("READTHEDOCS_CANONICAL_URL", "")
html_show_sourcelink = False
html_copy_source = False
html_last_updated_fmt = None
