"""My picks' pages and data: the talk page's time line, sessions.json, my-schedule; a hostile title stays text."""

from __future__ import annotations

import json
import shutil
from html.parser import HTMLParser
from pathlib import Path

import icalendar

from tests.conftest import ROOT, copy_docs, sphinx_build
from tools.confkb.pipeline import load, pages
from tools.confkb.render import calendars

EVENT = "gosim-ai-paris-2025"
HOSTILE = 'Café <script>alert(1)</script> "quoted" {braces} `ticks` & done'
EXAMPLE = ROOT / "tests" / "golden" / "examplecon-2099" / "input"


class Elements(HTMLParser):
    """Every start tag with its attributes, and the text, of an HTML fragment."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []
        self.scripts: list[str] = []  # the bodies of script elements

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data):
        if self.cdata_elem == "script":  # JSON-LD holds the title as data: only a script that runs counts
            if self.tags[-1][1].get("type") != "application/ld+json":
                self.scripts.append(data)
        else:
            self.text.append(data)


def parsed(html: str) -> Elements:
    p = Elements()
    p.feed(html)
    return p


def test_sessions_json_has_every_session_with_the_calendars_uids(gosim):
    files = pages(gosim)
    data = json.loads(files[f"{EVENT}/sessions.json"])
    assert data["timezone"] == "Europe/Paris" and len(data["sessions"]) == 77
    cal = icalendar.Calendar.from_ical(calendars.event_calendar(gosim.kb, EVENT))
    by_uid = {str(v["UID"]): v for v in cal.walk("VEVENT")}
    assert sorted(by_uid) == sorted(s["uid"] for s in data["sessions"])
    for s in data["sessions"]:
        v = by_uid[s["uid"]]
        assert v.decoded("DTSTART").isoformat() == s["start"] and v.decoded("DTEND").isoformat() == s["end"]
        assert s["url"] == f"sessions/{s['slug']}.html"
    assert files == pages(load(ROOT / "sources"))  # the same bytes for the same sources


def test_the_talk_page_time_line_follows_the_contract(gosim):
    text = pages(gosim)[f"{EVENT}/sessions/open-r1-a-fully-open-reproduction-of-deepseek-r1.md"]
    html = text.split(":::{raw} html\n", 1)[1].split(":::", 1)[0]
    tags = dict(parsed(html).tags)
    line, button = tags["div"], tags["button"]
    assert line["data-session"] == "open-r1-a-fully-open-reproduction-of-deepseek-r1" and line["data-event"] == EVENT
    assert (line["data-start"], line["data-end"]) == ("2025-05-06T10:30:00+02:00", "2025-05-06T11:10:00+02:00")
    assert button == {"type": "button", "class": "confkb-pick", "data-session": line["data-session"],
                      "data-event": EVENT, "data-title": "Open-R1: A Fully Open Reproduction of DeepSeek-R1",
                      "aria-pressed": "false",
                      "aria-label": "Add to my schedule: Open-R1: A Fully Open Reproduction of DeepSeek-R1"}


def test_a_hostile_title_is_text_in_the_built_pages(tmp_path):
    sources = tmp_path / "sources"
    shutil.copytree(EXAMPLE, sources)
    doc = sources / "examplecon-2099" / "chloe-exemple_Cafe_Data_en.md"
    doc.write_text(doc.read_text(encoding="utf-8").replace("CafÃ© Data: Whatâ€™s Next", HOSTILE), encoding="utf-8")
    out = tmp_path / "html"
    proc = sphinx_build(copy_docs(tmp_path / "docs"), out, sources)
    assert proc.returncode == 0, proc.stderr[-3000:]
    pages_with_title = [p for p in out.rglob("*.html") if "cafe" in p.name]
    assert pages_with_title
    page = parsed(pages_with_title[0].read_text(encoding="utf-8"))
    buttons = [a for tag, a in page.tags if tag == "button" and a.get("class") == "confkb-pick"]
    assert [b["data-title"] for b in buttons] == [HOSTILE]
    assert [b["aria-label"] for b in buttons] == ["Add to my schedule: " + HOSTILE]  # its name, as text
    scripts = [a.get("src") or "" for tag, a in page.tags if tag == "script"]
    assert all(s.startswith(("../../_static/", "_static/")) or s == "" for s in scripts), scripts
    assert not any("alert(1)" in body for body in page.scripts)  # shown as text, never run
    data = json.loads((out / "examplecon-2099" / "sessions.json").read_text(encoding="utf-8"))
    assert HOSTILE in [s["title"] for s in data["sessions"]]
    schedule = parsed((out / "examplecon-2099" / "my-schedule.html").read_text(encoding="utf-8"))
    assert ("div", "confkb-my-schedule") in [(t, a.get("id")) for t, a in schedule.tags]


def test_the_event_page_links_my_schedule(gosim):
    files = pages(gosim)
    assert f"[My schedule](/{EVENT}/my-schedule.md)" in files[f"{EVENT}/index.md"]
    text = files[f"{EVENT}/my-schedule.md"]
    assert "needs JavaScript" in text and 'href="schedule.html"' in text and 'data-sessions="sessions.json"' in text


def test_the_scripts_are_loaded_on_every_page():
    conf = (ROOT / "conf.py").read_text(encoding="utf-8")
    for name in ("confkb-picks.js", "confkb-my-schedule.js", "confkb-now.js"):
        assert f'"{name}"' in conf and (ROOT / "docs" / "_static" / name).is_file()
    assert Path(ROOT / "docs" / "_static" / "confkb-picks.css").is_file()
