"""Hypothesis mutates real documents; the pipeline never crashes, injects nothing and writes only inside OUT."""

from __future__ import annotations

from pathlib import PurePosixPath

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tools.confkb.assemble import documents as assemble
from tools.confkb.diagnostics import Report
from tools.confkb.ingest.parse import parse
from tools.confkb.ingest.repair import repair
from tools.confkb.model import KnowledgeBase, SourceDoc
from tools.confkb.pipeline import Result, pages

from .conftest import DATA, SOURCES, copy_docs, sphinx_build
from .hostile import PAYLOADS, SECRET, active_markup
from .pagescan import scan

REAL = [DATA / "guilherme-penedo_Open-R1_A_Fully_Open_Reproduction_of_DeepSeek-R1_en.md",
        SOURCES / "gosim-ai-paris-2025" / "angelo-corsaro_Mind_Body_and_Zenoh_en.md"]
LINES = [line for p in REAL for line in p.read_text(encoding="utf-8").split("\n")]
GENERATED = ("colon_fence", "myst_target", "html_block: '<!-- generated", "front_matter", "field_list",
             "link_open '/", "link_open 'path:", "fence '{index} single:", 'fence "{index} single:')


@st.composite
def mutated(draw) -> bytes:
    lines = list(LINES[: draw(st.integers(40, len(LINES)))])
    for _ in range(draw(st.integers(0, 6))):
        op = draw(st.sampled_from(["delete", "duplicate", "splice", "unicode", "inject"]))
        i = draw(st.integers(0, max(len(lines) - 1, 0)))
        if op == "delete" and lines:
            del lines[i: i + draw(st.integers(1, 20))]
        elif op == "duplicate" and lines:
            lines[i:i] = lines[i: i + draw(st.integers(1, 30))]
        elif op == "splice":
            j = draw(st.integers(0, len(LINES) - 1))
            lines[i:i] = LINES[j: j + draw(st.integers(1, 30))]
        elif op == "unicode":
            lines.insert(i, draw(st.text(max_size=80)))
        else:
            lines.insert(i, draw(st.sampled_from(sorted(PAYLOADS.values()))))
    return "\n".join(lines).encode("utf-8", errors="surrogatepass")


@pytest.mark.slow
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(mutated(), min_size=1, max_size=3))
def test_mutated_documents_keep_the_invariants(raws):
    report = Report()
    parsed = []
    for n, raw in enumerate(raws):
        text = repair(SourceDoc(f"sources/prop-con/doc{n}.md", "prop-con", raw), report)
        if text is not None and text.text.strip():
            parsed.append(parse(text, report))
    parts = [assemble.assemble_event("prop-con", parsed, report)] if parsed else []
    events, sessions, speakers = assemble.finish(parts, report)
    files = pages(Result(KnowledgeBase(tuple(events), tuple(sessions), tuple(speakers)), report))
    for rel, body in files.items():
        path = PurePosixPath(rel)
        assert not path.is_absolute() and ".." not in path.parts and all(len(x.encode()) <= 255 for x in path.parts)
        assert SECRET not in body
        if rel.endswith(".md"):
            bad = [a for a in active_markup(body) if not a.startswith(GENERATED)]
            assert bad == [], (rel, bad)
    assert all(d.file and d.line >= 0 for d in report.items)


@pytest.mark.slow
@settings(max_examples=1, derandomize=True, deadline=None, database=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.large_base_example, HealthCheck.data_too_large])
@given(st.lists(mutated(), min_size=10, max_size=10))
def test_a_sample_of_mutants_builds_with_zero_sphinx_warnings(tmp_path_factory, raws):
    """Ten mutants as one event, through the real Sphinx build: no warning, nothing active in the HTML."""
    base = tmp_path_factory.mktemp("mutants")
    folder = base / "sources" / "prop-con"
    folder.mkdir(parents=True)
    for n, raw in enumerate(raws):
        (folder / f"doc{n}.md").write_bytes(raw)
    out = base / "html"
    proc = sphinx_build(copy_docs(base / "docs"), out, base / "sources")
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert proc.stderr.strip() == ""
    assert list(out.glob("prop-con/sessions/*.html")), "the mutants made no session at all"
    for page in out.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        assert SECRET not in html
        found = scan(html)
        assert found.active == [], (page, found.active)
