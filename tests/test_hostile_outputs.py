"""Hostile sources, beyond the pages: deep nesting costs little and keeps its words; calendars and kb.json stay valid."""

from __future__ import annotations

import json
import subprocess
import sys
import time

import icalendar
import pytest

from tools.confkb.diagnostics import Code
from tools.confkb.pipeline import load, pages

from .conftest import ROOT
from .hostile import EVENT, MARKER, broken_docs, write_event


def test_a_thousand_levels_of_nesting_cost_little_and_keep_their_words(tmp_path):
    raw = broken_docs()["broken-nested.md"]
    assert len(raw) > 1_000_000  # the real thing: 1,000 levels of indentation
    (tmp_path / "sources" / EVENT).mkdir(parents=True)
    (tmp_path / "sources" / EVENT / "deep.md").write_text(raw, encoding="utf-8")
    start = time.perf_counter()
    result = load(tmp_path / "sources")
    files = pages(result)
    took = time.perf_counter() - start
    assert took < 5, took  # was ~19 s (a quadratic regex on long indentation), now well under a second
    assert Code.TOO_DEEP in {d.code for d in result.report.items}
    (session,) = result.kb.sessions
    page = files[f"{EVENT}/sessions/{session.slug}.md"]
    assert all(f"nest{i}" in page for i in (0, 9, 500, 999)) and "level" in page
    (speaker,) = result.kb.speakers  # the biography after the deep list is not lost
    assert "Deepbio survives" in files[f"speakers/{speaker.slug}.md"]


@pytest.fixture(scope="module")
def outputs(tmp_path_factory):
    sources = tmp_path_factory.mktemp("outputs") / "sources"
    write_event(sources, huge=False)
    return pages(load(sources))


def test_calendars_parse_and_nothing_is_injected_into_them(outputs):
    calendars = {rel: text for rel, text in outputs.items() if rel.endswith(".ics")}
    assert len(calendars) > 40
    for rel, text in calendars.items():
        cal = icalendar.Calendar.from_ical(text)
        assert "\r\n" in text and not any(line.endswith("\r") or "\r" in line for line in text.split("\r\n")), rel
        for comp in cal.walk():
            assert "ATTENDEE" not in comp and "X-INJECTED" not in comp, rel
        events = [c for c in cal.walk("VEVENT")]
        assert all(str(e.get("SUMMARY", "")).count("evil") <= 1 for e in events), rel
        assert not any(str(e.get("SUMMARY", "")).startswith("evil") for e in events), rel
    cal = icalendar.Calendar.from_ical(calendars[f"{EVENT}/calendar.ics"])
    names = [str(e["SUMMARY"]) for e in cal.walk("VEVENT")]
    assert len(names) > 30 and not any("evil" in n for n in names)  # no VEVENT smuggled in by an abstract
    assert sum(1 for line in calendars[f"{EVENT}/calendar.ics"].split("\r\n") if line == "BEGIN:VEVENT") == len(names)


def test_kb_json_is_valid_json_holding_the_payloads_as_data(outputs):
    kb = json.loads(outputs["kb.json"])
    assert MARKER in outputs["kb.json"]  # the payload strings are data, kept as such
    assert isinstance(kb, dict) and kb


_MEASURE = """
import resource, sys, tracemalloc
from pathlib import Path
from tools.confkb.pipeline import load, pages
tracemalloc.start()
pages(load(Path(sys.argv[1])))
print(tracemalloc.get_traced_memory()[1])
"""


@pytest.mark.slow
def test_memory_grows_linearly_with_document_size(tmp_path):
    """Peak memory of a 1 MB and a 5 MB document, each in a fresh process (no cache shared)."""
    peaks = {}
    for n in (2_000, 10_000):
        sources = tmp_path / str(n) / "sources"
        (sources / EVENT).mkdir(parents=True)
        big = "\n\n".join(f"Paragraph {i} " + "word " * 100 for i in range(n))
        from .hostile import talk
        text = talk("Big Talk", "Big Speaker", abstract="\n\n" + big)
        (sources / EVENT / "big.md").write_text(text, encoding="utf-8")
        proc = subprocess.run([sys.executable, "-c", _MEASURE, str(sources)], cwd=ROOT, capture_output=True,
                              text=True, timeout=600, check=True)
        peaks[n] = (int(proc.stdout.split()[-1]), len(text.encode()))
    (small, _small_size), (large, large_size) = peaks[2_000], peaks[10_000]
    assert large < 60 * large_size, peaks  # bounded by a constant times the input
    assert large / small < 8, peaks  # measured: 1.0 MB -> 10 MB peak, 5.2 MB -> 51 MB
