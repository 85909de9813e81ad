"""The links that used to say "#" still do their job in a real browser: "Back to top" brings a reader to the top of
the page, and the sidebar's entry of the page itself opens the same page."""

from __future__ import annotations

import pytest

from tests.test_browser import _open, browser, server  # noqa: F401  (fixtures: the built site, Chromium)

pytestmark = [pytest.mark.slow, pytest.mark.browser]

DESKTOP = {"width": 1280, "height": 900}


def test_back_to_top_leads_to_the_top_and_the_pages_own_entry_to_itself(browser, server):
    page = browser.new_page(viewport=DESKTOP)
    page.set_default_timeout(15_000)
    url = f"{server}/speakers/guilherme-penedo.html"
    _open(page, url)
    page.mouse.move(DESKTOP["width"] // 2, DESKTOP["height"] // 2)  # over the article, which the wheel scrolls
    page.mouse.wheel(0, 3000)
    page.wait_for_function("() => window.scrollY > 500")
    page.mouse.wheel(0, -200)  # furo shows "Back to top" to a reader who scrolls up
    page.locator("a.back-to-top").click()
    page.wait_for_function("() => window.scrollY === 0")
    assert page.url == f"{url}#top"
    session = f"{server}/gosim-ai-paris-2025/sessions/open-r1-a-fully-open-reproduction-of-deepseek-r1.html"
    _open(page, session)
    page.locator(".sidebar-tree li.current-page > a").click()
    page.wait_for_load_state()
    assert page.url == session and page.title().startswith("Open-R1")
    page.close()
