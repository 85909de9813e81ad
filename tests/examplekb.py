"""A small hand-made knowledge base for the calendar and JSON-LD tests (fake event, fake people)."""

from __future__ import annotations

from tools.confkb.model import Event, KnowledgeBase, Link, Session, Speaker, Track

BASE = "https://kb.example.org/"


def make_kb(timezone_name: str = "Europe/Paris") -> KnowledgeBase:
    event = Event(
        slug="examplecon-2099",
        name="ExampleCon 2099",
        start_date="2099-05-06",
        end_date="2099-05-07",
        location="Station F, Paris, France",
        theme="Open *everything*.",
        timezone=timezone_name,
        tracks=(
            Track("ai-model", "AI Model", "Shaping the future"),
            Track("ai-infra", "AI Infra"),
        ),
    )
    sessions = (
        Session(
            slug="open-r1",
            event=event.slug,
            title="Open-R1: A Fully Open Reproduction",
            date="2099-05-06",
            start="10:30",
            end="11:10",
            timezone_label="CEST",
            track="ai-model",
            speakers=("ada-lovelace",),
            abstract="The **recipe** behind [reasoning models](https://example.org/r1), explained.\n\n- data\n- training",
        ),
        Session(
            slug="serving-at-scale",
            event=event.slug,
            title="Serving, at scale; together",
            date="2099-05-07",
            start="09:00",
            end="09:40",
            timezone_label="CEST",
            track="ai-infra",
            speakers=("ada-lovelace", "alan-turing"),
            abstract="Two speakers, one *stage*.",
        ),
        Session(
            slug="lunch-chat",
            event=event.slug,
            title="Untimed fireside chat",
            track="ai-infra",
            speakers=("alan-turing",),
        ),
    )
    speakers = (
        Speaker(
            slug="ada-lovelace",
            name="Ada Lovelace",
            position="Research Engineer",
            organization="Analytical Engines",
            links=(Link("GitHub", "https://github.com/ada"), Link("Mail", "mailto:ada@example.org")),
            sessions=("examplecon-2099/open-r1", "examplecon-2099/serving-at-scale"),
        ),
        Speaker(
            slug="alan-turing",
            name="Alan Turing",
            sessions=("examplecon-2099/serving-at-scale", "examplecon-2099/lunch-chat"),
        ),
    )
    return KnowledgeBase(events=(event,), sessions=sessions, speakers=speakers)

