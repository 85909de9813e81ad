"""Calendars, JSON-LD, OpenGraph, sitemap and 404 in the built GOSIM site (one shared real build)."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import icalendar
import pytest

pytestmark = pytest.mark.slow

EVENT = "gosim-ai-paris-2025"
R1 = f"{EVENT}/sessions/open-r1-a-fully-open-reproduction-of-deepseek-r1"


def _jsonld(html: str) -> list[dict]:
    return [json.loads(m) for m in re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)]


def _meta(html: str, prop: str) -> str:
    m = re.search(rf'<meta (?:property|name)="{re.escape(prop)}" content="([^"]*)"', html)
    return m.group(1) if m else ""


def test_every_calendar_parses_back_and_is_complete(site, gosim):
    kb = gosim.kb
    files = sorted(site.rglob("*.ics"))
    assert len(files) == 1 + len(kb.events[0].tracks) + len(kb.sessions) + len(kb.speakers)  # 188
    for path in files:
        cal = icalendar.Calendar.from_ical(path.read_bytes())
        events = list(cal.walk("VEVENT"))
        assert events, path
        assert [tz["TZID"] for tz in cal.walk("VTIMEZONE")] == ["Europe/Paris"], path
        uids = [str(e["UID"]) for e in events]
        assert len(uids) == len(set(uids)), path
        for e in events:
            assert e["SUMMARY"] and e["LOCATION"].endswith((" track, Station F, Paris, France", " tracks, Station F, Paris, France"))
            assert e.decoded("DTSTART").utcoffset().total_seconds() == 7200  # CEST
            assert e["DTSTART"].params["TZID"] == "Europe/Paris"
    whole = icalendar.Calendar.from_ical((site / EVENT / "calendar.ics").read_bytes())
    assert len(list(whole.walk("VEVENT"))) == 77  # one per slot: a keynote of every track is one event
    vllm = next(e for e in whole.walk("VEVENT") if "vLLM" in str(e["SUMMARY"]))
    assert str(vllm["UID"]) == f"{EVENT}/scaling-llm-inference-with-vllm-multi-accelerator-serving-and-quantized-llms@confkb"
    assert "Eldar Kurtić" in str(vllm["DESCRIPTION"]) and "Erwan Gallen" in str(vllm["DESCRIPTION"])
    assert vllm.get("CATEGORIES").cats == ["PyTorch Day France"]
    track = icalendar.Calendar.from_ical((site / EVENT / "tracks" / "pytorch-day-france.ics").read_bytes())
    assert len(list(track.walk("VEVENT"))) == 19


def test_add_to_calendar_links_resolve_to_published_files(site):
    pages = [f"{R1}.html", "speakers/guilherme-penedo.html", f"{EVENT}/index.html", f"{EVENT}/tracks/ai-model.html",
             f"{EVENT}/sessions/morning-coffee-2025-05-06.html", "speakers/jean-laurent-de-morlhon.html"]
    for rel in pages:
        html = (site / rel).read_text(encoding="utf-8")
        hrefs = re.findall(r'<a class="[^"]*confkb-calendar[^"]*" href="([^"]+)"', html)
        assert len(hrefs) == 1, rel
        target = (site / rel).parent / hrefs[0]
        assert target.suffix == ".ics" and target.is_file(), (rel, hrefs)
        assert "Add to calendar" in html


def test_json_ld_on_event_session_and_speaker_pages(site):
    html = (site / f"{R1}.html").read_text(encoding="utf-8")
    head = html.split("</head>", 1)[0]
    (session,) = _jsonld(head)
    assert session["@type"] == "Event" and session["name"].startswith("Open-R1")
    assert session["startDate"] == "2025-05-06T10:30:00+02:00" and session["endDate"] == "2025-05-06T11:10:00+02:00"
    assert session["superEvent"]["@type"] == "ConferenceEvent"
    assert session["location"]["@type"] == "Place"
    assert [p["name"] for p in session["performer"]] == ["Guilherme Penedo"]
    assert session["performer"][0]["@type"] == "Person"
    (event,) = _jsonld((site / EVENT / "index.html").read_text(encoding="utf-8"))
    assert event["@type"] == "ConferenceEvent" and event["startDate"] == "2025-05-06"
    assert len(event["subEvent"]) == 77
    (person,) = _jsonld((site / "speakers" / "guilherme-penedo.html").read_text(encoding="utf-8"))
    assert person["@type"] == "Person" and "https://github.com/guipenedo" in person["sameAs"]
    assert not _jsonld((site / "speakers" / "index.html").read_text(encoding="utf-8"))
    assert "ld+json" not in (site / "_sources").as_posix()  # never in the MyST: the sources are not published


def test_opengraph_and_twitter_tags(site):
    html = (site / f"{R1}.html").read_text(encoding="utf-8")
    assert _meta(html, "og:title") == "Open-R1: A Fully Open Reproduction of DeepSeek-R1"
    assert _meta(html, "og:description").startswith("The recipe behind OpenAI")  # the abstract, not "When:"
    assert _meta(html, "twitter:card") == "summary"
    assert _meta(html, "og:url").endswith(f"{R1}.html")
    speaker = (site / "speakers" / "jean-laurent-de-morlhon.html").read_text(encoding="utf-8")
    assert "Docker" in _meta(speaker, "og:description")


def test_sitemap_lists_every_session_page_and_404_exists(site, gosim):
    root = ET.fromstring((site / "sitemap.xml").read_bytes())
    locs = {e.text for e in root.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")}
    for s in gosim.kb.sessions:
        assert any(loc.endswith(f"{EVENT}/sessions/{s.slug}.html") for loc in locs), s.slug
    assert not locs & {"/search.html", "/genindex.html", "/404.html"}  # not pages to index
    page = site / "404.html"
    assert page.is_file()
    # absolute links: the page is served at any missing URL, at any depth
    assert 'href="/_static/' in page.read_text(encoding="utf-8")


def test_session_page_shows_breaks_and_neighbours(site):
    text = (site / f"{EVENT}/sessions/morning-coffee-2025-05-06.html").read_text(encoding="utf-8")
    assert "Morning Coffee" in text and "10:00–10:30" in text
    r1 = Path(site / f"{R1}.html").read_text(encoding="utf-8")
    assert "In this track" in r1 and "At the same time" in r1 and "Mind, Body and Zenoh" in r1
