"""One small fixture per way the real documents drift; each must give the same fields."""

from __future__ import annotations

import pytest

from tools.confkb.diagnostics import Code, Report
from tools.confkb.ingest.parse import parse
from tools.confkb.ingest.repair import repair
from tools.confkb.model import SourceDoc


def parsed(text: str):
    report = Report()
    doc = repair(SourceDoc("sources/x/doc.md", "x", text.encode("utf-8")), report)
    assert doc is not None
    return parse(doc, report), report


SESSION_VARIANTS = {
    "colon outside bold, bullets": "### Session Details\n- **Title**: Mind and Body\n- **Date**: May 6, 2025\n"
                                   "- **Time**: 10:30 - 11:10\n",
    "colon inside bold, bullets": "### **Session Details**\n- **Title:** *Mind and Body*\n- **Date:** May 6, 2025\n"
                                  "- **Time:** 10:30 – 11:10 (CEST)\n",
    "bold-label lines, no bullets": "### **Session Spotlight**\n**Title:** *Mind and Body*\n**Date:** May 6, 2025\n"
                                    "**Time:** 10:30 - 11:10 (CEST)\n",
    "emoji heading, Session Title label": "### 🎙️ **Session Details**\n- **Session Title:** Mind and Body\n"
                                          "- **Date:** 6 May 2025\n- **Time:** 10:30–11:10 CEST\n",
    "lost emoji U+FFFD": "### \ufffd Session Details\n- Title: Mind and Body\n- Date: May 6, 2025\n"
                         "- Time: 10:30 AM - 11:10 AM\n",
    "H4 heading": "#### Session Specifics\n- **Title**: Mind and Body\n- **Date**: May 6, 2025\n"
                  "- **Time**: 10:30 - 11:10\n",
}


@pytest.mark.parametrize("name", sorted(SESSION_VARIANTS))
def test_session_fields_whatever_the_layout(name):
    doc, report = parsed("# GOSIM AI Paris 2025\n\n## Event and Session Details\n" + SESSION_VARIANTS[name])
    assert (doc.title, doc.date_text, doc.time_line > 0) == ("Mind and Body", doc.date_text, True)
    assert "6" in doc.date_text and "10:30" in doc.time_text
    assert not [d for d in report.items if d.code is Code.UNKNOWN_SECTION]


CONFERENCE_VARIANTS = {
    "Name": "- **Name:** GOSIM AI Paris 2025\n- **Dates:** May 6-7, 2025\n- **Location:** Station F, Paris, France\n",
    "Conference Name": "- **Conference Name**: GOSIM AI Paris 2025\n- **Dates**: May 6–7, 2025\n"
                       "- **Location**: Station F, Paris, France\n",
}


@pytest.mark.parametrize("name", sorted(CONFERENCE_VARIANTS))
def test_conference_fields(name):
    doc, _ = parsed("## Event and Session Details\n### Conference Overview\n" + CONFERENCE_VARIANTS[name])
    assert (doc.event_name, doc.event_location) == ("GOSIM AI Paris 2025", "Station F, Paris, France")
    assert doc.event_dates.startswith("May 6")


TRACK_VARIANTS = {
    "bold label": "## Track Information\n**Track:** AI Model\n**Shaping the Future**\nUnleashing models.\n",
    "label and value in one bold": "## Track Information\n**Track: AI Model**\n*Shaping the Future: Unleashing models.*\n",
    "in the heading": "## 🏷️ Track Information: **AI Model**\n*Shaping the Future*\n\nUnleashing models.\n",
    "as a sub-heading": "## Track Information\n### AI Model\n**Shaping the Future**\nUnleashing models.\n",
    "name and tagline in a sub-heading": "## Track Information\n### **AI Model: Shaping the Future**\n"
                                         "Unleashing models.\n",
}


@pytest.mark.parametrize("name", sorted(TRACK_VARIANTS))
def test_track_fields(name):
    doc, _ = parsed(TRACK_VARIANTS[name])
    assert doc.track_name == "AI Model"
    assert doc.track_tagline == "Shaping the Future"
    assert "Unleashing models" in doc.track_description


SPEAKER_VARIANTS = {
    "name in the H2": "## Speaker Biography: Guilherme Penedo\n### Personal Information\n"
                      "- **Current Position**: Engineer at Hugging Face\n",
    "name only in an H3": "## 🎙️ Speaker Biography\n### **Dr. Guilherme Penedo**\n### Personal Information\n"
                          "- **Current Position:** Engineer at Hugging Face\n",
    "Full Name field": "## Speaker Biography\n### Professional Profile\n- **Full Name:** Guilherme Penedo\n"
                       "- **Current Position:** Engineer at Hugging Face\n",
    "field headings": "## Speaker Biography\n### Full Name: Guilherme Penedo\n"
                      "### Current Position: Engineer at Hugging Face\n",
    "label heading, value below": "## Speaker Biography\n### Full Name\n**Guilherme Penedo**\n\n"
                                  "### Current Position\nEngineer at Hugging Face\n",
}


@pytest.mark.parametrize("name", sorted(SPEAKER_VARIANTS))
def test_speaker_fields(name):
    doc, _ = parsed(SPEAKER_VARIANTS[name])
    assert (doc.speaker_name, doc.position, doc.organization) == ("Guilherme Penedo", "Engineer", "Hugging Face")


def test_bio_sections_keep_order_tables_and_unknown_headings():
    doc, _ = parsed("## Speaker Biography: Ada Example\n### 🧑\u200d💻 Career Path\n- 2020: Engineer\n"
                    "#### Earlier\n- 2010: Student\n### Awards\n| Year | Award |\n|---|---|\n| 2023 | Gold |\n"
                    "### Why This Matters\nBecause.\n")
    assert [s.title for s in doc.biography] == ["Career Path", "Earlier", "Awards", "Why This Matters"]
    assert "| 2023 | Gold |" in doc.biography[2].markdown


def test_links_with_labels_in_any_layout():
    doc, _ = parsed("## Speaker Biography: Ada Example\n### 🔗 Connect\n- **Twitter**: [@ada](https://twitter.com/ada)\n"
                    "- [GitHub](https://github.com/ada)\n- **LinkedIn:** [Profile](https://linkedin.com/in/ada)\n")
    assert [(x.label, x.url) for x in doc.links] == [("Twitter", "https://twitter.com/ada"),
                                                      ("GitHub", "https://github.com/ada"),
                                                      ("LinkedIn", "https://linkedin.com/in/ada")]


def test_a_field_heading_over_a_list_keeps_every_item_in_one_place():
    # "#### Education" over three degrees: one section with all three, not the first as a fact and two below
    doc, _ = parsed("## Speaker Biography\n### **Matt White**\n#### **Education**\n"
                    "- **M.Sc. in Data Science**, University of California, Berkeley\n"
                    "- **MBA**, University of Denver\n- **B.Sc. in Information Technology**, York University\n")
    assert doc.education == ""
    [education] = [s for s in doc.biography if s.title == "Education"]
    assert [ln[:8] for ln in education.markdown.splitlines()] == ["- **M.Sc", "- **MBA*", "- **B.Sc"]
    # one item is one value, without its list marker
    doc, _ = parsed("## Speaker Biography\n### **Ada Example**\n#### Education\n- PhD in Physics, ETH Zurich\n")
    assert doc.education == "PhD in Physics, ETH Zurich"


@pytest.mark.parametrize(("text", "first", "roles"), [
    ("Executive Director, PyTorch Foundation. GM of AI, Linux Foundation.",
     ("Executive Director", "PyTorch Foundation"), 2),
    ("Engineer at Hugging Face; Maintainer at Datatrove", ("Engineer", "Hugging Face"), 2),
    ("Sr. Engineer at Example Labs", ("Sr. Engineer", "Example Labs"), 1),
    ("Founding Partner, OpenBMB and ModelBest", ("Founding Partner", "OpenBMB and ModelBest"), 1),
])
def test_several_roles_in_one_position(text, first, roles):
    from tools.confkb.ingest import values

    assert values.split_position(text) == first
    assert len(values.split_roles(text)) == roles


def test_a_speakers_other_roles_stay_on_the_page(gosim):
    # the programme gives "Executive Director, PyTorch Foundation. GM of AI, Linux Foundation."
    matt = next(p for p in gosim.kb.speakers if p.slug == "matt-white")
    assert (matt.position, matt.organization) == ("Executive Director", "PyTorch Foundation")
    text = " ".join(f"{s.title} {s.markdown}" for s in matt.biography)
    assert "GM of AI" in text and "Linux Foundation" in text
    assert matt.education == "" and "B.Sc. in Information Technology" in text and "M.Sc. in Data Science" in text


def test_an_image_that_names_a_document_is_dropped_as_not_an_image():
    """A document is never a picture, even when the file is there: the build cache does not watch documents."""
    report = Report()
    doc = repair(SourceDoc("sources/x/doc.md", "x", b"# T\n\n## Biography\n\nText.\n\n![Slides](notes.md)\n"), report)
    out = parse(doc, report, exists=lambda rel: True)
    assert not any("notes.md" in s.markdown for s in out.biography)
    said = [(d.line, d.code, d.message) for d in report.items]
    assert (7, Code.MISSING_IMAGE, "dropped image 'Slides': 'notes.md' is a source document, not an image") in said
