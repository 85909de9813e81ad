"""A build cache for the pipeline's pure, costly steps, so a rebuild only redoes what its sources changed."""

from __future__ import annotations

import hashlib
import os
import pickle
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TypeVar

from .diagnostics import Report

T = TypeVar("T")
FILE = "confkb-memo.pickle"
_ACTIVE: list[dict] = []  # [old entries, entries used in this run] while a cache is open


def code_version() -> str:
    """Changes whenever any module of the package changes: a new release never reuses old results."""
    h = hashlib.sha1()
    for path in sorted(Path(__file__).resolve().parent.rglob("*.py")):
        h.update(path.read_bytes())
    return h.hexdigest()


def key(*parts: object) -> str:
    return hashlib.sha1(repr(parts).encode("utf-8", "surrogatepass")).hexdigest()


@contextmanager
def opened(folder: Path | None) -> Iterator[None]:
    """Use (and then save) the cache in *folder*; without a folder nothing is cached."""
    if folder is None or _ACTIVE:
        yield
        return
    path = Path(folder) / FILE
    version = code_version()
    old: dict = {}
    try:
        with path.open("rb") as fh:
            saved = pickle.load(fh)
        if saved.get("version") == version:
            old = saved["entries"]
    except (OSError, EOFError, pickle.UnpicklingError, AttributeError, KeyError, TypeError, ValueError):
        pass  # no cache or an unreadable one: compute everything
    _ACTIVE[:] = [old, {}]
    try:
        yield
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(FILE + ".tmp")
        with tmp.open("wb") as fh:  # only what this run used: the cache never grows past one build
            pickle.dump({"version": version, "entries": _ACTIVE[1]}, fh, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, path)
    finally:
        _ACTIVE.clear()


@contextmanager
def collecting() -> Iterator[dict]:
    """Collect, in the dict it yields, the entries used inside the block (a worker process sends them home)."""
    if not _ACTIVE:
        yield {}
        return
    outer = _ACTIVE[1]
    _ACTIVE[1] = {}
    try:
        yield _ACTIVE[1]
    finally:
        outer.update(_ACTIVE[1])
        _ACTIVE[1] = outer


def adopt(entries: dict) -> None:
    """Keep the entries another process used (see ``collecting``), so the saved cache holds them."""
    if _ACTIVE:
        _ACTIVE[1].update(entries)


def cached(k: str, report: Report | None, compute: Callable[[Report | None], T]) -> T:
    """``compute(report)`` once per key; the diagnostics it reported are replayed on later hits."""
    if not _ACTIVE:
        return compute(report)
    old, used = _ACTIVE
    hit = used.get(k) or old.get(k)
    if hit is None:
        mine = Report() if report is not None else None
        value = compute(mine)
        # records are mutable: keep a frozen copy, so a later stage changing them cannot change the cache
        hit = (value if isinstance(value, (str, bytes)) else pickle.dumps(value, pickle.HIGHEST_PROTOCOL),
               isinstance(value, (str, bytes)), list(mine.items) if mine is not None else [])
    used[k] = hit
    if report is not None:
        report.items.extend(hit[2])
    return hit[0] if hit[1] else pickle.loads(hit[0])
