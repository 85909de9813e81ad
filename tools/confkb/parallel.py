"""Run one pure step over many records on every core, results in input order.

The per-document stages (repair, parse) and the per-page stages (render, calendars) do one record at a
time and share nothing, so they split across processes. Workers are forked: they inherit the records
and the function, so only results travel back (pickled). Whatever a worker adds to the build cache
(``memo``) is sent back with its results, so a rebuild finds it. Where fork is missing, or there is one
core, or little to do, everything runs in this process, in the same order, with the same results.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import pickle
from collections.abc import Callable, Iterator, Sequence
from typing import TypeVar

from . import memo
from .diagnostics import Report

T = TypeVar("T")
R = TypeVar("R")
MIN_ITEMS = 32  # below this, forking costs more than it saves
CHUNKS_PER_WORKER = 64
_JOB: list = []  # [function, items, chunks, next chunk] of the map in progress; forked workers read it here


def workers() -> int:
    """Processes to use: ``CONFKB_JOBS`` when set (1 turns parallel work off), else the usable cores."""
    wanted = os.environ.get("CONFKB_JOBS", "").strip()
    if wanted.isdigit() and int(wanted) > 0:
        return int(wanted)
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def map_ordered(fn: Callable[[T], R], items: Sequence[T], min_items: int = MIN_ITEMS) -> list[R]:
    """``[fn(x) for x in items]``, spread over the cores when that helps."""
    n = min(workers(), len(items))
    if n < 2 or len(items) < min_items or _JOB or "fork" not in multiprocessing.get_all_start_methods():
        return [fn(x) for x in items]
    # small chunks: a core that finishes early takes the next one instead of waiting for the other; results
    # travel home once per worker, whatever the number of chunks (taking one is a lock and a counter)
    size = -(-len(items) // (n * CHUNKS_PER_WORKER))
    chunks = [(lo, min(lo + size, len(items))) for lo in range(0, len(items), size)]
    taken = multiprocessing.get_context("fork").Value("i", 0)  # the next chunk to take, shared by all
    _JOB[:] = [fn, items, chunks, taken]
    # Objects that exist now are the workers' read-only inputs: keep the collector in the workers off
    # them, or it writes to every page of the inherited heap and each worker ends up copying it.
    frozen = gc.get_freeze_count()  # a Sphinx build may have frozen its own objects (tools.confkb.speedups)
    gc.freeze()
    # This process is one of the workers: it forks one process fewer, and works instead of waiting.
    others = [_fork_worker() for _ in range(n - 1)]
    parts: dict[int, list] = {}
    failure: BaseException | None = None
    try:
        for k, values, _ in _take_chunks():
            parts[k] = values
    except BaseException as exc:  # the other workers are still waited for: none is left behind
        failure = exc
    finally:
        for pid, answer in others:
            done, error = receive(pid, answer, ([], RuntimeError("a worker process died")))
            for k, values, delta in done:
                parts[k] = values
                memo.adopt(delta)
            failure = failure or error
        if not frozen:
            gc.unfreeze()
        _JOB.clear()
    if failure is not None:
        raise failure
    return [value for k in range(len(chunks)) for value in parts[k]]


def _take_chunks() -> Iterator[tuple[int, list, list]]:
    """(chunk number, values, what it added to the build cache) for each chunk this process takes."""
    fn, items, chunks, taken = _JOB
    while True:
        with taken.get_lock():
            k = taken.value
            taken.value += 1
        if k >= len(chunks):
            return
        with memo.collecting() as delta:
            values = [fn(items[i]) for i in range(*chunks[k])]
        yield k, values, delta


def _fork_worker() -> tuple[int, int]:
    """A forked worker that takes chunks until none is left, then sends its results home: (pid, pipe)."""
    answer_read, answer_write = os.pipe()
    pid = os.fork()
    if pid:
        os.close(answer_write)
        return pid, answer_read
    os.close(answer_read)
    done: list = []
    error: BaseException | None = None
    try:
        done = list(_take_chunks())
    except BaseException as exc:
        error = exc
    # an error that does not pickle is still reported
    send_home(answer_write, (done, error), ([], RuntimeError(f"{type(error).__name__}: {error}")))


def send_home(fd: int, reply: object, instead: object) -> None:
    """In a forked child: send *reply* (or *instead*, when *reply* does not pickle) through the pipe *fd*, then
    leave at once, running none of the parent's exit code (its atexit handlers, its buffered output)."""
    try:
        try:
            data = pickle.dumps(reply, pickle.HIGHEST_PROTOCOL)
        except Exception:
            data = pickle.dumps(instead, pickle.HIGHEST_PROTOCOL)
        with os.fdopen(fd, "wb") as out:
            out.write(data)
    finally:
        os._exit(0)


def receive(pid: int, fd: int, died: object) -> object:
    """In the parent: what the child *pid* sent through the pipe *fd* (*died* when it sent nothing readable),
    once it has ended."""
    with os.fdopen(fd, "rb") as fh:
        data = fh.read()
    os.waitpid(pid, 0)
    try:
        return pickle.loads(data)
    except Exception:  # a child that died gave nothing readable
        return died


def map_cached(keys: Sequence[str], fn: Callable[[T, Report], R], items: Sequence[T]) -> list[tuple[R, list]]:
    """``[(fn(item, report), report's diagnostics)]``, cached under *keys* (see ``memo``).

    Hits are looked up here; only the misses go to the workers, so a rebuild that changed one
    document computes one result in this process and forks nothing.
    """
    results: list = [memo.recall(k) for k in keys]
    todo = [i for i, found in enumerate(results) if found is None]

    def compute(i: int) -> tuple[R, list]:
        report = Report()
        return fn(items[i], report), report.items

    for i, (value, diagnostics) in zip(todo, map_ordered(compute, todo)):
        memo.remember(keys[i], value, diagnostics)
        results[i] = (value, diagnostics)
    return results
