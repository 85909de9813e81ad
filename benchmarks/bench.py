"""Scale benchmark: build synthetic knowledge bases of growing size with furo and with the basic theme.

For each size it prints the full furo build, the same pages with ``-D html_theme=basic``, their ratio, HTML bytes
per page, the largest sidebar, peak memory, preprocessing time (on its own, and how long the full build waited for
it: it runs while Sphinx starts), a rebuild with nothing changed, and two
incremental rebuilds (one abstract edited; one document added) with the number of HTML files each rewrote.
Builds run like ``make html``. With ``--repeat N`` every full build and the preprocessing run N times, in rounds
that take every size in turn (so a machine that changes speed during the run weighs on all sizes alike), and the
edited abstract is edited N times (a new edit each time); the fastest run counts: on a shared machine that is
the run least slowed by others.

    .venv/bin/python benchmarks/bench.py [--sizes 100 500 1000] [--repeat 1] [--work _build/bench] [--jobs auto]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))  # run as a script: the project's packages, tests' helpers included

from tests import synth  # noqa: E402
from tests.conftest import copy_docs, sphinx_command  # noqa: E402
from tests.outputs import SIDEBAR, html_files, rewritten  # noqa: E402
from tools.confkb.pipeline import generate  # noqa: E402

WAITED = re.compile(r"the build waited ([0-9.]+) s for them")  # tools/confkb/sphinx_ext.py says so


def build(src: Path, out: Path, sources: Path, jobs: str, *extra: str) -> tuple[float, int, float, float]:
    """One sphinx-build like `make html`: (seconds, peak resident memory of any build process in MB, CPU seconds,
    seconds the build waited for its pages).

    CPU seconds (user and system, of the build and every process it waited for) vary less than wall time on a
    shared machine, so growth is also given in CPU time.
    """
    settle()
    cmd, env = sphinx_command(src, out, sources, "-j", jobs, *extra, strict=False, quiet=False,
                              env=dict(os.environ))
    start = time.perf_counter()
    with tempfile.TemporaryFile("w+", encoding="utf-8") as log:  # Sphinx's progress, read once it is done
        proc = subprocess.Popen(cmd, env=env, stdout=log, stderr=subprocess.PIPE, text=True)
        _, status, usage = os.wait4(proc.pid, 0)  # usage covers the build and every process it waited for
        seconds = time.perf_counter() - start
        log.seek(0)
        waited = WAITED.search(log.read())
    err = proc.stderr.read() if proc.stderr else ""
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"build failed: {' '.join(cmd)}\n{err[-3000:]}")
    if err.strip():
        print(f"  warnings ({out.name}): {err.strip().splitlines()[0][:200]}", file=sys.stderr)
    return seconds, usage.ru_maxrss // 1024, usage.ru_utime + usage.ru_stime, float(waited.group(1)) if waited else 0.0


def settle() -> None:
    """Write out what earlier steps left in memory, so that no step pays for the writes of the one before."""
    os.sync()


def set_aside(folder: Path) -> Path | None:
    """Move an old work folder out of the way; it is deleted once everything is measured.

    Deleting hundreds of megabytes makes the file system slow to create files for a while after (creating
    2,000 small files took 4 to 6 times as long right after such a delete on the benchmark's machine), which
    would be billed to whatever step came next.
    """
    if not folder.exists():
        return None
    trash = folder.with_name(f"{folder.name}.old-{os.getpid()}")
    folder.rename(trash)
    return trash


def prepare(n: int, work: Path, trash: list[Path], per_event: int = synth.PER_EVENT) -> tuple[Path, Path]:
    """The work folder of one size and its synthetic sources: (folder, sources)."""
    base = work / (str(n) if per_event == synth.PER_EVENT else f"{n}-in-events-of-{per_event}")
    old = set_aside(base)
    if old:
        trash.append(old)
    return base, synth.generate(n, base / "sources", per_event)  # <sources>/<event>/<documents>


def full_round(base: Path, sources: Path, jobs: str, k: int) -> tuple[float, tuple, tuple]:
    """Round *k* of one size: the preprocessing alone (what the extension does at builder-inited: read ..
    write, with a new cache), then the full furo build and the same pages with the basic theme, each from and
    into new folders. (seconds, furo build, basic build)"""
    settle()
    start = time.perf_counter()
    generate(sources, base / f"preprocessed-{k}", base / f"preprocessing-cache-{k}")
    pre = time.perf_counter() - start
    furo = build(copy_docs(base / f"furo-docs-{k}"), base / f"furo-html-{k}", sources, jobs)
    basic = build(copy_docs(base / f"basic-docs-{k}"), base / f"basic-html-{k}", sources, jobs, "-D", "html_theme=basic")
    return pre, furo, basic


def measure(n: int, base: Path, sources: Path, jobs: str, rounds: list[tuple[float, tuple, tuple]],
            per_event: int = synth.PER_EVENT) -> dict[str, object]:
    """One size's row: its full *rounds* (the fastest of each kind counts), then the rebuilds."""
    repeat = len(rounds)
    pre = min(r[0] for r in rounds)
    furo, basic = [r[1] for r in rounds], [r[2] for r in rounds]
    row: dict[str, object] = {"sessions": n, "per_event": per_event, "preprocessing_s": round(pre, 2),
                              "repeat": repeat, "preprocessing_all_s": [round(r[0], 2) for r in rounds]}
    furo_src = base / f"furo-docs-{repeat - 1}"
    furo_out, basic_out = base / f"furo-html-{repeat - 1}", base / f"basic-html-{repeat - 1}"
    row["furo_s"], row["furo_peak_mb"], row["furo_cpu_s"], row["waited_s"] = min(furo)
    row["basic_s"], row["basic_peak_mb"], row["basic_cpu_s"], _ = min(basic)
    row["furo_all_s"] = [round(x[0], 1) for x in furo]
    row["basic_all_s"] = [round(x[0], 1) for x in basic]
    row["furo_cpu_all_s"] = [round(x[2], 1) for x in furo]
    row["ratio"] = round(row["furo_s"] / row["basic_s"], 2)  # type: ignore[operator]
    settle()
    start = time.perf_counter()  # preprocessing again, with its cache and its pages in place (a rebuild's case)
    _, files, _, _ = generate(sources, base / f"preprocessed-{repeat - 1}", base / f"preprocessing-cache-{repeat - 1}")
    row["preprocessing_warm_s"] = round(time.perf_counter() - start, 1)
    pages_html = [p for p in furo_out.rglob("*.html")]
    row["pages"] = len(pages_html)
    row["generated_pages"] = sum(1 for k in files if k.endswith(".md"))
    row["bytes_per_page"] = sum(p.stat().st_size for p in pages_html) // len(pages_html)
    row["basic_bytes_per_page"] = sum(p.stat().st_size for p in basic_out.rglob("*.html")) // len(pages_html)
    sidebars = [SIDEBAR.search(p.read_text(encoding="utf-8")) for p in pages_html]
    row["max_sidebar_links"] = max((m.group(1).count("<a ") for m in sidebars if m), default=0)
    row["max_sidebar_bytes"] = max((len(m.group(1)) for m in sidebars if m), default=0)
    # a rebuild with nothing changed: what any rebuild costs before it does anything (start-up, loading)
    row["noop_s"] = round(build(furo_src, furo_out, sources, jobs)[0], 1)
    # an edited abstract *repeat* times (each a new edit; the fastest counts, as for the full builds), then one
    # added document
    for name, change, times in (("edit", synth.edit_abstract, repeat), ("add", synth.add_document, 1)):
        runs = []
        for _ in range(times):
            before = html_files(furo_out)
            time.sleep(0.01)  # distinct mtimes
            change(sources)
            runs.append(build(furo_src, furo_out, sources, jobs)[0])
            files = rewritten(before, furo_out)
        row[f"{name}_s"], row[f"{name}_rewritten"], row[f"{name}_files"] = round(min(runs), 2), len(files), files
        row[f"{name}_all_s"] = [round(x, 2) for x in runs]
    for k in ("furo_s", "basic_s", "furo_cpu_s", "basic_cpu_s"):
        row[k] = round(row[k], 1)  # type: ignore[call-overload]
    row["preprocessing_pct"] = round(100 * pre / row["furo_s"], 1)  # type: ignore[operator]
    row["waited_pct"] = round(100 * row["waited_s"] / row["furo_s"], 1)  # type: ignore[operator]
    row["edit_pct"] = round(100 * row["edit_s"] / row["furo_s"], 1)  # type: ignore[operator]
    return row


def machine() -> str:
    cpu = ""
    try:
        cpu = next(ln.split(":", 1)[1].strip() for ln in Path("/proc/cpuinfo").read_text().splitlines()
                   if ln.startswith("model name"))
    except (OSError, StopIteration):
        cpu = platform.processor()
    mem = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") // 2**30
    import furo
    import sphinx
    return (f"{cpu}, {os.cpu_count()} cores, {mem} GB RAM; {platform.system()} {platform.release()}; "
            f"Python {platform.python_version()}, Sphinx {sphinx.__version__}, furo {furo.__version__}; "
            f"load average at start {os.getloadavg()[0]:.1f}")


HEADER = ("| sessions | pages | furo | basic | ratio | CPU furo / basic | bytes/page (basic) | max sidebar links | "
          "peak memory | preprocessing | build waits for its pages | nothing changed | edit one abstract | "
          "add one document |\n"
          "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|")


def table_row(r: dict) -> str:
    sessions = r["sessions"] if r.get("per_event", synth.PER_EVENT) == synth.PER_EVENT \
        else f"{r['sessions']} (events of {r['per_event']})"
    return (f"| {sessions} | {r['pages']} | {r['furo_s']} s | {r['basic_s']} s | {r['ratio']} | "
            f"{r['furo_cpu_s']} s / {r['basic_cpu_s']} s | "
            f"{r['bytes_per_page']:,} ({r['basic_bytes_per_page']:,}) | {r['max_sidebar_links']} | "
            f"{r['furo_peak_mb']} MB | {r['preprocessing_s']} s ({r['preprocessing_pct']} %), "
            f"{r['preprocessing_warm_s']} s cached | {r['waited_s']:.2f} s ({r['waited_pct']} %) | {r['noop_s']} s | "
            f"{r['edit_s']} s ({r['edit_pct']} %), {r['edit_rewritten']} files | "
            f"{r['add_s']} s, {r['add_rewritten']} files |")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", type=int, nargs="+",
                    default=[int(x) for x in os.environ.get("BENCH_SIZES", "100 500 1000").split()])
    # Beside the project's own build (_build/html), where `make html` writes: the benchmark's machine creates
    # files in /tmp four to six times slower than in the project's folder, on the same disk.
    ap.add_argument("--work", type=Path, default=ROOT / "_build" / "bench")
    ap.add_argument("--jobs", default="auto", help="sphinx-build -j (as make html)")
    ap.add_argument("--repeat", type=int, default=int(os.environ.get("BENCH_REPEAT", "1")),
                    help="run each full build and the preprocessing this many times; the fastest run counts")
    # FOSDEM's shape: one event of 800 talks (BENCH_SIZES=800 BENCH_PER_EVENT=800)
    ap.add_argument("--per-event", type=int, default=int(os.environ.get("BENCH_PER_EVENT", synth.PER_EVENT)),
                    help=f"sessions in each synthetic event (default {synth.PER_EVENT})")
    args = ap.parse_args()
    print(machine(), flush=True)
    rows: list[dict] = []
    trash: list[Path] = []
    sized = [(n, *prepare(n, args.work, trash, args.per_event)) for n in args.sizes]
    # The full builds run in rounds, every size in each round (100, 500, 1,000, then again), so that a machine
    # that slows down or speeds up during the run weighs on every size alike: growth is a ratio within a round.
    rounds: dict[int, list] = {n: [] for n in args.sizes}
    for k in range(max(1, args.repeat)):
        for n, base, sources in sized:
            rounds[n].append(full_round(base, sources, args.jobs, k))
            pre, furo, basic = rounds[n][-1]
            print(f"  round {k + 1}, {n} sessions: preprocessing {pre:.2f} s, furo {furo[0]:.1f} s "
                  f"({furo[2]:.1f} s CPU), basic {basic[0]:.1f} s ({basic[2]:.1f} s CPU)", flush=True)
        by_size = {n: rounds[n][k] for n in args.sizes}
        if 500 in by_size and 1000 in by_size:
            print(f"  round {k + 1}, growth 500 -> 1000 sessions: "
                  f"{by_size[1000][1][0] / by_size[500][1][0]:.2f} x (furo), "
                  f"{by_size[1000][2][0] / by_size[500][2][0]:.2f} x (basic)", flush=True)
    print(HEADER, flush=True)
    for n, base, sources in sized:
        rows.append(measure(n, base, sources, args.jobs, rounds[n], args.per_event))
        print(table_row(rows[-1]), flush=True)
        (args.work / "results.json").write_text(json.dumps(rows, indent=1) + "\n", encoding="utf-8")
    by = {r["sessions"]: r for r in rows}
    if 500 in by and 1000 in by:
        print(f"growth 500 -> 1000 sessions: {by[1000]['furo_s'] / by[500]['furo_s']:.2f} x (furo), "
              f"{by[1000]['basic_s'] / by[500]['basic_s']:.2f} x (basic); in CPU time "
              f"{by[1000]['furo_cpu_s'] / by[500]['furo_cpu_s']:.2f} x (furo), "
              f"{by[1000]['basic_cpu_s'] / by[500]['basic_cpu_s']:.2f} x (basic)")
    for old in trash:
        shutil.rmtree(old, ignore_errors=True)


if __name__ == "__main__":
    main()
