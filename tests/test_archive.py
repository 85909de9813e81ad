"""One archive of many events: GOSIM and the eight real published programmes built as one site (make archive)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.conftest import ROOT, SOURCES
from tools.archive_sources import PROGRAMMES, gather
from tools.confkb.diagnostics import Severity
from tools.confkb.pipeline import load, pages

SAMPLES = ROOT / "tests" / "data" / "schedules"
# sessions per event: the programmes' own counts (a plain walk of each file, see test_import_samples.py)
SESSIONS = {"31c3": 138, "38c3-hub": 2, "camp-2019": 79, "debconf-23": 117, "democon": 36, "fosdem-2021": 773,
            "gosim-ai-paris-2025": 77, "kielux-2020": 24, "rc3-2020": 48}


@pytest.fixture(scope="module")
def archive(tmp_path_factory: pytest.TempPathFactory) -> Path:
    sources = tmp_path_factory.mktemp("archive") / "sources"
    gather(sources, SOURCES, SAMPLES)
    return sources


@pytest.fixture(scope="module")
def loaded(archive: Path):
    return load(archive)


@pytest.fixture(scope="module")
def files(loaded) -> dict[str, str]:
    return pages(loaded)


def test_every_event_of_the_archive_is_built_from_its_own_source(loaded) -> None:
    kb = loaded.kb
    assert sorted(e.slug for e in kb.events) == sorted(SESSIONS) == sorted([*PROGRAMMES, "gosim-ai-paris-2025"])
    assert {e.slug: sum(s.event == e.slug for s in kb.sessions) for e in kb.events} == SESSIONS
    assert len(kb.sessions) > 1000
    assert loaded.report.count(Severity.ERROR) == 0
    fosdem = next(e for e in kb.events if e.slug == "fosdem-2021")
    assert (fosdem.name, fosdem.location, len(fosdem.rooms), len(fosdem.tracks)) == ("FOSDEM 2021", "Online", 106, 109)


def test_one_person_across_events_is_one_speaker_page_listing_each_event(loaded, files) -> None:
    kb = loaded.kb
    across = {p.slug: sorted({k.split("/", 1)[0] for k in p.sessions}) for p in kb.speakers}
    # the same person, spoken at the camp and at FOSDEM: one page, both talks
    assert across["blinry"] == ["camp-2019", "fosdem-2021"]
    assert sum(len(events) > 1 for events in across.values()) >= 10
    page = files["speakers/blinry.md"]
    assert page.index("Chaos Communication Camp 2019") < page.index("FOSDEM 2021")  # by event, in date order
    assert "Making video games in a weekend" in page and "Building a Git learning game" in page


def test_the_home_page_lists_the_events_newest_first(files) -> None:
    home = files["index.md"]
    names = re.findall(r"^:::{grid-item-card} (.+)$", home, re.M)
    assert names[:4] == ["GOSIM AI Paris 2025", "38C3", "DebConf 23", "FOSDEM 2021"]
    assert names[-1] == "31. Chaos Communication Congress"
    assert len(names) == len(SESSIONS)


def test_each_event_has_its_schedule_rooms_report_and_exports(files) -> None:
    for event in SESSIONS:
        for rel in ("index.md", "schedule.md", "data-quality.md", "calendar.ics", "schedule.xml", "schedule.json"):
            assert f"{event}/{rel}" in files, (event, rel)
    assert "fosdem-2021/rooms/index.md" in files
    assert "- **Where:** Online" in files["fosdem-2021/index.md"]
