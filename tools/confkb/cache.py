"""The build cache: results of the pipeline's pure, costly steps (a parse, a page), by a key made of their inputs,
kept next to Sphinx's doctrees so that a rebuild redoes only what its changed sources need."""

from __future__ import annotations

import hashlib
import os
import pickle
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from .diagnostics import Report

T = TypeVar("T")
FILE = "confkb-memo.pickle"


def code_version() -> str:
    """Changes whenever any module of the package changes: a new release never reuses old results."""
    h = hashlib.sha1()
    for path in sorted(Path(__file__).resolve().parent.rglob("*.py")):
        h.update(path.read_bytes())
    return h.hexdigest()


def key(kind: str, *parts: object) -> str:
    """``kind:digest of parts``: the kind says what a cached value is (a document's parse, a page)."""
    return f"{kind}:" + hashlib.sha1(repr(parts).encode("utf-8", "surrogatepass")).hexdigest()


class BuildCache:
    """Values and the diagnostics computing them gave, by key. Saving keeps only what this run used, so the
    file never grows past one build; without a folder nothing is read or saved."""

    def __init__(self, folder: Path | None = None) -> None:
        self.folder = Path(folder) if folder is not None else None
        self._old: dict[str, tuple] = {}
        self._used: dict[str, tuple] = {}
        self.computed: Counter[str] = Counter()  # values computed in this run (not found), by kind
        if self.folder is not None:
            try:
                with (self.folder / FILE).open("rb") as fh:
                    saved = pickle.load(fh)
                if saved.get("version") == code_version():
                    self._old = saved["entries"]
            except (OSError, EOFError, pickle.UnpicklingError, AttributeError, KeyError, TypeError, ValueError):
                pass  # no cache or an unreadable one: compute everything

    def cached(self, k: str, report: Report | None, compute: Callable[[Report], T]) -> T:
        """``compute(report)`` once per key; the diagnostics it reported are replayed on later hits."""
        hit = self._used.get(k) or self._old.get(k)
        if hit is None:
            self.computed[k.partition(":")[0]] += 1
            mine = Report()
            value = compute(mine)
            # records are mutable: a frozen (pickled) copy is kept, text as it is
            plain = isinstance(value, (str, bytes))
            hit = (value if plain else pickle.dumps(value, pickle.HIGHEST_PROTOCOL), plain, tuple(mine.items))
        self._used[k] = hit
        if report is not None:
            report.items.extend(hit[2])
        return hit[0] if hit[1] else pickle.loads(hit[0])  # type: ignore[return-value]

    def save(self) -> None:
        if self.folder is None:
            return
        self.folder.mkdir(parents=True, exist_ok=True)
        path = self.folder / FILE
        tmp = path.with_name(FILE + ".tmp")
        with tmp.open("wb") as fh:
            pickle.dump({"version": code_version(), "entries": self._used}, fh, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, path)
