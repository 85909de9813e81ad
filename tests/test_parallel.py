"""Per-document and per-page work spread over processes gives exactly what one process gives."""

from __future__ import annotations

import os
import pickle

import pytest

from tests.conftest import SOURCES
from tools.confkb import memo, parallel, pipeline
from tools.confkb.pipeline import load, pages


def _site(monkeypatch: pytest.MonkeyPatch, jobs: str) -> tuple[dict[str, str], list]:
    monkeypatch.setenv("CONFKB_JOBS", jobs)
    result = load(SOURCES)
    return pages(result), result.report.sorted()


def test_two_processes_build_the_same_pages_and_report_as_one(monkeypatch: pytest.MonkeyPatch) -> None:
    assert len(list(SOURCES.rglob("*.md"))) + len(list(SOURCES.rglob("*.txt"))) > parallel.MIN_ITEMS  # forks
    serial, serial_report = _site(monkeypatch, "1")
    spread, spread_report = _site(monkeypatch, "2")
    assert list(spread) == list(serial)  # same files, same order
    assert [k for k in serial if spread[k] != serial[k]] == []
    assert spread_report == serial_report


def test_what_workers_compute_is_cached_for_the_next_build(tmp_path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CONFKB_JOBS", "2")
    with memo.opened(tmp_path):
        first = pages(load(SOURCES))
    entries = pickle.loads((tmp_path / memo.FILE).read_bytes())["entries"]
    assert sum(1 for v in entries.values() if not v[1]) >= 64  # every document's parse, sent home by the workers

    def must_not_run(*args, **kwargs):
        raise AssertionError("a cached document was parsed again")

    monkeypatch.setattr(pipeline, "_understand", must_not_run)  # forked workers inherit the patch
    with memo.opened(tmp_path):
        assert pages(load(SOURCES)) == first


def test_a_worker_failure_reaches_the_build(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CONFKB_JOBS", "2")

    def boom(x: int) -> int:
        if x == 57:
            raise ValueError("item 57")
        return x

    with pytest.raises(ValueError, match="item 57"):
        parallel.map_ordered(boom, list(range(100)))
    assert parallel.map_ordered(lambda x: x * x, list(range(100))) == [x * x for x in range(100)]


def _where(path: str) -> int:
    """A call for a helper: it writes a file (as the page generation does) and says which process ran it."""
    with open(path, "w", encoding="utf-8") as fh:
        fh.write("written\n")
    return os.getpid()


def _fails(message: str) -> int:
    raise ValueError(message)


def test_a_helper_runs_its_call_in_another_process_and_hands_back_the_result(tmp_path,
                                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CONFKB_JOBS", "2")
    ready = []
    helper = parallel.Helper(lambda: ready.append(1))  # runs in the helper: nothing changes here
    pid = helper.submit(_where, str(tmp_path / "out.txt")).result()
    assert pid != os.getpid() and ready == []
    assert (tmp_path / "out.txt").read_text(encoding="utf-8") == "written\n"
    parallel.Helper().cancel()  # a helper given nothing to do ends (no process is left to wait for)


def test_a_failing_call_is_run_again_here_so_the_build_sees_its_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CONFKB_JOBS", "2")
    with pytest.raises(ValueError, match="no such folder"):
        parallel.Helper().submit(_fails, "no such folder").result()


def test_with_one_core_a_helper_call_runs_in_this_process(tmp_path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CONFKB_JOBS", "1")
    assert parallel.Helper().submit(_where, str(tmp_path / "out.txt")).result() == os.getpid()
