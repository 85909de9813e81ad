"""Sphinx extension: two costs of every build that are not the pages' own work.

- **Forked workers copying the heap.** Under ``-j`` Sphinx forks a process per chunk of pages to read and to
  write. Each child inherits the build's objects (the environment, the knowledge base), and the first time its
  garbage collector runs it touches every one of them, so the child copies the parent's memory page by page
  and spends time scanning it. ``gc.freeze()`` moves the objects that exist before the fork out of the
  collector's sight (the CPython documentation recommends it "right before fork()"). Sphinx has no pre-fork
  hook, so this freezes at the two points after which it forks: once the builder is ready (the environment
  is loaded and the pages are generated) and once reading is done (the environment is merged). Objects stay
  freed by reference counting as usual; only cyclic garbage made before a freeze is kept until the build
  ends, a few megabytes. In a serial build it spares the collector rescanning the environment just as well.
- **Templates compiled again.** Jinja compiles each theme template on every build. A bytecode cache next to the
  doctrees (``jinja2.FileSystemBytecodeCache``, checked against each template's source) lets a rebuild skip it.
"""

from __future__ import annotations

import gc
from pathlib import Path

import jinja2
from sphinx.application import Sphinx

TEMPLATE_CACHE = "confkb-templates"  # folder under the doctrees


def _freeze(app: Sphinx, *_: object) -> None:
    gc.freeze()


def _cache_templates(app: Sphinx) -> None:
    environment = getattr(getattr(app.builder, "templates", None), "environment", None)
    if isinstance(environment, jinja2.Environment) and environment.bytecode_cache is None:
        folder = Path(app.doctreedir) / TEMPLATE_CACHE
        folder.mkdir(parents=True, exist_ok=True)
        environment.bytecode_cache = jinja2.FileSystemBytecodeCache(str(folder))


def setup(app: Sphinx) -> dict[str, object]:
    app.connect("builder-inited", _cache_templates)
    # late: after the knowledge base is generated (tools.confkb.sphinx_ext) and before any reader is forked
    app.connect("builder-inited", _freeze, priority=900)
    app.connect("env-updated", _freeze, priority=900)  # before writers are forked; returns no pages
    return {"version": "0.1", "parallel_read_safe": True, "parallel_write_safe": True}
