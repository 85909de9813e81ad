"""Write stage: write generated files only when their content changes, remove stale ones, stay inside OUT."""

from __future__ import annotations

import contextlib
import os
import stat
from collections.abc import Iterable
from pathlib import Path

MANIFEST = ".confkb-generated"  # one generated path per line, so stale pages can be removed safely


def write_all(files: dict[str, str] | dict[str, str | bytes], out: Path,
              manifest: Path | None = None) -> tuple[int, int]:
    """Write *files* (text as UTF-8, or bytes as they are) under *out*. Returns (written, removed). Never writes
    outside *out*. *manifest* lists what was written, to remove it when a later call no longer writes it (by
    default a file in *out*)."""
    out = out.resolve()
    out.mkdir(parents=True, exist_ok=True)
    written = 0
    # Each folder is resolved and checked once, each file is one lstat (and a read only when it may be
    # unchanged): per-file pathlib calls were most of the time of writing a large site.
    folders: dict[str, str] = {}
    made: set[str] = set()
    for rel, text in sorted(files.items()):
        folder, _, name = rel.rpartition("/")
        if folder not in folders:
            resolved = (out / folder).resolve()
            if resolved != out and out not in resolved.parents:
                raise ValueError(f"refusing to write outside {out}: {rel!r}")
            folders[folder] = str(resolved)
        if name in ("", ".", ".."):
            raise ValueError(f"refusing to write outside {out}: {rel!r}")
        target = os.path.join(folders[folder], name)
        data = text if isinstance(text, bytes) else text.encode("utf-8")
        try:
            st = os.lstat(target)
        except (FileNotFoundError, NotADirectoryError):
            st = None
        if st is not None and stat.S_ISLNK(st.st_mode) and out not in Path(target).resolve().parents:
            raise ValueError(f"refusing to write outside {out}: {rel!r} is a link out of it")
        if st is not None and st.st_size == len(data):
            with contextlib.suppress(OSError), open(target, "rb") as fh:
                if fh.read() == data:
                    continue
        if folder not in made:
            os.makedirs(folders[folder], exist_ok=True)
            made.add(folder)
        # Written in place, not through a temporary file and a rename (much slower for thousands of files):
        # a write cut short leaves content that differs, so the next build writes the file again.
        with open(target, "wb") as fh:
            fh.write(data)
        written += 1
    manifest = manifest or out / MANIFEST
    old = manifest.read_text(encoding="utf-8").splitlines() if manifest.exists() else []
    removed = remove_stale(out, old, files)
    write_if_changed(manifest, "\n".join(sorted(files)) + "\n")
    return written, removed


def remove_stale(root: Path, before: Iterable[str], now: Iterable[str]) -> int:
    """Remove the files listed *before* but not *now* (paths relative to *root*) and the folders they leave
    empty, never anything outside *root* (resolved). Returns how many files were removed."""
    removed = 0
    for rel in sorted(set(before) - set(now)):
        target = (root / rel).resolve()
        if root not in target.parents or not target.is_file():
            continue  # only listed files, and only inside the folder
        target.unlink()
        removed += 1
        for folder in target.parents:
            if folder == root or any(folder.iterdir()):
                break
            folder.rmdir()
    return removed


def write_if_changed(path: Path, text: str) -> bool:
    """Write *text* to *path* unless it already holds exactly that (so its time stamp says when it changed)."""
    try:
        if path.read_text(encoding="utf-8") == text:
            return False
    except (OSError, ValueError):
        pass
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return True
