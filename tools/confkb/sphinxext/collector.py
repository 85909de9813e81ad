"""The build's one garbage-collector policy, for the reading and writing of a large site.

Sphinx forks readers and writers that inherit the whole build: a child whose collector scans what it inherited
touches every page of it and copies the parent's memory. Reading then merges every reader's environment into
this process, and writing resolves every page's doctree here (reference cycles, freed only by a full
collection), so Python's default, a full collection every ten young ones, scans the whole growing environment
dozens of times. So: what exists when reading starts and when it ends is frozen (out of the collector's sight,
as the CPython documentation recommends before fork()), and until the build is done a full collection runs
every FULL_EVERY young ones. The thresholds are put back afterwards (``make livehtml`` builds again and again);
frozen objects stay frozen, so Python's last collection at exit does not scan them. The saving is in
docs/guide/performance.md.
"""

from __future__ import annotations

import gc

from sphinx.application import Sphinx

FULL_EVERY = 100  # young collections between two full ones while the build reads and writes (Python: 10)


class Collector:
    def __init__(self) -> None:
        self.saved: tuple[int, ...] | None = None  # the thresholds to put back

    def reading(self, app: Sphinx, *_: object) -> None:
        gc.freeze()  # before the readers are forked
        if self.saved is None:
            self.saved = gc.get_threshold()
            young, middle, full = self.saved
            gc.set_threshold(young, middle, max(full, FULL_EVERY))

    def writing(self, app: Sphinx, *_: object) -> None:
        gc.freeze()  # the merged environment, before the writers are forked

    def restore(self, app: Sphinx, *_: object) -> None:
        if self.saved is not None:
            gc.set_threshold(*self.saved)
            self.saved = None
