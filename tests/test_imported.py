"""An imported programme (a ``records.Conference``) becomes the knowledge base and its pages: rooms, local times past
midnight, repeated titles, two people of one name, recordings and links; built by a real Sphinx, read as a reader
reads it: the room page, the session page, the calendar and kb.json."""

from __future__ import annotations

import html
import json
import os
import re
from pathlib import Path

import icalendar
import jsonschema
import pytest

from tests.conftest import ROOT, copy_docs, sphinx_build, wrapping_conf
from tests.importedkb import EVENT, JANSON_GUID, PATH, build
from tools.confkb.diagnostics import Code
from tools.confkb.pipeline import pages

SCHEMA = ROOT / "docs" / "_extra" / "kb.schema.json"
GOLDEN = Path(__file__).parent / "golden" / "imported-rooms"


def _session(kb, slug):
    return kb.index.sessions[f"{EVENT}/{slug}"]


def test_the_programme_gives_the_event_its_rooms_tracks_and_local_times():
    kb = build().kb
    e = kb.events[0]
    assert (e.name, e.slug, e.start_date, e.end_date, e.timezone) == (
        "NightCon 2099", EVENT, "2099-02-06", "2099-02-07", "Europe/Brussels")
    assert [(r.slug, r.name, r.guid) for r in e.rooms] == [
        ("janson", "Janson", JANSON_GUID), ("k-1-105-la-fontaine", "K.1.105 (La Fontaine)", "")]
    assert [t.name for t in e.tracks] == ["Keynotes", "Rust"]
    assert (e.acronym, e.url, e.source_dir) == ("nightcon2099", "https://nightcon.example.org/2099/", f"sources/{EVENT}")
    late = _session(kb, "rust-after-dark")
    assert (late.date, late.start, late.end, late.end_date, late.day) == ("2099-02-06", "23:30", "01:15", "2099-02-07", "")
    owls = _session(kb, "night-owls-bof")  # 01:00 on Saturday, in Friday's programme
    assert (owls.date, owls.start, owls.day, owls.end_date) == ("2099-02-07", "01:00", "2099-02-06", "")
    assert _session(kb, "closing").start == "17:00"  # given as 16:00 UTC
    assert _session(kb, "lunch-break").kind == "break"
    # the evening's programme stays together: Friday's talk at 01:00 comes after Friday's 23:30
    assert [s.slug for s in kb.sessions] == ["welcome-janson", "welcome-k-1-105-la-fontaine", "rust-after-dark",
                                             "night-owls-bof", "lunch-break", "closing"]
    assert (late.room, late.track, late.type, late.language, late.subtitle, late.licence) == (
        "k-1-105-la-fontaine", "rust", "lecture", "en", "Borrowing at midnight", "CC BY 4.0")
    assert [x.kind for x in late.recordings] == ["recording"] and [x.kind for x in late.links] == ["slides"]
    assert {(i.system, i.key, i.value) for i in late.ids} == {
        ("nightcon.example.org", "id", "103"), ("nightcon.example.org", "guid", "1a1e3d0c-5b7d-4c1e-8f61-0d8a1f2b3c03"),
        ("nightcon.example.org", "code", "RAD7")}
    assert late.abstract == "What the borrow checker does **at night**.\n\nBring a torch."


def test_two_people_of_one_name_stay_two_speakers_each_with_their_own_talk():
    kb = build().kb
    janes = sorted((p for p in kb.speakers if p.name == "Jane Doe"), key=lambda p: p.slug)
    # two pages, told apart by what the second one has (no organisation here: the event), and reported
    assert [p.slug for p in janes] == ["jane-doe", f"jane-doe-{EVENT}"]
    assert [p.sessions for p in janes] == [(f"{EVENT}/rust-after-dark",), (f"{EVENT}/night-owls-bof",)]
    assert [[i.value for i in p.ids] for p in janes] == [["7"], ["8"]]
    # the document's Jane Doe is the one who gives its talk: her biography and position join hers only
    assert janes[0].position == "Compiler engineer"
    assert [b.title for b in janes[0].biography] == ["Biography", "From the programme"]
    assert "bakery" in janes[1].biography[0].markdown and "borrow" not in janes[1].biography[0].markdown
    ana = next(p for p in kb.speakers if p.name == "Ana Organiser")
    assert ana.sessions == (f"{EVENT}/welcome-janson", f"{EVENT}/closing")


def test_a_document_adds_to_its_talk_and_its_disagreement_is_reported():
    result = build()
    late = _session(result.kb, "rust-after-dark")
    assert late.title == "Rust after dark" and late.start == "23:30"  # the programme wins
    assert late.sources == (f"sources/{EVENT}/rust-after-dark.md", PATH)
    assert [x.title for x in late.extra] == ["From the session document"]
    problems = [(d.file, d.line, d.code) for d in result.report.items]
    assert problems == [(f"sources/{EVENT}/rust-after-dark.md", 5, Code.PROGRAMME_MISMATCH),
                        (PATH, 1, Code.DUPLICATE_SPEAKER)]  # the two Jane Does, each with a page
    alone = build(with_document=False)
    assert [d.code for d in alone.report.items] == [Code.DUPLICATE_SPEAKER] and _session(alone.kb, "rust-after-dark").sources == (PATH,)


def test_pages_calendar_and_kb_json_show_rooms_and_the_night(tmp_path):
    files = pages(build())
    room = files[f"{EVENT}/rooms/janson.md"]
    friday = room.split("## Friday 6 February 2099")[1].split("## Saturday")[0]
    assert "[Welcome](/nightcon-2099/sessions/welcome-janson.md)" in friday
    assert "Saturday 7 February 2099, 01:00–01:30 CET · [Night owls BoF]" in friday  # with the evening it ends
    assert "K.1.105" not in room
    talk = files[f"{EVENT}/sessions/rust-after-dark.md"]
    assert "23:30–01:15 CET \\(next day\\)" in talk
    assert "**Room:** [K.1.105 \\(La Fontaine\\)](/nightcon-2099/rooms/k-1-105-la-fontaine.md)" in talk
    assert "**Type:** lecture · **Language:** en" in talk and "*Borrowing at midnight*" in talk
    assert "- [Recording](<https://video.example.org/2099/k1105/rust_after_dark.webm>) · licence: CC BY 4.0" in talk
    assert "- [Slides \\(PDF\\)](<https://nightcon.example.org/2099/rust-after-dark.pdf>) · slides" in talk
    assert "[This talk on nightcon.example.org](<https://nightcon.example.org/2099/schedule/event/rust_after_dark/>)" in talk
    assert "\\(in the programme of Friday 6 February 2099\\)" in files[f"{EVENT}/sessions/night-owls-bof.md"]
    # the room beside each talk on its track's page; on the schedule, the room is the talk's column (its head
    # links the room's page) and the talk's block names the room
    assert "[K.1.105 \\(La Fontaine\\)](/nightcon-2099/rooms/k-1-105-la-fontaine.md)" in files[f"{EVENT}/tracks/rust.md"]
    schedule = files[f"{EVENT}/schedule.md"]
    assert 'data-col="k-1-105-la-fontaine"><a href="rooms/k-1-105-la-fontaine.html">K.1.105 (La Fontaine)</a>' in schedule
    assert 'id="slot-rust-after-dark" style="grid-area:176/3/197/4"' in schedule  # 23:30 to 01:15, its column
    assert 'data-room="k-1-105-la-fontaine" data-type="lecture"' in schedule
    assert "[Rooms \\(2\\)](/nightcon-2099/rooms/index.md)" in files[f"{EVENT}/index.md"]
    vevent = icalendar.Calendar.from_ical(files[f"{EVENT}/sessions/rust-after-dark.ics"]).walk("VEVENT")[0]
    assert str(vevent["LOCATION"]).startswith("K.1.105 (La Fontaine), ")
    assert (vevent.decoded("DTSTART").isoformat(), vevent.decoded("DTEND").isoformat()) == (
        "2099-02-06T23:30:00+01:00", "2099-02-07T01:15:00+01:00")
    data = json.loads(files["kb.json"])
    errors = list(jsonschema.Draft202012Validator(json.loads(SCHEMA.read_text(encoding="utf-8"))).iter_errors(data))
    assert errors == []
    assert data["events"][0]["rooms"][0] == {"slug": "janson", "name": "Janson", "guid": JANSON_GUID}
    s = next(x for x in data["sessions"] if x["slug"] == "night-owls-bof")
    assert (s["room"], s["day"], s["type"]) == ("janson", "2099-02-06", "bof")
    s = next(x for x in data["sessions"] if x["slug"] == "rust-after-dark")
    assert s["end_date"] == "2099-02-07" and s["recordings"][0]["kind"] == "recording"
    assert s["links"][0] == {"label": "Slides (PDF)", "url": "https://nightcon.example.org/2099/rust-after-dark.pdf",
                             "text": "", "kind": "slides"}
    jane = next(x for x in data["speakers"] if x["slug"] == f"jane-doe-{EVENT}")
    assert jane["ids"] == [{"event": EVENT, "system": "nightcon.example.org", "key": "id", "value": "8"}]


def test_a_room_page_matches_its_golden_file():
    """The MyST of a room page, for a reviewer to read (CONFKB_UPDATE_GOLDEN=1 rewrites it; read the diff)."""
    text = pages(build())[f"{EVENT}/rooms/janson.md"]
    golden = GOLDEN / "janson.md"
    if os.environ.get("CONFKB_UPDATE_GOLDEN"):
        golden.parent.mkdir(parents=True, exist_ok=True)
        golden.write_text(text, encoding="utf-8")
    assert text == golden.read_text(encoding="utf-8")


def _text(page: Path) -> str:
    """What a reader sees of a page's article: tags out, entities decoded, spaces collapsed."""
    body = page.read_text(encoding="utf-8").split('<article', 1)[1].split("</article>", 1)[0]
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", body)).split())


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A real Sphinx build of the generated pages (warnings are errors); the pipeline's extension is left out, as
    these pages come from a programme written in the test rather than from a sources folder."""
    base = tmp_path_factory.mktemp("imported")
    src = copy_docs(base / "docs")
    for rel, text in pages(build()).items():
        (src / rel).parent.mkdir(parents=True, exist_ok=True)
        (src / rel).write_text(text, encoding="utf-8")
    body = ('extensions = [x for x in extensions if x != "tools.confkb.sphinxext"]\n'  # paths: from the repository
            'templates_path, html_static_path, html_extra_path = ([f"{REPO}/{p}" for p in x] for x in '
            '(templates_path, html_static_path, html_extra_path))\n')
    conf = wrapping_conf(base / "conf", body, REPO=str(ROOT))
    out = base / "html"
    proc = sphinx_build(src, out, base / "no-sources", "-c", str(conf))
    assert proc.returncode == 0, proc.stderr[-5000:]
    assert proc.stderr.strip() == "", proc.stderr[-5000:]
    return out


def test_a_reader_sees_the_room_and_the_talk_past_midnight(built: Path):
    room = _text(built / EVENT / "rooms" / "janson.html")
    assert "Friday 6 February 2099" in room and "09:00–09:30 CET · Welcome · Ana Organiser · Keynotes" in room
    assert "Saturday 7 February 2099, 01:00–01:30 CET · Night owls BoF · Jane Doe · Keynotes" in room
    rooms = _text(built / EVENT / "rooms" / "index.html")
    assert "Janson · 3 talks, 1 break" in rooms and "K.1.105 (La Fontaine) · 2 talks" in rooms
    talk = _text(built / EVENT / "sessions" / "rust-after-dark.html")
    assert "Borrowing at midnight" in talk
    assert "When: Friday 6 February 2099, 23:30–01:15 CET (next day) · Room: K.1.105 (La Fontaine)" in talk
    assert "Recording · licence: CC BY 4.0" in talk and "Slides (PDF) · slides" in talk
    page = (built / EVENT / "sessions" / "rust-after-dark.html").read_text(encoding="utf-8")
    assert 'href="../rooms/k-1-105-la-fontaine.html"' in page
    assert 'href="https://video.example.org/2099/k1105/rust_after_dark.webm"' in page


@pytest.mark.slow
@pytest.mark.parametrize("page", ["rooms/index.html", "rooms/k-1-105-la-fontaine.html",
                                  "sessions/rust-after-dark.html", "schedule.html"])
def test_room_and_session_pages_fit_a_phone(built: Path, page: str):
    """No sideways scroll at 390 px: the long When line (time, next day, room, type, language) wraps."""
    sync_api = pytest.importorskip("playwright.sync_api")
    if not Path("/usr/bin/chromium").exists():
        pytest.skip("Debian's chromium is not installed (apt-get install chromium)")
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium",
                                    args=["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                                          "--disable-background-networking", "--disable-component-update"])
        try:
            tab = browser.new_page(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
            tab.goto((built / EVENT / page).as_uri())
            scroll, inner = tab.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
            assert scroll <= inner, (page, scroll, inner)
            assert tab.locator("article").inner_text().strip()
        finally:
            browser.close()
