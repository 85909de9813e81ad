"""The data-quality report of a large event: a page per track, nothing lost, each page about its track."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests import synth
from tests.conftest import ROOT
from tools.confkb.pipeline import load, pages
from tools.confkb.render import urls
from tools.confkb.render.report import data_quality_pages

ITEM = re.compile(r"^- (?:line \d+|whole file) · ", re.M)


def _items(text: str) -> list[tuple[str, str]]:
    """(document heading, item) of every problem a report page lists."""
    out, heading = [], ""
    for line in text.split("\n"):
        if line.startswith("### "):
            heading = line
        elif ITEM.match(line):
            out.append((heading, line))
    return out


@pytest.fixture(scope="module")
def large(tmp_path_factory: pytest.TempPathFactory):
    sources = synth.generate(urls.REPORT_BY_TRACK_FROM, tmp_path_factory.mktemp("large") / "sources")
    result = load(sources)
    return result, pages(result)


def test_a_large_event_has_a_report_page_per_track_and_loses_no_item(large) -> None:
    result, files = large
    (e,) = result.kb.events
    report = urls.data_quality_doc(e.slug)
    per_track = {t.slug: files[f"{urls.data_quality_doc(e.slug, t.slug)}.md"] for t in e.tracks}
    assert len(per_track) == len(e.tracks) > 5
    # every problem of the one-page report is on exactly one of the pages, under its document
    whole = data_quality_pages(e, result.report.sorted(), {}, result.unplaced)
    assert list(whole) == [f"{report}.md"]
    split = [it for text in [files[f"{report}.md"], *per_track.values()] for it in _items(text)]
    assert sorted(split) == sorted(_items(whole[f"{report}.md"])) and len(split) > 500
    # the event's page counts each track's problems and links its page; a track's page has its documents only
    main = files[f"{report}.md"]
    assert not _items(main)  # every document of this event belongs to a session of a track
    for t in e.tracks:
        text = per_track[t.slug]
        mine = [s for s in result.kb.sessions if s.track == t.slug]
        found = _items(text)
        assert found and {h for h, _ in found} == {f"### {Path(s.sources[0]).name}".replace("_", "\\_") for s in mine}
        assert f"](/{urls.data_quality_doc(e.slug, t.slug)}.md): " in main
        assert f"({sum(' · dropped · ' in it for _, it in found)} dropped" in text
        assert text.startswith("---\nnosearch: true\n---\n")
    # a talk's page links its document's part of the report, on its track's page
    for s in result.kb.sessions[:20]:
        _links_its_part(files, s, f"{urls.data_quality_doc(e.slug, s.track)}.md")


def _links_its_part(files: dict[str, str], s, page: str) -> None:
    """The talk's "data quality report" link goes to the section of *page* about the talk's document."""
    found = re.search(r"\[data quality report\]\(/([^)#]+)#([\w-]+)\)", files[f"{urls.session_doc(s)}.md"])
    assert found and found[1] == page, found
    document = next(src for src in s.sources if not src.endswith(".json"))  # its first document
    assert found[2] == urls.report_entry(document)
    assert f"\n({found[2]})=\n### {Path(document).name.replace('_', chr(92) + '_')}\n" in files[page]


def test_a_small_event_keeps_one_report_page(gosim) -> None:
    files = pages(gosim)
    (e,) = gosim.kb.events
    assert f"{urls.data_quality_doc(e.slug)}.md" in files
    assert not [p for p in files if p.startswith(f"{urls.data_quality_doc(e.slug)}/")]
    documents = {src for s in gosim.kb.sessions for src in s.sources if not src.endswith(".json")}
    assert len(documents) < urls.REPORT_BY_TRACK_FROM
    with_document = [s for s in gosim.kb.sessions if any(not src.endswith(".json") for src in s.sources)]
    assert len(with_document) >= 60
    for s in with_document:
        _links_its_part(files, s, f"{urls.data_quality_doc(e.slug)}.md")


def test_a_document_without_problems_still_has_its_part() -> None:
    """Every document has its part of the report, so that a talk's link to it lands: a clean one says so."""
    result = load(ROOT / "tests" / "golden" / "examplecon-2099" / "input")
    files = pages(result)
    (e,) = result.kb.events
    report = files[f"{urls.data_quality_doc(e.slug)}.md"]
    with_problems = {d.file for d in result.report.items}
    clean = [src for s in result.kb.sessions for src in s.sources if src not in with_problems]
    assert clean, "the example has a document with no problem"
    for src in clean:
        part = report.split(f"\n({urls.report_entry(src)})=\n### ", 1)[1].split("\n(report-", 1)[0]
        assert part.split("\n\n")[2].strip() == "No problems found.", part
    for s in result.kb.sessions:
        _links_its_part(files, s, f"{urls.data_quality_doc(e.slug)}.md")
