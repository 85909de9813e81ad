"""Speakers' photos in a real browser (Debian's Chromium): round thumbnails that load, initials where there is no
picture, at phone and desktop width; and no image of the site's own that fails to load."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.test_browser import CHROMIUM, CHROMIUM_ARGS, browser, server  # noqa: F401 (fixtures)

pytestmark = [pytest.mark.slow, pytest.mark.browser]

EVENT = "gosim-ai-paris-2025"
WITH_PHOTO = {"speaker": ("speakers/alexy-khrabrov.html", 96),
              "talk": (f"{EVENT}/sessions/oaks-the-open-agentic-ai-knowledge-stack.html", 48)}
WITHOUT = {"speaker": ("speakers/luca-antiga.html", 96),
           "talk": (f"{EVENT}/sessions/lightning-thunder-supercharged-pytorch-for-modern-hardware.html", 48)}

sync_api = pytest.importorskip("playwright.sync_api")
if shutil.which(CHROMIUM) is None:
    pytest.skip("Debian's chromium is not installed (apt-get install chromium)", allow_module_level=True)





def _page(browser, width: int):
    page = browser.new_page(viewport={"width": width, "height": 844}, device_scale_factor=2)
    page.set_default_timeout(15_000)
    return page


def _loaded(img) -> int:
    """The natural width of an image once it has loaded (scrolled to first: avatars load lazily), 0 if it failed."""
    img.scroll_into_view_if_needed()
    img.evaluate("i => i.complete ? null : new Promise(r => { i.onload = i.onerror = r; })")
    return img.evaluate("i => i.naturalWidth")


@pytest.mark.parametrize("width", [390, 1280])
@pytest.mark.parametrize("kind", ["speaker", "talk"])
def test_a_speaker_with_a_picture_shows_a_round_thumbnail_named_by_its_alt_text(browser, server, kind, width):
    path, size = WITH_PHOTO[kind]
    page = _page(browser, width)
    assert page.goto(f"{server}/{path}").status == 200
    img = page.locator("article img.confkb-avatar")
    assert img.count() == 1 and img.get_attribute("alt") == "Alexy Khrabrov"
    assert _loaded(img) == 128
    box = img.bounding_box()
    assert box is not None and round(box["width"]) == round(box["height"]) == size
    assert img.evaluate("i => getComputedStyle(i).borderRadius") == "50%"
    if kind == "talk":  # on the card, left of the name
        card = page.locator(".confkb-speaker-card")
        name = card.locator(".sd-card-title").bounding_box()
        assert name is not None and box["x"] + box["width"] <= name["x"]
    assert page.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth")
    page.close()


@pytest.mark.parametrize("width", [390, 1280])
@pytest.mark.parametrize("kind", ["speaker", "talk"])
def test_a_speaker_without_a_picture_shows_initials_in_a_circle_never_a_broken_image(browser, server, kind, width):
    path, size = WITHOUT[kind]
    page = _page(browser, width)
    assert page.goto(f"{server}/{path}").status == 200
    assert page.locator("article img.confkb-avatar").count() == 0
    initials = page.locator("article .confkb-initials")
    assert initials.count() == 1 and initials.inner_text() == "LA" and initials.is_visible()
    box = initials.bounding_box()
    assert box is not None and round(box["width"]) == round(box["height"]) == size
    assert initials.evaluate("e => getComputedStyle(e).borderRadius") == "50%"
    assert page.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth")
    page.close()


def test_every_image_of_the_sites_own_loads(browser, server, site: Path):
    """Every <img> whose file the site publishes, on every page that has one (avatars and the rest); an image
    from a source document at another site cannot be fetched here, and none of those is an avatar."""
    page = _page(browser, 1280)
    avatars = local = 0
    for html in sorted(site.rglob("*.html")):
        if "<img" not in html.read_text(encoding="utf-8"):
            continue
        rel = html.relative_to(site).as_posix()
        assert page.goto(f"{server}/{rel}").status == 200
        images = page.locator("img")
        for i in range(images.count()):
            img = images.nth(i)
            src = img.evaluate("i => i.src")
            classes = img.get_attribute("class") or ""
            if not src.startswith(server):
                assert "confkb-avatar" not in classes, (rel, src)
                continue
            assert _loaded(img) > 0, (rel, src)
            assert img.get_attribute("alt"), (rel, src)
            local += 1
            avatars += "confkb-avatar" in classes
    page.close()
    # 34 speaker pages, and a card on the page of each of their talks (some speak twice)
    assert avatars >= 34 * 2 and local >= avatars
    assert (site / "speakers" / "alexy-khrabrov.jpg").stat().st_size <= 16 * 1024  # published, small
