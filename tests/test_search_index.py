"""The search index's files: the same pages give the same bytes (Pagefind 1.5.2 orders filters by a hash map;
tools/confkb/sphinxext/pagefind_order.py puts them in order until a release does, Pagefind/pagefind#1124)."""

from __future__ import annotations

import gzip
import subprocess
from pathlib import Path

import pagefind_bin
import pytest

from tools.confkb.sphinxext import pagefind_order

PAGE = """<html lang="en"><head><title>{title}</title></head><body data-pagefind-body>
<h1>{title}</h1><p>A talk about {topic}.</p>
<span data-pagefind-filter="track">{track}</span><span data-pagefind-filter="kind">{kind}</span>
<span data-pagefind-filter="day">{day}</span></body></html>"""


def _site(folder: Path) -> Path:
    """Forty pages over nine tracks, three kinds and three days: enough values for a hash map to reorder."""
    folder.mkdir()
    for n in range(40):
        page = PAGE.format(title=f"Talk {n}", topic=["robots", "vLLM", "data"][n % 3], track=f"Track {n % 9}",
                           kind=["talk", "speaker", "room"][n % 3], day=f"2025-05-0{5 + n % 3}")
        (folder / f"t{n}.html").write_text(page, encoding="utf-8")
    return folder


def _index(site: Path, out: Path) -> dict[str, bytes]:
    subprocess.run([str(pagefind_bin.get_executable()), "--site", str(site), "--output-path", str(out), "--silent"],
                   check=True, capture_output=True)
    assert pagefind_order.sort_bundle(out)
    return {p.relative_to(out).as_posix(): p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file()}


def test_the_pinned_pagefind_is_the_release_whose_output_is_put_in_order():
    # A newer Pagefind sorts its own output (Pagefind/pagefind#1124): then pagefind_order.py is removed.
    version = subprocess.run([str(pagefind_bin.get_executable()), "--version"], capture_output=True, text=True,
                             check=True).stdout
    assert pagefind_order.VERSION in version, f"{version.strip()}: is Pagefind/pagefind#1124 released in it?"


def test_the_same_pages_give_the_same_index_bytes(tmp_path: Path):
    site = _site(tmp_path / "site")
    runs = [_index(site, tmp_path / f"bundle{n}") for n in range(4)]
    assert all(run == runs[0] for run in runs[1:])
    filters = [name for name in runs[0] if name.startswith("filter/")]
    assert len(filters) == 3  # track, kind, day
    for name in filters:
        field, values = pagefind_order.read(tmp_path / "bundle0" / name)
        assert [v[0] for v in values] == sorted(v[0] for v in values)
        assert field in {"track", "kind", "day"} and sum(len(v[1]) for v in values) == 40


def test_a_bundle_of_another_version_is_left_as_it_is(tmp_path: Path):
    bundle = tmp_path / "bundle"
    _index(_site(tmp_path / "site"), bundle)
    entry = bundle / "pagefind-entry.json"
    text = entry.read_text(encoding="utf-8").replace(f'"version":"{pagefind_order.VERSION}"', '"version":"9.9.9"')
    entry.write_text(text, encoding="utf-8")
    before = {p: p.read_bytes() for p in bundle.rglob("*") if p.is_file()}
    assert pagefind_order.sort_bundle(bundle) is False
    assert {p: p.read_bytes() for p in bundle.rglob("*") if p.is_file()} == before


def test_a_file_that_is_not_pagefinds_is_refused_with_its_name(tmp_path: Path):
    bad = tmp_path / "en_0000000.pf_filter"
    bad.write_bytes(gzip.compress(b"not an index"))
    with pytest.raises(ValueError, match=r"en_0000000\.pf_filter"):
        pagefind_order.read(bad)
