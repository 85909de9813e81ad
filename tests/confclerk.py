"""Load a schedule.xml into ConfClerk, the desktop schedule app (Debian's ``confclerk``), and read back its database.

ConfClerk has no command-line import: it fetches a conference's stored URL (``file://`` works) when the user
presses Ctrl+R. So it runs under a private X server (Xvfb) with a private $HOME: a first start creates its
database, a conference row pointing at the file is added, a second start gets a click and Ctrl+R through the
XTest extension (xdotool). Errors show only in a modal dialog, so the caller asserts on what the database holds.
Every wait is bounded; every process started here is ended here.
"""

from __future__ import annotations

import os
import select
import shutil
import sqlite3
import subprocess
import time
from contextlib import contextmanager
from pathlib import Path

TOOLS = ("confclerk", "Xvfb", "xdotool")
DB = Path(".local/share/Toastfreeware/ConfClerk/ConfClerk.sqlite")
TABLES = ("event", "person", "room", "track", "link", "event_person", "event_room")


def missing() -> list[str]:
    return [t for t in TOOLS if shutil.which(t) is None]


def _stop(proc: subprocess.Popen) -> None:
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(timeout=5)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=5)


@contextmanager
def _xvfb():
    """A private X display; Xvfb picks a free number and writes it to a pipe (-displayfd)."""
    read, write = os.pipe()
    proc = subprocess.Popen(["Xvfb", "-displayfd", str(write), "-screen", "0", "1024x768x24", "-nolisten", "tcp"],
                            pass_fds=(write,), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    os.close(write)
    try:
        ready, _, _ = select.select([read], [], [], 15)
        number = os.read(read, 64).decode().strip() if ready else ""
        if not number:
            raise RuntimeError("Xvfb did not start within 15 s")
        yield f":{number}"
    finally:
        os.close(read)
        _stop(proc)


def _counts(db: Path) -> tuple[int, ...] | None:
    try:
        with sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=1) as con:
            return tuple(con.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in TABLES)
    except sqlite3.Error:
        return None


def _wait(until, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if until():
            return True
        time.sleep(0.5)
    return False


def load(schedule: Path, home: Path, seconds: float = 90) -> dict[str, list[tuple]]:
    """The rows ConfClerk stored after importing *schedule* (an absolute path), table by table."""
    home.mkdir(parents=True, exist_ok=True)
    db = home / DB
    with _xvfb() as display:
        env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": str(home), "DISPLAY": display,
               "LC_ALL": "C.UTF-8", "QT_QPA_PLATFORM": "xcb", "XDG_RUNTIME_DIR": str(home)}
        start = time.monotonic()
        first = subprocess.Popen(["confclerk"], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:  # its first start creates the database
            if not _wait(lambda: _counts(db) is not None, 30):
                raise RuntimeError("ConfClerk created no database within 30 s")
            time.sleep(1)
        finally:
            _stop(first)
        with sqlite3.connect(db) as con:
            con.execute("INSERT INTO conference (title, start, end, active, url) VALUES (?, 0, 0, 1, ?)",
                        ("import", schedule.resolve().as_uri()))
        app = subprocess.Popen(["confclerk"], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            seen: list[tuple[int, ...] | None] = []
            left = seconds - (time.monotonic() - start)
            deadline = time.monotonic() + max(left, 10)
            while time.monotonic() < deadline:
                if not seen or not seen[-1] or not seen[-1][0]:  # nothing imported yet: ask (again) for a reload
                    time.sleep(1)
                    subprocess.run(["xdotool", "mousemove", "200", "200", "click", "1"], env=env, timeout=10,
                                   capture_output=True, check=False)
                    subprocess.run(["xdotool", "key", "ctrl+r"], env=env, timeout=10, capture_output=True,
                                   check=False)
                time.sleep(1)
                seen.append(_counts(db))
                if len(seen) >= 3 and seen[-1] and seen[-1][0] and seen[-1] == seen[-2] == seen[-3]:
                    break  # imported, and the counts no longer change
        finally:
            _stop(app)
    with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as con:
        return {t: con.execute(f"SELECT * FROM {t}").fetchall() for t in (*TABLES, "conference")}
