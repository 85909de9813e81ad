"""The bounded furo sidebar: what a reader sees on the GOSIM site, and the furo it was made for."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.conftest import ROOT, SOURCES, copy_docs, sphinx_build
from tools.confkb.sphinxext import navigation

SIDEBAR = re.compile(r'<div class="sidebar-tree">(.*?)</div>', re.S)
EVENT = "gosim-ai-paris-2025"


def sidebar(page: Path) -> str:
    m = SIDEBAR.search(page.read_text(encoding="utf-8"))
    assert m, f"{page} has no furo sidebar tree"
    return m.group(1)


def links(html: str) -> list[str]:
    return re.findall(r'<a class="[^"]*" href="([^"]*)"', html)


def test_furo_is_pinned_to_the_version_the_sidebar_was_written_for() -> None:
    import furo

    pins = [ln.strip() for ln in (ROOT / "requirements.txt").read_text().splitlines() if ln.startswith("furo")]
    assert pins == [f"furo=={navigation.FURO_VERSION}"]
    assert furo.__version__ == navigation.FURO_VERSION


@pytest.mark.slow
def test_session_page_shows_its_event_and_track_not_the_whole_site(site: Path) -> None:
    track_pages = sorted((site / EVENT / "tracks").glob("*.html"))
    assert track_pages
    track = track_pages[0]
    first_session = re.search(r'href="\.\./sessions/([^"#]+\.html)"', track.read_text(encoding="utf-8")).group(1)
    html = sidebar(site / EVENT / "sessions" / first_session)
    hrefs = links(html)
    # the event with its schedule, tracks, speakers and data quality; the current track's sessions
    assert "../index.html" in hrefs and "../schedule.html" in hrefs and "../data-quality.html" in hrefs
    assert f"../tracks/{track.name}" in hrefs
    assert all(f"../tracks/{t.name}" in hrefs for t in track_pages)
    assert first_session in hrefs and "#" not in hrefs  # the page itself, marked current, by its file
    assert re.search(r'<li class="toctree-l4 current current-page"><a class="current reference internal" '
                     rf'href="{re.escape(first_session)}">', html)
    assert re.search(rf'<li class="toctree-l3 current has-children"><a class="reference internal" '
                     rf'href="\.\./tracks/{re.escape(track.name)}">', html)
    # everything else is one click away: no speaker pages, no sessions of other tracks
    assert not any("speakers/" in h and not h.endswith("speakers/index.html") for h in hrefs)
    others = [s for t in track_pages[1:] for s in re.findall(r'href="\.\./sessions/([^"#]+\.html)"',
                                                               t.read_text(encoding="utf-8"))]
    assert others and not any(f"../sessions/{s}" in hrefs for s in others)


@pytest.mark.slow
def test_every_sidebar_is_small_and_every_link_works(site: Path) -> None:
    pages = sorted(site.rglob("*.html"))
    assert len(pages) > 100
    for page in pages:
        if page.name == "404.html":
            continue  # notfound's page links absolutely, from the site root
        if 'http-equiv="refresh"' in page.read_text(encoding="utf-8"):
            continue  # a former address, which only leads on to the page now
        html = sidebar(page)
        hrefs = links(html)
        assert 3 <= len(hrefs) <= 60, (page, len(hrefs))  # the old sidebar had every page: 200+
        for href in hrefs:
            target = href.split("#")[0]
            assert not target or (page.parent / target).resolve().is_file(), (page, href)


@pytest.mark.slow
def test_home_page_sidebar_lists_event_speakers_and_guide(site: Path) -> None:
    html = sidebar(site / "index.html")
    hrefs = links(html)
    assert f"{EVENT}/index.html" in hrefs and "speakers/index.html" in hrefs and "guide/index.html" in hrefs
    assert "GOSIM AI Paris 2025" in html and ">Schedule<" in html
    # the event is collapsed on the home page, as furo collapses what is not current
    assert 'aria-label="Toggle navigation of GOSIM AI Paris 2025" class' in html


@pytest.mark.slow
def test_speaker_page_marks_the_speaker_index_and_shows_where_they_speak(site: Path) -> None:
    page = next(p for p in sorted((site / "speakers").glob("*.html")) if p.name != "index.html")
    html = sidebar(page)
    assert re.search(r'<li class="toctree-l1 current"><a class="reference internal" href="index.html">', html)
    assert f"../{EVENT}/schedule.html" in links(html)


@pytest.mark.slow
def test_parallel_build_is_identical_to_serial(site: Path, tmp_path: Path) -> None:
    src = copy_docs(tmp_path / "docs")
    out = tmp_path / "html"
    proc = sphinx_build(src, out, SOURCES, "-j", "2")
    assert proc.returncode == 0, proc.stderr[-3000:]
    serial = {p.relative_to(site).as_posix(): p.read_bytes() for p in site.rglob("*.html")}
    parallel = {p.relative_to(out).as_posix(): p.read_bytes() for p in out.rglob("*.html")}
    assert sorted(serial) == sorted(parallel)
    different = [k for k in serial if serial[k] != parallel[k]]
    assert different == []
