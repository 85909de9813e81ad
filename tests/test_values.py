"""Dates, times and names as the documents write them."""

import pytest

from tools.confkb.ingest import values


@pytest.mark.parametrize(("text", "expected"), [
    ("10:30 - 11:10", ("10:30", "11:10", "")),
    ("14:00–14:40 (CEST)", ("14:00", "14:40", "CEST")),
    ("10:30 – 10:50 AM (CEST)", ("10:30", "10:50", "CEST")),
    ("1:30 - 2:10 PM", ("13:30", "14:10", "")),
    ("11:30 - 11:50 CET", ("11:30", "11:50", "CET")),
    ("9.30 to 10.00", ("09:30", "10:00", "")),
])
def test_time_ranges(text, expected):
    tr = values.parse_time_range(text)
    assert tr is not None
    assert (tr.start, tr.end, tr.tz_label) == expected
    assert tr.problem == ""


@pytest.mark.parametrize("text", ["25:00 - 26:00", "11:00 - 10:00", "10:75 - 11:00"])
def test_impossible_times_are_flagged(text):
    tr = values.parse_time_range(text)
    assert tr is not None
    assert tr.problem


@pytest.mark.parametrize("text", ["2021 - 2023", "May 6-7", "soon"])
def test_not_a_time(text):
    assert values.parse_time_range(text) is None


@pytest.mark.parametrize(("text", "expected"), [
    ("May 6, 2025", "2025-05-06"), ("6 May 2025", "2025-05-06"), ("May 7", "2025-05-07"),
    ("2025-05-06", "2025-05-06"), ("Tuesday, May 6th, 2025", "2025-05-06"), ("Sept 3, 2024", "2024-09-03"),
    ("Febtember 40", ""), ("Feb 30, 2025", ""),
])
def test_dates(text, expected):
    assert values.parse_date(text, 2025) == expected


def test_event_date_range():
    assert values.parse_date_range("May 6-7, 2025") == ("2025-05-06", "2025-05-07")
    assert values.parse_date_range("May 6–7, 2025") == ("2025-05-06", "2025-05-07")


@pytest.mark.parametrize(("a", "b", "same"), [
    ("Rémi Louf", "Rémilouf", True), ("Pedro Ortis", "Pedro Ortiz Suarez", True),
    ("James Yang", "Zijiang James Yang", True), ("Dongjie Chen", "Dong Chen", True),
    ("Guilherme Penedo", "Elie Bakouch", False), ("Yanzhi Wang", "Xiyuan Wang", False),
])
def test_same_person(a, b, same):
    assert values.same_person(a, b) is same


def test_clean_name():
    assert values.clean_name("Dr. Angelo Corsaro") == "Angelo Corsaro"
    assert values.clean_name("**Diego Rojas (罗杰斯)**") == "Diego Rojas"


@pytest.mark.parametrize(("a", "b", "same"), [
    ("https://twitter.com/gui_penedo", "https://x.com/gui_penedo", True),
    ("https://fr.linkedin.com/in/guilhermepenedo", "https://www.linkedin.com/in/guilhermepenedo/", True),
    ("https://github.com/guipenedo", "https://github.com/guipenedo/datatrove", False),
    ("https://www.youtube.com/watch?v=iQmXF5gxaWY", "https://www.youtube.com/watch?v=other", False),
])
def test_the_same_profile_under_two_urls_is_one_link(a, b, same):
    assert (values.link_key(a) == values.link_key(b)) is same


def test_speaker_has_one_button_per_profile(gosim):
    penedo = next(p for p in gosim.kb.speakers if p.slug == "guilherme-penedo")
    keys = [values.link_key(link.url) for link in penedo.links]
    assert len(keys) == len(set(keys))
    assert sum("x.com" in k for k in keys) == 1 and sum("linkedin.com" in k for k in keys) == 1


@pytest.mark.parametrize(("time", "date", "shown", "severity"), [
    ("10:00 - 10:30 (CET)", "May 6, 2025", "CEST", "fixed"),  # winter name in May: corrected
    ("10:00 - 10:30 UTC+2", "May 6, 2025", "CEST", "fixed"),  # the same offset, by another name
    ("10:00 - 10:30 (CET)", "January 14, 2025", "CET", None),  # right for the season: nothing to say
    ("10:00 - 10:30", "May 6, 2025", "CEST", None),  # no label: the zone's
    ("10:00 - 10:30 (PST)", "May 6, 2025", "PST", "warning"),  # another zone: kept, times to check
])
def test_time_zone_label_is_the_events_zone_on_that_day(tmp_path, time, date, shown, severity) -> None:
    from tests.hostile import talk
    from tools.confkb.diagnostics import Code
    from tools.confkb.pipeline import load

    event = tmp_path / "sources" / "hostile-con-2025"
    event.mkdir(parents=True)
    (event / "a_en.md").write_text(talk("Zones", "Zelda Zone", date=date, time=time), encoding="utf-8")
    result = load(tmp_path / "sources")
    assert [s.timezone_label for s in result.kb.sessions] == [shown]
    found = [d for d in result.report.items if d.code is Code.TIME_ZONE_LABEL]
    assert [d.severity.value for d in found] == ([severity] if severity else [])
    assert all(d.line > 1 for d in found)


@pytest.mark.parametrize(("text", "expected"), [
    ("11:45 - 12:25 PM", ("11:45", "12:25")),  # crosses noon: 11:45 AM to 12:25 PM
    ("11:00 - 1:00 PM", ("11:00", "13:00")),
    ("12:00 - 12:40 PM", ("12:00", "12:40")),
    ("12:45 AM - 1:25 AM", ("00:45", "01:25")),
])
def test_a_suffix_at_the_end_reads_as_people_write_it(text, expected):
    tr = values.parse_time_range(text)
    assert (tr.start, tr.end, tr.problem, tr.repaired) == (*expected, "", "")


@pytest.mark.parametrize(("text", "expected"), [
    ("12:45 - 13:25 AM", ("12:45", "13:25", "13:25", "AM")),
    ("13:00 - 13:40 PM", ("13:00", "13:40", "13:40", "PM")),
    ("14:00 PM - 14:40", ("14:00", "14:40", "14:00", "PM")),
    ("13:00 PM - 13:40 PM", ("13:00", "13:40", "13:00", "PM")),  # both past 12: the first is named
    ("10:00 AM - 13:00", ("10:00", "13:00", "13:00", "AM")),  # the suffix is on 10:00, which is no 24-hour time
])
def test_am_or_pm_of_a_24_hour_time_is_ignored_and_said(text, expected):
    start, end, clock, suffix = expected
    tr = values.parse_time_range(text)
    assert (tr.start, tr.end, tr.problem) == (start, end, "")
    assert tr.repaired.startswith(f"{clock} is a 24-hour time") and repr(suffix) in tr.repaired


def test_a_range_across_midnight_is_still_flagged():
    assert values.parse_time_range("11:30 PM - 12:30 AM").problem
