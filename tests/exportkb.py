"""A hand-made knowledge base with what the schedule exports find hard: rooms, typed links, recordings, a talk
past midnight, one longer than a day, a talk filed under the night before, the same title twice, two people of
one name, a source's own ids (fit and unfit), hostile text, and a session that has no time."""

from __future__ import annotations

from tools.confkb.model import Event, KnowledgeBase, Link, Room, Session, SourceId, Speaker, Track

EVENT = "hardcon-2099"
SOURCE = "hardcon.example.org"
GIVEN_GUID = "0b7c3c1e-6a4f-4a52-9d51-2f0d1c6b9a10"


def _sid(key: str, value: str) -> SourceId:
    return SourceId(EVENT, SOURCE, key, value)


def make_kb() -> KnowledgeBase:
    event = Event(
        slug=EVENT, name="HardCon 2099 <&> \"quotes\"", start_date="2099-05-06", end_date="2099-05-08",
        location="Berlin, Germany", timezone="Europe/Berlin",
        tracks=(Track("talks", "Talks"), Track("hacking", "Hacking & Making"), Track("2d-art", "2D Art")),
        rooms=(Room("main-hall", "Main Hall", "5b1d6f0a-3c2e-4d8b-9a7f-1e2d3c4b5a69"), Room("room-b", "Room B"),
               Room("garden", "Garden")),
        acronym="hardcon2099", url="https://hardcon.example.org/2099/",
    )
    s = [
        Session(slug="opening", event=EVENT, title="Opening <script>alert(1)</script> & welcome",
                subtitle="Why we are here", date="2099-05-06", start="09:00", end="09:30", track="talks",
                room="main-hall", type="lecture", language="en", speakers=("ada-lovelace",),
                abstract="The **plan**, with [a link](https://example.org/plan) & <b>tags</b>.",
                links=(Link("Slides", "https://example.org/opening.pdf", kind="slides"),
                       Link("Paper", "https://example.org/paper", kind="paper"),
                       Link("Some page", "https://example.org/page")),
                recordings=(Link("Video", "https://media.example.org/opening.mp4", kind="recording"),
                            Link("Audio", "https://media.example.org/opening.opus", kind="recording")),
                licence="CC BY 4.0", url="https://hardcon.example.org/2099/talk/101",
                ids=(_sid("id", "101"), _sid("guid", GIVEN_GUID))),
        Session(slug="lightning-talks", event=EVENT, title="Lightning talks", date="2099-05-06", start="10:00",
                end="10:45", track="talks", room="main-hall", type="lightning", speakers=("alex-smith",),
                ids=(_sid("id", "102"),)),
        Session(slug="lightning-talks-2", event=EVENT, title="Lightning talks", date="2099-05-06", start="10:00",
                end="10:45", track="hacking", room="room-b", type="lightning", speakers=("alex-smith-2",),
                ids=(_sid("id", "not-a-number"), _sid("guid", "HOqeNIb6G7M4hYFKFRkCmQ"))),
        Session(slug="night-hacking", event=EVENT, title="Night hacking", date="2099-05-06", start="23:30",
                end="01:30", end_date="2099-05-07", track="hacking", room="room-b", type="workshop",
                speakers=("alan-turing",), language="de"),
        Session(slug="after-hours", event=EVENT, title="After hours", date="2099-05-07", start="01:00", end="02:00",
                day="2099-05-06", track="hacking", room="garden", speakers=("alan-turing",)),
        Session(slug="hackathon", event=EVENT, title="Hackathon", date="2099-05-07", start="10:00", end="12:00",
                end_date="2099-05-09", track="hacking", room="garden", type="hackathon",
                speakers=("ada-lovelace", "alan-turing")),
        Session(slug="pixel-art", event=EVENT, title="Pixel art", date="2099-05-08", start="14:00", end="14:50",
                track="2d-art", speakers=("ada-lovelace",)),
        Session(slug="untimed", event=EVENT, title="Untimed chat", track="talks", speakers=("alan-turing",)),
    ]
    speakers = (
        Speaker(slug="ada-lovelace", name="Ada Lovelace", ids=(_sid("id", "7"),),
                links=(Link("Website", "https://ada.example.org/"),),
                sessions=tuple(f"{EVENT}/{x}" for x in ("opening", "hackathon", "pixel-art"))),
        Speaker(slug="alex-smith", name="Alex Smith", ids=(_sid("id", "8"),),
                sessions=(f"{EVENT}/lightning-talks",)),
        Speaker(slug="alex-smith-2", name="Alex Smith", ids=(_sid("code", "ZZ9PZA"),),
                sessions=(f"{EVENT}/lightning-talks-2",)),
        Speaker(slug="alan-turing", name="Alan Turing",
                sessions=tuple(f"{EVENT}/{x}" for x in ("night-hacking", "after-hours", "hackathon", "untimed"))),
    )
    return KnowledgeBase((event,), tuple(s), speakers)
