"""Rebuilds: what an organiser's edit rewrites, and that a rebuild always equals a build from nothing."""

from __future__ import annotations

import pickle
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import ROOT, copy_docs, sphinx_build, wrapping_conf
from tests.outputs import EVERY_BUILD, html_files, rewritten

EXAMPLE = ROOT / "tests" / "golden" / "examplecon-2099" / "input"


def _build(src: Path, out: Path, sources: Path, doctrees: Path | None = None) -> None:
    """Build like `make html -j 2` (warnings are errors), with the doctrees next to *out* unless given."""
    proc = sphinx_build(src, out, sources, "-j", "2", *(["-d", str(doctrees)] if doctrees else []))
    assert proc.returncode == 0, proc.stderr[-3000:]


# Sphinx's search index drops unchanged pages' index entries on a rebuild (sphinx-doc/sphinx#12599, open)
NOT_COMPARED = {"searchindex.js", ".buildinfo"}


def _compared(out: Path) -> list[str]:
    """Files of a site but Sphinx's search index (the attendees' Pagefind index included)."""
    return sorted(p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file() and p.name not in NOT_COMPARED)


def _same_site(a: Path, b: Path) -> None:
    pages = _compared(a)
    assert pages == _compared(b)
    assert [p for p in pages if (a / p).read_bytes() != (b / p).read_bytes()] == []


@pytest.mark.slow
def test_an_edited_abstract_rewrites_its_talk_page_and_gives_what_a_fresh_build_gives(tmp_path: Path) -> None:
    sources = tmp_path / "sources"
    shutil.copytree(EXAMPLE, sources)
    src, out = copy_docs(tmp_path / "docs"), tmp_path / "html"
    _build(src, out, sources)
    before = html_files(out)
    doc = next(sources.rglob("chloe-exemple_*.md"))
    text = doc.read_text(encoding="utf-8")
    assert "look at data" in text
    doc.write_text(text.replace("look at data", "look at tea and data", 1), encoding="utf-8")
    time.sleep(0.01)
    _build(src, out, sources)
    changed = rewritten(before, out)
    assert 1 <= len(changed) <= 5, changed
    assert any("look at tea and data" in (out / p).read_text("utf-8") for p in changed)
    fresh = tmp_path / "fresh"
    _build(copy_docs(fresh / "docs"), fresh / "html", sources)
    _same_site(out, fresh / "html")  # the sitemap, kb.json and the calendars included


@pytest.mark.slow
def test_a_build_made_by_other_confkb_code_is_not_reused(tmp_path: Path) -> None:
    """Sphinx compares sources and settings, not the extension's code: a site built before an upgrade of the
    tool (a new transform, a new sidebar) would keep its old pages. The extension's environment version is
    its code's, so Sphinx starts afresh when it differs."""
    sources = tmp_path / "sources"
    shutil.copytree(EXAMPLE, sources)
    src, out = copy_docs(tmp_path / "docs"), tmp_path / "html"
    _build(src, out, sources)
    before = html_files(out)
    index = {p: p.stat().st_mtime_ns for p in out.glob("_pagefind*/**/*") if p.is_file()}
    time.sleep(0.01)
    _build(src, out, sources)
    assert rewritten(before, out) == []  # the same code, nothing changed: nothing rewritten
    assert index and {p: p.stat().st_mtime_ns for p in out.glob("_pagefind*/**/*") if p.is_file()} == index
    pickled = out.parent / f"doctrees-{out.name}" / "environment.pickle"
    env = pickle.loads(pickled.read_bytes())
    assert env.version["tools.confkb.sphinxext"]
    env.version = {**env.version, "tools.confkb.sphinxext": 1}  # as another version of the code left it
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
    _build(src, other, sources, doctrees=out.parent / f"doctrees-{out.name}")
    assert (other / "speakers" / "ada-example.html").read_text(encoding="utf-8") == "kept\n"


CHANGED = """

def setup(app):  # conf.py as an extension, set up after every other: the settings change late
    app.config.html_baseurl = "https://changed.example/kb/"
"""


@pytest.mark.slow
def test_settings_changed_by_a_late_extension_give_the_pages_of_the_final_settings(tmp_path: Path) -> None:
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
    assert "URL:https://changed.example/kb/examplecon-2099/sessions/teaching-robots-to-wave.html" in calendar
    assert "changed.example" in next(src.rglob("teaching-robots-to-wave.ics")).read_text(encoding="utf-8")
