"""The build's one garbage-collector policy: fewer full collections while Sphinx reads and writes.

Reading merges every reader's pickled environment into this process, and writing resolves every page's doctree
here (a web of reference cycles, freed only by a full collection): Python's default, a full collection every ten
young ones, then scans the whole growing environment dozens of times. From the start of reading to the end of the
build a full collection runs every FULL_EVERY young ones; Python's own thresholds are back afterwards (a process
such as ``make livehtml`` builds again and again). The saving is in docs/guide/performance.md.
"""

from __future__ import annotations

import gc

from sphinx.application import Sphinx

FULL_EVERY = 100  # young collections between two full ones while the build reads and writes (Python: 10)


class Collector:
    def __init__(self) -> None:
        self.saved: tuple[int, ...] | None = None  # the thresholds to put back

    def relax(self, app: Sphinx, *_: object) -> None:
        if self.saved is None:
            self.saved = gc.get_threshold()
            young, middle, full = self.saved
            gc.set_threshold(young, middle, max(full, FULL_EVERY))

    def restore(self, app: Sphinx, *_: object) -> None:
        if self.saved is not None:
            gc.set_threshold(*self.saved)
            self.saved = None
