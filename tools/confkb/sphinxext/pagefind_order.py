"""Pagefind 1.5.2 writes each filter's values, and the list of filters, in a hash map's order, which changes on
every run: the same pages gave differently named filter and metadata files each build. Upstream sorts them since
Pagefind/pagefind#1124 (unreleased in 1.5.2, issue Pagefind/pagefind#638); until a release has it, this puts a
1.5.2 bundle in that order. It rewrites only what #1124 sorts, in the same encoding (gzip of ``pagefind_dcd`` and
CBOR), and does nothing to a bundle of another version.
"""

from __future__ import annotations

import gzip
import hashlib
import json
from pathlib import Path

import cbor2

VERSION = "1.5.2"  # the release this repairs; a newer one sorts its own output
MAGIC = b"pagefind_dcd"


def read(path: Path) -> list:
    data = gzip.decompress(path.read_bytes())
    if not data.startswith(MAGIC):
        raise ValueError(f"{path.name} is not a Pagefind index file")
    try:
        return cbor2.loads(data[len(MAGIC):])
    except cbor2.CBORError as err:
        raise ValueError(f"{path.name}: {err}") from err


def write(folder: Path, stem: str, suffix: str, value: list, length: int, taken: frozenset[str] = frozenset()) -> str:
    """Write *value* as a Pagefind file named by its content (as Pagefind names them, longer if that name is
    *taken*); returns the name."""
    data = MAGIC + cbor2.dumps(value)
    digest = hashlib.sha1(data).hexdigest()
    while f"{stem}_{digest[:length]}" in taken and length < len(digest):
        length += 1
    name = f"{stem}_{digest[:length]}"
    (folder / f"{name}{suffix}").write_bytes(gzip.compress(data, compresslevel=6, mtime=0))
    return name


def sort_bundle(bundle: Path) -> bool:
    """Sort the filters of the bundle at *bundle* in place; False when it is not a 1.5.2 bundle (left as it is)."""
    entry_path = bundle / "pagefind-entry.json"
    entry = json.loads(entry_path.read_text(encoding="utf-8"))
    if entry.get("version") != VERSION:
        return False
    for language, about in sorted(entry["languages"].items()):
        meta_path = bundle / f"pagefind.{about['hash']}.pf_meta"
        meta = read(meta_path)
        olds = {name: bundle / "filter" / f"{old}.pf_filter" for name, old in meta[3]}
        contents = {name: read(path) for name, path in olds.items()}  # all read before any is written
        for path in olds.values():
            path.unlink()
        filters: list[list[str]] = []
        for name, (field, values) in sorted(contents.items()):
            new = write(bundle / "filter", language, ".pf_filter", [field, sorted(values, key=lambda v: v[0])], 7,
                        frozenset(n for _, n in filters))
            filters.append([name, new])
        meta[3] = sorted(filters)
        meta_path.unlink()
        about["hash"] = write(bundle, f"pagefind.{language}", ".pf_meta", meta, 10).removeprefix("pagefind.")
    entry["languages"] = dict(sorted(entry["languages"].items()))
    entry_path.write_text(json.dumps(entry, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
    return True
