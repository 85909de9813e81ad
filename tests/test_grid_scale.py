"""The schedule grid at FOSDEM's scale: the real FOSDEM 2021 programme (106 rooms, 2 days) and the benchmark's
synthetic event of 100 tracks and 400 talks in one day, built by Sphinx and read in Chromium at 390 px."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests import synth
from tests.conftest import ROOT, copy_docs, sphinx_build

pytestmark = pytest.mark.slow

MAX_DAY_BYTES = 500_000  # one day's schedule page, HTML as published
# measured: FOSDEM 2021 Saturday 417 KB and Sunday 391 KB; the synthetic day of 400 talks: see the assertion
PHONE = {"width": 390, "height": 844}


def _build(tmp_path: Path, sources: Path) -> Path:
    out = tmp_path / "html"
    proc = sphinx_build(copy_docs(tmp_path / "docs"), out, sources)
    assert proc.returncode == 0, proc.stderr[-5000:]
    assert proc.stderr.strip() == "", proc.stderr[-5000:]
    return out


def _check_days(out: Path, event: str, room_or_track: str, key: str) -> list[int]:
    from playwright.sync_api import sync_playwright

    days = [out / event / "schedule.html", *sorted((out / event / "schedule").glob("*.html"))]
    sizes = [p.stat().st_size for p in days]
    assert max(sizes) < MAX_DAY_BYTES, dict(zip([p.name for p in days], sizes, strict=True))
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium")
        page = browser.new_page(viewport=PHONE)
        for html in days:
            page.goto(html.as_uri())
            width, inner = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
            assert width <= inner, f"{html.name} scrolls sideways at 390 px ({width} > {inner})"
        # filter first: one room (or track) of a hundred leaves one column on the screen
        page.goto(f"{days[0].as_uri()}?{key}={room_or_track}")
        page.wait_for_function("() => document.querySelector('.confkb-shown').textContent !== ''")
        heads = page.evaluate("() => [...document.querySelectorAll('.confkb-col')].filter(h => !h.hidden)"
                              ".map(h => h.dataset.col)")
        assert heads == [room_or_track]
        shown = page.evaluate("() => [...document.querySelectorAll('.confkb-block')].filter(b => !b.hidden)"
                              ".map(b => b.getBoundingClientRect().width)")
        assert shown and all(w > 100 for w in shown)
        browser.close()
    return sizes


def test_fosdem_2021_days_are_small_and_usable_on_a_phone(tmp_path: Path) -> None:
    sources = tmp_path / "sources" / "fosdem-2021"
    sources.mkdir(parents=True)
    shutil.copyfile(ROOT / "tests" / "data" / "schedules" / "pentabarf_fosdem2021_schedule.xml",
                    sources / "schedule.xml")
    out = _build(tmp_path, sources.parent)
    _check_days(out, "fosdem-2021", "k-fosdem", "room")


def test_a_synthetic_day_of_100_tracks_and_400_talks(tmp_path: Path) -> None:
    sources = synth.generate(400, tmp_path / "sources", per_event=400, per_track=4)
    out = _build(tmp_path, sources)
    event = next(sources.iterdir()).name
    track = sorted((out / event / "tracks").glob("*.html"))[0].stem
    sizes = _check_days(out, event, track, "track")
    assert len(sizes) == 1
