"""The real archive at scale: GOSIM and the real published programmes of tests/data/schedules built as one site.

Times full builds with furo and with the basic theme, alternating (the fastest of --repeat rounds counts), then
opens the largest event's schedule page and its largest room page in Chromium at phone width (390 px) and records
whether the page scrolls sideways and what it weighs (HTML, and every response the page loads).

    .venv/bin/python benchmarks/archive_bench.py [--repeat 2] [--work _build/bench-archive] [--jobs auto]
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from benchmarks.bench import build, machine  # noqa: E402
from tests.conftest import copy_docs  # noqa: E402
from tools.archive_sources import gather  # noqa: E402

CHROMIUM = "/usr/bin/chromium"


def largest_event(sources: Path, html: Path) -> str:
    """The event folder whose site has the most session pages."""
    return max((p.name for p in sources.iterdir() if p.is_dir()),
               key=lambda e: len(list((html / e / "sessions").glob("*.html"))))


def on_phone(pages: list[Path], html: Path) -> list[dict]:
    """Each page at 390 px in Chromium, served from disk: sideways overflow and weight."""
    from playwright.sync_api import sync_playwright
    out = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM)
        for page_file in pages:
            page = browser.new_page(viewport={"width": 390, "height": 844})
            # by address: Chromium may or may not report the page itself as a finished request from disk
            loaded: dict[str, int] = {page_file.resolve().as_uri(): page_file.stat().st_size}

            def finished(request, loaded=loaded) -> None:
                size = (request.sizes() or {}).get("responseBodySize", 0)
                loaded[request.url] = max(loaded.get(request.url, 0), size)

            page.on("requestfinished", finished)
            page.goto(page_file.resolve().as_uri(), wait_until="load")
            widths = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
            height = page.evaluate("document.documentElement.scrollHeight")
            out.append({"page": page_file.relative_to(html).as_posix(), "html_bytes": page_file.stat().st_size,
                        "loaded_bytes": sum(loaded.values()), "requests": len(loaded),
                        "scroll_width": widths[0], "viewport": widths[1], "height_px": height,
                        "sideways": widths[0] > widths[1]})
            page.close()
        browser.close()
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=1, help="furo/basic rounds; the fastest counts")
    ap.add_argument("--work", type=Path, default=ROOT / "_build" / "bench-archive")
    ap.add_argument("--jobs", default="auto")
    args = ap.parse_args()
    print(machine(), flush=True)
    sources = args.work / "sources"
    events = gather(sources, ROOT / "sources", ROOT / "tests" / "data" / "schedules")
    print(f"{len(events)} events: {', '.join(events)}", flush=True)
    runs: dict[str, list[float]] = {"furo": [], "basic": []}
    for k in range(max(1, args.repeat)):
        order = ["furo", "basic"] if k % 2 == 0 else ["basic", "furo"]
        for theme in order:
            extra = ("-D", "html_theme=basic") if theme == "basic" else ()
            src = copy_docs(args.work / f"{theme}-docs-{k}")
            seconds = build(ROOT, src, args.work / f"{theme}-html-{k}", sources, args.jobs, *extra)[0]
            runs[theme].append(seconds)
            print(f"  round {k + 1}: {theme} {seconds:.1f} s", flush=True)
    html = args.work / f"furo-html-{args.repeat - 1}"
    pages = list(html.rglob("*.html"))
    sessions = len(json.loads((html / "kb.json").read_text(encoding="utf-8"))["sessions"])  # not redirect pages
    event = largest_event(sources, html)
    rooms = sorted((html / event / "rooms").glob("*.html"), key=lambda p: p.stat().st_size)
    checked = [html / event / "schedule.html"] + ([rooms[-1]] if rooms else [])
    row = {"events": len(events), "sessions": sessions, "pages": len(pages),
           "furo_s": round(min(runs["furo"]), 1), "basic_s": round(min(runs["basic"]), 1),
           "furo_all_s": [round(x, 1) for x in runs["furo"]], "basic_all_s": [round(x, 1) for x in runs["basic"]],
           "largest_event": event, "phone": on_phone(checked, html) if os.path.exists(CHROMIUM) else []}
    row["ratio"] = round(row["furo_s"] / row["basic_s"], 2)
    print(f"| events | sessions | pages | furo | basic | furo / basic |\n|---|---|---|---|---|---|\n"
          f"| {row['events']} | {sessions:,} | {len(pages):,} | {row['furo_s']} s | {row['basic_s']} s | {row['ratio']} |")
    for p in row["phone"]:
        print(f"  390 px {p['page']}: {p['html_bytes']:,} B HTML, {p['loaded_bytes']:,} B loaded in {p['requests']} "
              f"requests, {p['height_px']:,} px tall, {'SCROLLS SIDEWAYS' if p['sideways'] else 'no sideways scroll'}")
    (args.work / "results.json").write_text(json.dumps(row, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
