"""The exports in the real world: published on the built site beside the event's pages, and loaded by a real
schedule app, ConfClerk, whose database must then hold every event, person, room, track and link."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from datetime import UTC, datetime
from pathlib import Path

import pytest

from tests import confclerk
from tests.conftest import SOURCES
from tests.exportkb import make_kb
from tests.importing import SAMPLES
from tools.confkb.pipeline import generate, load, pages
from tools.confkb.render import exports

pytestmark = pytest.mark.slow
GOSIM = "gosim-ai-paris-2025"


def _expected(root: ET.Element) -> dict[str, set]:
    events = root.findall("day/room/event")
    return {
        "event": {(int(e.get("id")), e.findtext("title")) for e in events},
        "person": {(int(p.get("id")), p.text) for p in root.iter("person")},
        "room": {r.get("name") for r in root.findall("day/room")},
        "track": {e.findtext("track") or "No track" for e in events},  # ConfClerk's name for an empty <track>
        "link": {(int(e.get("id")), x.get("href")) for e in events for x in e.findall("links/link")},
        "event_person": {(int(e.get("id")), int(p.get("id"))) for e in events for p in e.iter("person")},
        "event_room": {(int(e.get("id")), e.findtext("room")) for e in events},
    }


def assert_loaded(schedule: Path, home: Path) -> dict[str, list[tuple]]:
    """ConfClerk's database after importing *schedule* holds exactly what the export says."""
    if missing := confclerk.missing():
        pytest.skip(f"ConfClerk cannot be run here: {', '.join(missing)} not installed "
                    "(apt-get install confclerk xvfb xdotool)")
    root = ET.parse(schedule).getroot()
    want = _expected(root)
    rows = confclerk.load(schedule, home)
    rooms = {r[0]: r[2] for r in rows["room"]}
    got = {
        "event": {(r[1], r[8]) for r in rows["event"]},
        "person": {(r[0], r[2]) for r in rows["person"]},
        "room": set(rooms.values()),
        "track": {r[2] for r in rows["track"]},
        "link": {(r[2], r[4]) for r in rows["link"]},
        "event_person": {(r[1], r[2]) for r in rows["event_person"]},
        "event_room": {(r[1], rooms[r[2]]) for r in rows["event_room"]},
    }
    for table in want:
        assert got[table] == want[table], table
    # ConfClerk keeps local wall-clock times as epoch seconds; each talk starts when the export says
    starts = {r[1]: datetime.fromtimestamp(r[2], UTC).strftime("%Y-%m-%dT%H:%M") for r in rows["event"]}
    assert starts == {int(e.get("id")): e.findtext("date")[:16] for e in root.findall("day/room/event")}
    return rows


def test_gosim_export_loads_in_confclerk(tmp_path):
    generate(SOURCES, tmp_path / "out")
    rows = assert_loaded(tmp_path / "out" / GOSIM / "schedule.xml", tmp_path / "home")
    assert (len(rows["event"]), len(rows["person"]), len(rows["room"]), len(rows["track"])) == (77, 65, 5, 5)


def test_hard_cases_export_loads_in_confclerk(tmp_path):
    kb = make_kb()
    e = kb.events[0]
    path = tmp_path / "schedule.xml"
    path.write_text(exports.schedule_files(kb, e)[exports.xml_path(e)], encoding="utf-8")
    rows = assert_loaded(path, tmp_path / "home")
    durations = {r[8]: r[3] for r in rows["event"]}
    assert durations["Night hacking"] == 2 * 3600  # past midnight
    # ConfClerk reads a duration as a time of day: a talk of 50 hours, valid in the format, shows 0 there
    assert durations["Hackathon"] == 0
    assert len(rows["link"]) == 4 and len(rows["person"]) == 4  # two people named Alex Smith stay two


def test_the_site_publishes_the_exports_and_links_them(site):
    for name in ("schedule.xml", "schedule.json"):
        assert (site / GOSIM / name).is_file()
        for page in ("index.html", "schedule.html"):
            assert f'href="{name}"' in (site / GOSIM / page).read_text(encoding="utf-8")


# what ConfClerk holds after loading the source file itself (interop.md): events, persons, rooms, tracks
SOURCE_FIGURES = {"frab_31c3_schedule.xml": (138, 198, 4, 8),
                  "pentabarf_fosdem2021_schedule.xml": (773, 684, 106, 109),
                  "wafer_debconf23_schedule.xml": (117, 87, 5, 12)}


@pytest.mark.parametrize(("file", "event"), [
    ("frab_31c3_schedule.xml", "31c3"), ("pentabarf_fosdem2021_schedule.xml", "fosdem-2021"),
    ("wafer_debconf23_schedule.xml", "debconf-23"), ("voc_pretalx-rc3.json", "rc3"),
    ("ical_kielux2020.ics", "kielux-2020")])
def test_real_programmes_exports_load_in_confclerk(tmp_path, file, event):
    """Each real programme, imported and exported, loads whole: ConfClerk's database holds every event, person,
    room, track and link of the export, and as many as it holds when it loads the source file itself."""
    folder = tmp_path / "sources" / event
    folder.mkdir(parents=True)
    (folder / f"schedule{Path(file).suffix}").write_bytes((SAMPLES / file).read_bytes())
    path = tmp_path / "schedule.xml"
    path.write_text(pages(load(folder.parent))[f"{event}/schedule.xml"], encoding="utf-8")
    rows = assert_loaded(path, tmp_path / "home")
    got = tuple(len(rows[t]) for t in ("event", "person", "room", "track"))
    if file in SOURCE_FIGURES:
        assert got == SOURCE_FIGURES[file]
    if file.startswith("pentabarf"):
        # the source has 3,370 addresses (2,976 links and 395 attachments, each once per talk); 13 are withheld
        # (meeting invitations, "slides" that point to a repository) and 3 dropped (ipns:, "thttps:"), each reported
        assert len(rows["link"]) == 3354
