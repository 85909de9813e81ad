"""A published programme as an importer returns it (``records.Conference``), written out by hand: two rooms, two
days, a talk past midnight, one filed under the day before, "Welcome" in two rooms, two people called Jane Doe
with different ids, a talk with a recording and slides, a time given in UTC; and the event's knowledge base."""

from __future__ import annotations

from tools.confkb.assemble import documents, imported
from tools.confkb.diagnostics import Report
from tools.confkb.ingest.schedule.records import Conference, Day, Person, Room, Talk, TrackInfo
from tools.confkb.model import KnowledgeBase, Link, ParsedDoc, Section
from tools.confkb.pipeline import Result

EVENT = "nightcon-2099"
PATH = f"sources/{EVENT}/schedule.xml"
JANSON_GUID = "3b8f2a56-7c1e-4f0a-9d1b-2a9c0e5f4d11"

ANA = Person("Ana Organiser", id="1")
JANE_RUST = Person("Jane Doe", id="7", biography="Jane writes *Rust* compilers.",
                   links=(Link("Website", "https://jane7.example.org/"),))
JANE_BOF = Person("Jane Doe", id="8", biography="Jane runs a bakery that opens at night.")


def conference() -> Conference:
    talks = (
        Talk("Welcome", 10, id="101", guid="1a1e3d0c-5b7d-4c1e-8f61-0d8a1f2b3c01", slug="welcome_janson",
             type="keynote", language="en", track="Keynotes", room="Janson", day="2099-02-06",
             start="2099-02-06T09:00:00+01:00", minutes=30, abstract="Opening words.", persons=(ANA,),
             url="https://nightcon.example.org/2099/schedule/event/welcome_janson/"),
        Talk("Welcome", 30, id="102", guid="1a1e3d0c-5b7d-4c1e-8f61-0d8a1f2b3c02", track="Rust",
             room="K.1.105 (La Fontaine)", day="2099-02-06", start="2099-02-06T09:00:00+01:00", minutes=15,
             abstract="The Rust devroom opens.", persons=(Person("Bo Host", id="2"),)),
        Talk("Rust after dark", 50, id="103", guid="1a1e3d0c-5b7d-4c1e-8f61-0d8a1f2b3c03", code="RAD7",
             subtitle="Borrowing at midnight", type="lecture", language="en", track="Rust",
             room="K.1.105 (La Fontaine)", day="2099-02-06", start="2099-02-06T23:30:00+01:00", minutes=105,
             abstract="What the borrow checker does **at night**.", description="Bring a torch.",
             persons=(JANE_RUST,), url="https://nightcon.example.org/2099/schedule/event/rust_after_dark/",
             links=(Link("Slides (PDF)", "https://nightcon.example.org/2099/rust-after-dark.pdf", kind="slides"),),
             recording_url="https://video.example.org/2099/k1105/rust_after_dark.webm",
             recording_licence="CC BY 4.0"),
        Talk("Night owls BoF", 70, id="104", guid="1a1e3d0c-5b7d-4c1e-8f61-0d8a1f2b3c04", type="bof",
             track="Keynotes", room="Janson", day="2099-02-06", start="2099-02-07T01:00:00+01:00", minutes=30,
             persons=(JANE_BOF,)),
        Talk("Lunch break", 90, id="105", room="Janson", day="2099-02-07", start="2099-02-07T12:00:00+01:00",
             minutes=60),
        # a wafer-style instant in UTC: 17:00 in Brussels
        Talk("Closing", 110, id="106", track="Keynotes", room="Janson", day="2099-02-07",
             start="2099-02-07T16:00:00+00:00", minutes=30, persons=(ANA,)),
    )
    return Conference(
        path=PATH, format="frab-xml", title="NightCon 2099", acronym="nightcon2099", start="2099-02-06",
        end="2099-02-07", time_zone="Europe/Brussels", base_url="https://nightcon.example.org/2099/",
        days=(Day(1, "2099-02-06"), Day(2, "2099-02-07")),
        rooms=(Room("Janson", JANSON_GUID), Room("K.1.105 (La Fontaine)")),
        tracks=(TrackInfo("Keynotes"), TrackInfo("Rust")), talks=talks)


def document() -> ParsedDoc:
    """The speaker's own document about the talk past midnight: a longer abstract and a biography."""
    return ParsedDoc(
        path=f"sources/{EVENT}/rust-after-dark.md", event_dir=EVENT, title="Rust After Dark", title_line=3,
        date_text="February 6, 2099", date_line=4, time_text="23:00 - 23:45", time_line=5,
        abstract="What the borrow checker does at night, and why lifetimes sleep.", abstract_line=8,
        speaker_name="Jane Doe", speaker_line=12, position="Compiler engineer", organization="Ferrous Example",
        biography=[Section("Biography", "Jane has fixed borrow-checker bugs since 2090.", 14)])


def build(with_document: bool = True) -> Result:
    """The knowledge base of the programme (and the document), as the pipeline makes it."""
    report = Report()
    parts = imported.assemble_event(EVENT, conference(), [document()] if with_document else [], report)
    events, sessions, speakers = documents.finish([parts], report)
    return Result(KnowledgeBase(tuple(events), tuple(sessions), tuple(speakers)), report)
