"""Sphinx extension: generate the knowledge-base pages inside the build, so Read the Docs needs no extra step."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from sphinx.application import Sphinx
from sphinx.util import logging

from .pipeline import load, pages
from .write import write_all

logger = logging.getLogger(__name__)


def _generate(app: Sphinx) -> None:
    sources = Path(app.config.confkb_sources or os.environ.get("CONFKB_SOURCES", "") or "sources")
    if not sources.is_absolute():
        sources = Path(app.confdir) / sources
    if not sources.is_dir():
        logger.warning("confkb: sources folder %s not found; no knowledge-base pages generated", sources,
                       type="confkb", subtype="sources")
        return
    result = load(sources)
    files = pages(result)
    written, removed = write_all(files, Path(app.srcdir))
    app.env.confkb_kb_json = files["kb.json"]  # type: ignore[attr-defined]
    logger.info("%s; %d pages written, %d removed", result.report.summary(), written, removed)


def _publish_data(app: Sphinx, exc: Exception | None) -> None:
    """Publish kb.json at the site root, as is."""
    if exc is None and app.builder.format == "html":
        src = Path(app.srcdir) / "kb.json"
        if src.exists():
            shutil.copyfile(src, Path(app.outdir) / "kb.json")


def setup(app: Sphinx) -> dict[str, object]:
    app.add_config_value("confkb_sources", "", "env", [str])  # folder of event folders, relative to conf.py
    app.connect("builder-inited", _generate)  # before Sphinx lists the source files
    app.connect("build-finished", _publish_data)  # /kb.json next to the pages
    return {"version": "0.1", "parallel_read_safe": True, "parallel_write_safe": True}
