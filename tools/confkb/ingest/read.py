"""Read stage: find each event's source documents and read their bytes, never leaving the sources folder."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

from ..diagnostics import Code, Report
from ..model import SourceDoc

DOC_SUFFIXES = (".md", ".txt", ".markdown")
# The programme files of issue "official schedule" live beside the documents and are not documents.
DATA_FILES = {"schedule.json", "speakers.json", "event.json"}
MAX_BYTES = 8 * 1024 * 1024  # larger files are read up to this size and reported


def is_document_name(name: str) -> bool:
    """True for a file name with a document's suffix: what ``read_event`` reads, and what no image can be."""
    return name.lower().endswith(DOC_SUFFIXES)


def event_dirs(sources: Path) -> list[Path]:
    """Event folders directly under *sources*, sorted by name (hidden folders skipped)."""
    if not sources.is_dir():
        return []
    root = sources.resolve()
    return sorted((p for p in sources.iterdir() if p.is_dir() and not p.name.startswith((".", "_"))
                   and _inside(p, root)), key=lambda p: p.name)


def _inside(path: Path, root: Path) -> bool:
    """True when *path*, with every symbolic link resolved, is still inside *root* (already resolved)."""
    try:
        path.resolve(strict=True).relative_to(root)
    except (OSError, ValueError):
        return False
    return True


def listing(folder: Path) -> list[Path]:
    """Every path under an event folder, in a stable order: listed once a build, for its documents and for the
    cache key of their parses (``pipeline.load``)."""
    return sorted(folder.rglob("*"), key=lambda p: p.as_posix())


def read_event(folder: Path, sources: Path, report: Report, paths: list[Path] | None = None) -> list[SourceDoc]:
    """Every document of one event folder, in a stable order (by file name); *paths*: its ``listing``."""
    docs: list[SourceDoc] = []
    shown_root = sources.parent
    root = sources.resolve()  # once per folder, not once per file
    for path in listing(folder) if paths is None else paths:
        if path.name.startswith(".") or not is_document_name(path.name) or path.name.lower() == "readme.md":
            continue
        shown = _shown(path, shown_root)
        if not _inside(path, root):
            report.error(shown, 0, Code.READ_FAILED, "symbolic link leads outside the sources folder; not read")
            continue
        if not path.is_file():
            continue
        try:
            with path.open("rb") as fh:
                raw = fh.read(MAX_BYTES + 1)
        except OSError as exc:
            report.error(shown, 0, Code.READ_FAILED, f"cannot read file: {exc.strerror or exc}")
            continue
        if len(raw) > MAX_BYTES:
            report.warning(shown, 0, Code.TOO_LARGE, f"file is larger than {MAX_BYTES} bytes; the rest was not read")
            raw = raw[:MAX_BYTES]
        docs.append(SourceDoc(shown, folder.name, raw))
    return docs


def _shown(path: Path, root: Path) -> str:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return os.path.basename(path)


def json_line(text: str, key: str, value: object, pos: int = 0) -> tuple[int, int] | None:
    """Line of the next ``"key": value`` in JSON *text* at or after *pos*, and the offset after it: the programme's
    files are JSON, which keeps no line numbers, and a report line needs one."""
    for form in dict.fromkeys((json.dumps(value, ensure_ascii=False), json.dumps(value))):
        m = re.compile(rf'"{re.escape(key)}"\s*:\s*' + re.escape(form)).search(text, pos)
        if m:
            return text.count("\n", 0, m.start()) + 1, m.end()
    return None


def find_file(folder: Path, name: str) -> Path | None:
    """The file of *folder* called *name* in any case (``Schedule.json``, ``schedule.json``), or None."""
    return next((p for p in sorted(folder.iterdir()) if p.name.lower() == name and p.is_file()), None)
