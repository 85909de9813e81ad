"""The build cache never serves a stale page: after each kind of edit, cached output equals a build from nothing."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import SOURCES
from tools.confkb.cache import BuildCache
from tools.confkb.model import KnowledgeBase, Session
from tools.confkb.pipeline import load, pages

EVENT = "gosim-ai-paris-2025"


def _doc(sources: Path, s: Session) -> Path:
    return sources.parent / next(x for x in s.sources if not x.endswith(".json"))


def _talk(sources: Path, kb: KnowledgeBase) -> Session:
    """A talk with one speaker whose track has other talks (so other pages list it), and whose document
    spells its title, speaker and start time as the knowledge base does (so each edit below changes it)."""
    people = {p.slug: p.name for p in kb.speakers}
    for s in kb.sessions:
        if len(s.speakers) == 1 and s.abstract and s.start and sum(x.track == s.track for x in kb.sessions) > 2 \
                and any(not x.endswith(".json") for x in s.sources):
            text = _doc(sources, s).read_text(encoding="utf-8")
            if s.title in text and people[s.speakers[0]] in text and s.start in text:
                return s
    raise AssertionError("no talk to edit")


def _edit_doc(sources: Path, kb: KnowledgeBase, change: Callable[[str, Session, KnowledgeBase], str]) -> None:
    s = _talk(sources, kb)
    doc = _doc(sources, s)
    text = doc.read_text(encoding="utf-8")
    new = change(text, s, kb)
    assert new != text
    doc.write_text(new, encoding="utf-8")


def _abstract(text: str, s: Session, kb: KnowledgeBase) -> str:
    line = next(ln.strip() for ln in s.abstract.splitlines() if len(ln.strip()) > 20)[:30]
    return text.replace(line, "Edited for the cache test. " + line, 1)


def _title(text: str, s: Session, kb: KnowledgeBase) -> str:
    return text.replace(s.title, "A Talk Renamed For The Cache Test")


def _speaker(text: str, s: Session, kb: KnowledgeBase) -> str:
    name = next(p.name for p in kb.speakers if p.slug == s.speakers[0])
    return text.replace(name, "Renata Renamed")


def _time(text: str, s: Session, kb: KnowledgeBase) -> str:
    return text.replace(s.start, "08:05", 1)


def _programme_name(sources: Path) -> None:
    path = sources / EVENT / "Speakers.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    people = data["speakers"] if isinstance(data, dict) else data
    people[0]["name"] = "Programme Renamed"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")


def _remove_doc(sources: Path, kb: KnowledgeBase) -> None:
    _doc(sources, _talk(sources, kb)).unlink()


def _add_doc(sources: Path, kb: KnowledgeBase) -> None:
    """A late talk by a new speaker: a copy of a talk's document under a new name, title and speaker."""
    s = _talk(sources, kb)
    name = next(p.name for p in kb.speakers if p.slug == s.speakers[0])
    text = _doc(sources, s).read_text(encoding="utf-8").replace(s.title, "A Late Talk").replace(name, "Lata Late")
    (sources / EVENT / "lata-late_A_Late_Talk_en.md").write_text(text, encoding="utf-8")


def _add_image(sources: Path, kb: KnowledgeBase) -> None:
    """The picture a document names but that was missing ('zenoh-protocol.png') arrives."""
    (sources / EVENT / "zenoh-protocol.png").write_bytes(b"\x89PNG\r\n\x1a\n")


@pytest.mark.parametrize("programme", [pytest.param(False, id="documents-only"),
                                       pytest.param(True, id="with-programme", marks=pytest.mark.slow)])
def test_every_kind_of_edit_gives_the_pages_a_fresh_build_gives(tmp_path: Path, programme: bool) -> None:
    sources = tmp_path / "sources"
    ignore = None if programme else shutil.ignore_patterns("Schedule.json", "Speakers.json")
    shutil.copytree(SOURCES, sources, ignore=ignore)
    cache = tmp_path / "cache"
    edits: list[Callable[[Path, KnowledgeBase], None]] = [
        lambda src, kb, f=f: _edit_doc(src, kb, f) for f in (_abstract, _title, _speaker, _time)]
    if programme:
        edits.append(lambda src, kb: _programme_name(src))
    edits += [_remove_doc, _add_doc, _add_image]
    _build(sources, cache)  # fill the cache
    for edit in edits:
        edit(sources, load(sources).kb)
        fresh = load(sources)
        expected, report = pages(fresh), fresh.report.sorted()
        cached, got, _ = _build(sources, cache)
        assert sorted(k for k in expected if got.get(k) != expected[k]) == []
        assert sorted(got) == sorted(expected)
        assert cached.report.sorted() == report


def _build(sources: Path, folder: Path):
    """A build with its cache in *folder*, as Sphinx's doctrees keep it: (result, files, the cache)."""
    cache = BuildCache(folder)
    result = load(sources, cache)
    files = pages(result, "", cache)
    cache.save()
    return result, files, cache


def test_a_rebuild_with_nothing_changed_computes_nothing_and_gives_the_same_files(tmp_path: Path) -> None:
    _, first, cache = _build(SOURCES, tmp_path)
    assert cache.computed["doc"] == 64 and cache.computed["session-page"] == 77
    _, again, cache = _build(SOURCES, tmp_path)
    assert again == first
    assert sum(cache.computed.values()) == 0


def test_a_rebuild_after_adding_a_document_parses_that_document_alone(tmp_path: Path) -> None:
    """The other documents' results do not depend on which documents are beside them, so they stay cached."""
    sources = tmp_path / "sources"
    shutil.copytree(SOURCES, sources)
    _build(sources, tmp_path / "cache")
    _add_doc(sources, load(sources).kb)
    result, _, cache = _build(sources, tmp_path / "cache")
    assert cache.computed["doc"] == 1
    assert "A Late Talk" in {s.title for s in result.kb.sessions}


def test_an_edited_abstract_renders_one_page_again(tmp_path: Path) -> None:
    sources = tmp_path / "sources"
    shutil.copytree(SOURCES, sources)
    _build(sources, tmp_path / "cache")
    _edit_doc(sources, load(sources).kb, _abstract)
    _, _, cache = _build(sources, tmp_path / "cache")
    assert cache.computed["doc"] == 1 and cache.computed["session-page"] == 1
    assert cache.computed["speaker-page"] == cache.computed["event-page"] == 0
