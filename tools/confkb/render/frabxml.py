"""``/<event>/schedule.xml``: the frab/c3voc schedule XML that apps (ConfClerk, Giggity, EventFahrplan) read.

Valid against the c3voc XSD. ElementTree escapes every text and attribute, so a source's text is data here.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from .exportdata import Schedule, Talk

VERSION = "confkb 1"  # the programme's version as apps show it
TRACK_SLUG = re.compile(r"[a-z][a-z0-9-]+")  # the XSD's; a track whose slug does not fit is listed without one


def _http(url: str) -> bool:
    return url.startswith(("http://", "https://"))


def _add(parent: ET.Element, tag: str, text: str = "", **attrs: str) -> ET.Element:
    el = ET.SubElement(parent, tag, {k: v for k, v in attrs.items() if v})
    if text:
        el.text = text
    return el


def _event(parent: ET.Element, t: Talk) -> None:
    ev = _add(parent, "event", guid=t.guid, id=str(t.id))
    _add(ev, "room", t.room)
    _add(ev, "title", t.title)
    if t.subtitle:
        _add(ev, "subtitle", t.subtitle)
    _add(ev, "type", t.type)
    _add(ev, "date", t.start.isoformat())
    _add(ev, "start", t.start.strftime("%H:%M"))
    _add(ev, "duration", t.duration)
    _add(ev, "abstract", t.abstract)
    _add(ev, "slug", t.slug)
    _add(ev, "track", t.track)
    if t.language:
        _add(ev, "language", t.language)
    persons = _add(ev, "persons")
    for p in t.persons:
        _add(persons, "person", p.name, id=str(p.id), guid=p.guid)
    # the first recording is the event's recording; the others, with the links, in <links> typed "recording"
    first = next((r for r in t.recordings if _http(r.url)), None)
    if first is not None or t.licence:
        rec = _add(ev, "recording")
        _add(rec, "license", t.licence)
        _add(rec, "optout", "false")
        if first is not None:
            _add(rec, "url", first.url)
    links = _add(ev, "links")
    for link in t.links:
        _add(links, "link", link.label or link.url, href=link.url, type=link.kind)
    for r in t.recordings:
        if r is not first:
            _add(links, "link", r.label or r.url, href=r.url, type="recording")
    if _http(t.url):
        _add(ev, "url", t.url)


def dumps(s: Schedule) -> str:
    root = ET.Element("schedule")
    _add(root, "generator", name="confkb")
    if s.url:
        _add(root, "url", s.url)
    _add(root, "version", VERSION)
    conf = _add(root, "conference")
    _add(conf, "title", s.title)
    _add(conf, "acronym", s.acronym)
    if s.start:
        _add(conf, "start", s.start)
    if s.end:
        _add(conf, "end", s.end)
    _add(conf, "days", str(len(s.days)))
    _add(conf, "timeslot_duration", "00:05")
    if s.base_url:
        _add(conf, "base_url", s.base_url)
    if s.time_zone:  # never a zone the programme did not name: the dates' offsets say the instants
        _add(conf, "time_zone_name", s.time_zone)
    for name, slug in s.tracks:
        _add(conf, "track", name=name, slug=slug if TRACK_SLUG.fullmatch(slug) else "")
    for d in s.days:
        day = _add(root, "day", date=d.date, start=d.start.isoformat(), end=d.end.isoformat(), index=str(d.index))
        for r in d.rooms:
            room = _add(day, "room", name=r.name, guid=r.guid)
            for t in r.talks:
                _event(room, t)
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"
