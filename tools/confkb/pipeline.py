"""The whole pipeline: read -> repair -> parse -> assemble -> render -> write, one event folder at a time."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from .assemble import corrected, documents, imported, photos, programme, roster, slugs
from .cache import BuildCache, key
from .diagnostics import Code, Report
from .ingest import read, schedule, validate, values
from .ingest.corrections import Corrections, read_corrections
from .ingest.parse import parse
from .ingest.repair import repair
from .ingest.withhold import Policy, withhold
from .model import Event, KnowledgeBase, ParsedDoc, SourceDoc, TextDoc
from .render import calendars, exports, grid, indexes, kbjson, myst, picks, rooms, urls
from .render.pages import session_line, session_page, speaker_page, track_page
from .render.redirect import redirect_page
from .render.report import data_quality_pages
from .write import write_all

GUIDE_PAGES = ["links", "guide/index"]


@dataclass(frozen=True, slots=True)
class Result:
    kb: KnowledgeBase
    report: Report
    unplaced: tuple[tuple[str, str], ...] = ()  # (path, repaired text) of documents that made no session
    moved: tuple[tuple[str, str], ...] = ()  # (former page, page now): a redirect is published at the former
    photos: tuple[tuple[str, bytes], ...] = ()  # (site path, bytes) of each speaker's thumbnail


def load(sources: Path, cache: BuildCache | None = None) -> Result:
    """Read and understand every document under *sources*; data problems go to the report."""
    cache = cache or BuildCache()
    report = Report()
    every = {}  # path -> SourceDoc of every document read
    parsed: dict[str, list[ParsedDoc]] = {}
    folders = read.event_dirs(sources)
    fixes = {f.name: read_corrections(f, f"{sources.name}/{f.name}", report) for f in folders}
    for folder in folders:
        corrections = fixes[folder.name]
        policy = corrections.policy()
        # what parse's image checks can see: a document's result depends on the folder's other files, never
        # on its documents (cleanup.images drops an image that names one), so adding a talk parses it alone
        paths = read.listing(folder)
        files = key("files", [p.as_posix() for p in paths if not read.is_document_name(p.name)])
        for doc in read.read_event(folder, sources, report, paths):
            every[doc.path] = doc
            k = key("doc", doc.path, doc.event_dir, hashlib.sha1(doc.raw).hexdigest(), files, repr(policy))
            one = cache.cached(k, report, lambda r, doc=doc, folder=folder, policy=policy:
                               _understand_safely(doc, folder, policy, r))
            if one is not None:
                corrections.mark(one[1])
                parsed.setdefault(folder.name, []).append(corrected.document(one[0], corrections))
    parts = []
    named: dict[str, tuple[Path, programme.Programme]] = {}  # event -> the programme that names its pictures
    for folder in folders:
        docs = parsed.get(folder.name, [])
        published = _published(folder, sources, fixes[folder.name], report)
        if published is not None:  # a schedule.xml/.json/.ics: its talks are the sessions, documents add to them
            if published.conference is not None:
                parts.append(imported.assemble_event(folder.name, published.conference, docs, report))
            elif docs:
                parts.append(documents.assemble_event(folder.name, docs, report))
            continue
        listed = programme.read_programme(folder, sources, report)
        if listed is not None:
            listed = corrected.programme(listed, folder, fixes[folder.name], report)
        if listed is not None:
            named[slugs.make(folder.name, "event")] = (folder, listed)
        if docs and listed is not None:
            parts.append(programme.assemble_event(folder.name, docs, listed, report))
        elif docs:
            parts.append(documents.assemble_event(folder.name, docs, report))
    by_event = {slugs.make(f, "event"): c for f, c in fixes.items()}
    events, sessions, speakers = documents.finish(parts, report, by_event)
    roster.account(sources, folders, speakers, report)
    for corrections in fixes.values():
        corrections.finish(report)
    kb, thumbnails = photos.attach(KnowledgeBase(tuple(events), tuple(sessions), tuple(speakers)), named, report)
    moved = {urls.session_doc_at(p.event.slug, old): urls.session_doc_at(p.event.slug, new)
             for p in parts for old, new in p.moved.items()} | _renamed(kb, fixes)
    placed = {src for s in sessions for src in s.sources} | {src for p in speakers for src in p.sources}
    unplaced = []
    for path in sorted(set(every) - placed):
        text = repair(every[path], Report())  # again, quietly: its problems are reported already
        if text is not None and text.text.strip():
            unplaced.append((path, text.text))
    pages = {urls.session_doc(x) for x in sessions} | {urls.speaker_doc(x) for x in speakers}
    return Result(kb, report, tuple(unplaced), tuple(sorted((a, b) for a, b in moved.items() if a not in pages)),
                  tuple(sorted(thumbnails.items())))


def _published(folder: Path, sources: Path, corrections: Corrections, report: Report) -> schedule.Imported | None:
    """The folder's published programme (schedule.xml, .json or .ics), or None when it has none."""
    published = schedule.read_schedule(folder, sources, report, corrections.policy(), folder.name)
    if published is not None:
        corrections.mark(published.used)
    return published


def _renamed(kb: KnowledgeBase, fixes: dict[str, Corrections]) -> dict[str, str]:
    """Former page -> new page of each speaker and session that a correction renamed (published links stay)."""
    out = {}
    for folder, corrections in fixes.items():
        event = slugs.make(folder, "event")
        for c in corrections.entries:
            if c.kind == "speaker":
                now = [urls.speaker_doc(p) for p in kb.speakers if p.name == c.value]
                before = urls.speaker_doc_at(slugs.make(values.clean_name(c.match), "speaker"))
            elif c.kind == "session":
                now = [urls.session_doc(s) for s in kb.sessions if s.event == event and s.title == c.value]
                before = urls.session_doc_at(event, slugs.make(c.match, "session"))
            else:
                continue
            if len(now) == 1 and now[0] != before:
                out[before] = now[0]
    return out


def _understand_safely(doc: SourceDoc, folder: Path, policy: Policy,
                       report: Report) -> tuple[ParsedDoc, frozenset[int]] | None:
    """What *doc* says, with what a rule doubts withheld; and the lines of the corrections that applied."""
    try:
        text = repair(doc, report)
        if text is None or not text.text.strip():
            return None
        kept = withhold(text.text, doc.path, 1, policy, report, doc.event_dir)
        text = TextDoc(text.path, text.event_dir, kept.text)
        validate.check_links(text, report)
        return parse(text, report, _exists(folder)), frozenset(kept.used)
    except RecursionError:
        # markdown-it recurses on pathological nesting; one bad document must not stop the others
        report.error(doc.path, 1, Code.READ_FAILED, "document is nested too deeply to parse; skipped")
        return None


def _exists(folder: Path):
    root = folder.resolve()

    def exists(rel: str) -> bool:
        target = (folder / rel).resolve()
        return target.is_file() and root in target.parents
    return exists


def generate(sources: Path, out: Path, cache_folder: Path | None = None, base_url: str = "",
             ) -> tuple[Result, dict[str, str | bytes], int, int]:
    """What a build does first: understand *sources* and write the pages under *out* (only files that changed).

    *cache_folder*: where the build cache lives (Sphinx's doctrees); a rebuild redoes only what changed.
    Returns (result, files, files written, stale files removed).
    """
    cache = BuildCache(cache_folder)
    result = load(sources, cache)
    files = pages(result, base_url, cache)
    cache.save()
    written, removed = write_all(files, out)
    return result, files, written, removed


def pages(result: Result, base_url: str = "", cache: BuildCache | None = None) -> dict[str, str | bytes]:
    """Every generated file, by path relative to the output folder (*base_url* makes calendar URLs absolute);
    text, or bytes for the speakers' thumbnails."""
    cache = cache or BuildCache()
    kb, report = result.kb, result.report
    out: dict[str, str | bytes] = dict(result.photos)
    # A page is cached by its record and by the headlines of its event (titles, times, names and tracks
    # that lists of sessions show): editing an abstract re-renders one page, not the event.
    heads = _headlines(kb)
    digest = kb.index.digest
    events_of = {p.slug: sorted({k.split("/", 1)[0] for k in p.sessions}) for p in kb.speakers}
    jobs = [(f"{urls.session_doc(s)}.md", key("session-page", digest(s), heads.get(s.event), kb.index.report_link(s)),
             session_page, s) for s in kb.sessions]
    jobs += [(f"{urls.speaker_doc(p)}.md", key("speaker-page", digest(p), [heads.get(e) for e in events_of[p.slug]]),
              speaker_page, p) for p in kb.speakers]
    # An event's own pages show its record and its sessions' headlines, nothing else: cached by those.
    for e in kb.events:
        jobs += [(f"{urls.event_doc(e)}.md", key("event-page", heads[e.slug]), _event_page, e),
                 (f"{urls.schedule_doc(e.slug)}.md", key("schedule-page", heads[e.slug]), _schedule_page, (e, None)),
                 (f"{picks.my_schedule_doc(e.slug)}.md", key("my-schedule", heads[e.slug]), _my_schedule_page, e)]
        order = grid.days([s for s in kb.sessions if s.event == e.slug])  # a page per day, the first above
        jobs += [(f"{grid.day_doc(e.slug, d, '')}.md", key("schedule-page", heads[e.slug], d), _schedule_page, (e, d))
                 for d in order[1:]]
        jobs += [(f"{urls.track_doc(e.slug, t.slug)}.md", key("track-page", heads[e.slug], t.slug), _track_page, (e, t))
                 for t in e.tracks]
        if e.rooms:  # a programme that names rooms: a page per room and their list
            jobs += [(f"{urls.rooms_doc(e.slug)}.md", key("rooms-page", heads[e.slug]), _rooms_page, e)]
            jobs += [(f"{urls.room_doc(e.slug, r.slug)}.md", key("room-page", heads[e.slug], r), _room_page, (e, r))
                     for r in e.rooms]
    for path, k, make, record in jobs:
        out[path] = cache.cached(k, report, lambda r, make=make, record=record: make(kb, record, r))
    diagnostics = report.sorted()  # the pages below show every diagnostic, the pages' own included
    out["kb.json"] = kbjson.dumps(kb, diagnostics)
    for e in kb.events:
        out.update(_data_quality_pages(result, e, diagnostics))
    out["speakers/index.md"] = indexes.speakers_index(kb)
    out.update(_calendars(kb, base_url, cache))
    for e in kb.events:  # the schedule exports apps read, published beside the event's pages
        out.update(exports.schedule_files(kb, e, base_url))
        out[f"{e.slug}/{picks.SESSIONS_JSON}"] = picks.sessions_json(kb, e)  # what my-schedule reads
    for before, now in result.moved:
        out[f"{before}.html"] = redirect_page(before, now)
    homes = [e.source_dir for e in kb.events]
    unbuilt = [d for d in diagnostics if not any(d.file == h or d.file.startswith(f"{h}/") for h in homes)]
    out["index.md"] = indexes.home_page(kb, GUIDE_PAGES, unbuilt)
    out[f"{urls.CODES_DOC}.md"] = indexes.codes_page()
    return {path: myst.not_in_sphinx_search(page) if path.endswith(".md") else page for path, page in out.items()}


def _data_quality_pages(result: Result, e: Event, diagnostics: list) -> dict[str, str]:
    kb = result.kb
    index = kb.index
    # every document of the event has its part of the report (a talk's page links it), beside its session, on
    # its track's page in a large event (the index says which)
    mine = {src: s for src, s in index.document_home.items() if s.event == e.slug}
    doc_to_session = {src: session_line(kb, s, with_date=True) for src, s in mine.items()}
    placed = {src: index.report_track(src) for src in mine}
    return data_quality_pages(e, diagnostics, doc_to_session, result.unplaced, placed, index.report_tracks[e.slug])


# An event's own pages, in the page renderers' form (knowledge base, record, report): they report nothing.
def _event_page(kb: KnowledgeBase, e: Event, report: Report) -> str:
    return indexes.event_page(kb, e)


def _schedule_page(kb: KnowledgeBase, event_and_day: tuple, report: Report) -> str:
    return indexes.schedule_page(kb, *event_and_day)


def _my_schedule_page(kb: KnowledgeBase, e: Event, report: Report) -> str:
    return picks.my_schedule_page(kb, e)


def _track_page(kb: KnowledgeBase, event_and_track: tuple, report: Report) -> str:
    return track_page(kb, *event_and_track)


def _rooms_page(kb: KnowledgeBase, e: Event, report: Report) -> str:
    return rooms.rooms_index(kb, e)


def _room_page(kb: KnowledgeBase, event_and_room: tuple, report: Report) -> str:
    return rooms.room_page(kb, *event_and_room)


def _headlines(kb: KnowledgeBase) -> dict[str, str]:
    """A digest, per event, of what other pages show of its sessions and speakers."""
    people = kb.index.people
    out = {}
    for e in kb.events:
        sessions = [(s.slug, s.title, s.kind, s.date, s.start, s.end, s.timezone_label, s.track, s.room, s.day,
                     s.end_date, s.speakers)
                    for s in kb.sessions if s.event == e.slug]
        names = sorted({x for row in sessions for x in row[-1]})
        speakers = [(x, people[x].name, people[x].position, people[x].organization) if x in people else (x,)
                    for x in names]
        out[e.slug] = key("headlines", kb.index.digest(e), sessions, speakers)
    return out


def _calendars(kb: KnowledgeBase, base_url: str, cache: BuildCache) -> dict[str, str]:
    """An .ics file beside each event, track, session and speaker page (same name, ``calendar.ics`` for events)."""
    specs = [(f"{e.slug}/calendar.ics", calendars.event_spec(kb, e.slug)) for e in kb.events]
    specs += [(f"{urls.track_doc(e.slug, t.slug)}.ics", calendars.track_spec(kb, e.slug, t.slug))
              for e in kb.events for t in e.tracks]
    specs += [(f"{urls.session_doc(s)}.ics", calendars.session_spec(kb, s.event, s.slug)) for s in kb.sessions]
    specs += [(f"{urls.speaker_doc(p)}.ics", calendars.speaker_spec(kb, p.slug)) for p in kb.speakers]
    texts = calendars.calendars(kb, [spec for _, spec in specs], base_url, cache)
    return {path: text.decode("utf-8") for (path, _), text in zip(specs, texts)}
