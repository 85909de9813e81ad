"""Attacks on the pipeline without Sphinx: markup stays text, names stay inside OUT, bad bytes spoil nothing."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from tools.confkb.assemble import slugs
from tools.confkb.diagnostics import Code, Report
from tools.confkb.ingest.repair import repair
from tools.confkb.model import SourceDoc
from tools.confkb.pipeline import load, pages
from tools.confkb.render.mdsafe import render, render_inline
from tools.confkb.write import write_all

from .hostile import EVENT, MARKER, PAYLOADS, SECRET, active_markup, broken_docs, name_docs, talk, write_event


@pytest.mark.parametrize("name", sorted(PAYLOADS))
def test_payload_renders_as_inert_text(name):
    report = Report()
    for out in (render(PAYLOADS[name], "sources/x/a.md", 1, report), render_inline(PAYLOADS[name])):
        assert active_markup(out) == [], out
        assert MARKER in out.replace("\\", "")  # the words are still there, as text


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    sources = tmp_path_factory.mktemp("hostile") / "sources"
    write_event(sources, huge=False)
    result = load(sources)
    return sources, result, pages(result)


def test_every_generated_page_is_inert_where_it_shows_source_text(hostile):
    _, _, files = hostile
    for rel, text in files.items():
        if rel.endswith(".md"):
            assert SECRET not in text and "root:x:0:0" not in text, rel
            # the renderer's own directives, targets, provenance comment and links between pages are expected;
            # anything else (a role, raw HTML inline, math, a substitution, a foreign fence) came from a source
            bad = [a for a in active_markup(text) if not a.startswith(
                ("colon_fence", "myst_target", "html_block: '<!-- generated", "front_matter", "field_list",
                 "link_open '/", "link_open 'path:"))
                   and not a.startswith(("fence '{index} single:", 'fence "{index} single:'))]
            assert bad == [], (rel, bad)


def test_pages_land_inside_out_with_unique_stable_names(hostile, tmp_path):
    sources, result, files = hostile
    out = tmp_path / "out"
    write_all(files, out)
    written = [p for p in out.rglob("*") if p.is_file()]
    assert all(out.resolve() in p.resolve().parents for p in written)
    assert not (tmp_path / "etc").exists() and not Path("/absolute").exists()
    for rel in files:
        assert all(len(part.encode()) <= 255 for part in Path(rel).parts), rel
        assert ".." not in Path(rel).parts and not rel.startswith("/")
    lower = [r.lower() for r in files]
    assert len(set(lower)) == len(lower)  # unique even on a case-insensitive file system
    slugs_ = [p.slug for p in result.kb.speakers]
    assert len(set(slugs_)) == len(slugs_) and {"jose-perez"} <= set(slugs_)
    assert pages(load(sources)) == files  # stable


def test_slugs_of_hostile_names():
    for name in ["../../etc/passwd", "/absolute", "CON", "con", "🎉🎉", "!!! ???", "x" * 600, "aux.txt", "."]:
        s = slugs.make(name)
        assert s and "/" not in s and not s.startswith(".") and len(s) <= 90 and s not in slugs.RESERVED, (name, s)
    assert slugs.make("🎉🎉") != slugs.make("🦄🦄")
    a = slugs.assign(["José Pérez", "Jose Perez"])
    b = slugs.assign(["Jose Perez", "José Pérez", "Someone Else"])
    assert a["José Pérez"] == b["José Pérez"] and a["Jose Perez"] == b["Jose Perez"]
    assert len(set(a.values())) == 2


@pytest.mark.parametrize("rel", ["../escape.md", "/tmp/abs.md", "a/../../b.md", "sub/../../../x"])
def test_write_all_refuses_paths_outside_out(tmp_path, rel):
    with pytest.raises(ValueError, match="outside"):
        write_all({rel: "x"}, tmp_path / "out")
    assert not (tmp_path / "escape.md").exists()


def test_symbolic_links_out_of_sources_are_not_followed(hostile):
    _, result, files = hostile
    errors = {d.file.rsplit("/", 1)[-1] for d in result.report.items if d.code is Code.READ_FAILED}
    assert {"link-out.md", "link-passwd.md"} <= errors
    assert not any("Secret Keeper" in t or SECRET in t for t in files.values())
    # the report says what happened to the file as a whole: it has no line to point at
    report = files["hostile-con/data-quality.md"]
    assert "### link-out.md\n\n- whole file · error · [`read_failed`](/guide/codes.md#code-read-failed): symbolic link " \
           "leads outside" in report


def test_each_broken_document_gets_a_diagnostic_and_spoils_nothing(tmp_path):
    good = talk("The Good Talk", "Goodie Person")
    for name, raw in broken_docs().items():
        sources = tmp_path / name / "sources"
        (sources / EVENT).mkdir(parents=True)
        (sources / EVENT / name).write_bytes(raw if isinstance(raw, bytes) else raw.encode())
        (sources / EVENT / "zz-good.md").write_text(good, encoding="utf-8")
        result = load(sources)
        titles = {s.title for s in result.kb.sessions}
        assert "The Good Talk" in titles, name
        mine = [d for d in result.report.items if d.file.endswith(name)]
        if not name.startswith(("broken-claim", "broken-heading")):  # fine alone (the pair is tested below)  # a claim is fine alone; the pair is tested below
            assert mine, name
        assert all(d.file and d.line >= 0 and d.code for d in mine)
        pages(result)


def test_broken_documents_get_the_right_codes():
    report = Report()
    codes = {}
    for name, raw in broken_docs().items():
        r = Report()
        repair(SourceDoc(f"sources/{EVENT}/{name}", EVENT, raw if isinstance(raw, bytes) else raw.encode()), r)
        codes[name] = {d.code for d in r.items}
        report.items.extend(r.items)
    assert Code.EMPTY in codes["broken-empty.md"] and Code.EMPTY in codes["broken-whitespace.md"]
    assert codes["broken-png.md"] == {Code.BINARY} and codes["broken-random.md"] == {Code.BINARY}
    assert Code.BOM in codes["broken-utf16.md"] and Code.NOT_UTF8 in codes["broken-cp1252.md"]
    assert Code.CONTROL_CHARS in codes["broken-nul.md"] and Code.LINE_ENDINGS in codes["broken-cr.md"]


def test_impossible_times_and_conflicts_are_reported(hostile):
    _, result, _ = hostile
    by_file = {}
    for d in result.report.items:
        by_file.setdefault(d.file.rsplit("/", 1)[-1], set()).add(d.code)
    assert Code.BAD_TIME in by_file["broken-times.md"] and Code.BAD_TIME in by_file["broken-backwards.md"]
    assert Code.BAD_DATE in by_file["broken-date.md"]
    assert Code.DUPLICATE_SECTION in by_file["broken-twice.md"]
    assert Code.SESSION_CONFLICT in by_file["broken-claim2.md"]


def test_name_documents_all_make_sessions(hostile):
    _, result, _ = hostile
    files = {src.rsplit("/", 1)[-1] for s in result.kb.sessions for src in s.sources}
    assert set(name_docs()) <= files


@pytest.mark.slow
def test_huge_documents_cost_linear_time(tmp_path):
    from .hostile import huge_docs

    times = {}
    for name, text in huge_docs().items():
        sources = tmp_path / name / "sources"
        (sources / EVENT).mkdir(parents=True)
        (sources / EVENT / name).write_text(text, encoding="utf-8")
        start = time.perf_counter()
        result = load(sources)
        pages(result)
        times[name] = time.perf_counter() - start
        assert result.kb.sessions, name
    assert times["huge-5mb.md"] < 10, times  # 5 MB
    assert times["huge-bio.md"] < 10, times  # 10,000 lines


def test_write_all_does_not_write_through_a_planted_symbolic_link(tmp_path):
    out, victim = tmp_path / "out", tmp_path / "victim.txt"
    (out / "speakers").mkdir(parents=True)
    victim.write_text("keep me", encoding="utf-8")
    (out / "speakers" / "x.md").symlink_to(victim)
    with pytest.raises(ValueError, match="outside"):
        write_all({"speakers/x.md": "overwritten"}, out)
    assert victim.read_text(encoding="utf-8") == "keep me"
