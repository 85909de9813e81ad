"""Nothing lost: every word of every repaired document reaches its pages or the report of what was dropped."""

from __future__ import annotations

import pytest

from tools.confkb.diagnostics import Code
from tools.confkb.coverage import measure, repaired_texts
from tools.confkb.pipeline import load, pages

from .conftest import SOURCES
from .hostile import write_event

# Hostile documents whose words do not all reach a page yet (measured; a change either way fails the test).
KNOWN_GAPS = {
    "broken-no-headings.md",  # no title: the document makes no session, its words only reach the report count
    "broken-heading.md",  # a 10,000-character H1 is not shown
    "broken-nested.md",  # 1,000-deep list: the biography under it is lost
    "name-emoji.md", "name-punct.md",  # a speaker name without letters: the biography is lost
    "inject-fence-include-secret.md",  # "secret.txt" in an include fence: the suffix word is lost
}


def _report(cov) -> str:
    return "\n".join(f"{c.path}: {c.covered}/{c.total} missing {dict(c.missing.most_common(8))}"
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
    gaps = {c.path.rsplit("/", 1)[-1] for c in cov if c.missing}
    assert gaps == KNOWN_GAPS, _report(cov)


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
