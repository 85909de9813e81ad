"""Helpers for the import tests: a sample put in an event folder of a temporary sources tree, and read."""

from __future__ import annotations

import shutil
from pathlib import Path

from tools.confkb.diagnostics import Code, Diagnostic, Report
from tools.confkb.ingest.schedule import Imported, read_schedule
from tools.confkb.ingest.schedule.limits import LIMITS, Limits
from tools.confkb.ingest.withhold import Policy

SAMPLES = Path(__file__).parent / "data" / "schedules"


def folder(tmp: Path, name: str, content: bytes | str, event: str = "ev") -> Path:
    """An event folder under *tmp*/sources holding one programme file called *name*."""
    ev = tmp / "sources" / event
    ev.mkdir(parents=True, exist_ok=True)
    data = content.encode("utf-8") if isinstance(content, str) else content
    (ev / name).write_bytes(data)
    return ev


def sample(tmp: Path, file: str) -> Path:
    ev = tmp / "sources" / "ev"
    ev.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(SAMPLES / file, ev / ("schedule" + Path(file).suffix))
    return ev


NO_CORRECTIONS = Policy()


def run(ev: Path, limits: Limits = LIMITS, policy: Policy = NO_CORRECTIONS) -> tuple[Imported | None, Report]:
    report = Report()
    return read_schedule(ev, ev.parent, report, policy, ev.name, limits), report


def of(report: Report, code: Code) -> list[Diagnostic]:
    return [d for d in report.sorted() if d.code is code]
