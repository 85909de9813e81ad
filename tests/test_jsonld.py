"""Tests for schema.org JSON-LD: required properties, offsets from the time zone, safe embedding."""

from __future__ import annotations

import dataclasses
import json
import re

from tools.confkb.render.jsonld import event_jsonld, script_tag, session_jsonld, speaker_jsonld

from .examplekb import BASE, make_kb

EVIL = "</script><script>alert(1)</script>"


def test_event_jsonld():
    data = event_jsonld(make_kb(), "examplecon-2099", BASE)
    assert data["@context"] == "https://schema.org"
    assert data["@type"] == "ConferenceEvent"
    assert data["name"] == "ExampleCon 2099"
    assert (data["startDate"], data["endDate"]) == ("2099-05-06", "2099-05-07")
    assert data["eventAttendanceMode"] == "https://schema.org/OfflineEventAttendanceMode"
    assert data["location"] == {"@type": "Place", "name": "Station F", "address": "Station F, Paris, France"}
    assert data["url"] == "https://kb.example.org/examplecon-2099/index.html"
    names = [sub["name"] for sub in data["subEvent"]]
    assert names[0] == "Untimed fireside chat"  # no date sorts first; it still belongs to the event
    assert data["subEvent"][1]["startDate"] == "2099-05-06T10:30:00+02:00"
    assert "startDate" not in data["subEvent"][0]


def test_session_jsonld():
    data = session_jsonld(make_kb(), "examplecon-2099", "serving-at-scale", BASE)
    assert data["@type"] == "Event"
    assert data["name"] == "Serving, at scale; together"
    assert data["description"] == "Two speakers, one stage."
    assert data["startDate"] == "2099-05-07T09:00:00+02:00"
    assert data["endDate"] == "2099-05-07T09:40:00+02:00"
    assert data["location"]["@type"] == "Place"
    assert data["superEvent"] == {
        "@type": "ConferenceEvent",
        "name": "ExampleCon 2099",
        "url": "https://kb.example.org/examplecon-2099/index.html",
    }
    assert [p["@type"] for p in data["performer"]] == ["Person", "Person"]
    assert data["performer"][0] == {
        "@type": "Person",
        "name": "Ada Lovelace",
        "jobTitle": "Research Engineer",
        "url": "https://kb.example.org/speakers/ada-lovelace.html",
    }
    assert data["url"] == "https://kb.example.org/examplecon-2099/sessions/serving-at-scale.html"


def test_session_offset_follows_dst():
    kb = make_kb()
    winter = dataclasses.replace(kb.sessions[0], date="2099-12-01")
    kb = dataclasses.replace(kb, sessions=(winter, *kb.sessions[1:]))
    assert session_jsonld(kb, "examplecon-2099", "open-r1", BASE)["startDate"] == "2099-12-01T10:30:00+01:00"


def test_untimed_session_and_no_base_url():
    data = session_jsonld(make_kb(), "examplecon-2099", "lunch-chat", "")
    assert "startDate" not in data and "url" not in data
    assert "url" not in data["superEvent"]


def test_speaker_jsonld():
    data = speaker_jsonld(make_kb(), "ada-lovelace", BASE)
    assert data["@type"] == "Person"
    assert data["jobTitle"] == "Research Engineer"
    assert data["worksFor"] == {"@type": "Organization", "name": "Analytical Engines"}
    assert data["sameAs"] == ["https://github.com/ada"]  # mailto: is not a profile
    assert data["url"] == "https://kb.example.org/speakers/ada-lovelace.html"
    assert [e["name"] for e in data["performerIn"]] == [
        "Open-R1: A Fully Open Reproduction",
        "Serving, at scale; together",
    ]
    alan = speaker_jsonld(make_kb(), "alan-turing", BASE)
    assert "worksFor" not in alan and "sameAs" not in alan


def test_script_tag_cannot_break_out():
    kb = make_kb()
    evil = dataclasses.replace(kb.sessions[0], title=EVIL, abstract="a & b <!-- c -->")
    kb = dataclasses.replace(kb, sessions=(evil, *kb.sessions[1:]))
    data = session_jsonld(kb, "examplecon-2099", "open-r1", BASE)
    tag = script_tag(data)
    assert tag.startswith('<script type="application/ld+json">')
    assert tag.count("</script>") == 1 and tag.endswith("</script>")
    body = tag[len('<script type="application/ld+json">') : -len("</script>")]
    assert not re.search(r"[<>&]", body)
    assert json.loads(body) == data
    assert json.loads(body)["name"] == EVIL


def test_deterministic():
    kb = make_kb()
    first = script_tag(session_jsonld(kb, "examplecon-2099", "open-r1", BASE))
    assert first == script_tag(session_jsonld(make_kb(), "examplecon-2099", "open-r1", BASE))
    keys = list(session_jsonld(kb, "examplecon-2099", "open-r1", BASE))
    assert keys[:3] == ["@context", "@type", "name"]
