"""A real Sphinx build of hostile sources: zero warnings, no injected HTML, no file content from outside."""

from __future__ import annotations

import random
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import ROOT, SOURCES, copy_docs, sphinx_build
from .hostile import EVENT, MARKER, SECRET, write_event
from .pagescan import scan

pytestmark = pytest.mark.slow
REAL = ["000_6583a21375dc1bcb.txt",
        "angelo-corsaro_Mind_Body_and_Zenoh_en.md"]


@pytest.fixture(scope="session")
def hostile_site(tmp_path_factory):
    base = tmp_path_factory.mktemp("hostile-site")
    sources = base / "sources"
    write_event(sources, huge=False)
    real = sources / "gosim-ai-paris-2025"
    real.mkdir()
    for name in REAL:
        shutil.copyfile(SOURCES / "gosim-ai-paris-2025" / name, real / name)
    out = base / "html"
    proc = sphinx_build(copy_docs(base / "docs"), out, sources)
    return out, proc


def test_build_has_zero_warnings(hostile_site):
    _, proc = hostile_site
    assert proc.returncode == 0, proc.stderr[-5000:]
    assert proc.stderr.strip() == "", proc.stderr[-5000:]


def test_no_injected_element_attribute_or_file_content(hostile_site):
    out, _ = hostile_site
    pages = list(out.rglob("*.html"))
    assert len(pages) > 40
    for page in pages:
        html = page.read_text(encoding="utf-8")
        assert SECRET not in html and "root:x:0:0" not in html and "Secret Keeper" not in html, page
        p = scan(html)
        assert p.active == [], (page, p.active)
    assert not any(out.rglob("passwd*")) and not (out.parent / "etc").exists()


def test_payload_words_are_visible_text(hostile_site):
    out, _ = hostile_site
    sessions = list((out / EVENT / "sessions").glob("injection-*.html"))
    assert len(sessions) >= 15
    for page in sessions:
        text = " ".join(scan(page.read_text(encoding="utf-8")).article)
        assert MARKER in text, page
    p = scan((out / EVENT / "sessions" / "injection-script-zqxmarker.html").read_text(encoding="utf-8"))
    assert "<script>document.write(" in " ".join(p.article)  # shown, not run


def test_real_documents_still_build(hostile_site):
    out, _ = hostile_site
    assert (out / "speakers" / "guilherme-penedo.html").is_file()
    assert (out / "gosim-ai-paris-2025" / "sessions" / "open-r1-a-fully-open-reproduction-of-deepseek-r1.html").is_file()


def _build(sources: Path, out: Path, seed: str, tz: str, lc: str) -> None:
    env = {"PATH": "/usr/bin:/bin", "PYTHONHASHSEED": seed, "TZ": tz, "LC_ALL": lc, "HOME": str(out.parent)}
    proc = subprocess.run([sys.executable, "-m", "tools.confkb", "build", "--sources", str(sources), "--out", str(out)],
                          cwd=ROOT, env=env, capture_output=True, text=True, timeout=600, check=False)
    assert proc.returncode in (0, 1), proc.stderr  # 1: the hostile sources have errors, by design


def _copy_shuffled(src: Path, dest: Path, seed: int) -> None:
    files = [p for p in src.rglob("*") if p.is_file() and not p.is_symlink()]
    random.Random(seed).shuffle(files)  # a different creation order, so directory listing order differs
    for p in files:
        target = dest / p.relative_to(src)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(p, target)


def test_output_is_byte_identical_whatever_the_environment(tmp_path):
    origin = tmp_path / "origin" / "sources"
    write_event(origin, huge=False)
    shutil.copytree(SOURCES / "gosim-ai-paris-2025", origin / "gosim-ai-paris-2025")
    runs = []
    for n, (seed, tz, lc) in enumerate([("1", "UTC", "C.UTF-8"), ("4242", "Pacific/Kiritimati", "POSIX")]):
        sources = tmp_path / f"run{n}" / "sources"
        _copy_shuffled(origin, sources, n)
        _build(sources, tmp_path / f"run{n}" / "out", seed, tz, lc)
        out = tmp_path / f"run{n}" / "out"
        runs.append({p.relative_to(out).as_posix(): p.read_bytes() for p in out.rglob("*") if p.is_file()})
    assert runs[0].keys() == runs[1].keys()
    differ = [k for k in runs[0] if runs[0][k] != runs[1][k]]
    assert differ == []
    assert "kb.json" in runs[0]
