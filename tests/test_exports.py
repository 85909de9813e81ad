"""The schedule exports (schedule.xml, schedule.json): valid against the c3voc schemas, faithful, with ids that
stay when a talk is retitled, moved, or the programme changes around it."""

from __future__ import annotations

import json
import shutil
import xml.etree.ElementTree as ET
from functools import cache
from pathlib import Path

import jsonschema
import xmlschema

from tests.conftest import DATA, SOURCES
from tests.exportkb import GIVEN_GUID, make_kb
from tools.confkb.pipeline import generate, load
from tools.confkb.render import exportdata, exports

SCHEMAS = DATA / "schedules" / "schemas"
GOSIM = "gosim-ai-paris-2025"


@cache
def _xsd() -> xmlschema.XMLSchema:
    return xmlschema.XMLSchema(str(SCHEMAS / "c3voc_schedule.xml.xsd"))


def assert_valid(xml_text: str, json_text: str) -> tuple[ET.Element, dict]:
    errors = [str(e)[:300] for e in _xsd().iter_errors(xml_text)]
    assert errors == []
    data = json.loads(json_text)
    schema = json.loads((SCHEMAS / "c3voc_schedule_schema.json").read_text(encoding="utf-8"))
    validator = jsonschema.Draft6Validator(schema, format_checker=jsonschema.Draft6Validator.FORMAT_CHECKER)
    assert [e.message[:300] for e in validator.iter_errors(data)] == []
    return ET.fromstring(xml_text), data


def json_events(data: dict) -> list[dict]:
    return [ev for day in data["schedule"]["conference"]["days"] for evs in day["rooms"].values() for ev in evs]


def test_gosim_exports_from_a_real_build_are_valid_and_hold_the_whole_programme(tmp_path):
    result, _, _, _ = generate(SOURCES, tmp_path / "out")
    root, data = assert_valid((tmp_path / "out" / GOSIM / "schedule.xml").read_text(encoding="utf-8"),
                              (tmp_path / "out" / GOSIM / "schedule.json").read_text(encoding="utf-8"))
    sessions = [s for s in result.kb.sessions if s.event == GOSIM]
    events = root.findall("day/room/event")
    # every session once: a keynote the programme lists under four tracks is one event
    assert len(events) == len(sessions) == 77
    assert sorted(e["url"] for e in json_events(data)) == sorted(f"/{GOSIM}/sessions/{s.slug}.html" for s in sessions)
    # no rooms in GOSIM's programme: each track had its own room, named after it
    tracks = [t.name for t in result.kb.events[0].tracks]
    assert [r["name"] for r in data["schedule"]["conference"]["rooms"]] == tracks
    assert {r.get("name") for r in root.findall("day/room")} == set(tracks)
    assert root.findtext("conference/acronym") == "gosim_ai_paris_2025"
    assert [d.get("start") for d in root.findall("day")] == ["2025-05-06T09:30:00+02:00", "2025-05-07T09:30:00+02:00"]
    persons = {(p.get("id"), p.get("guid"), p.text) for p in root.iter("person")}
    assert len(persons) == 65 == len({p[0] for p in persons}) == len({p[1] for p in persons})


def test_the_hard_cases_are_valid_and_every_fact_is_kept():
    kb = make_kb()
    e = kb.events[0]
    files = exports.schedule_files(kb, e, "https://kb.example.org/")
    root, data = assert_valid(files[exports.xml_path(e)], files[exports.json_path(e)])
    by_title: dict[str, list[ET.Element]] = {}
    for ev in root.findall("day/room/event"):
        by_title.setdefault(ev.findtext("title"), []).append(ev)
    assert "Untimed chat" not in by_title  # no time: no day to put it in
    assert len(root.findall("day/room/event")) == 7 == len(json_events(data))
    opening = by_title["Opening <script>alert(1)</script> & welcome"][0]  # escaped by the XML writer, kept as text
    assert (opening.get("id"), opening.get("guid")) == ("101", GIVEN_GUID)  # the source's own
    assert opening.findtext("subtitle") == "Why we are here" and opening.findtext("language") == "en"
    assert opening.findtext("type") == "lecture" and opening.findtext("room") == "Main Hall"
    assert opening.findtext("recording/license") == "CC BY 4.0"
    assert opening.findtext("recording/url") == "https://media.example.org/opening.mp4"
    assert [(x.get("type"), x.get("href")) for x in opening.findall("links/link")] == [
        ("slides", "https://example.org/opening.pdf"), ("paper", "https://example.org/paper"),
        (None, "https://example.org/page"), ("recording", "https://media.example.org/opening.opus")]
    assert opening.findtext("url") == "https://hardcon.example.org/2099/talk/101"
    # past midnight, longer than a day, filed under the night before
    night = by_title["Night hacking"][0]
    assert (night.findtext("date"), night.findtext("duration")) == ("2099-05-06T23:30:00+02:00", "02:00")
    assert by_title["Hackathon"][0].findtext("duration") == "50:00"
    first = root.find("day[@index='1']")
    assert "After hours" in [x.findtext("title") for x in first.iter("event")]
    assert first.get("end") == "2099-05-07T02:00:00+02:00"
    # the same title twice: two events, two slugs; two people of one name: two persons
    lightning = by_title["Lightning talks"]
    assert len(lightning) == 2 and lightning[0].findtext("slug") != lightning[1].findtext("slug")
    smiths = {(p.get("id"), p.get("guid")) for p in root.iter("person") if p.text == "Alex Smith"}
    assert len(smiths) == 2 and len({s[0] for s in smiths}) == 2
    # a person keeps one id and guid in every talk
    turing = {(p.get("id"), p.get("guid")) for p in root.iter("person") if p.text == "Alan Turing"}
    assert len(turing) == 1
    rooms = data["schedule"]["conference"]["rooms"]
    assert rooms[0] == {"name": "Main Hall", "slug": "main-hall", "guid": "5b1d6f0a-3c2e-4d8b-9a7f-1e2d3c4b5a69"}
    ev = next(x for x in json_events(data) if x["id"] == 101)
    assert ev["recording_license"] == "CC BY 4.0" and ev["end"] == "2099-05-06T09:30:00+02:00"
    assert {"url": "https://media.example.org/opening.mp4", "title": "Video", "type": "media"} in ev["links"]
    ada = next(p for p in ev["persons"] if p["name"] == "Ada Lovelace")
    assert ada["id"] == 7 and ada["links"] == [{"url": "https://ada.example.org/", "title": "Website"}]


def test_ids_are_the_same_at_every_rebuild_and_unique():
    kb = make_kb()
    one = exports.schedule_files(kb, kb.events[0])
    assert one == exports.schedule_files(make_kb(), make_kb().events[0])
    root = ET.fromstring(one[exports.xml_path(kb.events[0])])
    events = root.findall("day/room/event")
    for attr in ("id", "guid"):
        assert len({x.get(attr) for x in events}) == len(events)
    assert len({x.findtext("slug") for x in events}) == len(events)
    assert all(0 < int(x.get("id")) < 2**31 for x in events)


def _ids_by_speakers(sources: Path) -> tuple[dict, dict]:
    """(talk ids by their speakers' names, person ids by name) of GOSIM's export built from *sources*."""
    kb = load(sources).kb
    data = exportdata.schedule(kb, kb.events[0])
    talks = [t for d in data.days for r in d.rooms for t in r.talks]
    by_people = {tuple(sorted(p.name for p in t.persons)) or (t.title, t.start.date()): (t.id, t.guid)
                 for t in talks}
    people = {p.name: (p.id, p.guid) for t in talks for p in t.persons}
    return by_people, people


def test_a_talk_keeps_its_ids_when_retitled_moved_or_the_programme_changes(tmp_path):
    dest = tmp_path / "sources"
    shutil.copytree(SOURCES, dest)
    before, people_before = _ids_by_speakers(dest)
    path = dest / GOSIM / "Schedule.json"
    programme = json.loads(path.read_text(encoding="utf-8"))
    talks = [x for x in programme["sessions"]["AI Model"] if x["speakers"]]
    retitled, moved, dropped = talks[0], talks[1], talks[2]
    retitled["title"] = "A wholly new title"
    moved["date"], moved["timeSlot"] = "May 7", "18:10 - 18:40"
    programme["sessions"]["AI Model"].remove(dropped)
    programme["sessions"]["AI Model"].append(
        {"date": "May 7", "timeSlot": "18:40 - 19:00", "title": "A late addition", "content": "",
         "speakers": [{"id": "new-person", "name": "New Person"}]})
    path.write_text(json.dumps(programme), encoding="utf-8")
    for doc in (dest / GOSIM).glob(f"{dropped['speakers'][0]['id']}_*"):  # its document goes with it
        doc.unlink()
    after, people_after = _ids_by_speakers(dest)
    names = [tuple(sorted(p["name"] for p in x["speakers"])) for x in (retitled, moved, dropped)]
    assert after[names[0]] == before[names[0]] and after[names[1]] == before[names[1]]
    assert names[2] not in after and after[("New Person",)] not in before.values()
    assert {k: v for k, v in after.items() if k in before} == {k: v for k, v in before.items() if k != names[2]}
    assert {k: v for k, v in people_after.items() if k in people_before} == {
        k: v for k, v in people_before.items() if k in people_after}
