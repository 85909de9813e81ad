"""The Links page is rebuilt when a report is committed, and only then."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

SITE = Path(__file__).parent / "site"
ROOT = Path(__file__).resolve().parents[2]


def build(src: Path, out: Path) -> None:
    cmd = [sys.executable, "-m", "sphinx", "-b", "html", "-q", "-W", "--keep-going", "-d", str(out / ".doctrees"),
           str(src), str(out)]
    env = {"PATH": "/usr/bin:/bin", "CONFKB_REPO_ROOT": str(ROOT), "HOME": str(out.parent)}
    proc = subprocess.run(cmd, capture_output=True, text=True, env=env, timeout=300, check=False)
    assert proc.returncode == 0, proc.stderr


@pytest.mark.slow
def test_links_page_rebuilds_only_when_the_report_changes(tmp_path):
    src = tmp_path / "src"
    shutil.copytree(SITE, src)
    out = tmp_path / "out"
    build(src, out)
    page = out / "links.html"
    first = page.stat().st_mtime_ns
    assert "No link report has been committed yet" in page.read_text(encoding="utf-8")
    build(src, out)
    assert page.stat().st_mtime_ns == first  # nothing changed: the page is not written again
    report = {"summary": {"broken": 1}, "links": [{"url": "https://example.org/gone", "verdict": "broken",
                                                  "info": "404 Not Found",
                                                  "locations": [{"docname": "index", "path": "index.md", "line": 1}]}]}
    (src / "_data").mkdir()
    (src / "_data" / "linkcheck-report.json").write_text(json.dumps(report), encoding="utf-8")
    build(src, out)
    html = page.read_text(encoding="utf-8")
    assert "No link report has been committed yet" not in html
    assert "https://example.org/gone" in html


@pytest.mark.slow
def test_a_malformed_report_is_a_clear_warning_not_a_traceback(tmp_path):
    src = tmp_path / "src"
    shutil.copytree(SITE, src)
    (src / "_data").mkdir()
    (src / "_data" / "linkcheck-report.json").write_text('{"links": [{"nonsense": 1}]}', encoding="utf-8")
    cmd = [sys.executable, "-m", "sphinx", "-b", "html", "-q", str(src), str(tmp_path / "out")]
    env = {"PATH": "/usr/bin:/bin", "CONFKB_REPO_ROOT": str(ROOT), "HOME": str(tmp_path)}
    proc = subprocess.run(cmd, capture_output=True, text=True, env=env, timeout=300, check=False)
    assert proc.returncode == 0
    assert "link report linkcheck-report.json is not in the expected format" in proc.stderr
    assert "Traceback" not in proc.stderr
    assert "could not be read" in (tmp_path / "out" / "links.html").read_text(encoding="utf-8")
