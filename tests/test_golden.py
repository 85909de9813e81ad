"""Golden test: the generated MyST of a small kitchen-sink event, file for file, for a reviewer to read.

Regenerate after an intended change with ``CONFKB_UPDATE_GOLDEN=1 make test`` and review the diff.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tools.confkb.pipeline import load, pages

GOLDEN = Path(__file__).parent / "golden"
CASES = sorted(p.name for p in GOLDEN.iterdir() if (p / "input").is_dir())


@pytest.mark.parametrize("case", CASES)
def test_generated_pages_match_golden(case):
    # the .ics calendars (CRLF by RFC 5545) are checked by test_calendar.py and test_sharing.py
    files = {k: v for k, v in pages(load(GOLDEN / case / "input")).items() if not k.endswith(".ics")}
    expected_dir = GOLDEN / case / "expected"
    if os.environ.get("CONFKB_UPDATE_GOLDEN"):
        for old in expected_dir.rglob("*"):
            if old.is_file():
                old.unlink()
        for rel, text in files.items():
            (expected_dir / rel).parent.mkdir(parents=True, exist_ok=True)
            (expected_dir / rel).write_text(text, encoding="utf-8")
    expected = {p.relative_to(expected_dir).as_posix(): p.read_text(encoding="utf-8")
                for p in expected_dir.rglob("*") if p.is_file()}
    assert sorted(files) == sorted(expected)
    for rel in sorted(files):
        assert files[rel] == expected[rel], rel
