"""Finding one's way on the built GOSIM site: no link leads nowhere, a speaker's page does not link the speaker,
Previous and Next stay in the talk's track, and each calendar entry leads back to its talk and says where."""

from __future__ import annotations

import re
from itertools import pairwise
from pathlib import Path

import icalendar
import pytest

pytestmark = pytest.mark.slow

EVENT = "gosim-ai-paris-2025"


def _sessions_items(html: str) -> list[str]:
    """The list items of a speaker page's "Sessions" section."""
    section = re.search(r'<section id="sessions">(.*?)</section>', html, re.S)
    assert section, "no Sessions section"
    return re.findall(r"<li>(.*?)</li>", section.group(1), re.S)


def test_no_page_links_to_sharp(site: Path) -> None:
    pages = sorted(site.rglob("*.html"))
    assert len(pages) > 200
    assert [p.relative_to(site).as_posix() for p in pages if 'href="#"' in p.read_text(encoding="utf-8")] == []


def test_a_speakers_sessions_name_the_co_speakers_not_the_speaker(site: Path) -> None:
    # Eldar Kurtić and Erwan Gallen give the vLLM talk together: each page links the other, not itself
    for me, other in [("eldar-kurtic", "erwan-gallen"), ("erwan-gallen", "eldar-kurtic")]:
        (item,) = _sessions_items((site / "speakers" / f"{me}.html").read_text(encoding="utf-8"))
        assert "vLLM" in item and f'href="{other}.html"' in item and f"{me}.html" not in item
    (item,) = _sessions_items((site / "speakers" / "guilherme-penedo.html").read_text(encoding="utf-8"))
    words = " ".join(re.sub(r"<[^>]+>", " ", item).split())
    assert words == "Tuesday 6 May 2025, 10:30–11:10 CEST · Open-R1: A Fully Open Reproduction of DeepSeek-R1 · AI Model"


def test_next_and_previous_of_a_talk_are_the_talks_around_it_in_its_track(site: Path, gosim) -> None:
    folder = site / EVENT / "sessions"

    def neighbours(slug: str) -> tuple[str, str]:
        html = (folder / f"{slug}.html").read_text(encoding="utf-8")
        found = [re.search(rf'<a class="{kind}-page" href="([^"]+)"', html) for kind in ("prev", "next")]
        return found[0].group(1) if found[0] else "", found[1].group(1) if found[1] else ""

    for track in gosim.kb.events[0].tracks:
        talks = [s.slug for s in gosim.kb.sessions if s.track == track.slug]  # the track page's time order
        assert len(talks) > 10
        for before, after in pairwise(talks):
            assert neighbours(before)[1] == f"{after}.html", (track.slug, before)
            assert neighbours(after)[0] == f"{before}.html", (track.slug, after)
    assert neighbours("open-r1-a-fully-open-reproduction-of-deepseek-r1")[1] == \
        "openseek-collaborative-innovation-for-next-gen-models.html"


def test_every_published_calendar_entry_leads_to_its_talk_and_says_where(site: Path, gosim) -> None:
    """Without the site's address (this build has no html_baseurl) the talk's page from the site's root."""
    tracks = {t.slug: t.name for t in gosim.kb.events[0].tracks}
    files = sorted(site.rglob("*.ics"))
    assert len(files) == 1 + len(tracks) + len(gosim.kb.sessions) + len(gosim.kb.speakers)
    entries = 0
    for path in files:
        for vevent in icalendar.Calendar.from_ical(path.read_bytes()).walk("VEVENT"):
            event, slug = str(vevent["UID"]).removesuffix("@confkb").split("/")
            url = str(vevent["URL"])
            assert url == f"/{event}/sessions/{slug}.html" and (site / url.lstrip("/")).is_file(), path
            spans = next(s.spans() for s in gosim.kb.sessions if s.slug == slug)
            where = (f"{tracks[spans[0]]} track" if len(spans) == 1 else "All tracks" if len(spans) == len(tracks)
                     else f"{', '.join(tracks[t] for t in spans)} tracks")
            assert str(vevent["LOCATION"]) == f"{where}, Station F, Paris, France", path
            entries += 1
    assert entries == sum(2 + len(s.spans()) + len(s.speakers) for s in gosim.kb.sessions)  # event, tracks, own, speakers
