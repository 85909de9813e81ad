"""Scale smoke test (CI): a 100-session synthetic knowledge base builds, stays small per page, rebuilds little."""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests import synth
from tests.conftest import copy_docs, sphinx_build
from tests.outputs import EVERY_BUILD, SIDEBAR, html_files, rewritten
from tools.confkb.pipeline import load


@pytest.mark.slow
def test_synthetic_sources_have_the_requested_size(tmp_path: Path, gosim) -> None:
    sources = synth.generate(30, tmp_path / "sources", per_event=20, per_track=5)
    kb = load(sources).kb
    assert [len([s for s in kb.sessions if s.event == e.slug]) for e in kb.events] == [10, 20]  # folders sort by name
    assert len(kb.speakers) == 30
    assert all(s.date and s.start and s.track and s.abstract for s in kb.sessions)
    real_titles = {s.title for s in gosim.kb.sessions}
    assert not real_titles & {s.title for s in kb.sessions}


def _sitemap(out: Path) -> list[str]:
    import xml.etree.ElementTree as ET

    return [e.text for e in ET.fromstring((out / "sitemap.xml").read_bytes()).iter(
        "{http://www.sitemaps.org/schemas/sitemap/0.9}loc")]


@dataclass(frozen=True)
class Built:
    """A synthetic site built like `make html -j 2`: its sources, Sphinx source folder and output."""

    sources: Path
    src: Path
    out: Path

    def rebuild(self) -> list[str]:
        """Build again; the HTML files the rebuild wrote (besides those every build writes)."""
        before = html_files(self.out)
        time.sleep(0.01)  # distinct mtimes
        proc = sphinx_build(self.src, self.out, self.sources, "-j", "2")
        assert proc.returncode == 0, proc.stderr[-3000:]
        return rewritten(before, self.out)



def build_hundred(base: Path) -> Built:
    """The 100-session site of the benchmark, built in *base* (Sphinx ties a build to its folders: a test that
    changes the site builds its own)."""
    sources = synth.generate(100, base / "sources")
    src, out = copy_docs(base / "docs"), base / "html"
    proc = sphinx_build(src, out, sources, "-j", "2")
    assert proc.returncode == 0 and not proc.stderr.strip(), proc.stderr[-3000:]
    return Built(sources, src, out)


@pytest.fixture(scope="module")
def hundred(tmp_path_factory: pytest.TempPathFactory) -> Built:
    return build_hundred(tmp_path_factory.mktemp("hundred"))


@pytest.mark.slow
def test_every_page_of_a_100_session_site_has_a_small_sidebar(hundred: Built) -> None:
    pages = list(hundred.out.rglob("*.html"))
    assert len(pages) >= 200
    sidebars = [SIDEBAR.search(p.read_text(encoding="utf-8")) for p in pages if p.name != "404.html"]
    assert all(sidebars)
    assert max(m.group(1).count("<a ") for m in sidebars) <= 60  # not 200 links on every page


@pytest.mark.slow
def test_the_report_of_a_100_document_event_has_a_page_per_track(hundred: Built) -> None:
    _report_has_a_page_per_track(hundred.out, load(hundred.sources).kb)


@pytest.mark.slow
def test_an_edited_abstract_rewrites_its_talk_page_and_little_else(tmp_path: Path) -> None:
    site = build_hundred(tmp_path)
    s = synth.edit_abstract(site.sources)
    changed = site.rebuild()
    assert f"{s.event}/sessions/{s.slug}.html" in changed and len(changed) <= 5, changed
    assert synth.EDITED.strip() in (site.out / s.event / "sessions" / f"{s.slug}.html").read_text("utf-8")


@pytest.fixture(scope="module")
def added(tmp_path_factory: pytest.TempPathFactory) -> tuple[Built, object, list[str]]:
    """The 100-session site after one talk was added to a track and the site rebuilt: (site, the talk whose
    track and slot it took, the HTML files the rebuild wrote)."""
    site = build_hundred(tmp_path_factory.mktemp("added"))
    s = synth.add_document(site.sources)
    return site, s, site.rebuild()


@pytest.mark.slow
def test_an_added_talk_reaches_every_page_that_shows_it_and_no_other(added) -> None:
    site, s, changed = added
    mates = [x for x in load(site.sources).kb.sessions
             if x.event == s.event and x.track == s.track and x.title not in (s.title, synth.ADDED_TITLE)]
    assert mates
    assert f"{s.event}/sessions/benchmarks-for-growing-knowledge-bases.html" in changed
    # its track mates' sidebars list it, though their sources did not change
    mate = site.out / s.event / "sessions" / f"{mates[-1].slug}.html"
    assert "benchmarks-for-growing-knowledge-bases.html" in SIDEBAR.search(mate.read_text("utf-8")).group(1)
    assert len(changed) < len(list(site.out.rglob("*.html"))) // 4, len(changed)  # only what shows the new talk
    # its problems are on its track's page of the report, and counted on the event's; other tracks' pages stay
    reports = [p for p in changed if "/data-quality" in p]
    assert reports == [f"{s.event}/data-quality.html", f"{s.event}/data-quality/{s.track}.html"], reports
    assert "Benchmarks for Growing Knowledge Bases" in (site.out / s.event / "calendar.ics").read_text("utf-8")


@pytest.mark.slow
def test_after_a_rebuild_sidebars_and_sitemap_are_those_of_a_fresh_build(added, tmp_path: Path) -> None:
    site, _, _ = added
    fresh = tmp_path / "fresh"
    proc = sphinx_build(copy_docs(tmp_path / "docs-fresh"), fresh, site.sources, "-j", "2")
    assert proc.returncode == 0, proc.stderr[-3000:]
    stale = [p.relative_to(fresh).as_posix() for p in fresh.rglob("*.html") if p.name != "404.html"
             and SIDEBAR.search(p.read_text("utf-8")).group(1)
             != SIDEBAR.search((site.out / p.relative_to(fresh)).read_text("utf-8")).group(1)]
    assert not stale, stale[:10]
    # the sitemap still lists every page, though the rebuild wrote only a few
    listed = _sitemap(site.out)
    assert listed == _sitemap(fresh) == sorted(listed)
    assert len(listed) == len([p for p in site.out.rglob("*.html") if p.relative_to(site.out).as_posix() not in EVERY_BUILD])


def _report_has_a_page_per_track(out: Path, kb) -> None:
    """An event of 100 documents: its report's pages per track are reachable, marked in the sidebar, quote
    source text as written, and stay out of the search index like the event's report."""
    import json
    import re

    (e,) = kb.events
    event_report = (out / e.slug / "data-quality.html").read_text("utf-8")
    for t in e.tracks:
        assert f'href="data-quality/{t.slug}.html"' in event_report
    t = e.tracks[0]
    html = (out / e.slug / "data-quality" / f"{t.slug}.html").read_text("utf-8")
    current = re.search(r'<li class="toctree-l2 current[^"]*"><a class="reference internal" href="([^"]+)">', html)
    assert current and current.group(1) == "../data-quality.html", current
    assert " · dropped · " in html and "‘" not in html and "“" not in html
    index = (out / "searchindex.js").read_text("utf-8")
    data = json.loads(index[index.index("(") + 1: index.rindex(")")])
    hidden = {n for n, doc in enumerate(data["docnames"]) if doc.startswith(f"{e.slug}/data-quality")}
    assert len(hidden) == len(e.tracks) + 1
    for docs in data["terms"].values():
        assert not hidden & ({docs} if isinstance(docs, int) else set(docs))


@pytest.mark.slow
def test_a_long_track_gives_a_sidebar_of_its_neighbourhood_and_a_way_through_it(tmp_path: Path) -> None:
    """One event in five tracks (GOSIM's shape, grown): a talk's sidebar lists its own part of its track and
    links to the parts before and after, so a track of 600 talks gives a sidebar no longer than one of 6."""
    import re

    from tools.confkb.sphinxext.navigation import TRACK_WINDOW

    sources = synth.generate(200, tmp_path / "sources", per_event=200, per_track=40)
    kb = load(sources).kb
    (e,) = kb.events
    assert len(e.tracks) == 5
    src, out = copy_docs(tmp_path / "docs"), tmp_path / "html"
    proc = sphinx_build(src, out, sources, "-j", "2")
    assert proc.returncode == 0 and not proc.stderr.strip(), proc.stderr[-3000:]
    pages = [p for p in out.rglob("*.html") if p.name != "404.html"]
    assert max(SIDEBAR.search(p.read_text("utf-8")).group(1).count("<a ") for p in pages) <= 60
    track = [s for s in kb.sessions if s.track == e.tracks[0].slug]
    assert len(track) == 40 > TRACK_WINDOW
    first, last = (out / e.slug / "sessions" / f"{s.slug}.html" for s in (track[0], track[-1]))
    head = SIDEBAR.search(first.read_text("utf-8")).group(1)
    tail = SIDEBAR.search(last.read_text("utf-8")).group(1)
    assert f"{track[TRACK_WINDOW - 1].slug}.html" in head and f"{track[TRACK_WINDOW + 1].slug}.html" not in head
    later = re.search(r'href="([\w-]+\.html)">Later in this track \((\d+)\)<', head)
    assert later and later[1] == f"{track[TRACK_WINDOW].slug}.html" and int(later[2]) == 40 - TRACK_WINDOW
    earlier = re.search(r'href="([\w-]+\.html)">Earlier in this track \((\d+)\)<', tail)
    assert earlier and earlier[1] == f"{track[TRACK_WINDOW - 1].slug}.html" and int(earlier[2]) == TRACK_WINDOW
    assert f"{track[0].slug}.html" not in tail


@pytest.mark.slow
def test_many_rooms_at_once_list_ten_and_link_the_schedule(tmp_path: Path) -> None:
    """An event of many parallel rooms (FOSDEM runs 60): a talk page lists ten talks at the same time, and the
    rest are one click away, on the schedule at that time."""
    import re

    from tools.confkb.render.pages import AT_THE_SAME_TIME

    sources = synth.generate(26, tmp_path / "sources", per_event=26, per_track=2)  # 13 tracks side by side
    kb = load(sources).kb
    s = kb.sessions[0]
    src, out = copy_docs(tmp_path / "docs"), tmp_path / "html"
    proc = sphinx_build(src, out, sources)
    assert proc.returncode == 0 and not proc.stderr.strip(), proc.stderr[-3000:]
    html = (out / s.event / "sessions" / f"{s.slug}.html").read_text("utf-8")
    section = html[html.index('id="at-the-same-time"'):]
    section = section[:section.index("</ul>")]
    items = re.findall(r"<li>(.*?)</li>", section, re.S)
    assert len(items) == AT_THE_SAME_TIME
    assert all(re.search(r'href="[\w-]+\.html"', item) for item in items)  # talks beside this one
    # the rest: one link to this talk's block on its day's grid, where every parallel talk stands
    more = re.search(r'(\d+) more: <a href="\.\./schedule\.html#([\w-]+)"', html)
    assert more, html[html.index('id="at-the-same-time"'):][:3000]
    parallel = [x for x in kb.sessions if x.event == s.event and x.date == s.date and x.start == s.start]
    assert int(more[1]) == len(parallel) - 1 - AT_THE_SAME_TIME
    schedule = (out / s.event / "schedule.html").read_text("utf-8")
    assert f'id="{more[2]}"' in schedule
    assert all(f"sessions/{x.slug}.html" in schedule for x in parallel)
