"""frab, pentabarf and wafer ``schedule.xml``: one family, ``schedule > conference, day > room > event``.

pentabarf gives no guids, event dates or day start and end (times are the day's wall clock); wafer files its
days by their UTC date and gives UTC date-times, so days and times are read in the conference's own zone."""

from __future__ import annotations

from datetime import date, tzinfo

from ...diagnostics import Code
from . import checks, talks, times
from .markup import Source
from .records import Conference, Day, Room, TrackInfo
from .xmltree import Node


def kind_of(root: Node) -> str:
    generator = root.find("generator")
    if generator is not None and generator.get("name").lower() == "wafer":
        return "wafer-xml"
    conference = root.find("conference")
    events = [e for d in root.findall("day") for r in d.findall("room") for e in r.findall("event")]
    if root.find("version") is None and (conference is None or conference.find("day_change") is not None
                                         or not any(e.get("guid") for e in events)):
        return "pentabarf-xml"
    return "frab-xml"


def read(root: Node, src: Source) -> Conference:
    if root.tag != "schedule":
        raise ValueError(f"the root element is <{root.tag}>, not <schedule>")
    fmt = kind_of(root)
    conf = root.find("conference") or Node("conference", {}, root.line)
    tz = times.zone(conf.findtext("time_zone_name"))
    src.base_url = conf.findtext("base_url") or root.findtext("url")
    day_change = times.clock(conf.findtext("day_change")) if fmt == "pentabarf-xml" else None
    days: list[Day] = []
    rooms: dict[str, str] = {}
    found: list = []
    for node in root.findall("day"):
        slot, day = _day(src, node, tz, len(days) + 1)
        slot = talks.Slot(slot.date, slot.start, slot.end, day_change)
        days.append(day)
        for room in node.findall("room"):
            name = " ".join(room.get("name").split())
            if name and room.findall("event"):  # FOSDEM lists rooms without talks: no page for them
                rooms.setdefault(name, room.get("guid"))
            for event in room.findall("event"):
                raw = _event(event)
                raw["room"] = raw["room"] or name
                if raw["room"]:
                    rooms.setdefault(raw["room"], "")
                found.append(talks.talk(src, raw, slot, tz))
    # frab writes <tracks><track>, the c3voc XSD <track name=".."/> in <conference> itself: either is read
    listed = (conf.find("tracks") or Node("tracks", {}, 0)).findall("track") + conf.findall("track")
    tracks = [TrackInfo(" ".join(t.text.split()) or " ".join(t.get("name").split()), t.get("color"))
              for t in listed if t.text.strip() or t.get("name").strip()]
    named = {t.name for t in tracks}
    tracks += [TrackInfo(n) for n in dict.fromkeys(t.track for t in found if t.track) if n not in named]
    result = Conference(
        path=src.path, format=fmt, title=" ".join(conf.findtext("title").split()),
        acronym=conf.findtext("acronym"), start=conf.findtext("start")[:10], end=conf.findtext("end")[:10],
        time_zone=conf.findtext("time_zone_name"), base_url=src.base_url, version=root.findtext("version"),
        days=tuple(days), rooms=tuple(Room(n, g) for n, g in rooms.items()), tracks=tuple(tracks), talks=tuple(found),
        location=", ".join(dict.fromkeys(x for x in (" ".join((conf.findtext(k) or "").split())
                                                      for k in ("venue", "city")) if x)))
    return checks.finish(src, result)


def _day(src: Source, node: Node, tz: tzinfo | None, position: int) -> tuple[talks.Slot, Day]:
    """The day as the talks are filed: its date in the conference's own zone when it starts on another date
    there (wafer writes the UTC date of a day that starts at 03:00 local time)."""
    written = times.day_of(node.get("date"))
    start, end = times.instant(node.get("start")), times.instant(node.get("end"))
    start = times.local(start, tz) if start and start.tzinfo else start
    end = times.local(end, tz) if end and end.tzinfo else end
    filed: date | None = written
    if start is not None and tz is not None and written is not None and start.date() != written:
        filed = start.date()
        src.report.fixed(src.path, node.line, Code.SCHEDULE_TIME,
                         f"day {node.get('index') or position} is dated {written.isoformat()}, but it starts at "
                         f"{start:%Y-%m-%d %H:%M} in {tz} (the file writes its times in UTC); "
                         f"its talks are filed under {filed.isoformat()}")
    if written is None and start is not None:
        filed = start.date()
    if filed is None:
        src.report.warning(src.path, node.line, Code.SCHEDULE_TIME,
                           f"day {node.get('index') or position} has no readable date; its talks are filed by "
                           "their own dates")
    try:
        index = int(node.get("index") or position)
    except ValueError:
        index = position
    day = Day(index, filed.isoformat() if filed else "", times.iso(start) if start else "",
              times.iso(end) if end else "")
    return talks.Slot(filed, start, end), day


def _event(e: Node) -> dict:
    recording = e.find("recording") or Node("recording", {}, e.line)
    persons = [{"name": p.text, "id": p.get("id"), "guid": p.get("guid"), "code": p.get("code")}
               for p in (e.find("persons") or Node("persons", {}, 0)).findall("person")]
    links = [(lk.get("href"), lk.text, lk.get("type"))
             for lk in (e.find("links") or Node("links", {}, 0)).findall("link")]
    links += [(a.get("href"), a.text, a.get("type") or "slides")
              for a in (e.find("attachments") or Node("attachments", {}, 0)).findall("attachment")]
    abstract, description = e.find("abstract"), e.find("description")
    return {
        "id": e.get("id"), "guid": e.get("guid"), "code": e.get("code"), "line": e.line,
        "date": e.findtext("date"), "start": e.findtext("start"), "duration": e.findtext("duration"),
        "room": " ".join(e.findtext("room").split()), "slug": e.findtext("slug"), "url": e.findtext("url"),
        "title": e.findtext("title"), "subtitle": e.findtext("subtitle"), "track": e.findtext("track"),
        "type": e.findtext("type"), "language": e.findtext("language"),
        "abstract": abstract.text if abstract is not None else "",
        "abstract_line": abstract.line if abstract is not None else e.line,
        "description": description.text if description is not None else "",
        "description_line": description.line if description is not None else e.line,
        "rec_licence": recording.findtext("license"), "rec_optout": recording.findtext("optout").lower() == "true",
        "rec_url": recording.findtext("url"), "persons": persons, "links": links,
    }
