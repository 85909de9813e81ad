"""One person, one speaker page across the events of an archive: the same name or the same source id is one page
listing every talk by event; two people of one name stay two pages; names that only look alike are listed for
the organiser, whose [[speaker]] corrections merge or split them."""

from __future__ import annotations

import re
from pathlib import Path

from tools.confkb.assemble import documents
from tools.confkb.diagnostics import Code, Report, Severity
from tools.confkb.ingest import values
from tools.confkb.model import Event, Session, SourceId
from tools.confkb.pipeline import load, pages

EVENTS = {"alpha-con-2024": ("Alpha Con 2024", "May 6-7, 2024", "May 6, 2024"),
          "beta-con-2025": ("Beta Con 2025", "June 3-4, 2025", "June 3, 2025")}


def doc(event: str, title: str, speaker: str, time: str = "10:00 - 10:30") -> str:
    name, dates, day = EVENTS[event]
    return (f"# {name}: {title}\n\n## Track Information\n**Track: Main**\n\n## Event and Session Details\n\n"
            f"### Conference Overview\n- **Name:** {name}\n- **Dates:** {dates}\n"
            f"- **Location:** Station F, Paris, France\n\n### Session Details\n- **Title:** {title}\n"
            f"- **Date:** {day}\n- **Time:** {time}\n- **Content:** A talk about {title}.\n\n"
            f"## Speaker Biography: {speaker}\n\n{speaker} builds things.\n")


def archive(tmp_path: Path, talks: list[tuple[str, str, str]], corrections: dict[str, str] | None = None) -> Path:
    sources = tmp_path / "sources"
    for n, (event, title, speaker) in enumerate(talks):
        (sources / event).mkdir(parents=True, exist_ok=True)
        text = doc(event, title, speaker, time=f"{10 + n}:00 - {10 + n}:30")
        (sources / event / f"{values.title_key(title).replace(' ', '-')}.md").write_text(text, encoding="utf-8")
    for event, text in (corrections or {}).items():
        (sources / event / "corrections.toml").write_text(text, encoding="utf-8")
    return sources


def of(result, code: Code) -> list:
    return [d for d in result.report.items if d.code is code]


def test_the_same_name_in_two_events_is_one_page_listing_both_talks_by_event(tmp_path):
    sources = archive(tmp_path, [("beta-con-2025", "Compilers Today", "Ada Lovelace"),
                                 ("alpha-con-2024", "Engines of Thought", "Ada Lovelace"),
                                 ("alpha-con-2024", "Looms", "Charles Babbage")])
    result = load(sources)
    assert sorted(p.name for p in result.kb.speakers) == ["Ada Lovelace", "Charles Babbage"]
    ada = next(p for p in result.kb.speakers if p.name == "Ada Lovelace")
    assert sorted(ada.sessions) == ["alpha-con-2024/engines-of-thought", "beta-con-2025/compilers-today"]
    page = pages(result)["speakers/ada-lovelace.md"]
    sessions = page.split("## Sessions")[1].split("## Biography")[0]
    # the earlier event first, each under its name and dates
    assert re.search(r"### Alpha Con 2024 \(Monday 6 May 2024 to Tuesday 7 May 2024\)\n\n- .*Engines of Thought.*"
                     r"\n\n### Beta Con 2025 \(Tuesday 3 June 2025 to Wednesday 4 June 2025\)\n\n- .*Compilers Today",
                     sessions), sessions
    # a one-event speaker's page has no event headings
    assert "###" not in pages(result)["speakers/charles-babbage.md"].split("## Sessions")[1]
    assert not of(result, Code.LIKELY_SAME_SPEAKER) and not of(result, Code.DUPLICATE_SPEAKER)


def test_names_that_only_look_alike_are_two_pages_and_the_suggested_correction_merges_them(tmp_path):
    talks = [("alpha-con-2024", "Engines of Thought", "Grace Hopper"),
             ("beta-con-2025", "Compilers Today", "Grace Hopper Murray"),
             ("beta-con-2025", "Accents", "José Pérez"), ("alpha-con-2024", "Plain", "Jose Perez")]
    result = load(archive(tmp_path, talks))
    assert len(result.kb.speakers) == 4
    likely = {d.message.split(" (")[0]: d for d in of(result, Code.LIKELY_SAME_SPEAKER)}
    # the name to keep is the fuller one, and the one with its accents
    assert sorted(likely) == ["'Grace Hopper'", "'Jose Perez'"]
    grace = likely["'Grace Hopper'"]
    assert grace.severity is Severity.WARNING and grace.file.endswith("alpha-con-2024/engines-of-thought.md")
    assert "'Grace Hopper' (Alpha Con 2024) and 'Grace Hopper Murray' (Beta Con 2025) may be one person" in grace.message
    entry = 'add to sources/alpha-con-2024/corrections.toml: [[speaker]] match = "Grace Hopper" name = "Grace Hopper Murray"'
    assert entry in grace.message
    assert "and 'José Pérez' (Beta Con 2025)" in likely["'Jose Perez'"].message
    # the organiser does what the report says
    toml = 'match = "Grace Hopper"\nname = "Grace Hopper Murray"'
    merged = load(archive(tmp_path / "again", talks, {"alpha-con-2024": f"[[speaker]]\n{toml}\n"}))
    (grace,) = [p for p in merged.kb.speakers if p.name.startswith("Grace")]
    assert grace.name == "Grace Hopper Murray" and len(grace.sessions) == 2
    assert [d.message for d in of(merged, Code.CORRECTED)] == [
        "speaker 'Grace Hopper' is written 'Grace Hopper Murray' (applied once)"]
    assert len(of(merged, Code.LIKELY_SAME_SPEAKER)) == 1  # José and Jose are still the organiser's to decide


def test_a_split_correction_gives_one_events_namesake_a_page_of_their_own(tmp_path):
    talks = [("alpha-con-2024", "Rust at Scale", "Jan Novak"), ("beta-con-2025", "Gardening", "Jan Novak")]
    assert len(load(archive(tmp_path, talks)).kb.speakers) == 1  # one name: one person, until told otherwise
    split = '[[speaker]]\nmatch = "Jan Novak"\nevent = "beta-con-2025"\nname = "Jan Novak (Botanic Garden)"\n'
    result = load(archive(tmp_path / "split", talks, {"beta-con-2025": split}))
    people = {p.name: p for p in result.kb.speakers}
    assert sorted(people) == ["Jan Novak", "Jan Novak (Botanic Garden)"]
    assert people["Jan Novak"].sessions == ("alpha-con-2024/rust-at-scale",)
    assert people["Jan Novak (Botanic Garden)"].sessions == ("beta-con-2025/gardening",)
    files = pages(result)
    assert "# Jan Novak \\(Botanic Garden\\)" in files[f"speakers/{people['Jan Novak (Botanic Garden)'].slug}.md"]
    (done,) = of(result, Code.CORRECTED)
    assert done.message == ("speaker 'Jan Novak' of beta-con-2025 is another person, shown as "
                            "'Jan Novak (Botanic Garden)' (applied once)")
    assert done.file == "sources/beta-con-2025/corrections.toml" and done.line == 1
    assert not of(result, Code.LIKELY_SAME_SPEAKER)  # the organiser has ruled on these two
    # a split written in another event's file is an error with its line; nothing is split
    wrong = load(archive(tmp_path / "wrong", talks, {"alpha-con-2024": split}))
    assert len(wrong.kb.speakers) == 1
    (bad,) = of(wrong, Code.BAD_CORRECTION)
    assert bad.severity is Severity.ERROR and bad.line == 1 and "this file corrects alpha-con-2024" in bad.message


# -- people from imported programmes, with the sources' ids --------------------------------------------------


def parts(slug: str, date: str, people: list[tuple[str, str, list[SourceId]]]) -> documents.EventParts:
    """An event whose talk n is given by person n: (key, display name, ids)."""
    event = Event(slug, slug.replace("-", " ").title(), date, date, source_dir=f"sources/{slug}")
    p = documents.EventParts(event)
    for n, (key, name, ids) in enumerate(people):
        title = f"{slug} talk {n}"
        p.sessions.append(Session(f"talk-{n}", slug, title, date=date, speakers=(key,)))
        p.people[key] = {"name": name, "links": [], "biography": [], "sources": [f"sources/{slug}/schedule.xml"],
                         "sessions": [values.title_key(title)], "ids": ids}
    return p


def fosdem(event: str, value: str) -> SourceId:
    return SourceId(event, "fosdem.org", "id", value)


def test_the_same_id_in_two_events_is_one_page_whatever_the_spelling():
    report = Report()
    _, sessions, speakers = documents.finish([
        parts("fosdem-2020", "2020-02-01", [("Jöran Muuß", "Jöran Muuß", [fosdem("fosdem-2020", "42")])]),
        parts("fosdem-2021", "2021-02-06", [("Joeran Muuss", "Joeran Muuss", [fosdem("fosdem-2021", "42")])]),
        parts("fosdem-2022", "2022-02-05", [("Joeran Muuss", "Joeran Muuss", [fosdem("fosdem-2022", "42")])]),
    ], report)
    (joeran,) = speakers
    assert joeran.name == "Joeran Muuss" and len(joeran.sessions) == 3 and len(joeran.ids) == 3
    assert all(s.speakers == (joeran.slug,) for s in sessions)
    (said,) = [d for d in report.items if d.code is Code.DUPLICATE_SPEAKER]
    assert said.severity is Severity.FIXED and "shown as 'Joeran Muuss' (the most common spelling)" in said.message
    assert not [d for d in report.items if d.code is Code.LIKELY_SAME_SPEAKER]


def test_one_name_with_different_ids_from_one_system_is_two_people_with_two_pages():
    report = Report()
    _, sessions, speakers = documents.finish([
        parts("fosdem-2020", "2020-02-01", [("Li Wei", "Li Wei", [fosdem("fosdem-2020", "1")]),
                                            ("Li Wei\x1f2", "Li Wei", [fosdem("fosdem-2020", "2")])]),
        parts("fosdem-2021", "2021-02-06", [("Li Wei", "Li Wei", [fosdem("fosdem-2021", "2")])]),
        parts("pycon-2021", "2021-05-01", [("Li Wei", "Li Wei", [])]),  # no id: joins the first
    ], report)
    assert [(p.name, p.slug, len(p.sessions)) for p in speakers] == [
        ("Li Wei", "li-wei", 2), ("Li Wei", "li-wei-fosdem-2020", 2)]
    assert {s.speakers for s in sessions} == {("li-wei",), ("li-wei-fosdem-2020",)}
    (two,) = [d for d in report.items if d.code is Code.DUPLICATE_SPEAKER]
    assert two.severity is Severity.WARNING and "'Li Wei' is 2 people by the sources' ids" in two.message


def test_a_title_makes_a_likely_duplicate_never_a_silent_merge():
    report = Report()
    _, _, speakers = documents.finish([
        parts("djangocon-2019", "2019-04-10", [("Dr. Russell Keith-Magee", "Dr. Russell Keith-Magee", [])]),
        parts("pycon-2020", "2020-04-15", [("Russell Keith-Magee", "Russell Keith-Magee", [])]),
    ], report)
    assert sorted(p.name for p in speakers) == ["Dr. Russell Keith-Magee", "Russell Keith-Magee"]
    (likely,) = [d for d in report.items if d.code is Code.LIKELY_SAME_SPEAKER]
    assert likely.file == "sources/djangocon-2019/schedule.xml"
    assert ('[[speaker]] match = "Dr. Russell Keith-Magee" name = "Russell Keith-Magee"' in likely.message)


def test_an_archive_of_five_thousand_people_in_ten_events():
    # each event: 500 people, half of them also in the next event, some with a title the next time
    events = []
    for e in range(10):
        people = [(f"Person {e * 250 + n} Example", f"Person {e * 250 + n} Example", []) for n in range(500)]
        if e:
            people[0] = ("Dr. Person " + people[0][0][7:], "Dr. Person " + people[0][0][7:], [])
        events.append(parts(f"event-{e}", f"20{10 + e}-01-01", people))
    report = Report()
    _, sessions, speakers = documents.finish(events, report)
    assert sum(len(p.people) for p in events) == 5000
    assert len(speakers) == 2750 + 9  # 250 new people per event after the first, and nine with a title
    assert len(sessions) == 5000 and len({p.slug for p in speakers}) == len(speakers)
    assert len([d for d in report.items if d.code is Code.LIKELY_SAME_SPEAKER]) == 9
