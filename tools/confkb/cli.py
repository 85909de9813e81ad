"""Command line: ``python -m tools.confkb build|check``. The only module that prints or exits."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .diagnostics import Severity
from .pipeline import load, pages
from .write import write_all


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m tools.confkb", description=__doc__)
    sub = p.add_subparsers(dest="command", required=True)
    b = sub.add_parser("build", help="write the MyST pages and kb.json")
    b.add_argument("--sources", default="sources", type=Path, help="folder of event folders (default: sources)")
    b.add_argument("--out", default="docs", type=Path, help="Sphinx source folder to write into (default: docs)")
    c = sub.add_parser("check", help="print every diagnostic; exit 1 on errors")
    c.add_argument("--sources", default="sources", type=Path)
    c.add_argument("--strict", action="store_true", help="exit 1 on warnings too")
    return p


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    if not args.sources.is_dir():
        print(f"ERROR sources folder not found: {args.sources}", file=sys.stderr)
        return 2
    try:
        result = load(args.sources)
        if args.command == "build":
            written, removed = write_all(pages(result), args.out)
            print(f"confkb: wrote {written} files, removed {removed}, in {args.out}")
    except (OSError, ValueError) as exc:
        print(f"ERROR {exc}", file=sys.stderr)
        return 2
    report = result.report
    if args.command == "check":
        for d in report.sorted():
            print(d.format())
    print(report.summary())
    if report.count(Severity.ERROR) or (getattr(args, "strict", False) and report.count(Severity.WARNING)):
        return 1
    return 0
