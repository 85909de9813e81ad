"""Write stage: write generated files only when their content changes, remove stale ones, stay inside OUT."""

from __future__ import annotations

from pathlib import Path

MANIFEST = ".confkb-generated"  # one generated path per line, so stale pages can be removed safely


def write_all(files: dict[str, str], out: Path) -> tuple[int, int]:
    """Write *files* under *out*. Returns (written, removed). Never writes outside *out*."""
    out = out.resolve()
    out.mkdir(parents=True, exist_ok=True)
    written = 0
    folders: dict[str, Path] = {}  # resolved once per folder: resolving every path was most of a no-op run
    made: set[str] = set()
    for rel, text in sorted(files.items()):
        folder, _, name = rel.rpartition("/")
        if folder not in folders:
            folders[folder] = (out / folder).resolve()
        target = folders[folder] / name
        if name in ("", ".", "..") or (out not in target.parents) or (
                target.is_symlink() and out not in target.resolve().parents):
            raise ValueError(f"refusing to write outside {out}: {rel!r}")
        data = text.encode("utf-8")
        try:
            if target.read_bytes() == data:
                continue
        except OSError:
            pass
        if folder not in made:
            target.parent.mkdir(parents=True, exist_ok=True)
            made.add(folder)
        # Written in place, not through a temporary file and a rename (three times slower for 4,000 files):
        # a write cut short leaves content that differs, so the next build writes the file again.
        target.write_bytes(data)
        written += 1
    removed = 0
    manifest = out / MANIFEST
    old = manifest.read_text(encoding="utf-8").splitlines() if manifest.exists() else []
    for rel in sorted(set(old) - set(files)):
        target = (out / rel).resolve()
        if out in target.parents and target.is_file():
            target.unlink()
            removed += 1
    new_manifest = "\n".join(sorted(files)) + "\n"
    if not manifest.exists() or manifest.read_text(encoding="utf-8") != new_manifest:
        manifest.write_text(new_manifest, encoding="utf-8")
    return written, removed
