"""Every real published programme imports with the counts a plain walk of the file gives, and the warnings it
deserves (interop.md: what ConfClerk loaded from the same files)."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from datetime import datetime
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

import pytest

from tools.confkb.diagnostics import Code, Severity

from .importing import SAMPLES, of, run, sample

VIDEO = re.compile(r"\.(?:webm|mp4|mkv|ogv|m4v|mov|avi|mpe?g)$|^https://media\.ccc\.de/v/")


def xml_counts(file: str) -> dict[str, int]:
    root = ET.parse(SAMPLES / file).getroot()
    events = list(root.iter("event"))
    persons = [p for e in events for p in e.iter("person")]
    return {"talks": len(events), "rooms": len({e.findtext("room") for e in events}),
            "tracks": len({e.findtext("track") for e in events if e.findtext("track")}),
            "people": len({p.get("id") for p in persons}), "days": len(root.findall("day"))}


def json_counts(file: str) -> dict[str, int]:
    conf = json.loads((SAMPLES / file).read_text(encoding="utf-8"))["schedule"]["conference"]
    events = [e for d in conf["days"] for evs in d["rooms"].values() for e in evs]
    return {"talks": len(events), "rooms": len({e["room"] for e in events}),
            "tracks": len({e["track"] for e in events if e["track"]}),
            "people": len({p["id"] for e in events for p in e["persons"]}), "days": len(conf["days"])}


def counts(conf) -> dict[str, int]:
    people = {p.id or p.guid or p.name for t in conf.talks for p in t.persons}
    return {"talks": len(conf.talks), "rooms": len(conf.rooms), "tracks": len(conf.tracks), "people": len(people),
            "days": len(conf.days)}


@pytest.mark.parametrize("file", ["frab_31c3_schedule.xml", "pentabarf_fosdem2021_schedule.xml",
                                  "wafer_debconf23_schedule.xml", "voc_frab-camp2019.json", "voc_pretalx-rc3.json",
                                  "voc_pretalx-democon.json"])
def test_counts_match_a_plain_walk_of_the_file(tmp_path, file):
    imported, report = run(sample(tmp_path, file))
    expected = xml_counts(file) if file.endswith(".xml") else json_counts(file)
    assert counts(imported.conference) == expected
    assert not [d for d in report.items if d.severity is Severity.ERROR]
    summary = of(report, Code.IMPORTED)
    assert len(summary) == 1 and summary[0].message.startswith(f"imported {expected['talks']:,} talks")


def test_the_figures_confclerk_loaded_from_the_same_files(tmp_path):
    """interop.md: 31C3 138 / 198 / 4 / 8; FOSDEM 773 / 684 / 106 / 109; DebConf 23 117 / 87 / 5 / 12."""
    for file, talks, people, rooms, tracks in [("frab_31c3_schedule.xml", 138, 198, 4, 8),
                                               ("pentabarf_fosdem2021_schedule.xml", 773, 684, 106, 109),
                                               ("wafer_debconf23_schedule.xml", 117, 87, 5, 12)]:
        imported, report = run(sample(tmp_path / file, file))
        c = counts(imported.conference)
        assert (c["talks"], c["people"], c["rooms"], c["tracks"]) == (talks, people, rooms, tracks), file
        assert f"imported {talks} talks, {rooms} rooms, {tracks} tracks, {people} people" in of(
            report, Code.IMPORTED)[0].message


def test_fosdem_links_and_recordings_are_all_kept_or_reported(tmp_path):
    file = "pentabarf_fosdem2021_schedule.xml"
    imported, report = run(sample(tmp_path, file))
    root = ET.parse(SAMPLES / file).getroot()
    # per talk, each address once: is it a video (a video file, or an attachment the source calls a video)?
    per_event = [{a.get("href"): bool(VIDEO.search(urlsplit(a.get("href").strip()).path) or (
        a.tag == "attachment" and a.get("type") == "video")) for a in e.iter() if a.tag in ("link", "attachment")}
        for e in root.iter("event")]
    hrefs = sum(len(s) for s in per_event)
    videos = sum(sum(s.values()) for s in per_event)
    links = [lk for t in imported.conference.talks for lk in t.links]
    # report.items, not sorted(): two links withheld for one reason on one line are two items; a link of the
    # talk's own list is quoted as its address, one inside its text as Markdown
    withheld = [d for d in report.items if d.code is Code.WITHHELD and d.message.startswith("withheld a link: 'http")]
    unsafe = [d for d in report.items if d.code is Code.UNSAFE_LINK]
    assert len(links) + len(withheld) + len(unsafe) == hrefs == 3370  # 2,976 <link>s, 395 attachments, one listed twice
    assert sum(lk.kind == "recording" for lk in links) == videos
    fosdem = [lk for lk in links if "video.fosdem.org/" in lk.url]
    assert len(fosdem) == 1326 and all(lk.kind == "recording" for lk in fosdem)  # 22 "temp links" among them
    with_video = sum(1 for s in per_event if any(s.values()))
    assert sum(1 for t in imported.conference.talks if t.recording_url) == with_video
    assert {lk.kind for lk in links} >= {"recording", "slides", "paper", "web", "related"}


def test_fosdem_has_no_guids_and_no_offsets_each_said_once(tmp_path):
    imported, report = run(sample(tmp_path, "pentabarf_fosdem2021_schedule.xml"))
    assert imported.conference.format == "pentabarf-xml"
    guid = of(report, Code.GUID)
    assert len(guid) == 1 and guid[0].message.startswith("773 talks of 773 have no guid")
    offsets = [d for d in of(report, Code.SCHEDULE_TIME) if "without an offset" in d.message]
    assert len(offsets) == 1 and offsets[0].line == 16
    first = imported.conference.talks[0]
    assert (first.title, first.start, first.day, first.minutes) == ("Welcome to FOSDEM 2021",
                                                                     "2021-02-06T09:00:00", "2021-02-06", 25)
    html = next(t for t in imported.conference.talks if t.id == "11164")
    assert "<p>" not in html.abstract and html.abstract.startswith("How can users of your network")


def test_31c3_reports_its_112_non_uuid_guids_once_and_keeps_them(tmp_path):
    imported, report = run(sample(tmp_path, "frab_31c3_schedule.xml"))
    guid = of(report, Code.GUID)
    assert len(guid) == 1 and guid[0].message.startswith("112 talks of 138 have a guid that is not a UUID")
    assert "'HOqeNIb6G7M4hYFKFRkCmQ' (line 61)" in guid[0].message
    talk = next(t for t in imported.conference.talks if t.id == "6264")
    assert talk.guid == "HOqeNIb6G7M4hYFKFRkCmQ" and talk.line == 61
    assert talk.start == "2014-12-27T12:45:00+01:00" and talk.recording_licence == "cc-by-sa"


def test_31c3_talk_after_midnight_stays_on_its_programme_day(tmp_path):
    imported, report = run(sample(tmp_path, "frab_31c3_schedule.xml"))
    talk = next(t for t in imported.conference.talks if t.id == "6581")
    assert (talk.day, talk.start) == ("2014-12-27", "2014-12-28T00:00:00+01:00")
    said = [d for d in of(report, Code.SCHEDULE_TIME) if d.line == talk.line]
    assert [d.severity for d in said] == [Severity.FIXED] and "kept on 2014-12-27" in said[0].message


def test_debconf_days_and_times_are_read_in_kolkata(tmp_path):
    """wafer writes each day's UTC date and UTC times; a talk at 06:00 UTC is 11:30 in Kochi, on the local day."""
    imported, report = run(sample(tmp_path, "wafer_debconf23_schedule.xml"))
    conf = imported.conference
    assert [d.date for d in conf.days] == [f"2023-09-{n}" for n in range(10, 18)]
    root = ET.parse(SAMPLES / "wafer_debconf23_schedule.xml").getroot()
    kolkata = ZoneInfo("Asia/Kolkata")
    utc = {e.get("id"): datetime.fromisoformat(e.findtext("date")) for e in root.iter("event")}
    for talk in conf.talks:
        local = utc[talk.id].astimezone(kolkata)
        assert talk.start == local.isoformat() and talk.day == local.date().isoformat(), talk
    six = [t for t in conf.talks if utc[t.id].hour == 6 and utc[t.id].date().isoformat() == "2023-09-10"]
    assert six and all(t.day == "2023-09-10" and t.start.startswith("2023-09-10T11:30:00+05:30") for t in six)
    early = [t for t in conf.talks if utc[t.id].hour == 1]  # 01:30 UTC on the 11th: the UTC day 2023-09-10 holds it
    assert early and all(t.day == utc[t.id].date().isoformat() for t in early)
    assert len([d for d in of(report, Code.SCHEDULE_TIME) if d.message.startswith("day ")]) == 8


def test_kielux_speakers_rooms_and_days_from_ical(tmp_path):
    imported, report = run(sample(tmp_path, "ical_kielux2020.ics"))
    conf = imported.conference
    text = (SAMPLES / "ical_kielux2020.ics").read_text(encoding="utf-8").replace("\n ", "")
    cns = re.findall(r'^ATTENDEE;CN="([^"]+)"', text, re.M)
    rooms = set(re.findall(r"^LOCATION:(.*)$", text, re.M))
    assert len(conf.talks) == text.count("BEGIN:VEVENT") == 24
    assert {p.name for t in conf.talks for p in t.persons} == set(cns)
    assert {r.name for r in conf.rooms} == rooms and len(conf.days) == 2
    first = conf.talks[0]
    assert first.room == "Ravensberg" and first.start == "2020-09-18T11:00:00+00:00" and first.minutes == 60
    assert not first.description.startswith("von:")
    assert len(of(report, Code.PERSON_WITHOUT_ID)) == 1


def test_kielux_speaker_from_the_von_line_when_there_is_no_attendee(tmp_path):
    text = (SAMPLES / "ical_kielux2020.ics").read_text(encoding="utf-8")
    text = re.sub(r"^ATTENDEE;.*\n(?: .*\n)*", "", text, flags=re.M)
    (ev := tmp_path / "sources" / "ev").mkdir(parents=True)
    (ev / "schedule.ics").write_text(text, encoding="utf-8")
    imported, _ = run(ev)
    talk = imported.conference.talks[0]
    assert [p.name for p in talk.persons] == ["Jakob Semere"]
    assert "Dr. Claus Hartmann" in {p.name for t in imported.conference.talks for p in t.persons}


def test_pretalx_and_frab_json(tmp_path):
    rc3, _ = run(sample(tmp_path / "a", "voc_pretalx-rc3.json"))
    assert rc3.conference.format == "pretalx-json"
    talk = rc3.conference.talks[0]
    assert talk.persons[0].id == "20" and talk.slug == "MJA8QY"
    assert "[Gluon](https://gluon.readthedocs.io/)" in talk.abstract and "\r" not in talk.abstract
    camp, report = run(sample(tmp_path / "b", "voc_frab-camp2019.json"))
    assert camp.conference.format == "frab-json" and camp.conference.base_url
    assert camp.conference.talks[0].start == "2019-08-21T11:00:00+02:00"
    assert of(report, Code.RELATIVE_LINK)  # attachments given relative to the base URL
    assert all(lk.url.startswith("http") for t in camp.conference.talks for lk in t.links)
    demo, report = run(sample(tmp_path / "c", "voc_pretalx-democon.json"))
    assert demo.conference.talks[0].start == "2020-12-14T09:00:00+01:00"  # as written, whatever the zone says
    assert demo.conference.talks[0].persons[0].biography.startswith("Break through direction.")
    pages = [d for d in of(report, Code.WITHHELD) if "talk page addresses" in d.message]
    assert len(pages) == 1 and pages[0].message.startswith("36 talk page addresses withheld")  # localhost


def test_hub_schedule2_after_midnight_and_withheld_example_links(tmp_path):
    imported, report = run(sample(tmp_path, "voc_hub-schedule2.json"))
    conf = imported.conference
    assert conf.format == "schedule2-json" and len(conf.talks) == 2 and len(conf.tracks) == 7
    late = conf.talks[1]
    assert (late.day, late.start, late.minutes) == ("2024-12-27", "2024-12-28T00:15:00+01:00", 40)
    assert late.track == "Hardware & Making" and late.room == "Saal ZIGZAG"
    assert {p.name for p in conf.talks[0].persons} == {"Gabriela Bogk", "Aline Blankertz", "Senficon"}
    assert not any("example.net" in lk.url for t in conf.talks for lk in t.links)
    assert len([d for d in of(report, Code.WITHHELD) if "example.net" in d.message]) == 4
