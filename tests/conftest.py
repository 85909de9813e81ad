"""Shared fixtures: the real GOSIM sources, loaded once, and a real Sphinx build of the whole site."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from tools.confkb.pipeline import Result, load  # noqa: E402

SOURCES = ROOT / "sources"
DATA = Path(__file__).parent / "data"
HAND_WRITTEN = ["guide/index.md", "links.md", "_static", "_templates", "_data", "_extra"]


@pytest.fixture(scope="session")
def gosim() -> Result:
    return load(SOURCES)


@pytest.fixture(scope="session")
def gosim_docs_only(tmp_path_factory: pytest.TempPathFactory) -> Result:
    """The real sources without the official programme (Schedule.json, Speakers.json): documents alone."""
    dest = tmp_path_factory.mktemp("docs-only") / "sources"
    shutil.copytree(SOURCES, dest, ignore=shutil.ignore_patterns("Schedule.json", "Speakers.json"))
    return load(dest)


def wrapping_conf(folder: Path, body: str, **names: str) -> Path:
    """A conf.py in *folder* that runs the project's conf.py, then *body* (with *names* set as strings): a build
    configured like `make html`, changed or watched by the test."""
    folder.mkdir(parents=True, exist_ok=True)
    head = "".join(f"{k} = {v!r}\n" for k, v in {"ROOT_CONF": str(ROOT / "conf.py"), **names}.items())
    run = 'import runpy\nglobals().update({k: v for k, v in runpy.run_path(ROOT_CONF).items() if not k.startswith("__")})\n'
    (folder / "conf.py").write_text(head + run + body, encoding="utf-8")
    return folder


def copy_docs(dest: Path, root: Path = ROOT) -> Path:
    """A Sphinx source folder holding only the hand-written part of *root*/docs/ (generated pages come later)."""
    for rel in HAND_WRITTEN + [p.relative_to(root / "docs").as_posix() for p in (root / "docs" / "guide").glob("*.md")]:
        src = root / "docs" / rel
        if not src.exists():
            continue
        target = dest / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        if src.is_dir():
            shutil.copytree(src, target, dirs_exist_ok=True)
        else:
            shutil.copyfile(src, target)
    return dest


def sphinx_command(srcdir: Path, outdir: Path, sources: Path, *extra: str, builder: str = "html",
                   strict: bool = True, quiet: bool = True, env: dict[str, str] | None = None,
                   ) -> tuple[list[str], dict[str, str]]:
    """The sphinx-build command line and environment of a build like `make html` (conf.py from the repo root,
    doctrees next to *outdir*), for the tests and the benchmark.

    strict: warnings are errors (``-W --keep-going``); quiet=False keeps Sphinx's console output (stdout);
    *env*: the environment to start from (default: a bare one, so the machine's settings do not leak in).
    """
    cmd = [sys.executable, "-m", "sphinx", "-b", builder, *(["-W", "--keep-going"] if strict else []),
           *(["-q"] if quiet else []), "-c", str(ROOT),
           "-d", str(outdir.parent / f"doctrees-{outdir.name}"), *extra, str(srcdir), str(outdir)]
    base = {"PATH": "/usr/bin:/bin", "HOME": str(outdir.parent)} if env is None else env
    return cmd, {**base, "CONFKB_SOURCES": str(sources), "LC_ALL": "C.UTF-8", "PYTHONHASHSEED": "0"}


def sphinx_build(srcdir: Path, outdir: Path, sources: Path, *extra: str, builder: str = "html",
                 quiet: bool = True) -> subprocess.CompletedProcess[str]:
    """Run a real sphinx-build the way `make html` does, warnings as errors (see ``sphinx_command``)."""
    cmd, env = sphinx_command(srcdir, outdir, sources, *extra, builder=builder, quiet=quiet)
    return subprocess.run(cmd, capture_output=True, text=True, env=env, timeout=900, check=False)


@pytest.fixture(scope="session")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The GOSIM site, built once per test run with warnings as errors."""
    base = tmp_path_factory.mktemp("site")
    src = copy_docs(base / "docs")
    out = base / "html"
    proc = sphinx_build(src, out, SOURCES)
    assert proc.returncode == 0, proc.stderr[-5000:]
    assert proc.stderr.strip() == "", proc.stderr[-5000:]
    return out
