"""The official programme (Schedule.json, Speakers.json) merged with the documents, and "around this session"."""

from __future__ import annotations

import json
import shutil
from collections import Counter

from tools.confkb.assemble import slugs
from tools.confkb.assemble.programme import read_programme
from tools.confkb.diagnostics import Code, Report
from tools.confkb.pipeline import load
from tools.confkb.render.pages import session_page

from .conftest import SOURCES

EVENT = SOURCES / "gosim-ai-paris-2025"


def programme_slots() -> list[dict]:
    data = json.loads((EVENT / "Schedule.json").read_text(encoding="utf-8"))
    return [{**item, "track": track} for track, items in data["sessions"].items() for item in items]


def test_every_slot_is_a_session_with_its_official_title_time_and_track(gosim):
    kb = gosim.kb
    slots = programme_slots()
    assert len(slots) == 117
    assert len(kb.sessions) == 77  # 64 talks; the breaks and plenaries listed under every track are one each
    assert [t.name for t in kb.events[0].tracks] == ["AI Model", "AI Infra", "AI Apps", "Embodied AI",
                                                   "PyTorch Day France"]
    matched = set()
    for slot in slots:
        start, end = (f"{int(x.split(':')[0]):02d}:{x.split(':')[1]}" for x in slot["timeSlot"].split(" - "))
        day = f"2025-05-{int(slot['date'].split()[1]):02d}"
        hit = [s for s in kb.sessions if s.title == " ".join(slot["title"].split()) and (s.date, s.start, s.end)
               == (day, start, end) and slugs.make(slot["track"]) in s.spans()]
        if "Demysifying" in slot["title"]:  # the organisers' corrections.toml settles the programme's typo
            hit = [s for s in kb.sessions if s.title.startswith("Demystifying LLM Training")]
        assert len(hit) == 1, slot
        matched.add(hit[0].slug)
        assert len(hit[0].speakers) == len(slot["speakers"])
        assert hit[0].kind == ("talk" if slot["speakers"] else hit[0].kind)
    assert matched == {s.slug for s in kb.sessions}
    kinds = Counter(s.kind for s in kb.sessions)
    assert kinds == {"talk": 64, "break": 6, "plenary": 7}  # keynotes, spotlight talks and demos, TBA
    assert all(s.timezone_label == "CEST" for s in kb.sessions)


def test_a_break_listed_under_every_track_is_one_session_and_its_copies_lead_to_it(gosim):
    slugs_ = [s.slug for s in gosim.kb.sessions]
    assert len(set(slugs_)) == len(slugs_) == 77
    keynotes = [s for s in gosim.kb.sessions if s.title == "Keynote"]
    assert [(k.date, k.slug, len(k.spans())) for k in keynotes] == [
        ("2025-05-06", "keynote-2025-05-06", 4), ("2025-05-07", "keynote-2025-05-07", 5)]
    assert "open-r1-a-fully-open-reproduction-of-deepseek-r1" in slugs_  # talks keep their title slugs
    moved = dict(gosim.moved)  # the pages once published for each copy now lead to the one session
    assert moved["gosim-ai-paris-2025/sessions/morning-coffee-2025-05-07-pytorch-day-france"] == \
        "gosim-ai-paris-2025/sessions/morning-coffee-2025-05-07"
    assert moved["speakers/pedro-ortis"] == "speakers/pedro-ortiz-suarez"


def test_programme_speakers_and_the_one_without_a_document(gosim):
    kb = gosim.kb
    in_slots = {p for s in kb.sessions for p in s.speakers}
    assert len(in_slots) == len(kb.speakers) == 65
    ids = {sp["id"] for slot in programme_slots() for sp in slot["speakers"]}
    assert len(ids) == 65
    lone = next(p for p in kb.speakers if p.slug == "jean-laurent-de-morlhon")  # programme id: jeanlaurent-...
    assert lone.name == "Jean-Laurent de Morlhon" and lone.sources == ("sources/gosim-ai-paris-2025/Schedule.json",)
    assert lone.organization == "Docker"
    assert len(lone.sessions) == 1 and "docker" in lone.sessions[0]
    # Speakers.json's "undefined" is no link
    assert not [link for p in kb.speakers for link in p.links if link.url.lower() == "undefined"]
    vllm = [s for s in kb.sessions if "vLLM" in s.title]
    assert len(vllm) == 1 and set(vllm[0].speakers) == {"eldar-kurtic", "erwan-gallen"}
    assert len(vllm[0].sources) == 3 and vllm[0].track == "pytorch-day-france"
    names = {p.slug: p.name for p in kb.speakers}
    assert names["eldar-kurtic"] == "Eldar Kurtić"  # the document adds the accent the programme lacks
    assert names["dongjie-chen"] == "Dongjie Chen"  # the programme's name wins over the document's "Dong Chen"


def test_documents_attach_to_slots_and_conflicts_name_both_values(gosim):
    kb, items = gosim.kb, gosim.report.items
    used = [src for s in kb.sessions for src in s.sources if not src.endswith(".json")]
    assert len(used) == len(set(used)) == 64  # every document in exactly one slot
    assert not [d for d in items if d.code is Code.UNMATCHED_DOCUMENT]
    track = [d for d in items if d.code is Code.TRACK_CONFLICT and "the programme says" in d.message]
    assert len(track) == 6
    assert any("track 'AI Model'; the programme says 'PyTorch Day France'" in d.message for d in track)
    titles = [d.message for d in items if d.code is Code.PROGRAMME_MISMATCH and d.message.startswith("title")]
    assert any("'Llama 4: Redefining Foundation Models'; the programme says 'Llama 4'" in m for m in titles)
    unknown = {d.message.split("'")[1] for d in items if d.code is Code.UNKNOWN_TRACK}
    assert unknown == {"AI for Science", "Global Open-Source AI Collaboration"}
    s = next(s for s in kb.sessions if s.title.startswith("CangjieMagic"))
    assert s.title.startswith("CangjieMagic : ") and s.host_intro  # title drift tolerated; the document attached
    r1 = next(s for s in kb.sessions if s.title.startswith("Open-R1"))
    assert "FineWeb" in r1.abstract or "reasoning" in r1.abstract


def _event_copy(tmp_path, schedule: dict | None):
    dest = tmp_path / "sources"
    shutil.copytree(SOURCES, dest, ignore=shutil.ignore_patterns("Schedule.json", "Speakers.json"))
    if schedule is not None:
        (dest / EVENT.name / "Schedule.json").write_text(json.dumps(schedule), encoding="utf-8")
    return dest


def test_title_drift_and_one_document_per_slot(tmp_path):
    person = {"id": "guilherme-penedo", "name": "Guilherme Penedo", "roleOrg": "x"}
    slot = {"date": "May 6", "timeSlot": "10:30 - 11:10", "content": "", "speakers": [person]}
    schedule = {"sessions": {"AI Model": [
        {**slot, "title": "OPEN-R1 :  a fully open reproduction of DeepSeek-R1!"},
        {**slot, "title": "Open-R1 (repeat)", "timeSlot": "16:00 - 16:40"},
    ]}}
    result = load(_event_copy(tmp_path, schedule))
    hits = [s for s in result.kb.sessions if any(src.endswith("000_6583a21375dc1bcb.txt") for src in s.sources)]
    assert len(hits) == 1 and hits[0].title.startswith("OPEN-R1 :") and hits[0].start == "10:30"
    repeat = next(s for s in result.kb.sessions if s.title == "Open-R1 (repeat)")
    assert repeat.sources == (f"sources/{EVENT.name}/Schedule.json",)
    unmatched = [d for d in result.report.items if d.code is Code.UNMATCHED_DOCUMENT]
    assert len(unmatched) == 63  # the other documents are still built, and reported
    assert len(result.kb.sessions) == 2 + 62


def test_without_a_programme_documents_alone(gosim_docs_only):
    assert len(gosim_docs_only.kb.sessions) == 63 and len(gosim_docs_only.kb.speakers) == 64
    assert all(s.kind == "talk" for s in gosim_docs_only.kb.sessions)


def test_a_broken_programme_is_reported_and_ignored(tmp_path):
    dest = _event_copy(tmp_path, None)
    (dest / EVENT.name / "Schedule.json").write_text("{not json", encoding="utf-8")
    report = Report()
    assert read_programme(dest / EVENT.name, dest, report) is None
    assert [d.code for d in report.items] == [Code.READ_FAILED]


def test_around_this_session_shows_parallel_and_neighbours_with_time_and_speakers(gosim):
    kb = gosim.kb
    s = next(s for s in kb.sessions if s.title.startswith("OpenSeek"))  # AI Model, 6 May 11:10-11:50
    page = session_page(kb, s, Report())
    around = page.split("## In this track", 1)[1].split("## Where this comes from", 1)[0]
    before, after = around.split("- After:", 1)
    assert "Open-R1" in before and "10:30–11:10 CEST" in before and "Guilherme Penedo" in before
    assert "Lunch Break" in after and "12:00–14:00 CEST" in after
    same_time = around.split("## At the same time", 1)[1]
    for title, who in [("The Best Practice of Training", "Xiyuan Wang"), ("CangjieMagic", "Dongjie Chen"),
                       ("Distributed Dataflows in Dora", "Philipp Oppermann")]:
        line = next(x for x in same_time.splitlines() if title in x)
        assert "11:10–11:50 CEST" in line and who in line
    assert "Open-R1" not in same_time  # 10:30-11:10 ends when this one starts: not at the same time


def test_a_programme_speaker_with_several_roles_keeps_them_all(tmp_path):
    # no document for this speaker: the facts show the first role, the page keeps every one
    person = {"id": "ada-example", "name": "Ada Example",
              "roleOrg": "Executive Director, Example Foundation. Chair, Compiler Working Group."}
    slot = {"date": "May 6", "timeSlot": "10:30 - 11:10", "content": "", "speakers": [person],
            "title": "Compilers for Everyone"}
    kb = load(_event_copy(tmp_path, {"sessions": {"AI Model": [slot]}})).kb
    ada = next(p for p in kb.speakers if p.slug == "ada-example")
    assert (ada.position, ada.organization) == ("Executive Director", "Example Foundation")
    assert [(s.title, s.markdown) for s in ada.biography] == [
        ("Roles", "Executive Director, Example Foundation. Chair, Compiler Working Group.")]
