"""A rebuild after an organiser's edit: the handful of changed pages is read and written in this process.

Sphinx 9 reads changed pages in worker processes however few they are (sphinx-doc/sphinx#12796), and each worker
sends the whole pickled environment back; it also forks a writer for two pages. When fewer than one page in
FEW_IN changed, the build runs with one process (``Sphinx.parallel``, set from ``-j``) until it is done. The saving
is in docs/guide/performance.md.
"""

from __future__ import annotations

from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment

FEW_IN = 8


class FewPagesHere:
    def __init__(self) -> None:
        self.parallel = 0  # the build's -j, while this one runs with one process

    def reading(self, app: Sphinx, env: BuildEnvironment, docnames: list[str]) -> None:
        if app.parallel > 1 and len(docnames) * FEW_IN < len(env.found_docs):
            self.parallel, app.parallel = app.parallel, 1

    def done(self, app: Sphinx, *_: object) -> None:
        if self.parallel:
            app.parallel, self.parallel = self.parallel, 0
