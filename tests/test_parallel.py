"""Per-document and per-page work spread over processes gives exactly what one process gives."""

from __future__ import annotations

import gc
import os
import pickle
import time

import pytest

from tests.conftest import SOURCES
from tools.confkb import memo, parallel, pipeline
from tools.confkb.helper import Helper
from tools.confkb.pipeline import load, pages


def _site(monkeypatch: pytest.MonkeyPatch, jobs: str) -> tuple[dict[str, str], list]:
    monkeypatch.setenv("CONFKB_JOBS", jobs)
    result = load(SOURCES)
    return pages(result), result.report.sorted()


def test_two_processes_build_the_same_pages_and_report_as_one(monkeypatch: pytest.MonkeyPatch) -> None:
    assert len(list(SOURCES.rglob("*.md"))) + len(list(SOURCES.rglob("*.txt"))) > parallel.MIN_ITEMS  # forks
    serial, serial_report = _site(monkeypatch, "1")
    monkeypatch.setattr(pipeline, "LAST_IN_PARALLEL", 1)  # kb.json and the data-quality pages on two cores too
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


def _where(path: str):
    """A call for a helper: it does its work (which process, and what it was asked), then writes a file."""
    computed_in = os.getpid()

    def finish() -> tuple[int, int, str]:
        with open(path, "w", encoding="utf-8") as fh:
            fh.write("written\n")
        return computed_in, os.getpid(), path
    return finish


def _fails(message: str):
    raise ValueError(message)


def test_a_helper_runs_its_call_in_another_process_and_hands_back_the_result(tmp_path,
                                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CONFKB_JOBS", "2")
    target = str(tmp_path / "out.txt")
    helper = Helper()
    helper.start(_where, target)
    computed, finished, path = helper.submit(target).result()
    assert computed == finished != os.getpid() and path == target
    assert (tmp_path / "out.txt").read_text(encoding="utf-8") == "written\n"


def test_a_helper_writes_nothing_before_its_arguments_are_confirmed(tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("CONFKB_JOBS", "2")
    guessed, final = tmp_path / "guessed.txt", tmp_path / "final.txt"
    helper = Helper()
    helper.start(_where, str(guessed))
    assert helper.submit(str(final)).result()[2] == str(final)  # other arguments: the work is done again
    assert final.exists() and not guessed.exists()
    cancelled = Helper()
    cancelled.start(_where, str(guessed))
    cancelled.cancel()  # the helper ends without finishing (no process is left to wait for)
    assert not guessed.exists()


def test_a_failing_call_is_run_again_here_so_the_build_sees_its_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CONFKB_JOBS", "2")
    helper = Helper()
    helper.start(_fails, "no such folder")
    pending = helper.submit("no such folder")
    with pytest.raises(ValueError, match="no such folder"):
        pending.result()


def test_with_one_core_a_helper_call_runs_in_this_process(tmp_path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CONFKB_JOBS", "1")
    target = str(tmp_path / "out.txt")
    helper = Helper()
    helper.start(_where, target)
    assert helper.submit(target).result()[:2] == (os.getpid(), os.getpid())


def _counted(path: str):
    """Like ``_where``, and each time its work is done it says so in *path*.log (the work, not the finish)."""
    with open(path + ".log", "a", encoding="utf-8") as fh:
        fh.write("computed\n")
    return _where(path)


def _slow(path: str):
    time.sleep(60)
    return _where(path)


def test_a_helper_given_the_right_first_guess_does_the_work_once(tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("CONFKB_JOBS", "2")
    target = str(tmp_path / "out.txt")
    helper = Helper(first=(_counted, (target,)))  # conf.py's guess, from the command line
    helper.start(_counted, target)  # what the extension says at its setup
    assert helper.submit(target).result()[2] == target  # and at config-inited
    assert (tmp_path / "out.txt.log").read_text(encoding="utf-8") == "computed\n"


def test_a_wrong_first_guess_is_done_again_and_nothing_of_it_is_written(tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("CONFKB_JOBS", "2")
    guessed, final = str(tmp_path / "guessed.txt"), str(tmp_path / "final.txt")
    helper = Helper(first=(_counted, (guessed,)))
    helper.start(_counted, final)
    assert helper.submit(final).result()[2] == final
    assert (tmp_path / "final.txt").exists() and not (tmp_path / "guessed.txt").exists()
    assert (tmp_path / "final.txt.log").read_text(encoding="utf-8") == "computed\n"


def test_a_helper_busy_with_its_guess_is_stopped_when_cancelled(tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("CONFKB_JOBS", "2")
    helper = Helper(first=(_slow, (str(tmp_path / "out.txt"),)))
    time.sleep(0.2)
    began = time.monotonic()
    helper.cancel()  # no sources after all: the build does not wait a minute for a guess it will not use
    assert time.monotonic() - began < 10
    assert not (tmp_path / "out.txt").exists()


def _cannot_get_ready() -> None:
    raise ImportError("a module the helper needs is missing")


def test_a_helper_that_dies_getting_ready_leaves_the_work_to_this_process(tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("CONFKB_JOBS", "2")
    target = str(tmp_path / "out.txt")
    helper = Helper(_cannot_get_ready)
    time.sleep(0.3)  # gone before it is told anything: telling it fails
    helper.start(_where, target)
    assert helper.submit(target).result()[:2] == (os.getpid(), os.getpid())  # done here, once
    assert (tmp_path / "out.txt").read_text(encoding="utf-8") == "written\n"


@pytest.mark.parametrize("enabled", [True, False])
def test_the_cycle_collector_is_back_as_it_was_once_the_pages_are_made(monkeypatch, enabled: bool) -> None:
    monkeypatch.setenv("CONFKB_JOBS", "1")
    was = gc.isenabled()
    try:
        (gc.enable if enabled else gc.disable)()
        pipeline.render_all(SOURCES, None)
        assert gc.isenabled() is enabled
    finally:
        (gc.enable if was else gc.disable)()


def test_making_the_pages_leaves_no_cycles_for_the_collector(monkeypatch) -> None:
    """Why the collector is off meanwhile (pipeline._no_cycle_collection): everything is freed as it goes."""
    monkeypatch.setenv("CONFKB_JOBS", "1")  # all of it in this process, where the collector can count
    gc.collect()
    pipeline.render_all(SOURCES, None)
    assert gc.collect() == 0
