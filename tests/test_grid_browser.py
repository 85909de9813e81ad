"""The schedule grid of GOSIM in a real Chromium at desktop and phone width, with and without JavaScript."""

from __future__ import annotations

import re
from itertools import pairwise

import pytest

from tests.test_browser import CHROMIUM_ARGS, DESKTOP, EVENT, PHONE, browser, server  # noqa: F401 (fixtures)

pytestmark = pytest.mark.slow

DAY1, DAY2 = f"{EVENT}/schedule.html", f"{EVENT}/schedule/2025-05-07.html"
# Each day's page height on a phone (390 px): the grid scrolls in its own box, so a day is about two screens
# (measured: 1,399 px and 1,423 px; the old list of time headings was 11,755 px on Wednesday)
PHONE_HEIGHT_MAX = 1600

BOXES = """sel => [...document.querySelectorAll(sel)].map(b => ({slug: b.dataset.session, start: b.dataset.start,
    end: b.dataset.end, title: b.querySelector('a').textContent, ...b.getBoundingClientRect().toJSON()}))"""


@pytest.fixture(params=[DESKTOP, PHONE], ids=["1280", "390"])
def page(request, browser, server):
    page = browser.new_page(viewport=request.param)
    page.set_default_timeout(15_000)
    yield page
    page.close()


def _blocks(page, url: str) -> list[dict]:
    page.goto(url)
    page.wait_for_load_state("load")
    return page.evaluate(BOXES, ".confkb-block")


def _minutes(iso: str) -> int:
    hh, mm = re.search(r"T(\d\d):(\d\d)", iso).groups()
    return int(hh) * 60 + int(mm)


def test_parallel_talks_sit_side_by_side_and_height_follows_length(page, server):
    blocks = _blocks(page, f"{server}/{DAY2}")
    at_1030 = [b for b in blocks if b["start"].endswith("T10:30:00+02:00")]
    assert len(at_1030) >= 3
    assert len({round(b["y"]) for b in at_1030}) == 1, "talks at the same time start at the same height"
    xs = sorted(at_1030, key=lambda b: b["x"])
    assert all(a["x"] + a["width"] <= b["x"] + 0.5 for a, b in pairwise(xs)), "side by side, not overlapping"
    by_length = {}
    for b in blocks:
        by_length.setdefault(_minutes(b["end"]) - _minutes(b["start"]), b)
    assert 20 in by_length and 40 in by_length
    assert by_length[20]["height"] * 2 == pytest.approx(by_length[40]["height"], abs=1)


def test_a_plenary_appears_once_per_slot_spanning_the_tracks(page, server):
    blocks = _blocks(page, f"{server}/{DAY1}")
    keynotes = [b for b in blocks if b["title"] == "Keynote"]
    assert len(keynotes) == 1
    heads = page.evaluate("() => [...document.querySelectorAll('.confkb-col')].map(h => "
                          "h.getBoundingClientRect().toJSON())")
    assert len(heads) == 4  # Tuesday's four tracks
    left, right = min(h["x"] for h in heads), max(h["x"] + h["width"] for h in heads)
    assert keynotes[0]["x"] == pytest.approx(left, abs=1) and keynotes[0]["x"] + keynotes[0]["width"] == \
        pytest.approx(right, abs=1)


@pytest.mark.parametrize("day", [DAY1, DAY2])
def test_a_phone_never_scrolls_sideways_and_a_day_is_short(browser, server, day):
    page = browser.new_page(viewport=PHONE, device_scale_factor=2, is_mobile=True, has_touch=True)
    page.goto(f"{server}/{day}")
    width, inner, height = page.evaluate("[document.documentElement.scrollWidth, innerWidth, "
                                         "document.documentElement.scrollHeight]")
    assert width <= inner, f"{day} is {width} px wide on a {inner} px screen"
    assert height <= PHONE_HEIGHT_MAX, f"{day} is {height} px tall on a phone"
    # the time column and the column heads stay in view while the grid scrolls inside its box
    page.evaluate("() => { const b = document.querySelector('.confkb-grid-box'); b.scrollTop = 600; "
                  "b.scrollLeft = 300; }")
    box = page.evaluate("() => document.querySelector('.confkb-grid-box').getBoundingClientRect().toJSON()")
    head = page.evaluate("() => document.querySelector('.confkb-col').getBoundingClientRect().toJSON()")
    times = page.evaluate("() => [...document.querySelectorAll('.confkb-time')].map(t => "
                          "t.getBoundingClientRect().left)")
    assert head["y"] == pytest.approx(box["y"] + 1, abs=2)
    assert min(times) == pytest.approx(box["x"] + 1, abs=2)
    page.close()


def test_without_javascript_every_talk_is_a_link_in_time_order(browser, server, gosim):
    context = browser.new_context(java_script_enabled=False, viewport=PHONE)
    page = context.new_page()
    for url, date in ((DAY1, "2025-05-06"), (DAY2, "2025-05-07")):
        page.goto(f"{server}/{url}")
        links = page.evaluate("() => [...document.querySelectorAll('.confkb-block')].map(b => "
                              "[b.dataset.start, b.querySelector('a.confkb-title').getAttribute('href'), "
                              "[...b.querySelectorAll('.confkb-who a')].map(a => { const c = a.cloneNode(true); "
                              "c.querySelectorAll('[aria-hidden=true]').forEach(x => x.remove()); "
                              "return c.textContent.trim(); })])")  # the name, not the initials beside it
        starts = [start for start, _, _ in links]
        assert starts == sorted(starts), "the document lists the day in time order"
        expected = {s.slug for s in gosim.kb.sessions if s.date == date}
        assert {re.sub(r"^.*/|\.html$", "", href) for _, href, _ in links} == expected
        people = gosim.kb.index.people
        for s in gosim.kb.sessions:
            if s.date == date and s.speakers:
                who = next(w for _, href, w in links if href.endswith(f"/{s.slug}.html"))
                assert who == [people[p].name for p in s.speakers]
        assert page.locator(".confkb-filter").is_hidden() and page.locator(".confkb-pick").first.is_hidden()
    context.close()


def test_a_filter_in_the_url_shows_only_matching_blocks_and_is_kept_across_days(page, server):
    page.goto(f"{server}/{DAY2}?track=pytorch-day-france&type=talk")
    page.wait_for_function("() => document.querySelector('.confkb-shown').textContent !== ''")
    shown = page.evaluate("() => [...document.querySelectorAll('.confkb-block')].filter(b => !b.hidden)"
                          ".map(b => [b.dataset.track, b.dataset.type, b.getBoundingClientRect().width])")
    assert shown and all("pytorch-day-france" in t.split() and kind == "talk" and w > 0 for t, kind, w in shown)
    hidden = page.evaluate("() => [...document.querySelectorAll('.confkb-block')].filter(b => b.hidden).length")
    assert hidden > 0
    assert page.locator("select[name=track]").input_value() == "pytorch-day-france"
    heads = page.evaluate("() => [...document.querySelectorAll('.confkb-col')].filter(h => !h.hidden)"
                          ".map(h => h.textContent)")
    assert heads == ["PyTorch Day France"], "only the filtered track's column is left"
    assert page.get_attribute(".confkb-days a[data-date='2025-05-06']", "href").endswith(
        "schedule.html?track=pytorch-day-france&type=talk")
    page.select_option("select[name=track]", "ai-apps")
    assert page.url.endswith("?track=ai-apps&type=talk"), "the choice is kept in the URL to share"


def test_during_the_event_the_schedule_opens_on_today(browser, server):
    page = browser.new_page(viewport=DESKTOP)
    # 23:30 UTC on 6 May is already Wednesday 7 May in Paris
    page.clock.set_fixed_time("2025-05-06T23:30:00Z")
    page.goto(f"{server}/{DAY1}")
    page.wait_for_url(re.compile(r"/schedule/2025-05-07\.html$"))
    page.clock.set_fixed_time("2025-05-06T12:00:00Z")
    page.goto(f"{server}/{DAY1}")
    page.wait_for_load_state("load")
    assert page.url.endswith("/schedule.html")
    page.close()


def test_a_pick_made_on_the_grid_survives_a_reload_and_reaches_my_schedule_and_its_calendar(browser, server,
                                                                                            site, tmp_path):
    import icalendar
    from playwright.sync_api import expect
    context = browser.new_context(viewport=PHONE, accept_downloads=True)
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.goto(f"{server}/{DAY1}")
    title = "Open-R1: A Fully Open Reproduction of DeepSeek-R1"
    page.get_by_role("button", name=f"Add to my schedule: {title}", exact=True).click()
    page.reload()
    expect(page.get_by_role("button", name=f"Remove from my schedule: {title}", exact=True)).to_have_attribute(
        "aria-pressed", "true")
    page.goto(f"{server}/{EVENT}/my-schedule.html")
    expect(page.locator(".confkb-my-list").get_by_role("link", name=title)).to_be_visible()
    with page.expect_download() as info:
        page.get_by_role("link", name="Download my schedule", exact=True).click()
    info.value.save_as(tmp_path / "mine.ics")
    mine = icalendar.Calendar.from_ical((tmp_path / "mine.ics").read_bytes())
    uids = [str(v["UID"]) for v in mine.walk("VEVENT")]
    site_uids = {str(v["UID"]) for v in icalendar.Calendar.from_ical(
        (site / EVENT / "calendar.ics").read_bytes()).walk("VEVENT")}
    assert uids == [f"{EVENT}/open-r1-a-fully-open-reproduction-of-deepseek-r1@confkb"] and uids[0] in site_uids
    context.close()


def test_now_and_next_mark_the_right_blocks_at_a_set_clock(browser, server):
    page = browser.new_page(viewport=DESKTOP)
    page.clock.install(time="2025-05-06T10:50:00+02:00")  # Tuesday, during the 10:30-11:10 talks
    page.goto(f"{server}/{DAY1}")
    page.wait_for_load_state("load")
    marks = page.evaluate("""() => [...document.querySelectorAll('.confkb-block')].map(b => ({start: b.dataset.start,
        current: b.getAttribute('aria-current'), now: !!b.querySelector('.confkb-now'),
        next: !!b.querySelector('.confkb-next')}))""")
    on_now = [m for m in marks if m["current"] == "time"]
    assert on_now and all(m["start"] == "2025-05-06T10:30:00+02:00" and m["now"] for m in on_now)
    assert all(not m["now"] for m in marks if m["current"] != "time")
    assert {m["start"] for m in marks if m["next"]} == {"2025-05-06T11:10:00+02:00"}
    page.close()
