"""Scale benchmark: build synthetic knowledge bases of growing size, in two shapes, and time what a user waits for.

Shapes: an archive of events of 250 sessions (100, 500 and 1,000 sessions), and one event in five tracks (500 and
1,000 sessions: GOSIM's shape, grown). For each size it prints the full furo build, the same pages with the
basic theme, their ratio, HTML bytes per page, the largest sidebar, peak memory, a rebuild with nothing changed
(Sphinx's own floor on that site), an edited abstract and an added document (seconds and HTML files rewritten).

With ``--baseline REV`` the full furo builds are also made by the code at git revision REV (a worktree beside
the work folder), alternating with this code's in each round, and the table gives their ratio: how a change is
measured (docs/guide/performance.md). With ``--repeat N`` each full build runs N times, in rounds that take every
size in turn, and the edit is made N times; the fastest run counts.

    .venv/bin/python benchmarks/bench.py [--sizes 100 500 1000] [--tracks-sizes 500 1000] [--repeat 1]
                                         [--baseline REV] [--work _build/bench] [--jobs auto]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))  # run as a script: the project's packages, tests' helpers included

from tests import synth  # noqa: E402
from tests.conftest import copy_docs, sphinx_command  # noqa: E402
from tests.outputs import SIDEBAR, html_files, rewritten  # noqa: E402


@dataclass(frozen=True)
class Case:
    """One synthetic site: *sessions* in events of *per_event*, tracks of *per_track*."""

    sessions: int
    per_event: int
    per_track: int
    shape: str

    @property
    def name(self) -> str:
        return f"{self.sessions}-{self.shape}"


def build(code: Path, src: Path, out: Path, sources: Path, jobs: str, *extra: str) -> tuple[float, int, float]:
    """One sphinx-build like `make html`, with the code (conf.py, tools/) at *code*: (seconds, peak resident
    memory of any build process in MB, CPU seconds of the build and the processes it waited for)."""
    os.sync()  # what earlier steps left to write is not billed to this one
    cmd, env = sphinx_command(src, out, sources, "-j", jobs, *extra, strict=False, quiet=True, env=dict(os.environ))
    cmd[cmd.index("-c") + 1] = str(code)
    start = time.perf_counter()
    with tempfile.TemporaryFile("w+") as err:
        proc = subprocess.Popen(cmd, env=env, cwd=code, stdout=subprocess.DEVNULL, stderr=err, text=True)
        _, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - start
        err.seek(0)
        if os.waitstatus_to_exitcode(status) != 0:
            raise SystemExit(f"build failed: {' '.join(cmd)}\n{err.read()[-3000:]}")
    return seconds, usage.ru_maxrss // 1024, usage.ru_utime + usage.ru_stime


def baseline_tree(rev: str, work: Path) -> Path:
    """A worktree of *rev* (its docs and code; the virtualenv is this one)."""
    tree = work / f"baseline-{rev}"
    if not tree.exists():
        subprocess.run(["git", "-C", str(ROOT), "worktree", "add", "--detach", "-f", str(tree), rev], check=True,
                       stdout=subprocess.DEVNULL)
    return tree


def full_round(case: Case, base: Path, sources: Path, jobs: str, k: int, baseline: Path | None) -> dict:
    """Round *k* of one case: furo (and the baseline's furo, alternating which goes first), then basic."""
    runs = {}
    order = [("furo", ROOT), ("baseline", baseline)] if baseline else [("furo", ROOT)]
    for name, code in (order if k % 2 == 0 else order[::-1]):
        runs[name] = build(code, copy_docs(base / f"{name}-docs-{k}", code), base / f"{name}-html-{k}", sources, jobs)
    runs["basic"] = build(ROOT, copy_docs(base / f"basic-docs-{k}"), base / f"basic-html-{k}", sources, jobs,
                          "-D", "html_theme=basic")
    return runs


def measure(case: Case, base: Path, sources: Path, jobs: str, rounds: list[dict]) -> dict:
    """One case's row: the fastest of its full builds, the pages of the last furo build, then its rebuilds."""
    last = len(rounds) - 1
    row: dict = {"case": case.name, "sessions": case.sessions, "shape": case.shape}
    for name in rounds[0]:
        best = min(r[name] for r in rounds)
        row[f"{name}_s"], row[f"{name}_peak_mb"] = round(best[0], 1), best[1]
        row[f"{name}_all_s"] = [round(r[name][0], 1) for r in rounds]
    row["ratio"] = round(row["furo_s"] / row["basic_s"], 2)
    if "baseline_s" in row:
        row["vs_baseline"] = round(row["furo_s"] / row["baseline_s"], 3)
    src, out = base / f"furo-docs-{last}", base / f"furo-html-{last}"
    pages = list(out.rglob("*.html"))
    row["pages"] = len(pages)
    row["bytes_per_page"] = sum(p.stat().st_size for p in pages) // len(pages)
    sidebars = [m.group(1) for p in pages if (m := SIDEBAR.search(p.read_text(encoding="utf-8")))]
    row["max_sidebar_links"] = max((s.count("<a ") for s in sidebars), default=0)
    row["noop_s"] = round(min(build(ROOT, src, out, sources, jobs)[0] for _ in rounds), 2)
    for name, change, times in (("edit", synth.edit_abstract, len(rounds)), ("add", synth.add_document, 1)):
        runs = []
        for _ in range(times):
            before = html_files(out)
            time.sleep(0.01)  # distinct mtimes
            change(sources)
            runs.append(build(ROOT, src, out, sources, jobs)[0])
            files = rewritten(before, out)
        row[f"{name}_s"], row[f"{name}_rewritten"], row[f"{name}_files"] = round(min(runs), 2), len(files), files
    row["edit_vs_noop"] = round(row["edit_s"] / row["noop_s"], 2)
    return row


def machine() -> str:
    try:
        cpu = next(ln.split(":", 1)[1].strip() for ln in Path("/proc/cpuinfo").read_text().splitlines()
                   if ln.startswith("model name"))
    except (OSError, StopIteration):
        cpu = platform.processor()
    import furo
    import sphinx
    return (f"{cpu}, {os.cpu_count()} cores; Python {platform.python_version()}, Sphinx {sphinx.__version__}, "
            f"furo {furo.__version__}; load average at start {os.getloadavg()[0]:.1f}")


HEADER = ("| sessions | shape | pages | furo | basic | furo / basic | furo / baseline | bytes per page | "
          "largest sidebar | peak memory | nothing changed | edit one abstract | add one document |\n"
          "|---|---|---|---|---|---|---|---|---|---|---|---|---|")


def table_row(r: dict) -> str:
    vs = f"{r['vs_baseline']} ({r['baseline_s']} s)" if "vs_baseline" in r else "–"
    return (f"| {r['sessions']:,} | {r['shape']} | {r['pages']:,} | {r['furo_s']} s | {r['basic_s']} s | {r['ratio']} | "
            f"{vs} | {r['bytes_per_page']:,} | {r['max_sidebar_links']} links | {r['furo_peak_mb']} MB | "
            f"{r['noop_s']} s | {r['edit_s']} s ({r['edit_vs_noop']} x), {r['edit_rewritten']} files | "
            f"{r['add_s']} s, {r['add_rewritten']} files |")


def growth(rows: list[dict], shape: str) -> str:
    by = {r["sessions"]: r for r in rows if r["shape"] == shape}
    if 500 not in by or 1000 not in by:
        return ""
    return (f"{shape}: 500 -> 1,000 sessions: build {by[1000]['furo_s'] / by[500]['furo_s']:.2f} x (basic "
            f"{by[1000]['basic_s'] / by[500]['basic_s']:.2f} x), bytes per page "
            f"{by[1000]['bytes_per_page'] / by[500]['bytes_per_page']:.2f} x")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", type=int, nargs="*", default=[100, 500, 1000], help="sessions, in events of 250")
    ap.add_argument("--tracks-sizes", type=int, nargs="*", default=[500, 1000], help="sessions, one event, 5 tracks")
    ap.add_argument("--repeat", type=int, default=1, help="full builds per case; the fastest counts")
    ap.add_argument("--baseline", default="", help="git revision whose furo builds alternate with this code's")
    # Beside the project's own build: the benchmark's machine creates files in /tmp slower than here.
    ap.add_argument("--work", type=Path, default=ROOT / "_build" / "bench")
    ap.add_argument("--jobs", default="auto", help="sphinx-build -j (as make html)")
    args = ap.parse_args()
    print(machine(), flush=True)
    args.work.mkdir(parents=True, exist_ok=True)
    baseline = baseline_tree(args.baseline, args.work) if args.baseline else None
    cases = [Case(n, synth.PER_EVENT, 12, "events of 250") for n in args.sizes]
    cases += [Case(n, n, -(-n // 5), "one event, 5 tracks") for n in args.tracks_sizes]
    sized = []
    for case in cases:
        base = args.work / case.name
        shutil.rmtree(base, ignore_errors=True)
        sized.append((case, base, synth.generate(case.sessions, base / "sources", case.per_event, case.per_track)))
    rounds: dict[str, list] = {case.name: [] for case in cases}
    for k in range(max(1, args.repeat)):
        for case, base, sources in sized:
            runs = full_round(case, base, sources, args.jobs, k, baseline)
            rounds[case.name].append(runs)
            print(f"  round {k + 1}, {case.name}: " + ", ".join(f"{n} {v[0]:.1f} s" for n, v in runs.items()), flush=True)
    rows = []
    print(HEADER, flush=True)
    for case, base, sources in sized:
        rows.append(measure(case, base, sources, args.jobs, rounds[case.name]))
        print(table_row(rows[-1]), flush=True)
        (args.work / "results.json").write_text(json.dumps(rows, indent=1) + "\n", encoding="utf-8")
    for shape in dict.fromkeys(c.shape for c in cases):
        if line := growth(rows, shape):
            print(line)


if __name__ == "__main__":
    main()
