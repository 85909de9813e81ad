"""Nothing lost: every word of every repaired document reaches its pages or the report of what was dropped."""

from __future__ import annotations

import pytest

from tests.coverage import measure, repaired_texts
from tools.confkb.diagnostics import Code
from tools.confkb.pipeline import load, pages

from .conftest import SOURCES
from .hostile import write_event


def _report(cov) -> str:
    return "\n".join(f"{c.path}: {c.covered}/{c.total} missing {[w[:40] for w, _ in c.missing.most_common(8)]}"
                     for c in cov if c.missing)


def test_real_documents_lose_no_word(gosim):
    cov = measure(gosim, pages(gosim), repaired_texts(SOURCES))
    total, covered = sum(c.total for c in cov), sum(c.covered for c in cov)
    assert total > 40_000  # every real document was measured
    assert covered == total, _report(cov)


def test_hostile_documents_lose_no_word(tmp_path):
    sources = tmp_path / "sources"
    write_event(sources, huge=False)
    result = load(sources)
    cov = measure(result, pages(result), repaired_texts(sources))
    assert len(cov) > 40 and all(c.total for c in cov if "broken-" not in c.path)
    assert sum(c.total for c in cov) > 2_000  # (measured 2,256 words)
    assert all(c.covered == c.total for c in cov), _report(cov)


@pytest.mark.parametrize(("markdown", "dropped"), [("Hello brave world", False), ("Gone words here", True)])
def test_measure_can_fail(tmp_path, markdown, dropped):
    """A word missing from the pages counts against coverage unless a 'dropped' diagnostic names it."""
    from .hostile import EVENT, talk

    sources = tmp_path / "sources"
    (sources / EVENT).mkdir(parents=True)
    (sources / EVENT / "a.md").write_text(talk("A Talk", "Ann Person", abstract=markdown), encoding="utf-8")
    result = load(sources)
    files = pages(result)
    texts = repaired_texts(sources)
    texts[f"sources/{EVENT}/a.md"] += "\n\nunpublishedword"
    if dropped:
        result.report.dropped(f"sources/{EVENT}/a.md", 1, Code.STAGE_DIRECTION, "dropped unpublishedword")
    (cov,) = measure(result, files, texts)
    assert (cov.covered == cov.total) is dropped
