"""The command line as a maintainer uses it: output format, exit codes, files written."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

from .conftest import ROOT

LINE = re.compile(r"^sources/[^:]+:\d+: (fixed|dropped|warning|error): .+ \[confkb\.[a-z_]+\]$")

GOOD = """# ExampleCon 2099

## Track Information
**Track:** Robots

## Event and Session Details
### Conference Overview
- **Name:** ExampleCon 2099
- **Dates:** March 3-4, 2099
- **Location:** Lyon, France

### Session Details
- **Title:** Teaching Robots to Wave
- **Date:** March 3, 2099
- **Time:** 10:00 - 10:30

## Speaker Biography: Ada Example
### Personal Information
- **Current Position:** Engineer at Example Labs
"""


def run(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"}
    return subprocess.run([sys.executable, "-m", "tools.confkb", *args], cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=120, check=False)


def make_sources(tmp_path: Path, docs: dict[str, str]) -> Path:
    folder = tmp_path / "sources" / "examplecon-2099"
    folder.mkdir(parents=True)
    for name, text in docs.items():
        (folder / name).write_text(text, encoding="utf-8")
    return tmp_path


def test_check_prints_compiler_style_lines_and_a_summary(tmp_path):
    root = make_sources(tmp_path, {"ada.md": GOOD.replace("10:00 - 10:30", "25:00 - 26:00")})
    proc = run("check", cwd=root)
    lines = proc.stdout.strip().split("\n")
    assert all(LINE.match(line) for line in lines[:-1]), lines
    assert any("sources/examplecon-2099/ada.md:15: warning:" in line and "[confkb.bad_time]" in line
               for line in lines)
    assert re.match(r"^confkb: 0 errors, \d+ warnings?, \d+ dropped, \d+ fixed in 1 file$", lines[-1])
    assert proc.returncode == 0
    assert run("check", "--strict", cwd=root).returncode == 1


def test_errors_exit_1_and_other_documents_still_build(tmp_path):
    root = make_sources(tmp_path, {"ada.md": GOOD, "broken.md": "no headings, no title, nothing at all\n"})
    proc = run("check", cwd=root)
    assert proc.returncode == 1
    assert "sources/examplecon-2099/broken.md:1: error:" in proc.stdout
    out = tmp_path / "out"
    assert run("build", "--out", str(out), cwd=root).returncode == 1
    assert (out / "examplecon-2099" / "sessions" / "teaching-robots-to-wave.md").is_file()
    assert (out / "speakers" / "ada-example.md").is_file()
    assert (out / "kb.json").is_file()


def test_missing_sources_is_a_usage_error(tmp_path):
    proc = run("check", "--sources", "nowhere", cwd=tmp_path)
    assert proc.returncode == 2
    assert proc.stderr.startswith("ERROR sources folder not found")
    assert "Traceback" not in proc.stderr


def test_build_writes_only_what_changed(tmp_path):
    root = make_sources(tmp_path, {"ada.md": GOOD})
    out = tmp_path / "out"
    first = run("build", "--out", str(out), cwd=root)
    assert "wrote" in first.stdout
    page = out / "examplecon-2099" / "sessions" / "teaching-robots-to-wave.md"
    mtime = page.stat().st_mtime_ns
    second = run("build", "--out", str(out), cwd=root)
    assert "wrote 0 files, removed 0" in second.stdout
    assert page.stat().st_mtime_ns == mtime
    # a renamed talk removes its stale page
    (root / "sources" / "examplecon-2099" / "ada.md").write_text(GOOD.replace("to Wave", "to Dance"), encoding="utf-8")
    third = run("build", "--out", str(out), cwd=root)
    assert "removed 2" in third.stdout  # its page and its .ics calendar
    assert not page.exists()


def test_a_24_hour_time_marked_am_is_read_as_written_and_said(tmp_path):
    """A document writing "12:45 - 13:25 AM" has its talk at 12:45, not at a quarter to one in the night, and
    the check says how the time was read, with file and line."""
    root = make_sources(tmp_path, {"ada.md": GOOD.replace("10:00 - 10:30", "12:45 - 13:25 AM")})
    proc = run("check", cwd=root)
    said = [line for line in proc.stdout.split("\n") if "[confkb.bad_time]" in line]
    assert len(said) == 1 and said[0].startswith("sources/examplecon-2099/ada.md:15: fixed:"), proc.stdout
    assert "13:25 is a 24-hour time" in said[0] and "read as 12:45–13:25" in said[0]
    out = tmp_path / "out"
    assert run("build", "--out", str(out), cwd=root).returncode == 0
    page = (out / "examplecon-2099" / "sessions" / "teaching-robots-to-wave.md").read_text("utf-8")
    assert "12:45–13:25" in page and "00:45" not in page
