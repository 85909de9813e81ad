"""Gather one archive's sources folder: the event folders of a sources folder, plus real published programmes,
each in an event folder of its own (``make archive`` builds the result as one site).

    python tools/archive_sources.py DEST [--sources sources] [--programmes tests/data/schedules] [--docs DOCS]

With ``--docs DOCS`` it also copies the hand-written pages of docs/ to DOCS, the archive's own Sphinx source
folder (the pages generated for sources/ stay out of it, and the archive's stay out of docs/). Files are
written only when their bytes change, so a second ``make archive`` rebuilds only what changed.
"""

from __future__ import annotations

import argparse
from pathlib import Path

# event folder -> programme file of tests/data/schedules (their README gives each one's source and licence)
PROGRAMMES = {
    "31c3": "frab_31c3_schedule.xml",
    "fosdem-2021": "pentabarf_fosdem2021_schedule.xml",
    "debconf-23": "wafer_debconf23_schedule.xml",
    "rc3-2020": "voc_pretalx-rc3.json",
    "camp-2019": "voc_frab-camp2019.json",
    "democon": "voc_pretalx-democon.json",
    "38c3-hub": "voc_hub-schedule2.json",
    "kielux-2020": "ical_kielux2020.ics",
}
GENERATED = ".confkb-generated"  # the list of pages a build generated into a Sphinx source folder


def sync(files: dict[str, Path], dest: Path, keep: set[str] = frozenset()) -> None:
    """Make *dest* hold exactly *files* (relative path -> file to copy) and *keep*."""
    for rel, src in files.items():
        target = dest / rel
        data = src.read_bytes()
        if not target.is_file() or target.read_bytes() != data:
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
    for path in sorted(dest.rglob("*"), reverse=True) if dest.exists() else ():
        rel = path.relative_to(dest).as_posix()
        if path.is_file() and rel not in files and rel not in keep:
            path.unlink()


def gather(dest: Path, sources: Path, programmes: Path) -> list[str]:
    """Fill *dest* and return its event folders' names."""
    files = {p.relative_to(sources).as_posix(): p for p in sources.rglob("*")
             if p.is_file() and not p.relative_to(sources).as_posix().startswith(".")
             and p.relative_to(sources).parent != Path(".")}  # event folders only, not sources/README.md
    for event, name in PROGRAMMES.items():
        files[f"{event}/schedule{Path(name).suffix}"] = programmes / name
    sync(files, dest)
    return sorted({rel.split("/", 1)[0] for rel in files})


def copy_docs(docs: Path, dest: Path) -> None:
    """The hand-written part of *docs* into *dest*, keeping what the archive's own builds generated there."""
    def generated(folder: Path) -> set[str]:
        listed = folder / GENERATED
        return set(listed.read_text(encoding="utf-8").split("\n")) | {GENERATED} if listed.exists() else set()
    mine = generated(docs)
    files = {p.relative_to(docs).as_posix(): p for p in docs.rglob("*") if p.is_file()}
    sync({rel: p for rel, p in files.items() if rel not in mine}, dest, generated(dest))


def main() -> None:
    root = Path(__file__).resolve().parents[1]
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("dest", type=Path)
    p.add_argument("--sources", type=Path, default=root / "sources")
    p.add_argument("--programmes", type=Path, default=root / "tests" / "data" / "schedules")
    p.add_argument("--docs", type=Path, help="also copy docs/'s hand-written pages here")
    args = p.parse_args()
    if args.docs:
        copy_docs(root / "docs", args.docs)
    events = gather(args.dest, args.sources, args.programmes)
    print(f"archive sources in {args.dest}: {len(events)} events ({', '.join(events)})")


if __name__ == "__main__":
    main()
