"""What a lenient import does with the oddities users reported, each said with its line or the talk's id."""

from __future__ import annotations

import json

from tools.confkb.diagnostics import Code, Severity
from tools.confkb.ingest.withhold import Policy

from .importing import folder, of, run


def programme(events: list[dict], base_url: str = "https://example.org/") -> str:
    day = {"index": 1, "date": "2025-03-01", "day_start": "2025-03-01T09:00:00+01:00",
           "day_end": "2025-03-02T04:00:00+01:00", "rooms": {"Hall": events}}
    conf = {"acronym": "edge", "title": "Edge", "start": "2025-03-01", "end": "2025-03-01", "daysCount": 1,
            "time_zone_name": "Europe/Berlin", "days": [day]}
    return json.dumps({"schedule": {"version": "1", "base_url": base_url, "conference": conf}}, indent=1)


def event(i: int, **fields) -> dict:
    base = {"id": i, "guid": f"00000000-0000-4000-8000-{i:012d}", "date": "2025-03-01T10:00:00+01:00",
            "start": "10:00", "duration": "00:30", "room": "Hall", "title": f"Talk {i}", "track": "Main",
            "persons": [{"id": 100 + i, "public_name": f"Person {i}"}], "links": []}
    return base | fields


def test_durations_days_titles_ids_and_people(tmp_path):
    text = programme([
        event(1, duration="1:75"),
        event(2, duration="25:00"),
        event(3, title=""),
        event(1, guid="00000000-0000-4000-8000-000000000001", title="Same id and guid, another talk"),
        event(5, persons=[{"public_name": "No Id"}, {"public_name": "Also None"}]),
        event(6, date="2025-03-01T11:00:00", start="11:00"),
    ], base_url="https://edge.example.net/")
    imported, report = run(folder(tmp_path, "schedule.json", text))
    talks = imported.conference.talks
    assert [t.minutes for t in talks[:2]] == [135, 1500]
    time = [d.message for d in of(report, Code.SCHEDULE_TIME)]
    assert any("'1:75' has 75 minutes; read as 2:15" in m for m in time)
    assert any("talk 2 lasts 25 hours 0 minutes, longer than a day" in m for m in time)
    assert talks[2].title == "Untitled (talk 3)"
    assert [d.message for d in of(report, Code.MISSING_FIELD)] == ["talk 3 has no title; it is shown as "
                                                                   "'Untitled (talk 3)'"]
    dup = of(report, Code.DUPLICATE_ID)
    assert len(dup) == 2 and {d.message.split()[1] for d in dup} == {"id", "guid"} and len(talks) == 6
    assert "both talks are kept" in dup[0].message and dup[0].line == talks[3].line > talks[0].line
    people = of(report, Code.PERSON_WITHOUT_ID)
    assert len(people) == 1 and people[0].message.startswith("2 speakers of the programme have no id")
    assert talks[5].start == "2025-03-01T11:00:00+01:00"  # no offset, but the programme names its zone


def test_html_becomes_markdown_and_relative_links_are_resolved_or_dropped(tmp_path):
    abstract = ('<p>Read <a href="/talks/1">the page</a> and <b>bold</b> words.</p>'
                '<script>alert(1)</script><p><a href="https://www.example.com/x">example</a></p>')
    text = programme([event(1, abstract=abstract, links=[{"url": "/slides.pdf", "title": "Slides"},
                                                         {"url": "javascript:alert(1)", "title": "x"}])],
                     base_url="https://conf.test.org/")
    imported, report = run(folder(tmp_path / "a", "schedule.json", text))
    talk = imported.conference.talks[0]
    assert "[the page](https://conf.test.org/talks/1)" in talk.abstract and "**bold**" in talk.abstract
    assert "<" not in talk.abstract and "alert" not in talk.abstract
    assert "example.com" not in talk.abstract and of(report, Code.WITHHELD)
    assert [(lk.url, lk.kind) for lk in talk.links] == [("https://conf.test.org/slides.pdf", "slides")]
    assert of(report, Code.UNSAFE_LINK)
    assert [d.severity for d in of(report, Code.RELATIVE_LINK)] == [Severity.FIXED, Severity.FIXED]
    imported, report = run(folder(tmp_path / "b", "schedule.json", text.replace('"https://conf.test.org/"', '""')))
    talk = imported.conference.talks[0]
    assert "Read the page and" in talk.abstract and talk.links == ()
    assert [d.severity for d in of(report, Code.RELATIVE_LINK)] == [Severity.DROPPED, Severity.DROPPED]


def test_a_vouched_link_is_published_and_its_correction_marked_used(tmp_path):
    url = "https://example.com/talk"
    text = programme([event(1, links=[{"url": url, "title": "Site"}])])
    policy = Policy("sources/ev/corrections.toml", publish_urls=((url, 7),))
    imported, report = run(folder(tmp_path, "schedule.json", text), policy=policy)
    assert [lk.url for lk in imported.conference.talks[0].links] == [url]
    assert imported.used == frozenset({7}) and not of(report, Code.WITHHELD)
