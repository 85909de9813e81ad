"""What a programme says of its time zone is what the site, the calendars and the exports say, no more:
a zone's name (DebConf: Asia/Kolkata) is named; offsets without a name (31C3: +01:00) stay that offset; UTC
instants without a name (Kielux) are UTC; no offset and no zone (FOSDEM 2021) stay as the programme gives them."""

from __future__ import annotations

import json
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from tools.confkb import pipeline
from tools.confkb.ingest import values

from .importing import SAMPLES

# FOSDEM 2021's pentabarf: wall-clock times, no offset, no zone (the start of the real file, two talks)
FLOATING = """<?xml version="1.0" encoding="UTF-8"?>
<schedule><conference><title>FOSDEM 2021</title><start>2021-02-06</start><end>2021-02-07</end>
<days>2</days><day_change>00:00:00</day_change><timeslot_duration>00:05:00</timeslot_duration></conference>
<day index="1" date="2021-02-06"><room name="K.fosdem">
<event id="11795"><start>09:00</start><duration>00:25</duration><room>K.fosdem</room><slug>keynotes_welcome</slug>
<title>Welcome to FOSDEM 2021</title><track>Keynotes</track><type>keynote</type><language/>
<persons><person id="6">FOSDEM Staff</person></persons><links/></event>
<event id="11796"><start>23:40</start><duration>00:40</duration><room>K.fosdem</room><slug>late</slug>
<title>Late</title><track>Keynotes</track><type>keynote</type><language/>
<persons><person id="7">Night Owl</person></persons><links/></event>
</room></day></schedule>
"""


def build(tmp: Path, event: str, name: str, content: bytes) -> dict[str, str]:
    folder = tmp / "sources" / event
    folder.mkdir(parents=True)
    (folder / name).write_bytes(content)
    return pipeline.pages(pipeline.load(folder.parent))


def sample(tmp: Path, event: str, file: str) -> dict[str, str]:
    return build(tmp, event, f"schedule{Path(file).suffix}", (SAMPLES / file).read_bytes())


def conference(files: dict[str, str], event: str) -> tuple[ET.Element, dict]:
    xml = ET.fromstring(files[f"{event}/schedule.xml"])
    return xml, json.loads(files[f"{event}/schedule.json"])["schedule"]["conference"]


def test_fixed_offset_zones():
    assert [values.fixed_zone(m) for m in (60, 0, -300, 330, 14 * 60, -12 * 60)] == [
        "Etc/GMT-1", "UTC", "Etc/GMT+5", "", "Etc/GMT-14", "Etc/GMT+12"]
    assert [values.zone_label(z) for z in ("Etc/GMT-1", "Etc/GMT+5", "Europe/Berlin")] == [
        "UTC+01:00", "UTC-05:00", "Europe/Berlin"]
    assert values.is_fixed("Etc/GMT-1") and not values.is_fixed("UTC") and not values.is_fixed("Europe/Berlin")


def test_offsets_without_a_zone_name_stay_that_offset(tmp_path):
    """31C3 writes +01:00 on every time and names no zone: the pages say UTC+01:00, the calendars give the
    instants in UTC, the exports keep +01:00 and name no zone (Hamburg's rules are not in the file)."""
    files = sample(tmp_path, "31c3", "frab_31c3_schedule.xml")
    index = files["31c3/index.md"]
    assert "- **Times:** UTC+01:00, as the programme gives them (it names no time zone)" in index
    assert "Times are at UTC+01:00, as the programme gives them." in files["31c3/schedule.md"]
    opening = next(v for k, v in files.items() if k.startswith("31c3/sessions/31c3-opening-event"))
    assert "11:00–11:30 UTC+01:00" in opening
    ics = files["31c3/calendar.ics"]
    assert "DTSTART:20141227T100000Z" in ics  # 11:00 at +01:00
    assert "TZID" not in ics and "VTIMEZONE" not in ics
    xml, js = conference(files, "31c3")
    assert xml.find("conference/time_zone_name") is None and "time_zone_name" not in js
    first = xml.find("day/room/event")
    assert (first.findtext("date"), first.findtext("start")) == ("2014-12-27T11:00:00+01:00", "11:00")
    assert xml.find("day").get("start") == "2014-12-27T11:00:00+01:00"


def test_no_offset_and_no_zone_stay_as_the_programme_gives_them(tmp_path):
    """FOSDEM 2021 states neither: the pages say so and name no zone, the calendars hold floating times (each
    reader's own clock), and the exports, whose formats need an offset, write the times as given at +00:00
    without naming a zone."""
    files = build(tmp_path, "fosdem-2021", "schedule.xml", FLOATING.encode())
    assert "- **Times:** as the programme gives them; it states no time zone" in files["fosdem-2021/index.md"]
    schedule = files["fosdem-2021/schedule.md"]
    assert "Times are as the programme gives them; it states no time zone." in schedule
    assert "local to the venue" not in schedule and "UTC" not in schedule
    ics = files["fosdem-2021/calendar.ics"]
    assert "DTSTART:20210206T090000\r\n" in ics and "DTEND:20210207T002000\r\n" in ics  # floating, past midnight
    assert "TZID" not in ics and "VTIMEZONE" not in ics
    xml, js = conference(files, "fosdem-2021")
    assert xml.find("conference/time_zone_name") is None and "time_zone_name" not in js
    assert [e.findtext("date") for e in xml.iter("event")] == ["2021-02-06T09:00:00+00:00",
                                                               "2021-02-06T23:40:00+00:00"]
    assert [e["end"] for e in js["days"][0]["rooms"]["K.fosdem"]] == ["2021-02-06T09:25:00+00:00",
                                                                    "2021-02-07T00:20:00+00:00"]


@pytest.mark.parametrize(("event", "file", "zone", "label"), [
    ("kielux-2020", "ical_kielux2020.ics", "UTC", "UTC"),
    ("debconf-23", "wafer_debconf23_schedule.xml", "Asia/Kolkata", "IST")])
def test_a_named_zone_is_named(tmp_path, event, file, zone, label):
    """Kielux gives UTC instants (Z) and no zone: UTC, said as such; DebConf names Asia/Kolkata."""
    files = sample(tmp_path, event, file)
    assert f"- **Times are local:** {zone}" in files[f"{event}/index.md"]
    assert f"Times are local to the venue ({zone})." in files[f"{event}/schedule.md"]
    # the zone's name the programme's times are in, in the corner of the schedule grid above the times
    assert f'<div class="confkb-corner" style="grid-area:1/1/2/2">{label}</div>' in files[f"{event}/schedule.md"]
    xml, js = conference(files, event)
    assert xml.findtext("conference/time_zone_name") == js["time_zone_name"] == zone
    if zone != "UTC":
        assert f"TZID={zone}" in files[f"{event}/calendar.ics"]


def test_the_export_of_a_fixed_offset_imports_to_the_same_offset(tmp_path):
    files = sample(tmp_path / "a", "31c3", "frab_31c3_schedule.xml")
    again = build(tmp_path / "b", "31c3", "schedule.json", files["31c3/schedule.json"].encode())
    assert "- **Times:** UTC+01:00, as the programme gives them" in again["31c3/index.md"]
    shutil.rmtree(tmp_path / "b")
    again = build(tmp_path / "b", "31c3", "schedule.xml", files["31c3/schedule.xml"].encode())
    assert again["31c3/schedule.xml"].split("<day ", 1)[1] == files["31c3/schedule.xml"].split("<day ", 1)[1]
