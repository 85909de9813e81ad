"""My picks, my schedule, now and next, in a real Chromium over the built GOSIM site (Playwright)."""

from __future__ import annotations

import datetime as dt
import shutil

import icalendar
import pytest
from playwright.sync_api import expect

from tests.conftest import ROOT
from tests.test_browser import CHROMIUM, CHROMIUM_ARGS, browser, server  # noqa: F401 (fixtures)

pytestmark = pytest.mark.slow

EVENT = "gosim-ai-paris-2025"
OPEN_R1 = ("open-r1-a-fully-open-reproduction-of-deepseek-r1", "Open-R1: A Fully Open Reproduction of DeepSeek-R1")
ZENOH = ("mind-body-and-zenoh", "Mind, Body and Zenoh")  # 10:30–11:10 like Open-R1, in another track
OPENSEEK = ("openseek-collaborative-innovation-for-next-gen-models", "")  # 11:10–11:50, after them
PARIS = dt.timezone(dt.timedelta(hours=2))
DURING = dt.datetime(2025, 5, 6, 10, 50, tzinfo=PARIS)  # Open-R1 on for 20 more minutes, OpenSeek in 20
SHOTS = ROOT / "_build" / "screenshots"

if shutil.which(CHROMIUM) is None:
    pytest.skip("Debian's chromium is not installed (apt-get install chromium)", allow_module_level=True)





@pytest.fixture
def context(browser):
    ctx = browser.new_context(viewport={"width": 1280, "height": 900}, accept_downloads=True)
    ctx.set_default_timeout(15_000)
    yield ctx
    ctx.close()


def talk(server: str, slug: str) -> str:
    return f"{server}/{EVENT}/sessions/{slug}.html"


def pick(page, server: str, slug: str) -> str:
    """Open a talk's page and press its button; returns the talk's title."""
    page.goto(talk(server, slug))
    button = page.locator("button.confkb-pick").first
    title = button.get_attribute("data-title")
    page.get_by_role("button", name=f"Add to my schedule: {title}", exact=True).click()
    expect(page.get_by_role("button", name=f"Remove from my schedule: {title}", exact=True)).to_have_attribute(
        "aria-pressed", "true")
    return title


def test_a_pick_survives_a_reload_and_is_on_my_schedule(context, server):
    page = context.new_page()
    title = pick(page, server, OPEN_R1[0])
    assert title == OPEN_R1[1]
    page.reload()
    expect(page.get_by_role("button", name=f"Remove from my schedule: {title}", exact=True)).to_have_attribute(
        "aria-pressed", "true")
    page.goto(f"{server}/{EVENT}/my-schedule.html")
    expect(page.get_by_role("heading", name="Tuesday 6 May 2025")).to_be_visible()
    link = page.locator("li.confkb-my-item").get_by_role("link", name=title, exact=True)
    expect(link).to_have_attribute("href", f"sessions/{OPEN_R1[0]}.html")
    # removed on my schedule: gone there and on the talk's page
    page.get_by_role("button", name=f"Remove from my schedule: {title}", exact=True).click()
    expect(page.locator("li.confkb-my-item")).to_have_count(0)
    expect(page.get_by_text("You have picked no talks yet")).to_be_visible()
    page.goto(talk(server, OPEN_R1[0]))
    expect(page.get_by_role("button", name=f"Add to my schedule: {title}", exact=True)).to_have_attribute(
        "aria-pressed", "false")


def test_download_gives_exactly_the_picks_with_the_sites_uids(context, server, site, tmp_path):
    page = context.new_page()
    for slug, _ in (OPEN_R1, OPENSEEK):
        pick(page, server, slug)
    page.goto(f"{server}/{EVENT}/my-schedule.html")
    with page.expect_download() as info:
        page.get_by_role("link", name="Download my schedule", exact=True).click()
    path = tmp_path / "mine.ics"
    info.value.save_as(path)
    raw = path.read_bytes()
    assert raw.endswith(b"\r\n") and b"\n" not in raw.replace(b"\r\n", b"")
    assert all(len(line) <= 75 for line in raw.split(b"\r\n"))
    mine = icalendar.Calendar.from_ical(raw)
    site_cal = icalendar.Calendar.from_ical((site / EVENT / "calendar.ics").read_bytes())
    theirs = {str(v["UID"]): v for v in site_cal.walk("VEVENT")}
    events = mine.walk("VEVENT")
    assert sorted(str(v["UID"]) for v in events) == sorted(f"{EVENT}/{slug}@confkb" for slug, _ in (OPEN_R1, OPENSEEK))
    for v in events:
        same = theirs[str(v["UID"])]
        assert v.decoded("DTSTART") == same.decoded("DTSTART") and v.decoded("DTEND") == same.decoded("DTEND")
        assert v.decoded("DTSTART").utcoffset() == dt.timedelta(0)  # written in UTC, "Z"
        assert str(v["SUMMARY"]) == str(same["SUMMARY"])
        assert "DTSTAMP" in v
    assert str(mine["VERSION"]) == "2.0" and "PRODID" in mine


def test_a_clash_is_marked(context, server):
    page = context.new_page()
    for slug, _ in (OPEN_R1, ZENOH, OPENSEEK):
        pick(page, server, slug)
    page.goto(f"{server}/{EVENT}/my-schedule.html")
    items = page.locator("li.confkb-my-item")
    expect(items).to_have_count(3)
    r1 = page.locator(f'li[data-session="{OPEN_R1[0]}"]')
    expect(r1).to_have_class("confkb-my-item confkb-clash")
    expect(r1.locator(".confkb-clash-note")).to_have_text(f"Clash with {ZENOH[1]}")
    expect(page.locator(f'li[data-session="{ZENOH[0]}"] .confkb-clash-note')).to_have_text(f"Clash with {OPEN_R1[1]}")
    # starting when they end is no clash
    expect(page.locator(f'li[data-session="{OPENSEEK[0]}"] .confkb-clash-note')).to_have_count(0)


def test_a_shared_link_adds_the_picks_on_another_device(browser, context, server):
    page = context.new_page()
    for slug, _ in (OPEN_R1, ZENOH):
        pick(page, server, slug)
    page.goto(f"{server}/{EVENT}/my-schedule.html")
    link = page.get_by_role("textbox", name="Share my picks").input_value()
    assert link.endswith(f"#picks={ZENOH[0]},{OPEN_R1[0]}") or link.endswith(f"#picks={OPEN_R1[0]},{ZENOH[0]}")
    other = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True)
    try:
        phone = other.new_page()
        pick(phone, server, OPENSEEK[0])  # the other device has a pick of its own: kept
        phone.goto(link)
        expect(phone.get_by_role("status")).to_have_text("Added 2 talks from the shared link to your schedule.")
        expect(phone.locator("li.confkb-my-item")).to_have_count(3)
        assert "#" not in phone.url  # a reload does not add them again
        stored = phone.evaluate(f"JSON.parse(localStorage.getItem('confkb-picks:{EVENT}'))")
        assert sorted(stored) == sorted([OPEN_R1[0], ZENOH[0], OPENSEEK[0]])
    finally:
        other.close()


def test_now_and_next_at_a_set_clock(context, server):
    page = context.new_page()
    page.clock.install(time=DURING - dt.timedelta(hours=3))
    for slug, _ in (OPEN_R1, ZENOH, OPENSEEK):
        pick(page, server, slug)
    page.clock.set_fixed_time(DURING)
    page.goto(talk(server, OPEN_R1[0]))
    line = page.locator(".confkb-timeline")
    expect(line).to_have_attribute("aria-current", "time")
    expect(line.locator(".confkb-now")).to_have_text("Now")
    expect(line.locator(".confkb-status")).to_have_text("on now")
    page.goto(talk(server, OPENSEEK[0]))
    line = page.locator(".confkb-timeline")
    expect(line.locator(".confkb-status")).to_have_text("starts in 20 min")
    assert line.get_attribute("aria-current") is None
    page.goto(talk(server, "welcome-opening-remarks"))  # long over: says nothing
    expect(page.locator(".confkb-timeline .confkb-status")).to_have_text("")
    expect(page.locator(".confkb-now, .confkb-next")).to_have_count(0)
    page.goto(f"{server}/{EVENT}/my-schedule.html")
    expect(page.locator('li[aria-current="time"]')).to_have_count(2)
    for slug in (OPEN_R1[0], ZENOH[0]):
        expect(page.locator(f'li[data-session="{slug}"] .confkb-now')).to_have_text("Now")
    expect(page.locator(f'li[data-session="{OPENSEEK[0]}"] .confkb-next')).to_have_text("Next")
    expect(page.locator(".confkb-next")).to_have_count(1)
    # the clock moves on: at 11:15 OpenSeek is on, the others are over
    page.clock.set_fixed_time(DURING + dt.timedelta(minutes=25))
    page.reload()
    expect(page.locator('li[aria-current="time"]')).to_have_count(1)
    expect(page.locator(f'li[data-session="{OPENSEEK[0]}"]')).to_have_attribute("aria-current", "time")
    for width, height in ((390, 844), (1280, 900)):
        page.clock.set_fixed_time(DURING)
        page.set_viewport_size({"width": width, "height": height})
        page.reload()
        expect(page.locator(".confkb-now")).to_have_count(2)
        SHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SHOTS / f"my-schedule-{width}.png"))
        assert page.evaluate("document.documentElement.scrollWidth") <= width  # no sideways scroll


def test_without_javascript_my_schedule_says_what_it_needs(browser, server):
    ctx = browser.new_context(java_script_enabled=False)
    try:
        page = ctx.new_page()
        page.goto(f"{server}/{EVENT}/my-schedule.html")
        expect(page.get_by_text("it needs JavaScript")).to_be_visible()
        expect(page.locator("#confkb-my-schedule").get_by_role("link", name="The schedule")).to_have_attribute(
            "href", "schedule.html")
        page.goto(talk(server, OPEN_R1[0]))  # the button is there, and harmless
        expect(page.locator("button.confkb-pick")).to_have_attribute("aria-pressed", "false")
    finally:
        ctx.close()
