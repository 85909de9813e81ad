"""A call run ahead in a forked process: the build's pages are generated while Sphinx gets ready.

A ``Helper`` is forked as early as possible (``prepare`` imports what the call needs), may be given a first
guess of the call and its arguments right away (``first``), is told the call and the arguments the build
expects to give it (``start``), and works on it while this process goes on; the final arguments come later
(``submit``). Whichever of these differs from the one before starts the work again, so a wrong guess costs
time, never the result. The call is in two parts: ``fn(*args)`` does the work that may be thrown
away (nothing a person sees) and returns a function that finishes it (writes its files). With the same final
arguments the helper finishes the work done meanwhile; with others it does it again. Without fork, or with one
core, there is no process: the call runs here when its result is asked for.
"""

from __future__ import annotations

import contextlib
import gc
import multiprocessing
import os
import pickle
import signal
from collections.abc import Callable
from typing import Generic, TypeVar

from .parallel import receive, send_home, workers

R = TypeVar("R")


class Helper(Generic[R]):
    """A forked process that runs one call for this one (see the module's description)."""

    def __init__(self, prepare: Callable[[], object] | None = None,
                 first: tuple[Callable[..., Callable[[], R]], tuple] | None = None) -> None:
        self._fn: Callable[..., Callable[[], R]] | None = None
        self._pid, self._ask, self._answer = 0, None, -1
        if workers() < 2 or "fork" not in multiprocessing.get_all_start_methods():
            return
        ask_read, ask_write = os.pipe()
        answer_read, answer_write = os.pipe()
        pid = os.fork()
        if pid == 0:  # the child: get ready, work, wait for the final arguments, send the result home
            try:
                os.close(ask_write)
                os.close(answer_read)
                _serve(prepare, first, ask_read, answer_write)
            finally:  # never back into the build's code, whatever happened
                os._exit(1)
        os.close(ask_read)
        os.close(answer_write)
        self._pid, self._ask, self._answer = pid, os.fdopen(ask_write, "wb"), answer_read

    def start(self, fn: Callable[..., Callable[[], R]], *args: object) -> None:
        """Begin ``fn(*args)``: *fn* is a module's function, the arguments those expected (they must pickle)."""
        self._fn = fn
        self._tell((fn, args), last=False)

    def submit(self, *args: object) -> Pending[R]:
        """The final arguments; what they give is the pending result."""
        assert self._fn is not None, "start() first"
        pid, answer = self._pid, self._answer
        if not self._tell(args, last=True):
            return Pending(self._fn, args)  # no helper (any more): the call runs here
        self._pid, self._ask = 0, None
        return Pending(self._fn, args, pid, answer)

    def cancel(self) -> None:
        """No call after all: the helper ends without finishing anything (it is stopped: it may be busy with
        a guess, and has written nothing)."""
        if self._pid:
            with contextlib.suppress(OSError):
                os.kill(self._pid, signal.SIGKILL)
            self._end()

    def _tell(self, message: object, last: bool) -> bool:
        """Send *message* to the helper; False when there is none, or it is gone (then it is reaped)."""
        if not self._pid or self._ask is None:
            return False
        try:
            pickle.dump(message, self._ask, pickle.HIGHEST_PROTOCOL)
            if last:
                self._ask.close()
            else:
                self._ask.flush()
        except OSError:  # it died (getting ready failed, or it was killed): this process does the work
            self._end()
            return False
        return True

    def _end(self) -> None:
        with contextlib.suppress(OSError):  # a pipe to a helper that is gone
            if self._ask is not None:
                self._ask.close()
        with contextlib.suppress(OSError):
            os.close(self._answer)
        with contextlib.suppress(ChildProcessError):
            os.waitpid(self._pid, 0)
        self._pid, self._ask = 0, None


def _serve(prepare: Callable[[], object] | None, first: tuple | None, ask: int, answer: int) -> None:
    gc.freeze()  # the inherited objects are read-only here: the collector leaves them alone
    reply: tuple = ("failed", None)
    done: tuple | None = None  # the call and arguments the work in hand was done for
    finish = None

    def work(call: tuple) -> None:
        """Do *call* unless the work in hand was done for it; a failure leaves nothing to finish."""
        nonlocal done, finish
        if call != done:
            done, finish = call, None
            with contextlib.suppress(BaseException):  # done again if the arguments change, else by the parent
                finish = call[0](*call[1])
    try:
        if prepare is not None:
            prepare()
        if first is not None:
            work(first)
        with os.fdopen(ask, "rb") as fh:
            fn, args = pickle.load(fh)  # EOFError when cancelled: nothing is sent, nothing finished
            work((fn, args))
            work((fn, pickle.load(fh)))  # the final arguments
        if finish is not None:
            reply = ("ok", finish())
    except BaseException:  # the parent runs the call again and sees the error itself
        pass
    send_home(answer, reply, ("failed", None))


class Pending(Generic[R]):
    """The result of a ``Helper``'s call: ``result()`` waits for it."""

    def __init__(self, fn: Callable[..., Callable[[], R]], args: tuple, pid: int = 0, answer: int = -1) -> None:
        self._fn, self._args, self._pid, self._answer = fn, args, pid, answer

    def result(self) -> R:
        """The call's value. When the helper could not give one, the call runs here (so an error is raised here)."""
        if self._pid:
            status, value = receive(self._pid, self._answer, ("failed", None))
            self._pid = 0
            if status == "ok":
                return value
        return self._fn(*self._args)()
