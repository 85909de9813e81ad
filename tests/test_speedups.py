"""What the build-cost extension changes in Sphinx's reading, checked without a build (the builds are in
tests/test_incremental.py and tests/test_navigation.py, which compare parallel builds with serial ones)."""

from __future__ import annotations

import sphinx.util.parallel

from tools.confkb.sphinxext.speedups import read_chunks


def test_a_large_site_is_read_in_two_chunks_per_process() -> None:
    pages = [f"speakers/p{n:04d}" for n in range(2107)]
    sphinx_chunks = sphinx.util.parallel.make_chunks(pages, 2)
    assert len(sphinx_chunks) == 21  # each sends the whole environment back: 21 pickles of up to 11 MB
    chunks = read_chunks(pages, 2)
    assert len(chunks) == 4
    assert [p for chunk in chunks for p in chunk] == pages  # every page once, in Sphinx's order
    assert max(map(len, chunks)) - min(map(len, chunks)) <= 3  # even, so neither process waits for the other


def test_a_small_site_is_read_as_sphinx_reads_it() -> None:
    pages = [f"p{n}" for n in range(30)]
    assert read_chunks(pages, 2) == sphinx.util.parallel.make_chunks(pages, 2)
