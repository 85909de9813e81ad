"""The archive as a reader gets it: GOSIM and the eight real programmes built by Sphinx, read in Chromium."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import ROOT, SOURCES, copy_docs, sphinx_build
from tools.archive_sources import gather

pytestmark = pytest.mark.slow


def test_the_archive_builds_with_no_sphinx_warning_and_its_largest_pages_fit_a_phone(tmp_path: Path) -> None:
    archive = tmp_path / "sources"
    gather(archive, SOURCES, ROOT / "tests" / "data" / "schedules")
    out = tmp_path / "html"
    proc = sphinx_build(copy_docs(tmp_path / "docs"), out, archive)
    assert proc.returncode == 0, proc.stderr[-5000:]
    assert proc.stderr.strip() == "", proc.stderr[-5000:]
    rooms = sorted((out / "fosdem-2021" / "rooms").glob("*.html"), key=lambda p: p.stat().st_size)
    from playwright.sync_api import sync_playwright
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium")
        page = browser.new_page(viewport={"width": 390, "height": 844})
        for html in (out / "fosdem-2021" / "schedule.html", out / "fosdem-2021" / "rooms" / "index.html", rooms[-1]):
            page.goto(html.as_uri())
            width, inner = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
            assert width <= inner, f"{html.relative_to(out)} scrolls sideways at 390 px ({width} > {inner})"
        browser.close()
