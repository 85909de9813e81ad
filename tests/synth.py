"""Synthetic sources for the scale benchmark: the real GOSIM documents with new names, titles, tracks and times.

Every synthetic document is a real document (same sections, same length, same mess after repair) in which the
speaker's name, the talk's title, the track, the date, the time and the event are replaced, so the pipeline and
Sphinx see the shapes they see in real life, at any size.

    .venv/bin/python tests/synth.py --sessions 1000 --out /tmp/synth-1000
"""

from __future__ import annotations

import argparse
import random
import re
import shutil
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from tools.confkb.diagnostics import Report  # noqa: E402
from tools.confkb.ingest import read  # noqa: E402
from tools.confkb.ingest.parse import parse  # noqa: E402
from tools.confkb.ingest.repair import repair  # noqa: E402
from tools.confkb.model import Session  # noqa: E402
from tools.confkb.pipeline import load  # noqa: E402

REAL = ROOT / "sources" / "gosim-ai-paris-2025"
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December")
FIRST = ("Ada", "Bruno", "Chiara", "Dmitri", "Elif", "Farid", "Greta", "Hiro", "Ines", "Jonas", "Kaja", "Lucian",
         "Maren", "Nikolai", "Odile", "Pavel", "Quentin", "Rosa", "Sven", "Tamsin", "Ulrich", "Vera", "Wiebke",
         "Xavier", "Yara", "Zoltan", "Amara", "Bastien", "Celeste", "Dario", "Esme", "Florin", "Gaia", "Henrik",
         "Ilse", "Joaquin", "Kirsi", "Leandro", "Mirela", "Noor")
LAST = ("Abernathy", "Bellweather", "Castellanos", "Drummond", "Eskildsen", "Fairbanks", "Gallwey", "Halvorsen",
        "Ingleby", "Jaramillo", "Kowalczyk", "Lindqvist", "Marchetti", "Nakashima", "Oyelaran", "Pemberton",
        "Quirke", "Rasmussen", "Sokolova", "Thornbury", "Uchida", "Valdivia", "Wexley", "Xanthos", "Yilmazer",
        "Zabrowski", "Achterberg", "Brightwater", "Cuthbertson", "Delacroix", "Engstrom", "Fennimore",
        "Grimaldi", "Hawthorne", "Ivanescu", "Jablonski", "Kellerman", "Lockhart", "Montague", "Northcott")
ADJ = ("Scalable", "Private", "Verifiable", "Federated", "Sparse", "Multimodal", "Embedded", "Reliable",
       "Incremental", "Distributed", "Adaptive", "Efficient", "Transparent", "Portable", "Composable", "Robust",
       "Interpretable", "Secure", "Open", "Lightweight", "Streaming", "Symbolic", "Probabilistic", "Green")
NOUN = ("Retrieval", "Inference", "Agents", "Compilers", "Datasets", "Robotics", "Embeddings", "Schedulers",
        "Runtimes", "Benchmarks", "Pipelines", "Tokenisers", "Simulators", "Planners", "Databases", "Kernels",
        "Protocols", "Evaluators", "Optimisers", "Sensors", "Toolchains", "Registries", "Gateways", "Notebooks")
DOMAIN = ("Healthcare", "Climate Models", "Small Devices", "Public Services", "Scientific Computing", "Education",
          "Open Hardware", "Finance", "Agriculture", "Language Archives", "Space Missions", "Energy Grids",
          "City Transport", "Legal Texts", "Music", "Wikipedia", "Satellite Images", "Chip Design", "Genomics",
          "Accessibility")
TRACK_WORDS = ("Systems", "Models", "Data", "Robots", "Science", "Tools", "Community", "Security", "Compilers",
               "Web", "Hardware", "Research", "Policy", "Education", "Graphics", "Audio", "Networks", "Storage",
               "Kernel", "Cloud", "Mobile", "Games", "Testing", "Design", "Languages", "Maps", "Health", "Space")
EVENT_WORDS = ("Open Source", "Free Software", "Open Models", "Open Hardware", "Open Data", "Community AI",
               "Open Science", "Open Infrastructure")
SLOT_MINUTES, GAP_MINUTES, SLOTS_PER_DAY = 40, 5, 6


@dataclass(frozen=True, slots=True)
class Template:
    """A real document after repair, and the strings in it that the generator replaces."""

    text: str
    suffix: str
    speaker: tuple[str, ...]
    title: str
    track: str
    tagline: str
    date: str
    time: str
    event: str
    dates: str


def templates() -> list[Template]:
    """The real GOSIM documents that have a speaker, a title, a track, a date and a time."""
    report = Report()
    out = []
    for doc in read.read_event(REAL, REAL.parent, report):
        text = repair(doc, report)
        if text is None:
            continue
        d = parse(text, report)
        needed = (d.speaker_name, d.title, d.track_name, d.date_text, d.time_text, d.event_name)
        if all(needed) and all(x in text.text for x in needed):
            speaker = tuple(x for x in (d.speaker_name_as_written, d.speaker_name) if x)
            out.append(Template(text.text, Path(doc.path).suffix, speaker, d.title, d.track_name,
                                d.track_tagline, d.date_text, d.time_text, d.event_name, d.event_dates))
    return out


def _sample(rng: random.Random, n: int, *lists: tuple[str, ...]) -> list[tuple[str, ...]]:
    """*n* distinct combinations, one word from each list."""
    seen: set[tuple[str, ...]] = set()
    out = []
    while len(out) < n:
        combo = tuple(rng.choice(words) for words in lists)
        if combo not in seen:
            seen.add(combo)
            out.append(combo)
    return out


def _date(year: int, month: int, day: int) -> str:
    return f"{MONTHS[month - 1]} {day}, {year}"


def _hhmm(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


PER_EVENT = 250  # sessions in each synthetic event


def generate(sessions: int, out: Path, per_event: int = PER_EVENT, per_track: int = 12, seed: int = 2025) -> Path:
    """Write *sessions* synthetic documents (one speaker each) into event folders under *out*."""
    rng = random.Random(seed)
    real = templates()
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    names = [" ".join(x) for x in _sample(rng, sessions, FIRST, LAST)] if sessions <= len(FIRST) * len(LAST) \
        else [f"{f} {m}. {la}" for f, m, la in _sample(rng, sessions, FIRST, tuple("ABCDEFGHJKLMNPRSTW"), LAST)]
    titles = [f"{a} {n} for {d}" for a, n, d in _sample(rng, sessions, ADJ, NOUN, DOMAIN)]
    n_events = -(-sessions // per_event)
    for k in range(n_events):
        year = 2010 + k
        event = f"{EVENT_WORDS[k % len(EVENT_WORDS)]} Summit {year}"
        folder = out / _slug(event)
        folder.mkdir()
        count = min(per_event, sessions - k * per_event)
        n_tracks = max(1, -(-count // per_track))
        tracks = [f"{a} {b}" for a, b in _sample(rng, n_tracks, TRACK_WORDS, TRACK_WORDS) if a != b][:n_tracks]
        while len(tracks) < n_tracks:
            tracks.append(f"{TRACK_WORDS[len(tracks) % len(TRACK_WORDS)]} Track {len(tracks)}")
        days = -(-per_track // SLOTS_PER_DAY)
        dates = f"{MONTHS[4]} {5}-{5 + days - 1}, {year}" if days > 1 else _date(year, 5, 5)
        for i in range(count):
            n = k * per_event + i
            t = real[n % len(real)]
            track_no, place = i % n_tracks, i // n_tracks  # tracks fill in parallel, slot by slot
            day, slot = divmod(place, SLOTS_PER_DAY)
            start = 9 * 60 + slot * (SLOT_MINUTES + GAP_MINUTES)
            time = re.sub(r"\d{1,2}:\d{2}\s*[-–—]+\s*\d{1,2}:\d{2}", f"{_hhmm(start)} - {_hhmm(start + SLOT_MINUTES)}",
                          t.time, count=1)
            text = t.text
            for old, new in ((t.title, titles[n]), (t.event, event), (t.dates, dates), (t.date, _date(year, 5, 5 + day)),
                             (t.time, time), (t.track, tracks[track_no])):
                if old:
                    text = text.replace(old, new)
            for old in t.speaker:
                text = text.replace(old, names[n])
            first, last = names[n].split()[0], names[n].split()[-1]
            for old in {w for x in t.speaker for w in x.split()[-2:] if len(w) > 2 and w != "Dr."}:
                text = re.sub(rf"\b{re.escape(old)}\b", last if old == t.speaker[-1].split()[-1] else first, text)
            name = f"{_slug(names[n])}_{'_'.join(titles[n].split())}_en{t.suffix}"
            (folder / name).write_text(text, encoding="utf-8")
    return out


EDITED = "This talk was edited for the benchmark. "
ADDED_TITLE = "Benchmarks for Growing Knowledge Bases"


def edit_abstract(sources: Path) -> Session:
    """Change the first line of one session's abstract in its source document; returns that session."""
    kb = load(sources).kb
    s = next(x for x in kb.sessions if x.abstract and x.sources)
    path = sources.parent / s.sources[0]
    text = path.read_text(encoding="utf-8")
    key = next(ln.strip() for ln in s.abstract.splitlines() if len(ln.strip()) > 20)[:40]
    if key not in text:
        raise SystemExit(f"cannot find the abstract of {s.slug} in {path}")
    path.write_text(text.replace(key, EDITED + key, 1), encoding="utf-8")
    return s


def add_document(sources: Path) -> Session:
    """A new talk (ADDED_TITLE) by a new speaker, in the track and time slot of an existing one, which is returned."""
    kb = load(sources).kb
    s = next(x for x in kb.sessions if x.sources and len(x.speakers) == 1)
    speaker = next(p for p in kb.speakers if p.slug == s.speakers[0])
    path = sources.parent / s.sources[0]
    text = path.read_text(encoding="utf-8").replace(s.title, ADDED_TITLE).replace(speaker.name, "Newton Newcomer")
    (path.parent / "newton-newcomer_Benchmarks_for_Growing_Knowledge_Bases_en.md").write_text(text, "utf-8")
    return s


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sessions", type=int, default=100)
    ap.add_argument("--per-event", type=int, default=250, help="sessions per event (an archive has many)")
    ap.add_argument("--out", type=Path, required=True)
    args = ap.parse_args()
    generate(args.sessions, args.out, args.per_event)
    print(f"{args.sessions} sessions written to {args.out}")


if __name__ == "__main__":
    main()
