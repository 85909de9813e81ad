"""Tests for the iCalendar feeds: parse them back with icalendar and check structure and values."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import icalendar
import pytest

from tools.confkb.pipeline import pages
from tools.confkb.render.calendars import (
    event_calendar,
    session_calendar,
    speaker_calendar,
    track_calendar,
)
from tools.confkb.render.plain import one_line, plain_text

from .examplekb import BASE, make_kb


def vevents(ics: bytes) -> dict[str, icalendar.Event]:
    cal = icalendar.Calendar.from_ical(ics)
    return {str(ev["UID"]): ev for ev in cal.walk("VEVENT")}


def test_calendar_header_and_timezone():
    cal = icalendar.Calendar.from_ical(event_calendar(make_kb(), "examplecon-2099", BASE))
    assert str(cal["PRODID"]) == "-//confkb//confkb//EN"
    assert str(cal["VERSION"]) == "2.0"
    assert str(cal["X-WR-CALNAME"]) == "ExampleCon 2099"
    zones = cal.walk("VTIMEZONE")
    assert [str(z["TZID"]) for z in zones] == ["Europe/Paris"]
    assert cal.get_missing_tzids() == set()


def test_event_values():
    events = vevents(event_calendar(make_kb(), "examplecon-2099", BASE))
    assert sorted(events) == [
        "examplecon-2099/open-r1@confkb",
        "examplecon-2099/serving-at-scale@confkb",
    ]
    ev = events["examplecon-2099/open-r1@confkb"]
    start = ev.decoded("DTSTART")
    assert start.tzinfo is not None
    # 10:30 CEST in May is 08:30 UTC.
    assert start == datetime(2099, 5, 6, 8, 30, tzinfo=UTC)
    assert ev["DTSTART"].params["TZID"] == "Europe/Paris"
    assert ev.decoded("DTEND") == datetime(2099, 5, 6, 11, 10, tzinfo=ZoneInfo("Europe/Paris"))
    assert ev.decoded("DTSTAMP") == datetime(2099, 5, 6, tzinfo=UTC)
    assert str(ev["SUMMARY"]) == "Open-R1: A Fully Open Reproduction"
    assert str(ev["LOCATION"]) == "AI Model track, Station F, Paris, France"  # the track, then the venue
    assert str(ev["URL"]) == "https://kb.example.org/examplecon-2099/sessions/open-r1.html"
    assert ev["CATEGORIES"].cats == ["AI Model"]
    description = str(ev["DESCRIPTION"])
    assert "**" not in description and "](" not in description
    assert "The recipe behind reasoning models, explained." in description
    assert description.endswith("Speakers: Ada Lovelace")


def test_two_speakers_and_escaping():
    events = vevents(event_calendar(make_kb(), "examplecon-2099", BASE))
    ev = events["examplecon-2099/serving-at-scale@confkb"]
    assert str(ev["SUMMARY"]) == "Serving, at scale; together"
    assert str(ev["DESCRIPTION"]).endswith("Speakers: Ada Lovelace, Alan Turing")
    assert [str(v) for v in ev["X-CONFKB-SPEAKER"]] == ["Ada Lovelace", "Alan Turing"]
    assert ev["CATEGORIES"].cats == ["AI Infra"]


def test_untimed_session_is_skipped_but_calendar_valid():
    kb = make_kb()
    ics = session_calendar(kb, "examplecon-2099", "lunch-chat", BASE)
    cal = icalendar.Calendar.from_ical(ics)
    assert cal.walk("VEVENT") == []
    assert str(cal["PRODID"]) == "-//confkb//confkb//EN"
    assert "lunch-chat" not in event_calendar(kb, "examplecon-2099", BASE).decode()


def test_deterministic_and_stable_uids():
    kb = make_kb()
    first = event_calendar(kb, "examplecon-2099", BASE)
    assert first == event_calendar(make_kb(), "examplecon-2099", BASE)
    uids = [str(ev["UID"]) for ev in icalendar.Calendar.from_ical(first).walk("VEVENT")]
    assert len(uids) == len(set(uids))
    # The same session has the same UID in every feed it appears in.
    single = vevents(session_calendar(kb, "examplecon-2099", "open-r1", BASE))
    assert list(single) == ["examplecon-2099/open-r1@confkb"]
    # Ordered by date then time.
    assert uids == ["examplecon-2099/open-r1@confkb", "examplecon-2099/serving-at-scale@confkb"]


def test_line_structure():
    ics = event_calendar(make_kb(), "examplecon-2099", BASE)
    assert ics.endswith(b"\r\n")
    lines = ics.split(b"\r\n")[:-1]
    assert b"\n" not in b"".join(lines) and b"\r" not in b"".join(lines)
    assert all(len(line) <= 75 for line in lines)
    assert lines[0] == b"BEGIN:VCALENDAR" and lines[-1] == b"END:VCALENDAR"
    text = ics.decode()
    # Zones are defined before the events that use them.
    assert text.index("BEGIN:VTIMEZONE") < text.index("BEGIN:VEVENT")


def test_track_and_speaker_calendars():
    kb = make_kb()
    infra = vevents(track_calendar(kb, "examplecon-2099", "ai-infra", BASE))
    assert list(infra) == ["examplecon-2099/serving-at-scale@confkb"]
    alan = vevents(speaker_calendar(kb, "alan-turing", BASE))
    assert list(alan) == ["examplecon-2099/serving-at-scale@confkb"]
    ada = vevents(speaker_calendar(kb, "ada-lovelace", BASE))
    assert len(ada) == 2
    with pytest.raises(KeyError):
        track_calendar(kb, "examplecon-2099", "nope", BASE)


def test_no_base_url_gives_the_path_from_the_site_root():
    # without the site's address (a local build), the talk's page from the site's root, as the sitemap does
    events = vevents(event_calendar(make_kb(), "examplecon-2099", ""))
    assert {str(ev["URL"]) for ev in events.values()} == {"/examplecon-2099/sessions/open-r1.html",
                                                          "/examplecon-2099/sessions/serving-at-scale.html"}


def test_location_without_track_or_venue():
    from dataclasses import replace

    kb = make_kb()
    no_track = replace(kb, sessions=tuple(replace(s, track="") for s in kb.sessions))
    assert {str(ev["LOCATION"]) for ev in vevents(event_calendar(no_track, "examplecon-2099", BASE)).values()} \
        == {"Station F, Paris, France"}
    no_venue = replace(kb, events=tuple(replace(e, location="") for e in kb.events))
    assert {str(ev["LOCATION"]) for ev in vevents(event_calendar(no_venue, "examplecon-2099", BASE)).values()} \
        == {"AI Model track", "AI Infra track"}


def test_no_timezone_gives_floating_times():
    ics = event_calendar(make_kb(timezone_name=""), "examplecon-2099", BASE)
    cal = icalendar.Calendar.from_ical(ics)
    assert cal.walk("VTIMEZONE") == []
    ev = cal.walk("VEVENT")[0]
    assert ev.decoded("DTSTART") == datetime(2099, 5, 6, 10, 30)
    assert b"DTSTART:20990506T103000\r\n" in ics


def test_one_line_descriptions_have_no_marks():
    # a meta description or sharing card: words only, quotes and lists unmarked, cut at a word
    assert one_line('> "Quoted"\n\n- one\n- two **bold**') == '"Quoted" one two bold'
    assert one_line("word " * 100, limit=20) == "word word word…"  # at most 20 characters with the mark


def test_plain_text_strips_markdown():
    text = plain_text("# Title\n\nSome **bold** `code` <b>x</b> and ![alt](i.png).\n\n1. one\n2. two")
    assert text == "Title\n\nSome bold code x and alt.\n\n1. one\n2. two"


def test_calendar_name_reads_back_as_written():
    """A long session title with commas, a semicolon, a backslash and accents names its calendar: a calendar app
    reads it back whole, and icalendar, writing the same calendar again, writes the same name line."""
    from dataclasses import replace

    kb = make_kb()
    title = "Serving, at scale; together \\ again: a very long title about «modèles» that folds past 75 octets"
    sessions = tuple(replace(s, title=title) if s.slug == "open-r1" else s for s in kb.sessions)
    kb = replace(kb, sessions=sessions)
    ics = session_calendar(kb, "examplecon-2099", "open-r1", BASE)
    cal = icalendar.Calendar.from_ical(ics)
    assert str(cal["X-WR-CALNAME"]) == title
    assert all(len(line) <= 75 for line in ics.split(b"\r\n"))

    def name_line(data: bytes) -> bytes:
        start = data.index(b"X-WR-CALNAME:")
        return data[start:data.index(b"\r\nBEGIN:", start)]
    assert name_line(ics) == name_line(cal.to_ical())


def test_published_calendars_link_each_talk_and_say_where(gosim):
    """Every VEVENT of every calendar the site publishes: the talk's page, absolute with the site's address, and
    its track and venue."""
    base = "https://kb.example.org/en/latest/"
    files = pages(gosim, base)
    event = gosim.kb.events[0]
    tracks = {t.slug: t.name for t in event.tracks}
    sessions = {f"{s.event}/{s.slug}@confkb": s for s in gosim.kb.sessions}
    calendars = [k for k in files if k.endswith(".ics")]
    assert len(calendars) == 1 + len(tracks) + len(gosim.kb.sessions) + len(gosim.kb.speakers)
    seen = 0
    for name in calendars:
        for vevent in icalendar.Calendar.from_ical(files[name]).walk("VEVENT"):
            s = sessions[str(vevent["UID"])]
            assert str(vevent["URL"]) == f"{base}{s.event}/sessions/{s.slug}.html", name
            spans = s.spans()
            where = (f"{tracks[spans[0]]} track" if len(spans) == 1 else "All tracks" if len(spans) == len(tracks)
                     else f"{', '.join(tracks[t] for t in spans)} tracks")
            assert str(vevent["LOCATION"]) == f"{where}, Station F, Paris, France", name
            seen += 1
    # the event's, each track's it spans, its own, its speakers'
    assert seen == sum(2 + len(s.spans()) + len(s.speakers) for s in gosim.kb.sessions)
    r1 = icalendar.Calendar.from_ical(files["gosim-ai-paris-2025/sessions/open-r1-a-fully-open-reproduction-of"
                                            "-deepseek-r1.ics"]).walk("VEVENT")[0]
    assert str(r1["LOCATION"]) == "AI Model track, Station F, Paris, France"



def test_a_title_with_a_line_break_makes_valid_calendars():
    from tests.test_grid import _kb, pages_of

    files = pages_of(_kb("Two\nlines"))
    cal = icalendar.Calendar.from_ical(files["con-2030/sessions/bad.ics"])
    assert str(cal["X-WR-CALNAME"]) == "Two lines"
    assert [str(v["SUMMARY"]) for v in cal.walk("VEVENT")] == ["Two\nlines"]
