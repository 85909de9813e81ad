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
def collecting() -> Iterator[list]:
    """Track what the block uses; afterwards the yielded list is [new entries, keys of old entries used].

    A worker process sends that home (see ``adopt``): its results, never the old entries it only read.
    """
    delta: list = [{}, []]
    if not _ACTIVE:
        yield delta
        return
    outer = _ACTIVE[1]
    _ACTIVE[1] = {}
    try:
        yield delta
    finally:
        old, mine = _ACTIVE[0], _ACTIVE[1]
        delta[0] = {k: v for k, v in mine.items() if old.get(k) is not v}
        delta[1] = [k for k, v in mine.items() if old.get(k) is v]
        outer.update(mine)
        _ACTIVE[1] = outer


def adopt(delta: list) -> None:
    """Keep what another process used (see ``collecting``), so the saved cache holds it."""
    if _ACTIVE:
        old, used = _ACTIVE
        used.update(delta[0])
        used.update((k, old[k]) for k in delta[1] if k in old)


def recall(k: str) -> tuple[object, list] | None:
    """(value, diagnostics) stored under *k*, or None when it must be computed."""
    if not _ACTIVE:
        return None
    old, used = _ACTIVE
    hit = used.get(k) or old.get(k)
    if hit is None:
        return None
    used[k] = hit
    return (hit[0] if hit[1] else pickle.loads(hit[0])), list(hit[2])


def remember(k: str, value: object, diagnostics: list) -> None:
    """Store *value* and the diagnostics computing it gave; records are mutable, so a frozen copy is kept."""
    if _ACTIVE:
        plain = isinstance(value, (str, bytes))
        _ACTIVE[1][k] = (value if plain else pickle.dumps(value, pickle.HIGHEST_PROTOCOL), plain, list(diagnostics))


def cached(k: str, report: Report | None, compute: Callable[[Report | None], T]) -> T:
    """``compute(report)`` once per key; the diagnostics it reported are replayed on later hits."""
    found = recall(k)
    if found is None:
        mine = Report() if report is not None else None
        value = compute(mine)
        diagnostics = list(mine.items) if mine is not None else []
        remember(k, value, diagnostics)
    else:
        value, diagnostics = found  # type: ignore[assignment]
    if report is not None:
        report.items.extend(diagnostics)
    return value  # type: ignore[return-value]
