"""Validate stage: problems a person should fix in the sources that no other stage sees (link shapes)."""

from __future__ import annotations

import re

from ..diagnostics import Code, Report
from ..linkcheck.rules import rule_for
from ..model import TextDoc

# a URL inside a Markdown link or image, or bare in the text
URL = re.compile(r"\]\(\s*<?(https?://[^\s)>]+)|(?<![(<\[])\b(https?://[^\s)>\]]+)")


def check_links(doc: TextDoc, report: Report) -> None:
    """Report URLs whose shape cannot be right for their site (a YouTube "video" ``watch?v=example``).

    The same per-site rules drive ``make linkcheck``; here they run offline on every build, so the
    data-quality page shows placeholder links that a generator made up, with file and line.
    """
    for n, line in enumerate(doc.text.split("\n"), 1):
        if "http" not in line:
            continue
        for m in URL.finditer(line):
            url = (m.group(1) or m.group(2)).rstrip(".,;:*_")
            rule = rule_for(url)
            problem = rule.shape_error(url)
            if problem:
                report.warning(doc.path, n, Code.BAD_LINK, f"{problem}: {url}")
