"""Rebuilds under ``-j``: a few changed pages are read and written in the main process; many are written in
parallel."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT, copy_docs, wrapping_conf

sys.path.insert(0, str(ROOT / "benchmarks"))
from outputs import EVERY_BUILD, html_files, rewritten

EXAMPLE = ROOT / "tests" / "golden" / "examplecon-2099" / "input"
# A real build, in its own process like `make html -j 2`, that reports what Sphinx did while reading and writing.
PROBE = """
import gc, json, multiprocessing.managers, os, sys
sys.path.insert(0, sys.argv[4])
from sphinx.application import Sphinx
import tools.confkb.pipeline as pipeline
src, out, doctrees, root = sys.argv[1:5]
os.makedirs(doctrees, exist_ok=True)
main = os.getpid()
elsewhere, generators = os.path.join(doctrees, "written-elsewhere.txt"), os.path.join(doctrees, "generated-by.txt")
open(elsewhere, "w").close()
helpers = []  # helper processes started by multiprocessing (sphinx-sitemap starts a manager on every build)
start = multiprocessing.managers.BaseManager.start
multiprocessing.managers.BaseManager.start = lambda self, *a, **k: (helpers.append(type(self).__name__),
                                                                    start(self, *a, **k))[1]
render_all = pipeline.render_all


def generate_here(*args, **kwargs):  # which process generates the pages (the helper forked at setup)
    with open(generators, "w") as fh:
        fh.write(str(os.getpid()))
    return render_all(*args, **kwargs)


def note(app, page, *args):  # html-page-context runs where the page is written: a writer process says so in a file
    if os.getpid() != main:
        with open(elsewhere, "a") as fh:
            fh.write(page + "\\n")


pipeline.render_all = generate_here
app = Sphinx(src, root, out, doctrees, "html", status=None, warning=sys.stderr, parallel=2)
merged, writes, frozen = [], [], []
app.connect("env-merge-info", lambda app, env, docnames, other: merged.append(sorted(docnames)))
app.connect("write-started", lambda app, builder: writes.append(builder.parallel_ok))
app.connect("write-started", lambda app, builder: frozen.append(gc.get_freeze_count()))  # what writers inherit
collector = []  # the collector's thresholds while writing
app.connect("write-started", lambda app, builder: collector.append(gc.get_threshold()))
app.connect("html-page-context", note)
app.build()
print(json.dumps({"status": app.statuscode, "merged": merged, "parallel_writes": writes, "parallel": app.parallel,
                  "frozen_before_writing": frozen, "written_elsewhere": open(elsewhere).read().split(),
                  "helpers": helpers, "generated_elsewhere": open(generators).read() != str(main),
                  "collector_while_writing": collector, "collector_after": gc.get_threshold(),
                  "beautifulsoup": "bs4" in sys.modules}))
"""


def _build(src: Path, out: Path, sources: Path) -> dict:
    """Build like `make html -j 2`, with the doctrees next to *out*."""
    env = {"CONFKB_SOURCES": str(sources), "PATH": "/usr/bin:/bin", "LC_ALL": "C.UTF-8", "HOME": str(out.parent)}
    proc = subprocess.run([sys.executable, "-c", PROBE, str(src), str(out), str(out.parent / "doctrees"), str(ROOT)],
                          capture_output=True, text=True, env=env, timeout=600, check=False)
    assert proc.returncode == 0 and "WARNING" not in proc.stderr, proc.stderr[-3000:]
    result = json.loads(proc.stdout.strip().splitlines()[-1])
    assert result["status"] == 0
    return result


@pytest.mark.slow
def test_one_edited_page_is_read_without_a_reader_process(tmp_path: Path) -> None:
    sources = tmp_path / "sources"
    shutil.copytree(EXAMPLE, sources)
    src, out = copy_docs(tmp_path / "docs"), tmp_path / "html"
    first = _build(src, out, sources)
    assert first["merged"] and first["written_elsewhere"]  # a full build reads and writes in parallel
    assert first["helpers"] == []  # and starts no manager process for the sitemap (tools.confkb.sphinxext.sitemap)
    assert first["generated_elsewhere"]  # the pages come from a process forked while Sphinx was getting ready
    assert not first["beautifulsoup"]  # furo's own navigation (and its parser) is never loaded
    # while writing, a full collection every hundred young ones (tools.confkb.sphinxext.speedups), and Python's own
    # thresholds again once the build is done
    assert [t[2] for t in first["collector_while_writing"]] == [100]
    assert first["collector_after"] == [700, 10, 10]
    doc = next(sources.rglob("chloe-exemple_*.md"))
    text = doc.read_text(encoding="utf-8")
    assert "look at data" in text
    doc.write_text(text.replace("look at data", "look at tea and data", 1), encoding="utf-8")
    result = _build(src, out, sources)
    assert result["merged"] == []  # read here: no reader process pickled the whole environment back
    assert result["parallel"] == 2 and result["parallel_writes"] == [True]  # parallel again after reading
    assert result["written_elsewhere"] == []  # two pages are written here: no writer process to fork and wait for
    assert any("look at tea and data" in p.read_text("utf-8") for p in out.rglob("*.html"))
    # The rebuild used the compiled templates kept next to the doctrees, and froze the objects its forked
    # writers inherit (tools.confkb.sphinxext.speedups); it gives the same pages as a build from nothing.
    assert list((out.parent / "doctrees" / "confkb-templates").iterdir())
    assert result["frozen_before_writing"][0] > 10_000
    fresh = tmp_path / "fresh"
    _build(copy_docs(fresh / "docs"), fresh / "html", sources)
    pages = sorted(p.relative_to(out).as_posix() for p in out.rglob("*.html"))
    assert pages == sorted(p.relative_to(fresh / "html").as_posix() for p in (fresh / "html").rglob("*.html"))
    differ = [p for p in pages if (out / p).read_bytes() != (fresh / "html" / p).read_bytes()]
    assert differ == []


@pytest.mark.slow
def test_a_build_made_by_other_confkb_code_is_not_reused(tmp_path: Path) -> None:
    """Sphinx compares sources and settings, not the extension's code: a site built before an upgrade of the
    tool (a new transform, a new sidebar) would keep its old pages. The extension's environment version is
    its code's, so Sphinx starts afresh when it differs."""
    import pickle
    import time

    sources = tmp_path / "sources"
    shutil.copytree(EXAMPLE, sources)
    src, out = copy_docs(tmp_path / "docs"), tmp_path / "html"
    _build(src, out, sources)
    before = html_files(out)
    time.sleep(0.01)
    again = _build(src, out, sources)
    assert again["merged"] == [] and rewritten(before, out) == []  # the same code, nothing changed: nothing rewritten
    pickled = out.parent / "doctrees" / "environment.pickle"
    env = pickle.loads(pickled.read_bytes())
    assert env.version["tools.confkb.sphinxext.generate"]
    env.version = {**env.version, "tools.confkb.sphinxext.generate": 1}  # as another version of the code left it
    pickled.write_bytes(pickle.dumps(env, pickle.HIGHEST_PROTOCOL))
    time.sleep(0.01)
    _build(src, out, sources)
    assert sorted(html_files(out)) == sorted(before)
    assert rewritten(before, out) == sorted(p for p in before if p not in EVERY_BUILD)


def _published(out: Path) -> list[str]:
    """Every file in an output folder, by path."""
    return sorted(p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file())


@pytest.mark.slow
def test_a_removed_document_leaves_no_page_behind(tmp_path: Path) -> None:
    sources = tmp_path / "sources"
    shutil.copytree(EXAMPLE, sources)
    src, out = copy_docs(tmp_path / "docs"), tmp_path / "html"
    _build(src, out, sources)
    gone = [p.relative_to(out).as_posix() for p in out.rglob("*") if "chloe" in p.name]
    assert any(p.endswith(".html") for p in gone) and any(p.endswith(".ics") for p in gone)
    next(sources.rglob("chloe-exemple_*.md")).unlink()
    (out / "CNAME").write_text("kb.example.org\n", encoding="utf-8")  # not the build's: it must stay
    _build(src, out, sources)
    assert (out / "CNAME").exists()
    (out / "CNAME").unlink()
    # what is left is what a build from nothing publishes: no page, calendar or data file of the removed talk
    fresh = tmp_path / "fresh"
    _build(copy_docs(fresh / "docs"), fresh / "html", sources)
    assert [p for p in gone if (out / p).exists()] == []
    assert _published(out) == _published(fresh / "html")
    index = (out / "searchindex.js").read_text(encoding="utf-8")
    assert "speakers/chloe-exemple" not in index  # nor a search result
    # The same doctrees used for another output folder: what the list says of `out` says nothing of that one,
    # so a file there, at a path the site no longer makes, is not the build's to remove.
    assert (out / "speakers" / "ada-example.html").exists()
    next(sources.rglob("ada-example_*.md")).unlink()
    other = tmp_path / "other"
    (other / "speakers").mkdir(parents=True)
    (other / "speakers" / "ada-example.html").write_text("kept\n", encoding="utf-8")
    _build(src, other, sources)
    assert (other / "speakers" / "ada-example.html").read_text(encoding="utf-8") == "kept\n"


CHANGED = """

def setup(app):  # conf.py as an extension, set up after every other: the settings change after the helper started
    app.config.html_baseurl = "https://changed.example/kb/"
"""


@pytest.mark.slow
def test_settings_changed_after_the_pages_were_started_give_the_pages_of_the_final_settings(tmp_path: Path) -> None:
    sources = tmp_path / "sources"
    shutil.copytree(EXAMPLE, sources)
    conf = wrapping_conf(tmp_path / "conf", CHANGED)
    src, out = copy_docs(tmp_path / "docs"), tmp_path / "html"
    env = {"CONFKB_SOURCES": str(sources), "PATH": "/usr/bin:/bin", "LC_ALL": "C.UTF-8", "HOME": str(tmp_path)}
    proc = subprocess.run([sys.executable, "-m", "sphinx", "-b", "html", "-q", "-c", str(conf), "-d",
                           str(tmp_path / "doctrees"), "-j", "2", str(src), str(out)],
                          capture_output=True, text=True, env=env, timeout=600, check=False)
    assert proc.returncode == 0, proc.stderr[-3000:]
    calendar = next(out.rglob("teaching-robots-to-wave.ics")).read_text(encoding="utf-8")
    calendar = calendar.replace("\r", "").replace("\n ", "")  # long lines are folded (RFC 5545)
    # the helper began with the base URL of conf.py (none), then got the final one and rendered again
    assert "URL:https://changed.example/kb/examplecon-2099/sessions/teaching-robots-to-wave.html" in calendar
    assert "changed.example" in next(src.rglob("teaching-robots-to-wave.ics")).read_text(encoding="utf-8")
