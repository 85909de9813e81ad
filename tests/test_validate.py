"""Links whose shape cannot be right are reported with file and line, offline, on every build."""

from tools.confkb.diagnostics import Code, Report
from tools.confkb.ingest.validate import check_links
from tools.confkb.model import TextDoc


def test_placeholder_video_ids_are_reported_at_their_line():
    text = "\n".join([
        "- [Talk](https://www.youtube.com/watch?v=example)",
        "- [Good](https://www.youtube.com/watch?v=iQmXF5gxaWY)",
        "see https://youtu.be/123456 and [paper](https://arxiv.org/abs/2311.16867)",
        "- [Profile](https://fr.linkedin.com/in/guilhermepenedo)",
    ])
    report = Report()
    check_links(TextDoc("sources/x/a.md", "x", text), report)
    found = [(d.line, d.code, d.message.rsplit(": ", 1)[1]) for d in report.items]
    assert found == [(1, Code.BAD_LINK, "https://www.youtube.com/watch?v=example"),
                     (3, Code.BAD_LINK, "https://youtu.be/123456")]


def test_the_real_sources_have_exactly_three_made_up_videos(gosim):
    """They are withheld before anything is built, so the shape check finds none left to warn about."""
    bad = sorted({d.file.rsplit("/", 1)[1].split("_")[0] for d in gosim.report.items
                  if d.code is Code.WITHHELD and "youtube.com/watch" in d.message and "withheld a link" in d.message})
    assert bad == ["dongjie-chen", "james-yang", "yanzhi-wang"]
    assert not [d for d in gosim.report.items if d.code is Code.BAD_LINK]
