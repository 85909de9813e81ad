"""What a maintainer meets first: the Read the Docs config, the Makefile, the pinned requirements."""

from __future__ import annotations

import json
import re
import subprocess

import jsonschema
import yaml

from .conftest import DATA, ROOT


def test_readthedocs_config_is_valid_and_pinned():
    config = yaml.safe_load((ROOT / ".readthedocs.yaml").read_text(encoding="utf-8"))
    schema = json.loads((DATA / "readthedocs-config-schema-v2.json").read_text(encoding="utf-8"))
    jsonschema.validate(config, schema)
    assert config["build"]["os"] == "ubuntu-24.04"
    assert config["build"]["tools"]["python"] == "3.11"
    command = config["build"]["jobs"]["build"]["html"][0]
    # docs/ is the source folder, the output is where Read the Docs uploads from, warnings fail the build
    assert " -c . " in command and " docs $READTHEDOCS_OUTPUT/html" in command and " -W " in command


def test_every_requirement_is_pinned():
    for name in ("requirements.txt", "requirements-dev.txt"):
        for line in (ROOT / name).read_text(encoding="utf-8").splitlines():
            line = line.strip()
            if line and not line.startswith(("#", "-r ")):
                assert re.fullmatch(r"[A-Za-z0-9_.-]+==[A-Za-z0-9_.+-]+", line), (name, line)


def test_make_help_lists_the_targets():
    out = subprocess.run(["make", "-s", "help"], cwd=ROOT, capture_output=True, text=True, check=True).stdout
    for target in ("html", "test", "linkcheck", "livehtml", "clean", "check"):
        assert re.search(rf"^{target}\s", out, flags=re.M), target


def test_generated_pages_are_not_committed():
    tracked = subprocess.run(["git", "ls-files", "docs"], cwd=ROOT, capture_output=True, text=True).stdout.split()
    assert not [p for p in tracked if p.startswith(("docs/speakers/", "docs/gosim-ai-paris-2025/"))]
    assert "docs/index.md" not in tracked and "docs/kb.json" not in tracked


def test_code_is_small_enough_to_read_and_uses_no_interpreter_or_sphinx_internals():
    """What a reviewer checks first: modules under ~300 lines, and no reading of stack frames, no swapping of
    modules, no replacing of Sphinx's functions or another extension's handlers."""
    banned = re.compile(r"sys\._getframe|\.f_back\b|sys\.modules\[[^]]+\]\s*=|sphinx\.builders\.\w+\s*=|"
                        r"app\.events\.listeners")
    for path in sorted((ROOT / "tools").rglob("*.py")):
        text = path.read_text(encoding="utf-8")
        assert len(text.splitlines()) <= 350, path
        assert not banned.search(text), (path, banned.search(text))
        # the collector is set in one place only (sphinxext/collector.py)
        assert path.name == "collector.py" or not re.search(r"\bgc\.(freeze|set_threshold|disable)", text), path


def test_the_readme_says_what_each_command_runs():
    """make test runs no browser (every test that drives one is slow); the README says so, and it tells the
    build's Sphinx warnings (none) from the data warnings of the report."""
    readme = " ".join((ROOT / "README.md").read_text(encoding="utf-8").split())
    assert "zero warnings" not in readme and "data* warnings" in readme
    assert "make test-slow` runs the slow tests" in readme and "headless Chromium" in readme
    for path in (ROOT / "tests").glob("test_*.py"):
        text = path.read_text(encoding="utf-8")
        if "from playwright" in text or "import playwright" in text:
            assert "pytestmark = pytest.mark.slow" in text, f"{path.name} drives a browser in make test"
