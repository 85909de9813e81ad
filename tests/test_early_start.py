"""The page generator starts from conf.py with the folders and settings Sphinx will build with."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT, copy_docs, wrapping_conf

EXAMPLE = ROOT / "tests" / "golden" / "examplecon-2099" / "input"
# conf.py, then what it guessed beside what Sphinx ends up giving the extension; then the process stops.
RECORDING_CONF = """
import json, os
from tools.confkb.sphinxext import generate as sphinx_ext

GUESS = sphinx_ext._guess(confkb_sources, html_baseurl)


def _record(app, config):
    with open(RECORD, "w") as fh:
        json.dump({"guess": GUESS and [str(x) for x in GUESS],
                   "final": [str(x) for x in sphinx_ext._arguments(app)]}, fh)
    os._exit(0)


def setup(app):
    app.connect("config-inited", _record, priority=900)
"""


@pytest.mark.parametrize("how", ["make html", "read the docs", "make mode"])
def test_the_guess_is_what_sphinx_gives_the_extension(tmp_path: Path, how: str) -> None:
    sources = tmp_path / "sources"
    shutil.copytree(EXAMPLE, sources)
    copy_docs(tmp_path / "docs")
    record = tmp_path / "record.json"
    wrapping_conf(tmp_path / "conf", RECORDING_CONF, RECORD=str(record))
    env = {"CONFKB_SOURCES": str(sources), "PATH": "/usr/bin:/bin", "LC_ALL": "C.UTF-8", "HOME": str(tmp_path)}
    args = {
        "make html": ["-b", "html", "-W", "--keep-going", "-j", "auto", "-c", "conf", "-d", "_build/doctrees",
                      "docs", "_build/html"],
        # .readthedocs.yaml's command, with the canonical URL Read the Docs sets
        "read the docs": ["-T", "-W", "--keep-going", "-b", "html", "-c", "conf", "-d", "_build/doctrees", "-D",
                          "language=en", "docs", str(tmp_path / "output" / "html")],
        "make mode": ["-M", "html", "docs", "_build", "-c", "conf", "-D", "html_baseurl=https://kb.example/"],
    }[how]
    if how == "read the docs":
        env["READTHEDOCS_CANONICAL_URL"] = "https://kb.readthedocs.io/en/latest/"
    proc = subprocess.run([sys.executable, "-m", "sphinx", *args], cwd=tmp_path, env=env, capture_output=True,
                          text=True, timeout=300, check=False)
    assert proc.returncode == 0, proc.stderr[-3000:]
    seen = json.loads(record.read_text(encoding="utf-8"))
    assert seen["guess"] == seen["final"]  # the pages started from conf.py are the ones the build uses
    assert seen["final"][2] == str(tmp_path / "_build" / "doctrees")


def test_no_guess_when_conf_py_is_not_read_by_sphinx() -> None:
    from tools.confkb.sphinxext import generate as sphinx_ext

    assert sphinx_ext._guess(str(EXAMPLE.parent), "") is None  # a script or a test importing conf.py
