"""The data-quality report as an organiser reads it: what to check first and what to do, repairs shown as the
characters they are, codes that link to their meaning, counts in good English, the day of each session."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT, SOURCES, copy_docs, sphinx_build
from tools.confkb.diagnostics import Code
from tools.confkb.pipeline import pages
from tools.confkb.render import urls
from tools.confkb.render.myst import day_name

EVENT = "gosim-ai-paris-2025"
SEED = "000_6583a21375dc1bcb.txt"  # mojibake, emoji joined by U+200D, a non-breaking space, four warnings
# the same talk in two documents, in two tracks: a warning whose advice is the corrections file
SAME_TALK = "_Scaling_LLM_Inference_with_vLLM_Multi_Accelerator_Serving_and_Quantized_LLMs_en.md"
COPIED = [SEED, f"eldar-kurtic{SAME_TALK}", f"erwan-gallen{SAME_TALK}", "angelo-corsaro_Mind_Body_and_Zenoh_en.md"]
ESCAPE = re.compile(r"\\+(?:x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|N\{)")


def _part(report: str, file: str) -> str:
    """A document's part of a report page (MyST), from its label to the next document's."""
    return report.split(f"\n({urls.report_entry(file)})=\n", 1)[1].split("\n(report-", 1)[0]


@pytest.fixture(scope="module")
def gosim_report(gosim) -> str:
    return pages(gosim)[f"{urls.data_quality_doc(EVENT)}.md"]


@pytest.fixture(scope="module")
def small_site(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """A real Sphinx build (warnings are errors) of four GOSIM documents, copied: (sources, html)."""
    base = tmp_path_factory.mktemp("report-site")
    folder = base / "sources" / EVENT
    folder.mkdir(parents=True)
    for name in COPIED:
        shutil.copyfile(SOURCES / EVENT / name, folder / name)
    out = base / "html"
    proc = sphinx_build(copy_docs(base / "docs"), out, base / "sources")
    assert proc.returncode == 0, proc.stderr[-3000:]
    return base / "sources", out


def test_counts_are_in_good_english(gosim_report: str) -> None:
    assert "**94** warnings in 36 documents · **512** routine repairs (406 dropped, 106 fixed)" in gosim_report
    assert "[`duplicate_section`](/guide/codes.md#code-duplicate-section): 1 warning · 1 document" in gosim_report
    assert "[`image_not_image`](/guide/codes.md#code-image-not-image): 18 warnings · 14 documents" in gosim_report
    nouns = r"(?:warning|error|document|routine repair)"
    assert not re.search(rf"(?<![\d,.])1 {nouns}s\b", gosim_report)
    assert not re.search(rf"(?<![\d,.])(?:0|[2-9]|\d\d+) {nouns}\b(?!s)", gosim_report)
    seed = _part(gosim_report, f"sources/{EVENT}/{SEED}")
    assert (":::{dropdown} 33 routine repairs: 23 mojibake, 3 heading debris, 3 stage directions, "
            "2 generator footers, 1 variant text, 1 whitespace\n") in seed


def test_warnings_come_first_each_with_what_to_do_and_routine_repairs_after_them(gosim, gosim_report: str) -> None:
    # 34 documents, the speaker list (people without a session) and the corrections file (what applied)
    to_check, nothing = gosim_report.split("\n## To check: 36 documents\n")[1].split("\n## Nothing to check: ")
    assert nothing.startswith("31 documents\n")  # Schedule.json: the pictures it names that are missing
    assert " · warning · " not in nothing and " · error · " not in nothing
    for file in {d.file for d in gosim.report.items if d.severity.value in ("warning", "error")}:
        part = _part(to_check, file)
        warnings = [m.start() for m in re.finditer(r"^- (?:line \d+|whole file) · (?:warning|error) · ", part, re.M)]
        assert warnings, file
        # each warning says what to do, on the next line of its item; the routine repairs come after them all
        assert part.count("\\\n  **What to do:** ") == len(warnings), file
        if ":::{dropdown}" in part:
            assert part.index(":::{dropdown}") > warnings[-1], file
            assert " · warning · " not in part[part.index(":::{dropdown}"):], file


def test_the_advice_says_which_file_to_edit(gosim_report: str) -> None:
    corrections = f"`sources/{EVENT}/corrections.toml`"
    keller = _part(gosim_report, f"sources/{EVENT}/christian-keller_Llama_4_en.md")
    mismatch = keller.split("programme says 'Llama 4'", 1)[1].split("\n- ", 1)[0]
    assert corrections in mismatch and "`[[session]]`" in mismatch
    conflict = keller.split("[`track_conflict`]", 1)[1].split("\n- ", 1)[0]
    assert corrections in conflict
    seed = _part(gosim_report, f"sources/{EVENT}/{SEED}")
    image = seed.split("image 'Profile Image' points to a web page", 1)[1].split("\n- ", 1)[0]
    assert "**What to do:** Edit the document at line 83" in image and "corrections.toml" not in image
    eldar = _part(gosim_report, f"sources/{EVENT}/eldar-kurtic{SAME_TALK}")
    assert ("**What to do:** Nothing is published of it. Put the real item in the document at line 6, or, if it is "
            "right as it is, add the `[[publish]]` entry the message gives to " + corrections) in eldar


def test_invisible_characters_are_named_and_nothing_is_a_python_escape(gosim, gosim_report: str) -> None:
    seed = _part(gosim_report, f"sources/{EVENT}/{SEED}")
    assert "repaired mojibake: 'ğŸ§‘â€ğŸ’»' -\\> '🧑\\[U+200D ZERO WIDTH JOINER\\]💻'" in seed
    assert "repaired mojibake: 'ğŸ§\\[U+00A0 NO-BREAK SPACE\\]' -\\> '🧠'" in seed
    assert "repaired mojibake: 'Weâ€™re' -\\> 'We’re' \\(+2 more\\)" in seed
    assert not ESCAPE.search(gosim_report)
    for d in gosim.report.items:
        assert not ESCAPE.search(d.message) and "\\n" not in d.message and "\n" not in d.message, d


def test_make_check_prints_the_same_messages(small_site: tuple[Path, Path]) -> None:
    sources, _ = small_site
    proc = subprocess.run([sys.executable, "-m", "tools.confkb", "check", "--sources", str(sources)], cwd=ROOT,
                          env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"}, capture_output=True, text=True,
                          timeout=120, check=False)
    lines = proc.stdout.split("\n")
    assert (f"sources/{EVENT}/{SEED}:54: fixed: repaired mojibake: 'ğŸ§‘â€ğŸ’»' -> '🧑[U+200D ZERO WIDTH JOINER]💻' "
            "[confkb.mojibake]") in lines
    assert not ESCAPE.search(proc.stdout)
    assert re.search(r"^confkb: 0 errors, \d+ warnings, \d+ dropped, \d+ fixed in 4 files$", proc.stdout, re.M)


def test_each_code_links_to_its_entry_on_the_codes_page(small_site: tuple[Path, Path]) -> None:
    _, out = small_site
    report = (out / EVENT / "data-quality.html").read_text(encoding="utf-8")
    codes = (out / f"{urls.CODES_DOC}.html").read_text(encoding="utf-8")
    anchors = re.findall(r'\sid="(code-[a-z0-9-]+)"', codes)
    assert sorted(anchors) == sorted(urls.code_entry(c.value) for c in Code)  # every code has its anchor, once
    links = re.findall(r'<a class="reference internal" href="\.\./guide/codes\.html#([^"]+)">'
                       r'<span class="std std-ref"><code[^>]*><span class="pre">([a-z_]+)</span>', report)
    shown = re.findall(r'<span class="pre">([a-z_]+)</span></code>', report)
    assert links and len(links) == len(shown)  # every code shown is a link
    for anchor, value in links:
        assert anchor == urls.code_entry(value) and anchor in anchors


def test_the_built_report_shows_warnings_then_folded_repairs_in_characters(small_site: tuple[Path, Path]) -> None:
    _, out = small_site
    report = (out / EVENT / "data-quality.html").read_text(encoding="utf-8")
    assert not ESCAPE.search(report)
    assert "'🧑[U+200D ZERO WIDTH JOINER]💻'" in report
    assert re.search(r"<strong>\d+</strong> warnings in 3 documents · <strong>\d+</strong> routine repairs "
                     r"\(\d+ dropped, \d+ fixed\)", report)
    for part in re.split(r'<section id="report-', report)[1:]:
        part = part.split("</section>", 1)[0]
        routine = part.find('<details class="sd-sphinx-override sd-dropdown sd-card sd-mb-3 confkb-routine">')
        warning = part.rfind(" · warning · ")
        assert routine < 0 or warning < routine  # the warnings, then the folded routine repairs
        assert "<details" not in part or " open" not in part.split("<details", 1)[1].split(">", 1)[0]
    track = re.search(r"What to do:</strong> Decide which track is right: .*?</p>", report, re.S)
    assert track and f"sources/{EVENT}/corrections.toml" in track[0]


def test_the_session_line_gives_the_day(gosim, gosim_report: str) -> None:
    seed = _part(gosim_report, f"sources/{EVENT}/{SEED}")
    assert "\nSession: Tuesday 6 May 2025, 10:30–11:10 CEST · [Open-R1" in seed
    for s in gosim.kb.sessions:
        for src in s.sources:
            if not src.endswith(".json"):
                assert f"\nSession: {day_name(s.date)}, {s.start}–{s.end} " in _part(gosim_report, src), src
