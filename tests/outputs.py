"""What a build wrote, as the benchmark and the scale tests look at it: HTML files, rewritten files, sidebars."""

from __future__ import annotations

import re
from pathlib import Path

SIDEBAR = re.compile(r'<div class="sidebar-tree">(.*?)</div>', re.S)  # furo's navigation, as the extension fills it
EVERY_BUILD = {"genindex.html", "search.html", "404.html"}  # Sphinx and notfound write these on every build


def html_files(out: Path) -> dict[str, int]:
    """Every HTML file under *out* and its modification time."""
    return {p.relative_to(out).as_posix(): p.stat().st_mtime_ns for p in out.rglob("*.html")}


def rewritten(before: dict[str, int], out: Path) -> list[str]:
    """HTML files a rebuild wrote since *before* was taken, without the three that every build writes."""
    return sorted(k for k, v in html_files(out).items() if before.get(k) != v and k not in EVERY_BUILD)
