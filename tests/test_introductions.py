"""A talk with several speakers has one host introduction that greets once, introduces every speaker, presents the
talk once and welcomes them all; what it leaves out is in the data-quality report with file, line and text."""

from __future__ import annotations

import re
import shutil
from dataclasses import replace
from pathlib import Path

import pytest

from tests.coverage import measure, repaired_texts, words
from tools.confkb.assemble import introductions
from tools.confkb.diagnostics import Code, Report, Severity
from tools.confkb.ingest import read
from tools.confkb.ingest.parse import parse
from tools.confkb.ingest.repair import repair
from tools.confkb.pipeline import load, pages
from tools.confkb.render import urls

from .conftest import SOURCES, copy_docs, sphinx_build
from .pagescan import scan

EVENT = "intro-con-2025"
VLLM = ["eldar-kurtic_Scaling_LLM_Inference_with_vLLM_Multi_Accelerator_Serving_and_Quantized_LLMs_en.md",
        "erwan-gallen_Scaling_LLM_Inference_with_vLLM_Multi_Accelerator_Serving_and_Quantized_LLMs_en.md"]
TITLE = "Folding Laundry with Open Robots"


def document(speaker: str, intro: str, *, bold_name_only: bool = False) -> str:
    """A session document of the shared talk; *bold_name_only*: its speaker is named only in bold, in the biography."""
    bio = (f"## Speaker Biography\n\n**{speaker}** is a roboticist who folds shirts.\n" if bold_name_only
           else f"## Speaker Biography: {speaker}\n\n{speaker.split()[0]} builds robots.\n")
    return (f"# Intro Con 2025: {TITLE}\n\n## Host Introduction\n\n{intro}\n\n*(Applause.)*\n\n---\n\n"
            "## Track Information\n**Track: Robots**\n\n## Event and Session Details\n\n### Conference Overview\n"
            "- **Name:** Intro Con 2025\n- **Dates:** May 6-7, 2025\n- **Location:** Station F, Paris, France\n\n"
            f"### Session Details\n- **Title:** {TITLE}\n- **Date:** May 6, 2025\n- **Time:** 10:00 - 10:40\n"
            f"- **Content:** Robots that fold laundry, in the open.\n\n{bio}")


def intro(greeting: str, speaker: str, about: str, handover: str) -> str:
    """The usual shape: a greeting, who the speaker is, what the talk is about, the hand-over; one quote."""
    return (f'*"{greeting}*\n\n*{speaker}*\n\n*In this session, **{TITLE}**, {about} You\'ll learn how robots '
            f'learn to fold.*\n\n*{handover}"*')


def build(tmp_path: Path, docs: dict[str, str]):
    """Load and render an event of *docs*; its one session is the talk they share."""
    sources = tmp_path / "sources"
    (sources / EVENT).mkdir(parents=True)
    for name, text in docs.items():
        (sources / EVENT / name).write_text(text, encoding="utf-8")
    result = load(sources)
    (session,) = result.kb.sessions
    return result, pages(result), session, sources


def spoken(myst: str) -> str:
    """The words of a session page's host introduction, as the reader sees them (no markup)."""
    block = myst.split("What the host says to introduce the talk", 1)[1].split("\n:::", 1)[0]
    block = block.split("\n", 2)[2]  # after the dropdown's option line
    return re.sub(r"\\(.)", r"\1", block.replace("**", "").replace("*", ""))


def merged(result) -> list:
    return [d for d in result.report.items if d.code is Code.MERGED_INTRODUCTION]


def test_the_real_vllm_talk_has_one_introduction_welcoming_both_speakers(tmp_path):
    docs = {name: (SOURCES / "gosim-ai-paris-2025" / name).read_text(encoding="utf-8") for name in VLLM}
    result, files, session, sources = build(tmp_path, docs)
    text = spoken(files[f"{urls.session_doc(session)}.md"])
    paragraphs = text.strip().split("\n\n")
    # the first document's greeting, its unfilled "Good [morning/afternoon/evening], everyone!" withheld
    assert paragraphs[0].startswith('"It\'s a pleasure to have you here.') and "[morning" not in text
    assert "Ladies and gentlemen" not in text and text.count("It's a pleasure") == 1
    assert text.index("Let me introduce Eldar Kurtić") < text.index("Erwan is a seasoned expert")  # speaker order
    assert text.count("In this session") == 1 and "Today, he’ll dive into" not in text  # one presentation
    assert paragraphs[-1].endswith('Please join me in welcoming Eldar Kurtić and Erwan Gallen!"')
    assert text.count("welcoming") == 1 and "Let’s give him a warm welcome" not in text
    assert "---" not in text
    left = {(d.file.rsplit("/", 1)[1].split("_")[0], d.line, d.message.split("this document's ")[1].split(" is")[0])
            for d in merged(result)}
    assert left == {("erwan-gallen", 4, "greeting"), ("erwan-gallen", 4, "presentation of the talk"),
                    ("eldar-kurtic", 4, "hand-over to one speaker"), ("erwan-gallen", 4, "hand-over to one speaker")}
    assert all(d.severity is Severity.DROPPED for d in merged(result))
    report = files[f"{urls.data_quality_doc(result.kb.events[0].slug)}.md"]
    assert "Today, he’ll dive into \\*Scaling LLM Inference with vLLM\\*" in report  # quoted, where a user looks
    assert "Let’s give him a warm welcome\\!" in report
    # the second document's track is not the talk's: its description is quoted, not lost
    assert any(d.code is Code.UNKNOWN_TRACK and d.line == 17 and "Advancing AI training" in d.message
               for d in result.report.items)
    # every word of both documents is on a page or in the report
    assert all(c.covered == c.total for c in measure(result, files, repaired_texts(sources)))


def test_three_speakers_one_greeting_each_introduced_in_order_one_welcome(tmp_path):
    people = [("Ada Alpha", "leads the lab."), ("Bruno Beta", "designs grippers."), ("Chen Gamma", "trains policies.")]
    docs = {f"{n}-{name.split()[0].lower()}.md": document(name, intro(
        f"Good {part}, everyone! What a pleasure to see you.",
        f"Let me introduce {name}, who {what} {name.split()[0]} has shipped {n + 2} robots.",
        f"{name.split()[0]} will show the {['first', 'second', 'third'][n]} half of the story.",
        f"Please join me in welcoming **{name}**!"))
        for n, ((name, what), part) in enumerate(zip(people, ["morning", "afternoon", "evening"]))}
    result, files, session, sources = build(tmp_path, docs)
    text = spoken(files[f"{urls.session_doc(session)}.md"])
    assert text.count("everyone!") == 1 and "Good morning" in text and "Good afternoon" not in text
    positions = [text.index(f"Let me introduce {name}") for name, _ in people]
    assert positions == sorted(positions)
    assert text.count("In this session") == 1 and "first half" in text and "second half" not in text
    assert text.rstrip().endswith('Please join me in welcoming Ada Alpha, Bruno Beta and Chen Gamma!"')
    assert text.index("first half") < text.index("Please join me")
    kinds = sorted((d.file.rsplit("/", 1)[1], d.message.split("this document's ")[1].split(" is not")[0])
                   for d in merged(result))
    assert kinds == [("0-ada.md", "hand-over to one speaker"),
                     ("1-bruno.md", "greeting"), ("1-bruno.md", "hand-over to one speaker"),
                     ("1-bruno.md", "presentation of the talk"),
                     ("2-chen.md", "greeting"), ("2-chen.md", "hand-over to one speaker"),
                     ("2-chen.md", "presentation of the talk")]
    assert all(d.line == 3 for d in merged(result))  # the line of each document's "Host Introduction"
    assert all(c.covered == c.total for c in measure(result, files, repaired_texts(sources)))


def test_a_second_introduction_that_is_only_a_greeting(tmp_path):
    docs = {"a.md": document("Ada Alpha", intro("Hello everyone!", "Ada Alpha leads the lab.",
                                                "Ada will show how.", "Please welcome Ada Alpha!")),
            "b.md": document("Bruno Beta", '*"Good afternoon, ladies and gentlemen! Lovely weather today."*')}
    result, files, session, sources = build(tmp_path, docs)
    text = spoken(files[f"{urls.session_doc(session)}.md"])
    assert "Lovely weather" not in text and text.count("Hello everyone!") == 1
    assert text.strip().split("\n\n")[-1].endswith('Please join me in welcoming Ada Alpha and Bruno Beta!"')
    (greeting,) = [d for d in merged(result) if d.file.endswith("/b.md")]
    assert "greeting is not shown: 'Good afternoon, ladies and gentlemen! Lovely weather today.'" in greeting.message
    assert all(c.covered == c.total for c in measure(result, files, repaired_texts(sources)))


def test_a_speaker_named_only_in_bold_is_welcomed_by_name(tmp_path):
    docs = {"a.md": document("Ada Alpha", intro("Hello everyone!", "Ada Alpha leads the lab.",
                                                "Ada will show how.", "Let's give her a big hand and a warm welcome!")),
            "b.md": document("Cleo Bold", "*Next to her on stage, **Cleo Bold** teaches robots to fold shirts. "
                                          "Please welcome **Cleo**!*", bold_name_only=True)}
    result, files, session, sources = build(tmp_path, docs)
    assert {p.name for p in result.kb.speakers} == {"Ada Alpha", "Cleo Bold"}
    text = spoken(files[f"{urls.session_doc(session)}.md"])
    assert "Cleo Bold teaches robots to fold shirts." in text and "Please welcome Cleo!" not in text
    assert text.index("Ada Alpha leads") < text.index("Cleo Bold teaches") < text.index("In this session")
    assert text.rstrip().endswith('Please join me in welcoming Ada Alpha and Cleo Bold!"')
    assert "big hand" not in text
    assert len([d for d in merged(result) if "hand-over" in d.message]) == 2
    assert all(c.covered == c.total for c in measure(result, files, repaired_texts(sources)))


def test_one_speaker_one_introduction_is_left_as_written(tmp_path):
    text = intro("Hello everyone!", "Ada Alpha leads the lab.", "Ada will show how.", "Please welcome Ada Alpha!")
    result, _, session, _ = build(tmp_path, {"a.md": document("Ada Alpha", text)})
    assert session.host_intro == f"{text}\n\n---" and not merged(result)  # the document's rule under it too


@pytest.mark.slow
def test_the_built_page_shows_one_introduction(tmp_path):
    """What a reader of the built vLLM page gets: one greeting, one welcome naming both, no stray markup."""
    sources = tmp_path / "sources" / "gosim-ai-paris-2025"
    sources.mkdir(parents=True)
    for name in VLLM:
        shutil.copyfile(SOURCES / "gosim-ai-paris-2025" / name, sources / name)
    out = tmp_path / "html"
    proc = sphinx_build(copy_docs(tmp_path / "docs"), out, sources.parent)
    assert proc.returncode == 0 and proc.stderr.strip() == "", proc.stderr[-3000:]
    page = out / "gosim-ai-paris-2025" / "sessions" / \
        "scaling-llm-inference-with-vllm-multi-accelerator-serving-and-quantized-llms.html"
    html = page.read_text(encoding="utf-8")
    host = html.split("confkb-host", 1)[1].split("</details>", 1)[0]
    words = " ".join(" ".join(scan(host).text).split())
    assert words.count("It’s a pleasure to have you here") == 1 and "Ladies and gentlemen" not in words
    assert words.count("Please join me in welcoming Eldar Kurtić and Erwan Gallen!") == 1
    assert words.count("welcom") == 2  # the welcome above, and "Please welcome Erwan Gallen, Senior Principal…"
    assert "*" not in words and "<em>" in host


def test_any_two_real_introductions_merge_without_losing_a_word():
    """Each GOSIM introduction merged with the next one's, as if they introduced one talk: every word of both is
    in the merged introduction or quoted in the report."""
    sources = SOURCES.parent
    docs = [parse(text, Report()) for doc in read.read_event(SOURCES / "gosim-ai-paris-2025", sources, Report())
            if (text := repair(doc, Report())) is not None]
    docs = [d for d in docs if d.host_intro]
    assert len(docs) == 64
    for a, b in zip(docs, docs[1:] + docs[:1]):
        report = Report()
        text = introductions.merge([a, replace(b, title=a.title)], report)
        said = words(text) + [w for d in report.items for w in words(d.message)]
        assert set(words(a.host_intro) + words(b.host_intro)) <= set(said), (a.path, b.path)
        welcome = f"Please join me in welcoming {a.speaker_name} and {b.speaker_name}!"
        assert text.count(welcome) == 1 and text.rstrip('"*').endswith(welcome), (a.path, b.path)
        assert {d.file for d in report.items if "hand-over" in d.message} <= {a.path, b.path}
