"""The whole pipeline: read -> repair -> parse -> assemble -> render, one event folder at a time."""

from __future__ import annotations

import contextlib
import gc
import hashlib
import operator
from collections.abc import Iterator
from dataclasses import dataclass
from functools import partial
from pathlib import Path

from . import memo, parallel
from .assemble import documents as assemble
from .assemble import programme as official
from .diagnostics import Code, Report
from .ingest import read, validate
from .ingest.parse import parse
from .ingest.repair import repair
from .model import Event, KnowledgeBase, ParsedDoc, SourceDoc, Track
from .render import calendars as ics
from .render import index as kbindex
from .render import indexes as render_index
from .render import kbjson, urls
from .render import pages as render_pages
from .render.report import data_quality_pages
from .write import write_all

GUIDE_PAGES = ["links", "guide/index"]
LAST_IN_PARALLEL = 200  # sessions from which the pages made last are made on two cores (equal at 100)


@dataclass(frozen=True, slots=True)
class Result:
    kb: KnowledgeBase
    report: Report
    unplaced: tuple[tuple[str, str], ...] = ()  # (path, repaired text) of documents that made no session


def load(sources: Path) -> Result:
    """Read and understand every document under *sources*; data problems go to the report."""
    report = Report()
    every = {}  # path -> SourceDoc of every document read
    jobs: list[tuple[SourceDoc, Path, str]] = []
    folders = read.event_dirs(sources)
    for folder in folders:
        # what parse's image checks can see: a document's result depends on the folder's other files, never
        # on its documents (cleanup.images drops an image that names one without asking whether it is there),
        # so a rebuild after adding one parses that one alone
        paths = read.listing(folder)
        files = hashlib.sha1("\n".join(p.as_posix() for p in paths if not read.is_document_name(p.name)).encode(
            "utf-8", "surrogatepass")).hexdigest()
        for doc in read.read_event(folder, sources, report, paths):
            every[doc.path] = doc
            jobs.append((doc, folder, files))
    parsed: dict[str, list[ParsedDoc]] = {}
    # cached by content: a rebuild re-parses only the documents that changed
    keys = [memo.key("doc", doc.path, doc.event_dir, hashlib.sha1(doc.raw).hexdigest(), files)
            for doc, _, files in jobs]
    for (_, folder, _), (one, diagnostics) in zip(jobs, parallel.map_cached(keys, _understand_safely, jobs)):
        report.items.extend(diagnostics)
        if one is not None:
            parsed.setdefault(folder.name, []).append(one)
    parts = []
    for folder in folders:
        programme = official.read_programme(folder, sources, report)
        docs = parsed.get(folder.name, [])
        if docs and programme is not None:
            parts.append(official.assemble_event(folder.name, docs, programme, report))
        elif docs:
            parts.append(assemble.assemble_event(folder.name, docs, report))
    events, sessions, speakers = assemble.finish(parts, report)
    placed = {src for s in sessions for src in s.sources} | {src for p in speakers for src in p.sources}
    unplaced = []
    for path in sorted(set(every) - placed):
        text = repair(every[path], Report())  # again, quietly: its problems are reported already
        if text is not None and text.text.strip():
            unplaced.append((path, text.text))
    return Result(KnowledgeBase(tuple(events), tuple(sessions), tuple(speakers)), report, tuple(unplaced))


def _understand_safely(job: tuple[SourceDoc, Path, str], report: Report) -> ParsedDoc | None:
    doc, folder, _ = job
    try:
        return _understand(doc, report, folder)
    except RecursionError:
        # markdown-it recurses on pathological nesting; one bad document must not stop the others
        report.error(doc.path, 1, Code.READ_FAILED, "document is nested too deeply to parse; skipped")
        return None


def _understand(doc: SourceDoc, report: Report, folder: Path) -> ParsedDoc | None:
    text = repair(doc, report)
    if text is None or not text.text.strip():
        return None
    validate.check_links(text, report)
    return parse(text, report, _exists(folder))


def _exists(folder: Path):
    root = folder.resolve()

    def exists(rel: str) -> bool:
        target = (folder / rel).resolve()
        return target.is_file() and root in target.parents
    return exists


def generate(sources: Path, out: Path, cache: Path | None = None, base_url: str = "") -> tuple[Result, dict[str, str],
                                                                                          int, int]:
    """What a build does first: understand *sources* and write the pages under *out* (only files that changed).

    *cache*: the folder for the build cache (Sphinx's doctrees); a rebuild redoes only what changed.
    Returns (result, files, files written, stale files removed).
    """
    result, files = render_all(sources, cache, base_url)
    written, removed = write_all(files, out)
    return result, files, written, removed


def render_all(sources: Path, cache: Path | None = None, base_url: str = "") -> tuple[Result, dict[str, str]]:
    """Everything ``generate`` does but writing the pages: (result, files)."""
    with memo.opened(cache), _no_cycle_collection():
        result = load(sources)
        return result, pages(result, base_url)


@contextlib.contextmanager
def _no_cycle_collection() -> Iterator[None]:
    """The cycle collector off while the pages are made: the pipeline frees what it makes by reference counting
    (a collection after a 1,000-session run finds no garbage), so the collector's 700 passes over the records
    found nothing and cost 0.1 s in each process. Whatever a change brings in is collected when it is back on."""
    was_on = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_on:
            gc.enable()


def pages(result: Result, base_url: str = "") -> dict[str, str]:
    """Every generated file, by path relative to the output folder (*base_url* makes calendar URLs absolute)."""
    kb, report = result.kb, result.report
    out: dict[str, str] = {}
    kbindex.of(kb)  # built once here, so forked workers inherit it
    # A page is cached by its record and by the headlines of its event (titles, times, names and tracks
    # that lists of sessions show): editing an abstract re-renders one page, not the event.
    heads = _headlines(kb)
    jobs = [(f"{render_pages.session_path(s)}.md", render_pages.session_page, s) for s in kb.sessions]
    jobs += [(f"{render_pages.speaker_path(p)}.md", render_pages.speaker_page, p) for p in kb.speakers]
    events_of = {p.slug: sorted({k.split("/", 1)[0] for k in p.sessions}) for p in kb.speakers}
    digest = kbindex.of(kb).digest
    report_link = kbindex.of(kb).report_link
    keys = [memo.key("session-page", digest(s), heads.get(s.event), report_link(s)) for s in kb.sessions]
    keys += [memo.key("speaker-page", digest(p), [heads.get(e) for e in events_of[p.slug]]) for p in kb.speakers]
    # An event's own pages show its record and its sessions' headlines, nothing else: cached by those.
    for e in kb.events:
        jobs += [(f"{e.slug}/index.md", _event_page, e), (f"{urls.schedule_doc(e.slug)}.md", _schedule_page, e)]
        jobs += [(f"{render_pages.track_path(e.slug, t.slug)}.md", _track_page, (e, t)) for t in e.tracks]
        keys += [memo.key("event-page", heads[e.slug]), memo.key("schedule-page", heads[e.slug])]
        keys += [memo.key("track-page", heads[e.slug], t.slug) for t in e.tracks]
    # the calendar entries go to the same workers: one set of processes for both
    vkeys, vjobs, make_vevent = ics.vevent_work(kb, base_url)
    work = [(partial(render, kb), record) for _, render, record in jobs] + [(make_vevent, job) for job in vjobs]
    done = parallel.map_cached(keys + vkeys, lambda job, r: job[0](job[1], r), work)
    ics.keep_vevents(kb, base_url, vkeys, done[len(keys):])
    for (path, _, _), (text, diagnostics) in zip(jobs, done):
        out[path] = text
        report.items.extend(diagnostics)
    # The pages that need every diagnostic: kb.json, the longest, in one process while the other makes the
    # data-quality pages and the speaker index (0.13 s and 0.08 s at 1,000 sessions); a small site forks nothing.
    # (The calendars stay here: joined in a worker, they cost as much to send home as to join.)
    diagnostics = report.sorted()
    makes = [partial(_one, "kb.json", kbjson.dumps, kb, diagnostics)]
    makes += [partial(_data_quality_pages, result, e, diagnostics) for e in kb.events]
    makes += [partial(_one, "speakers/index.md", render_index.speakers_index, kb)]
    if len(kb.sessions) >= LAST_IN_PARALLEL:
        made = parallel.map_ordered(operator.call, makes, 2)
    else:
        made = [make() for make in makes]
    for files in made:
        out.update(files)
    out.update(calendars(kb, base_url))
    out["index.md"] = render_index.home_page(kb, GUIDE_PAGES)
    out[f"{urls.CODES_DOC}.md"] = render_index.codes_page()
    return out


def _one(path: str, make, *args: object) -> dict[str, str]:
    return {path: make(*args)}


def _data_quality_pages(result: Result, e: Event, diagnostics: list) -> dict[str, str]:
    kb = result.kb
    index = kbindex.of(kb)
    # every document of the event has its part of the report (a talk's page links it), beside its session, on
    # its track's page in a large event (kbindex says which)
    mine = {src: s for src, s in index.document_home.items() if s.event == e.slug}
    doc_to_session = {src: render_pages.session_line(kb, s) for src, s in mine.items()}
    placed = {src: index.report_track(src) for src in mine}
    return data_quality_pages(e, diagnostics, doc_to_session, result.unplaced, placed, index.report_tracks[e.slug])


# An event's own pages, in the page renderers' form (knowledge base, record, report): they report nothing.
def _event_page(kb: KnowledgeBase, e: Event, report: Report) -> str:
    return render_index.event_page(kb, e)


def _schedule_page(kb: KnowledgeBase, e: Event, report: Report) -> str:
    return render_index.schedule_page(kb, e)


def _track_page(kb: KnowledgeBase, event_and_track: tuple[Event, Track], report: Report) -> str:
    return render_pages.track_page(kb, *event_and_track)


def _headlines(kb: KnowledgeBase) -> dict[str, str]:
    """A digest, per event, of what other pages show of its sessions and speakers."""
    people = kbindex.of(kb).people
    out = {}
    for e in kb.events:
        sessions = [(s.slug, s.title, s.kind, s.date, s.start, s.end, s.timezone_label, s.track, s.speakers)
                    for s in kb.sessions if s.event == e.slug]
        names = sorted({x for row in sessions for x in row[-1]})
        speakers = [(x, people[x].name, people[x].position, people[x].organization) if x in people else (x,)
                    for x in names]
        out[e.slug] = memo.key("headlines", kbindex.of(kb).digest(e), sessions, speakers)
    return out


def calendars(kb: KnowledgeBase, base_url: str = "") -> dict[str, str]:
    """An .ics file beside each event, track, session and speaker page (same name, ``calendar.ics`` for events)."""
    specs = [(f"{e.slug}/calendar.ics", ics.event_spec(kb, e.slug)) for e in kb.events]
    specs += [(f"{render_pages.track_path(e.slug, t.slug)}.ics", ics.track_spec(kb, e.slug, t.slug))
              for e in kb.events for t in e.tracks]
    specs += [(f"{render_pages.session_path(s)}.ics", ics.session_spec(kb, s.event, s.slug)) for s in kb.sessions]
    specs += [(f"{render_pages.speaker_path(p)}.ics", ics.speaker_spec(kb, p.slug)) for p in kb.speakers]
    texts = ics.join_all(kb, [spec for _, spec in specs], base_url)  # each VEVENT made once, then joined
    return {path: text.decode("utf-8") for (path, _), text in zip(specs, texts)}
