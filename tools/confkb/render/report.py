"""Render stage, part 3: each event's data-quality report, one page, or for a large event one page per track."""

from __future__ import annotations

from collections import Counter, defaultdict

from ..diagnostics import SEVERITY_RANK, Code, Diagnostic, Severity
from ..model import Event, Track
from . import urls
from .mdsafe import code, escape, render
from .myst import GENERATED, doc_link, fence, front_matter

INTRO = ("What the tool repaired, dropped on purpose, or doubts in the source documents, with file and line. "
         f"Codes are explained in the [diagnostic codes](/{urls.CODES_DOC}.md) page.")


def data_quality_pages(e: Event, diagnostics: list[Diagnostic], doc_to_session: dict[str, str],
                       unplaced: tuple[tuple[str, str], ...] = (), placed: dict[str, str] | None = None,
                       split: tuple[str, ...] = ()) -> dict[str, str]:
    """The event's report pages, by path: diagnostics by file, and the text of each document that made no
    session, so none of its words is lost.

    *placed*: the event's documents, each with the track whose page lists it ("" for the event's page), all
    listed, "No problems found" included (a talk's page links its document's part); *split*: the tracks with
    a page of their own (a large event's, see ``urls.REPORT_BY_TRACK_FROM``). Any other file is on the event's page.
    """
    mine = [d for d in diagnostics if e.source_dir and (d.file.startswith(f"{e.source_dir}/") or d.file == e.source_dir)]
    texts = {path: text for path, text in unplaced if path.startswith(f"{e.source_dir}/")}
    placed = placed or {}
    tracks = [t for t in e.tracks if t.slug in split]
    found: dict[str, list[Diagnostic]] = {t.slug: [] for t in tracks} | {"": []}
    listed: dict[str, set[str]] = {slug: set() for slug in found}
    for d in mine:  # a track without a page of its own cannot lose a problem: the event's page takes it
        found.get(placed.get(d.file, ""), found[""]).append(d)
    for file, track in placed.items():
        listed.get(track, listed[""]).add(file)
    out = [_head(escape(e.name), f"sources/{e.slug}"), INTRO, "", _totals(mine), ""]
    out += _by_code(mine)
    if tracks:
        out += ["## By track", "", "\n".join(_track_line(e, t, found[t.slug]) for t in tracks), "",
                fence("toctree", "", {"hidden": "", "maxdepth": "1"},
                      "\n".join(urls.within(e.slug, urls.data_quality_doc(e.slug, t.slug)) for t in tracks)), ""]
    pages = {f"{urls.data_quality_doc(e.slug)}.md": _join(out + _by_file(found[""], listed[""], doc_to_session, texts))}
    for t in tracks:
        track_page = doc_link(t.name, f"/{urls.track_doc(e.slug, t.slug)}.md")
        whole = doc_link("the whole event's report", f"/{urls.data_quality_doc(e.slug)}.md")
        page = [_head(f"{escape(e.name)} · {escape(t.name)}", f"sources/{e.slug}"), INTRO, "",
                f"The documents of the sessions of the track {track_page}; {whole} counts every track.", "",
                _totals(found[t.slug]), ""]
        page += _by_code(found[t.slug]) + _by_file(found[t.slug], listed[t.slug], doc_to_session, {})
        pages[f"{urls.data_quality_doc(e.slug, t.slug)}.md"] = _join(page)
    return pages


def _head(title: str, sources: str) -> str:
    # out of the site's search: a report names every talk and speaker it covers, so it would be a result of
    # most searches for a talk or a person
    return "\n".join([front_matter({"nosearch": True}), GENERATED.format(sources=sources), "",
                      f"# Data quality: {title}", ""])


def _join(lines: list[str]) -> str:
    return "\n".join(lines).rstrip() + "\n"


def _totals(found: list[Diagnostic]) -> str:
    counts = Counter(d.severity.value for d in found)
    return " · ".join(f"**{n}** {k}" for k, n in sorted(counts.items())) or "No problems found."


def _track_line(e: Event, t: Track, found: list[Diagnostic]) -> str:
    """A track's counts on the event's page, and the link to its page of the report."""
    docs = len({d.file for d in found})
    where = f"{docs} {'document' if docs == 1 else 'documents'}" if found else "no problems found"
    counts = Counter(d.severity.value for d in found)
    return (f"- {doc_link(t.name, f'/{urls.data_quality_doc(e.slug, t.slug)}.md')}: "
            + ", ".join([f"{n} {k}" for k, n in sorted(counts.items())] + [where]))


def _by_file(found: list[Diagnostic], listed: set[str], doc_to_session: dict[str, str], texts: dict[str, str],
             ) -> list[str]:
    """A section per document: its problems, or that it has none (*listed*: documents shown either way)."""
    by_file: dict[str, list[Diagnostic]] = defaultdict(list)
    for d in found:
        by_file[d.file].append(d)
    out = []
    for file in sorted(set(by_file) | set(texts) | listed):
        out += [f"({urls.report_entry(file)})=", f"## {escape(file.rsplit('/', 1)[-1])}", ""]
        if file in doc_to_session:
            out += [f"Session: {doc_to_session[file]}", ""]
        # A list, not a table: Sphinx reads and writes a large event's report in half the time (half the
        # nodes for every transform to walk), and a phone wraps a list item where it scrolls a table sideways.
        rows = [f"- {f'line {d.line}' if d.line else 'whole file'} · {d.severity.value} · {code(d.code.value)}: "
                f"{escape(d.message)}"
                for d in sorted(by_file[file], key=lambda d: (d.line, -SEVERITY_RANK[d.severity], d.code.value))]
        out += ["\n".join(rows), ""] if rows else [] if file in texts else ["No problems found.", ""]
        if texts.get(file, "").strip():
            out += [fence("dropdown", "Text of this document (it made no session)", {"icon": "file"},
                          render(texts[file], file, 1)), ""]
    return out


def _by_code(mine: list[Diagnostic]) -> list[str]:
    """How many of each code, the codes of errors and warnings first: what to look at in a long report."""
    if not mine:
        return []
    tally: dict[Code, Counter[Severity]] = defaultdict(Counter)
    files: dict[Code, set[str]] = defaultdict(set)
    for d in mine:
        tally[d.code][d.severity] += 1
        files[d.code].add(d.file)

    def rank(c: Code) -> tuple:  # worst severity, then the most frequent
        return -max(SEVERITY_RANK[s] for s in tally[c]), -sum(tally[c].values()), c.value
    lines = []
    for c in sorted(tally, key=rank):
        counts = ", ".join(f"{n} {s.value}" for s, n in sorted(tally[c].items(), key=lambda x: -SEVERITY_RANK[x[0]]))
        docs = len(files[c])
        lines.append(f"- {code(c.value)}: {counts} · {docs} {'document' if docs == 1 else 'documents'}")
    return ["## By code", "", "\n".join(lines), ""]
