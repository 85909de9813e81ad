"""What a rule doubts is withheld: each rule on lines written for the test, and the sentence around stays."""

from __future__ import annotations

import pytest

from tools.confkb.diagnostics import Code, Report
from tools.confkb.ingest.withhold import Policy, url_doubt, withhold

POLICY = Policy("sources/x/corrections.toml")


def run(text: str, policy: Policy = POLICY, event: str = "") -> tuple[str, Report]:
    report = Report()
    return withhold(text, "sources/x/a.md", 1, policy, report, event).text, report


@pytest.mark.parametrize("url", [
    "https://example.com/photo.jpg", "https://www.example.org/talk", "http://demo.example/x", "https://a.test/",
    "https://via.placeholder.com/800x400?text=Session", "https://placehold.co/600x400", "https://picsum.photos/200",
    "https://ieeexplore.ieee.org/document/xxxx", "https://openreview.net/forum?id=XXXX",
    "https://www.youtube.com/watch?v=123456", "https://ieeexplore.ieee.org/document/1234567",
    "https://www.youtube.com/watch?v=example", "https://github.com/your-username/repo",
    "https://doi.org/10.1000/0000000",
])
def test_placeholder_and_template_urls_are_doubted(url):
    assert url_doubt(url) is not None


@pytest.mark.parametrize("url", [
    "https://www.youtube.com/watch?v=iQmXF5gxaWY", "https://arxiv.org/abs/2311.16867",
    "https://github.com/dottxt-ai/outlines", "https://ieeexplore.ieee.org/document/9378021",
    "https://www.examplecompany.com/", "https://huggingface.co/guipenedo", "https://fr.linkedin.com/in/someone",
])
def test_real_looking_urls_are_not(url):
    assert url_doubt(url) is None


def test_a_label_promising_what_the_url_cannot_be():
    assert "video" in url_doubt("https://github.com/dottxt-ai/outlines", "Watch the talk")
    assert "video" in url_doubt("https://arxiv.org/abs/2311.16867", "Video")
    assert "slides" in url_doubt("https://www.youtube.com/watch?v=iQmXF5gxaWY", "Slides")
    assert url_doubt("https://www.youtube.com/watch?v=iQmXF5gxaWY", "Watch the talk") is None
    assert url_doubt("https://x.com/someone/status/1910618989816103129", "Watch") is None  # a post may be a video


def test_a_link_in_a_sentence_leaves_the_sentence_and_a_lone_link_leaves_nothing():
    text, report = run("We show how, with [a demo](https://example.org/demo), it works.\n"
                       "- [Watch the Video Here](https://www.youtube.com/watch?v=123456)\n"
                       "Read it. [Read the full paper here](https://ieeexplore.ieee.org/document/xxxx). Then go.")
    assert text.split("\n") == ["We show how, with a demo, it works.", "", "Read it. Then go."]
    assert [(d.line, d.code) for d in report.items] == [(1, Code.WITHHELD), (2, Code.WITHHELD), (3, Code.WITHHELD)]
    assert 'to publish it anyway, add [[publish]] url = "https://example.org/demo" to sources/x/corrections.toml' \
        in report.items[0].message


def test_images_of_placeholder_services_go_with_their_caption():
    text, report = run("![Session](https://via.placeholder.com/800x400?text=AI)\n*Image: Conceptual diagram.*\nNext.")
    assert text == "\n\nNext."
    assert len(report.items) == 2 and "caption" in report.items[1].message


@pytest.mark.parametrize("line", ['*"Good [morning/afternoon], everyone! Please welcome Ada."*',
                                  "Thank you, [Your Name]! Please welcome Ada.",
                                  "[Speaker Portrait]\nPlease welcome Ada."])
def test_a_template_slot_takes_its_sentence_only(line):
    text, report = run(line)
    assert "Please welcome Ada." in text and "[" not in text
    assert report.items[0].code is Code.WITHHELD and "template slot" in report.items[0].message


def test_a_dated_entry_naming_a_later_event_goes_with_its_lines():
    text, report = run("- **2023**: *Keynote at GOSIM AI Paris 2025* – on datasets.\n"
                       "  [Recording](https://www.youtube.com/watch?v=iQmXF5gxaWY)\n"
                       "- **2024**: *OSS AI Roadmap 2025* – a vision for the next year.\n"
                       "- **2023**: *GOSIM AI Paris 2025*", event="gosim-ai-paris-2025")
    assert text.split("\n") == ["", "", "- **2024**: *OSS AI Roadmap 2025* – a vision for the next year.", ""]
    assert [d.line for d in report.items] == [1, 2, 4]


def test_the_organiser_vouches_and_hides():
    policy = Policy("sources/x/corrections.toml", publish_urls=(("https://example.org/demo", 4),),
                    publish_texts=(("[morning/afternoon]", 7),), hide=(("+33 6 12", 9),))
    used: set[int] = set()
    report = Report()
    out = withhold("See [a demo](https://example.org/demo).\nGood [morning/afternoon]!\nCall +33 6 12 34 56 78.",
                   "sources/x/a.md", 1, policy, report)
    used |= out.used
    assert out.text.split("\n") == ["See [a demo](https://example.org/demo).", "Good [morning/afternoon]!", ""]
    assert used == {4, 7, 9}
    assert [(d.line, d.code) for d in report.items] == [(3, Code.CORRECTED)]
