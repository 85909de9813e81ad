"""Everyone accounted for, nothing lost, the same output every run: the official speaker list against the site,
the documents whose words could slip away (an emoji name, a second document of a talk at another time), and
names that differ only by accents, built under different hash seeds."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.coverage import measure, repaired_texts
from tools.confkb.diagnostics import Code, Severity
from tools.confkb.ingest import values
from tools.confkb.pipeline import load, pages
from tools.confkb.render import urls

from .conftest import ROOT, SOURCES
from .hostile import EVENT, talk, write_event

LIST = SOURCES / "gosim-ai-paris-2025" / "Speakers.json"
ROSTER = (Code.SPEAKER_WITHOUT_SESSION, Code.SPEAKER_ID)


def line_of(path: Path, text: str) -> int:
    return next(n for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if text in line)


def roster(result) -> dict[str, object]:
    return {d.message: d for d in result.report.items if d.code in ROSTER}


def test_everyone_in_the_official_speaker_list_has_a_session_or_is_reported(gosim):
    people = json.loads(LIST.read_text(encoding="utf-8"))["speakers"]
    on_site = [p.name for p in gosim.kb.speakers]
    reported = roster(gosim)
    assert len(reported) == 22
    for person in people:
        named = [d for m, d in reported.items() if m.startswith(person["name"]) or f"'{person['name']}'" in m
                 or f"names {person['name']} " in m]
        assert named or any(values.same_person(person["name"], n) for n in on_site), person["name"]
        assert len(named) <= 1
    cosmo = next(d for m, d in reported.items() if m.startswith("Roberto Di Cosmo "))
    assert cosmo.file == "sources/gosim-ai-paris-2025/Speakers.json"
    assert cosmo.line == line_of(LIST, '"name": "Roberto Di Cosmo"') and cosmo.severity is Severity.WARNING
    assert "has no session on the site: no slot of the programme and no document names this person" in cosmo.message
    drafts = sorted(m.split(" is ")[0] for m in reported if "draft" in m)
    assert drafts == ["Donny Greenberg", "Hung-Ying Tai"]
    (placeholder,) = [d for m, d in reported.items() if "placeholder" in m]
    assert "'Speaker to be Announced' (id 'tbd')" in placeholder.message
    assert placeholder.line == line_of(LIST, '"name": "Speaker to be Announced"')
    # the programme's id "jeanlaurent-de-morlhon" is not the list's: the entry is found by name, and used
    (alias,) = [d for d in reported.values() if d.code is Code.SPEAKER_ID]
    assert alias.line == line_of(LIST, '"name": "Jean-Laurent de Morlhon"') and "'jeanlaurent-de-morlhon'" in alias.message
    page = pages(gosim)["speakers/jean-laurent-de-morlhon.md"]
    assert "Executive \\& SVP of Engineering at Docker" in page and "linkedin.com/in/morlhon" in page
    report = pages(gosim)[f"{urls.data_quality_doc('gosim-ai-paris-2025')}.md"]
    assert "## Speakers.json" in report and "Roberto Di Cosmo is in the official speaker list" in report


def test_placeholders_drafts_and_people_without_a_slot_in_a_list_of_ones_own(tmp_path):
    sources = tmp_path / "sources"
    (sources / EVENT).mkdir(parents=True)
    (sources / EVENT / "ada.md").write_text(talk("Robots", "Ada Lovelace"), encoding="utf-8")
    people = [("ada-lovelace", "Ada Lovelace", {}), ("tba", "TBA", {}), ("q", "?", {}),
              ("carl", "Carl Cancelled", {"status": "Cancelled"}), ("dora", "Dora Draft", {"draft": "true"}),
              ("lou", "Lou Lonely", {"status": "New", "draft": False}), ("x", "Speaker TBD", {})]
    entries = [{"id": i, "name": n, "bio": "", **extra} for i, n, extra in people]
    (sources / EVENT / "Speakers.json").write_text(json.dumps({"speakers": entries}, indent=2), encoding="utf-8")
    result = load(sources)
    found = {d.message.split(" ")[0].strip("'"): d for d in roster(result).values()}
    assert sorted(found) == ["?", "Carl", "Dora", "Lou", "Speaker", "TBA"]  # Ada has a session: the document's
    listed = sources / EVENT / "Speakers.json"
    for first, d in found.items():
        assert d.line == line_of(listed, f'"name": "{first}')
    assert "the list gives the status 'Cancelled'" in found["Carl"].message
    assert "marks the entry as a draft" in found["Dora"].message and found["Dora"].severity is Severity.DROPPED
    assert "no slot of the programme" in found["Lou"].message and found["Lou"].severity is Severity.WARNING
    assert all("placeholder name" in found[k].message for k in ("?", "TBA", "Speaker"))


def _conflicting(tmp_path: Path, second_speaker: str) -> tuple:
    """Two documents of one talk at different times, each with an abstract and a biography of its own."""
    sources = tmp_path / "sources"
    (sources / EVENT).mkdir(parents=True)
    (sources / EVENT / "a.md").write_text(talk("Tidal Robots", "Ada Lovelace", abstract=(
        "A long abstract about tidal robots, barnacles and the sea, longer than the other one."),
        bio="Ada studies barnacles."), encoding="utf-8")
    (sources / EVENT / "b.md").write_text(talk("Tidal Robots", second_speaker, time="15:00 - 15:45", abstract=(
        "Kelp forests and walruses."), bio="Builds submarines for walruses."), encoding="utf-8")
    result = load(sources)
    return result, pages(result), sources


@pytest.mark.parametrize("second", ["Ada Lovelace", "Grace Hopper"])
def test_a_second_document_at_another_time_loses_no_word(tmp_path, second):
    result, files, sources = _conflicting(tmp_path, second)
    (session,) = result.kb.sessions
    assert session.start == "10:00" and "barnacles and the sea" in session.abstract
    (variant,) = [d for d in result.report.items if d.code is Code.VARIANT_TEXT and "abstract" in d.message]
    assert variant.file.endswith("/b.md") and variant.line == line_of(sources / EVENT / "b.md", "**Content:**")
    assert "not shown: 'Kelp forests and walruses.'" in variant.message
    assert any(d.code is Code.SESSION_CONFLICT and "15:00-15:45" in d.message for d in result.report.items)
    speaker_pages = "".join(files[f"{urls.speaker_doc(p)}.md"] for p in result.kb.speakers)
    assert "Builds submarines for walruses." in speaker_pages and "Ada studies barnacles." in speaker_pages
    cov = measure(result, files, repaired_texts(sources))
    assert len(cov) == 2 and all(c.covered == c.total for c in cov), [c.missing for c in cov]


def test_a_speaker_named_only_in_emoji_loses_no_word(tmp_path):
    sources = tmp_path / "sources"
    (sources / EVENT).mkdir(parents=True)
    (sources / EVENT / "a.md").write_text(talk("Unicorn Talk", "🦄🦄", abstract="Sparkly horns.",
                                               bio="Glitterfoot gallops across rainbows."), encoding="utf-8")
    (sources / EVENT / "b.md").write_text(talk("Unicorn Talk", "Real Person", abstract="Horns, sparkly ones.",
                                               bio="Real grows horns."), encoding="utf-8")
    result = load(sources)
    files = pages(result)
    (session,) = result.kb.sessions
    assert [p.name for p in result.kb.speakers] == ["Real Person"]
    assert "Glitterfoot gallops across rainbows." in files[f"{urls.session_doc(session)}.md"]  # with the talk
    assert any(d.code is Code.NO_SPEAKER and d.file.endswith("/a.md") for d in result.report.items)
    assert all(c.covered == c.total for c in measure(result, files, repaired_texts(sources)))


ACCENTS = [("jose1.md", "José's Talk", "José Pérez"), ("jose2.md", "Jose's Talk", "Jose Perez"),
           ("jose3.md", "JOSÉ'S TALK!", "José Perez"), ("jose4.md", "Jöse's Talk", "JOSE PEREZ")]
# load and render in a fresh interpreter: the files, in the order pipeline.pages makes them, on stdout
RUN = ("import json, sys; from pathlib import Path; from tools.confkb.pipeline import load, pages;"
       "sys.stdout.write(json.dumps(list(pages(load(Path(sys.argv[1]))).items()), ensure_ascii=False))")


def test_names_that_differ_by_accents_get_the_same_slugs_and_order_whatever_the_hash_seed(tmp_path):
    sources = tmp_path / "sources"
    write_event(sources, huge=False)  # its own "José Pérez" and "Jose Perez", an emoji name, hostile names
    event = sources / "accent-con"
    event.mkdir()
    for n, (name, title, speaker) in enumerate(ACCENTS):
        text = talk(title, speaker, time=f"1{n}:00 - 1{n}:30", bio=f"{speaker} writes compilers.")
        intro = f'## Host Introduction\n\n*"Hello all! {speaker} writes compilers. Please welcome {speaker}!"*\n\n'
        (event / name).write_text(text.replace("## Track Information", intro + "## Track Information"), "utf-8")
    listed = [{"id": f"p{n}", "name": name} for n, name in enumerate(["Josè Perèz", "Pepe Pérez", "Jose Perez"])]
    (event / "Speakers.json").write_text(json.dumps({"speakers": listed}), encoding="utf-8")
    runs = []
    for seed in ("0", "1", "4242"):
        env = {"PATH": "/usr/bin:/bin", "PYTHONHASHSEED": seed, "LC_ALL": "C.UTF-8", "HOME": str(tmp_path)}
        proc = subprocess.run([sys.executable, "-c", RUN, str(sources)], cwd=ROOT, env=env, capture_output=True,
                              timeout=300, check=False)
        assert proc.returncode == 0, proc.stderr.decode()[-3000:]
        runs.append(proc.stdout)
    assert runs[0] == runs[1] == runs[2]
    files = dict(json.loads(runs[0]))
    people = sorted(p for p in files if p.startswith("speakers/jose-perez") and p.endswith(".md"))
    assert len(people) == 4 and people[-1] == "speakers/jose-perez.md"  # one plain slug, the others suffixed
    result = load(sources)
    talk_of_two = next(s for s in result.kb.sessions if s.title == "José's Talk")
    assert len(talk_of_two.speakers) == 2 and "Please join me in welcoming José Pérez and José Perez!" in \
        talk_of_two.host_intro
    # the list's accents need not be the documents': only the one person the site lacks is reported
    assert [d.message.split(" is ")[0] for d in roster(result).values()] == ["Pepe Pérez"]
