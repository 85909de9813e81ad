"""A page or data file the site no longer has leaves the output folder too.

Sphinx writes a page for every document and never deletes one. After a talk is withdrawn (its document
deleted) or another sources folder is built, its old page and calendar would stay in the HTML folder, still
reachable, and published with the rest by whoever copies that folder to a web server. Each HTML build keeps
the list of what it published next to the doctrees (never in the published folder); the next build removes
what it no longer makes, whatever Sphinx's environment remembers (``-E`` starts it anew).
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from sphinx.application import Sphinx
from sphinx.util import logging

from ..write import remove_stale, write_if_changed

logger = logging.getLogger(__name__)
STATE = "confkb-published.json"


def published(app: Sphinx, data_files: list[str]) -> list[str]:
    """What this build put in the output folder for its pages and data files, relative to it."""
    outdir = str(app.outdir)
    # the builder's own output names; by text, not resolved one by one (a page is a file under the folder)
    files = {os.path.relpath(app.builder.get_outfilename(doc), outdir) for doc in app.env.all_docs}  # type: ignore[attr-defined]
    rels = {Path(p).as_posix() for p in files if not p.startswith("..")}
    return sorted(rels | set(data_files))


def prune(data_files: list[str], app: Sphinx, exc: Exception | None) -> None:
    """Remove what the last build published and this one does not (*data_files*: this build's, beside its pages)."""
    if exc is not None or app.builder.format != "html" or not hasattr(app.builder, "get_outfilename"):
        return
    outdir = Path(app.outdir).resolve()
    state = Path(app.doctreedir) / STATE
    now = published(app, data_files)
    try:
        saved = json.loads(state.read_text(encoding="utf-8"))
        # the list is of one output folder: the same doctrees used for another one say nothing about it
        before = [str(x) for x in saved["files"]] if saved.get("outdir") == str(outdir) else []
    except (OSError, ValueError, AttributeError, KeyError, TypeError):
        before = []  # a first build, or a list nobody can read: nothing is known to be stale
    removed = remove_stale(outdir, before, now)
    if removed:
        logger.info("confkb: removed %d published files the site no longer has", removed)
    write_if_changed(state, json.dumps({"outdir": str(outdir), "files": now}, indent=0) + "\n")

