"""The organiser's word: corrections.toml renames, vouches, hides; what matches nothing is an error in make check."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tools.confkb.diagnostics import Code
from tools.confkb.pipeline import load, pages

from .conftest import ROOT, SOURCES

EVENT = "gosim-ai-paris-2025"


@pytest.fixture
def sources(tmp_path: Path) -> Path:
    dest = tmp_path / "sources"
    shutil.copytree(SOURCES / EVENT, dest / EVENT)
    return dest


def write(sources: Path, text: str) -> None:
    (sources / EVENT / "corrections.toml").write_text(text, encoding="utf-8")


def check(sources: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "tools.confkb", "check", "--sources", str(sources)], cwd=ROOT,
                          capture_output=True, text=True, timeout=300, check=False)


def test_the_shipped_corrections_settle_the_programmes_two_typos(gosim):
    names = {p.name for p in gosim.kb.speakers}
    titles = {s.title for s in gosim.kb.sessions}
    assert "Pedro Ortiz Suarez" in names and "Pedro Ortis" not in names
    assert any(t.startswith("Demystifying LLM Training") for t in titles)
    assert not any("Demysifying" in t for t in titles)
    applied = [d for d in gosim.report.items if d.code is Code.CORRECTED]
    assert [(d.file, d.line) for d in applied] == [(f"sources/{EVENT}/corrections.toml", 5),  # [[speaker]]
                                                   (f"sources/{EVENT}/corrections.toml", 10)]  # [[session]]
    files = pages(gosim)
    assert "speakers/pedro-ortiz-suarez.md" in files and "speakers/pedro-ortis.md" not in files
    assert 'url=pedro-ortiz-suarez.html"' in files["speakers/pedro-ortis.html"]  # the old link still leads there
    assert "Pedro Ortis" not in files["speakers/pedro-ortiz-suarez.md"]


def test_a_correction_that_matches_nothing_is_an_error_with_its_line(sources):
    write(sources, '[[speaker]]\nmatch = "Pedro Ortis"\nname = "Pedro Ortiz Suarez"\n\n'
                   '[[session]]\nmatch = "A talk nobody gives"\ntitle = "Still nobody"\n')
    proc = check(sources)
    assert proc.returncode == 1
    assert (f"sources/{EVENT}/corrections.toml:5: error: [[session]] matches nothing in the sources "
            in proc.stdout)
    assert f"sources/{EVENT}/corrections.toml:1: fixed: speaker 'Pedro Ortis' is written" in proc.stdout


def test_a_broken_corrections_file_is_an_error_and_the_build_goes_on(sources):
    write(sources, '[[speaker]]\nmatch = "Pedro Ortis"\n\n[[hide]]\nmatch = "x"\n\n[[publish]]\nmatch = ok\n')
    proc = check(sources)
    assert proc.returncode == 1
    assert f"sources/{EVENT}/corrections.toml:8: error: not valid TOML" in proc.stdout
    write(sources, '[[speaker]]\nmatch = "Pedro Ortis"\n\n[[spaeker]]\nmatch = "x"\nname = "y"\n')
    result = load(sources)
    errors = [(d.line, d.message) for d in result.report.items if d.code is Code.BAD_CORRECTION]
    assert [line for line, _ in errors] == [1, 4]
    assert "missing name" in errors[0][1] and "unknown table 'spaeker'" in errors[1][1]
    assert len(result.kb.sessions) == 77  # every session is still built


def test_publish_vouches_for_a_withheld_item_and_hide_withholds_a_true_one(sources):
    vouched = "https://www.youtube.com/watch?v=example"  # the organiser says this one is right
    write(sources, f'[[publish]]\nurl = "{vouched}"\n\n[[hide]]\nmatch = "network security and a knack"\n')
    result = load(sources)
    files = pages(result)
    dongjie = files["speakers/dongjie-chen.md"]
    assert vouched in dongjie
    assert not [d for d in result.report.items if d.code is Code.WITHHELD and vouched in d.message]
    hidden = [d for d in result.report.items if d.code is Code.CORRECTED and "hidden" in d.message]
    assert hidden and all("network security and a knack" not in text for path, text in files.items() if path.endswith(".md")
                          and "data-quality" not in path)
    assert not [d for d in result.report.items if d.code is Code.BAD_CORRECTION]


def test_a_renamed_session_keeps_its_old_address(sources):
    write(sources, '[[session]]\nmatch = "Agentic Search"\ntitle = "Agentic Search, Done Right"\n')
    files = pages(load(sources))
    assert f"{EVENT}/sessions/agentic-search-done-right.md" in files
    assert 'url=agentic-search-done-right.html"' in files[f"{EVENT}/sessions/agentic-search.html"]


def test_the_programmes_own_text_and_links_go_through_the_same_rules(sources):
    schedule = sources / EVENT / "Schedule.json"
    text = schedule.read_text(encoding="utf-8")
    first_content = '"content": "'
    at = text.index(first_content) + len(first_content)
    schedule.write_text(text[:at] + "See [the recording](https://example.com/video). " + text[at:], encoding="utf-8")
    speakers = sources / EVENT / "Speakers.json"
    people = speakers.read_text(encoding="utf-8")
    at = people.index('"socialLinks": {', people.index('"name": "Guilherme Penedo"')) + len('"socialLinks": {')
    speakers.write_text(people[:at] + '"youtube": "https://youtu.be/xxxx", ' + people[at:], encoding="utf-8")
    result = load(sources)
    withheld = [d for d in result.report.items if d.code is Code.WITHHELD]
    assert any(d.file.endswith("Schedule.json") and d.line > 1 and "example.com/video" in d.message for d in withheld)
    assert any(d.file.endswith("Speakers.json") and d.line > 1 and "youtu.be/xxxx" in d.message for d in withheld)
    shown = "\n".join(v for k, v in pages(result).items()
                      if "data-quality" not in k and k != "kb.json" and isinstance(v, str))
    assert "example.com/video" not in shown and "youtu.be/xxxx" not in shown
