"""Sphinx extension: costs of a build that are not the pages' own work.

- **A few changed pages read or written in a worker.** Sphinx 9 reads in parallel however few pages changed, and
  the worker sends the whole environment back; when fewer than one page in eight changed, they are read in this
  process. Writing forks a writer for any number of pages too, and waits for it in steps of 20 ms; a handful of
  pages is written in this process.
- **Forked workers copying the heap.** Under ``-j`` Sphinx forks a process per chunk of pages to read and to
  write. Each child inherits the build's objects (the environment, the knowledge base), and the first time its
  garbage collector runs it touches every one of them, so the child copies the parent's memory page by page
  and spends time scanning it. ``gc.freeze()`` moves the objects that exist before the fork out of the
  collector's sight (the CPython documentation recommends it "right before fork()"). Sphinx has no pre-fork
  hook, so this freezes at the two points after which it forks: once the builder is ready (the environment
  is loaded and the knowledge base has arrived) and once reading is done (the environment is merged). Objects stay
  freed by reference counting as usual; only cyclic garbage made before a freeze is kept until the process
  ends. They are not handed back to the collector after the build: Python collects once more when it exits,
  and that collection would scan them all (3 s more for a 500-session rebuild that changed nothing). A serial
  build is spared the rescans just as well.
- **Readers sending the whole environment back.** Each chunk of pages Sphinx reads in a worker comes back as
  the worker's whole pickled environment (``_read_parallel``), which the main process unpickles and merges. Sphinx
  makes chunks of about ``sqrt(10 * pages / cores)`` pages, so their number, and the pickling, grows faster than
  the site: 21 environments of up to 11 MB for 2,100 pages, up to two seconds each to unpickle
  (sphinx-doc/sphinx#10967, open since 2022, asks for a setting). While reading, the extension has Sphinx make
  at most two chunks per process: four environments instead of 21.
- **Full collections while writing.** Sphinx resolves every page's doctree in this process, one after the
  other, and hands them to forked writers. Each doctree is a web of cycles (every node points to its parent),
  lives until its writer is done and is then freed only by a full collection. The environment is frozen by
  then, so Python's own brake on full collections (no full collection until the objects it would scan have
  grown by a quarter) does not hold, and it runs one every ten young collections: 55 of them, 24 s of a 98 s
  build at 1,000 sessions, each scanning more as the site grows. While writing, a full collection runs every
  hundred young collections instead; the doctrees wait a little longer to be freed (peak memory 520 MB
  instead of 475 MB at 1,000 sessions), and the build does not pay for a scan per handful of pages.
- **Templates compiled again.** Jinja compiles each theme template on every build. A bytecode cache next to the
  doctrees (``jinja2.FileSystemBytecodeCache``, checked against each template's source) lets a rebuild skip it.
"""

from __future__ import annotations

import gc
from collections.abc import Sequence
from pathlib import Path

import jinja2
import sphinx.builders
from sphinx.application import Sphinx

TEMPLATE_CACHE = "confkb-templates"  # folder under the doctrees
READ_CHUNKS_PER_PROCESS = 2  # enough to even out a slow chunk and a fast one, few enough to pickle little
_SPHINX_CHUNKS = sphinx.builders.make_chunks
SERIAL_READ_FRACTION = 8  # read in this process when fewer than 1 page in 8 changed
# Written in this process up to this many pages: forking a writer and waiting for it cost more than writing
# a few pages (an edited abstract rewrites 2).
SERIAL_WRITE_PAGES = 8
_PARALLEL: dict[int, int] = {}  # -j of each application while it reads serially
# While writing: young collections between two full ones (Python's default is 10; see the module's description)
WRITE_FULL_EVERY = 100
_THRESHOLDS: dict[int, tuple[int, int, int]] = {}  # the collector's thresholds before writing, per application


def read_chunks(arguments: Sequence[str], nproc: int, maxbatch: int = 10) -> list:
    """The pages to read in each worker: Sphinx's chunks, but never more than two per process."""
    chunks = _SPHINX_CHUNKS(arguments, nproc, maxbatch)
    if len(chunks) <= nproc * READ_CHUNKS_PER_PROCESS:
        return chunks
    size = -(-len(arguments) // (nproc * READ_CHUNKS_PER_PROCESS))
    return [arguments[i:i + size] for i in range(0, len(arguments), size)]


def _before_reading(app: Sphinx, env: object, docnames: list[str]) -> None:
    """A handful of changed pages are read in this process; many are read in big chunks.

    Sphinx 9 reads in parallel however few pages changed (sphinx-doc/sphinx#12796): a worker then pickles the
    whole environment back, seconds at 2,000 pages, to read one page in a tenth of that.
    """
    if app.parallel > 1 and len(docnames) * SERIAL_READ_FRACTION < len(env.found_docs):  # type: ignore[attr-defined]
        _PARALLEL[id(app)] = app.parallel
        app.parallel = 1
    sphinx.builders.make_chunks = read_chunks  # type: ignore[attr-defined]


def _after_reading(app: Sphinx, *_: object) -> None:
    """Writing stays parallel, in Sphinx's own chunks."""
    if id(app) in _PARALLEL:
        app.parallel = _PARALLEL.pop(id(app))
    sphinx.builders.make_chunks = _SPHINX_CHUNKS  # type: ignore[attr-defined]


def _write_few_here(app: Sphinx) -> None:
    """A handful of pages to write are written in this process; more are written as Sphinx writes them."""
    builder = app.builder
    parallel_write = builder.write_documents

    def write_documents(docnames: object) -> None:
        if builder.parallel_ok and len(docnames) <= SERIAL_WRITE_PAGES:  # type: ignore[arg-type]
            builder.parallel_ok = False
            try:
                parallel_write(docnames)
            finally:
                builder.parallel_ok = True
        else:
            parallel_write(docnames)
    builder.write_documents = write_documents  # type: ignore[method-assign]


def _freeze(app: Sphinx, *_: object) -> None:
    gc.freeze()


def _collect_fully_less(app: Sphinx, *_: object) -> None:
    """From the end of reading to the end of the build: a full collection every WRITE_FULL_EVERY young ones."""
    young, middle, full = gc.get_threshold()
    _THRESHOLDS.setdefault(id(app), (young, middle, full))
    gc.set_threshold(young, middle, max(full, WRITE_FULL_EVERY))


def _collect_as_before(app: Sphinx, *_: object) -> None:
    if id(app) in _THRESHOLDS:
        gc.set_threshold(*_THRESHOLDS.pop(id(app)))


def _cache_templates(app: Sphinx) -> None:
    environment = getattr(getattr(app.builder, "templates", None), "environment", None)
    if isinstance(environment, jinja2.Environment) and environment.bytecode_cache is None:
        folder = Path(app.doctreedir) / TEMPLATE_CACHE
        folder.mkdir(parents=True, exist_ok=True)
        environment.bytecode_cache = jinja2.FileSystemBytecodeCache(str(folder))


def setup(app: Sphinx) -> dict[str, object]:
    app.connect("builder-inited", _cache_templates)
    app.connect("builder-inited", _write_few_here)
    app.connect("env-before-read-docs", _before_reading, priority=900)  # after handlers that add pages
    app.connect("env-updated", _after_reading, priority=100)
    app.connect("config-inited", _freeze)  # the modules every extension imported
    # and the environment, before the knowledge base arrives (with one core it is generated in this process)
    app.connect("builder-inited", _freeze, priority=1)
    # late: after the knowledge base has arrived (tools.confkb.sphinx_ext) and before any reader is forked
    app.connect("builder-inited", _freeze, priority=900)
    app.connect("env-updated", _freeze, priority=900)  # before writers are forked; returns no pages
    app.connect("env-updated", _collect_fully_less, priority=901)
    app.connect("build-finished", _collect_as_before)
    app.connect("build-finished", _after_reading)  # also when reading failed
    return {"version": "0.1", "parallel_read_safe": True, "parallel_write_safe": True}
