"""Render stage, part 3: each event's data-quality report, one page, or for a large event one page per track.

Written for the organiser who must act on it: the documents with errors or warnings come first, each problem
saying what to do; what the tool repaired or dropped on its own is folded away under a count per document.
"""

from __future__ import annotations

from collections import defaultdict

from ..diagnostics import SEVERITY_RANK, Code, Diagnostic, Severity
from ..model import Event, Track
from . import urls
from .mdsafe import code, escape, render
from .myst import GENERATED, doc_link, fence
from .plain import plural
from .reportwords import code_link, counts, needs_a_person, routine_summary

INTRO = ("What needs a person in the source documents, with file and line: first the documents with errors or "
         "warnings, each problem saying what to do, then the documents the tool only repaired (its routine "
         f"repairs are folded away). Each code links to its meaning on the [diagnostic codes](/{urls.CODES_DOC}.md) "
         "page.")

# What to do about a problem, by code: a new code gets its advice from one line here, or else its severity's
# default. {at} is " at line N" (nothing for a whole file), {corrections} the event's corrections file.
ADVICE: dict[Code, str] = {
    Code.PROGRAMME_MISMATCH: "The programme's version is published. If the document's is right, add a "
                             "`[[session]]` (title) or `[[speaker]]` (name) correction to {corrections}.",
    Code.TRACK_CONFLICT: "Decide which track is right: correct the document{at}, or record the right one in "
                         "{corrections}.",
    Code.SESSION_CONFLICT: "Decide which date and time are right: correct the wrong document{at}, or record the "
                           "right ones in {corrections}.",
    Code.UNMATCHED_DOCUMENT: "Give the document the title of its slot in the programme{at}, or add a `[[session]]` "
                             "correction to {corrections}.",
    Code.BAD_LINK: "Put the real URL in the document{at}; if this one is right, add a `[[publish]]` entry for it "
                   "to {corrections}.",
    Code.IMAGE_NOT_IMAGE: "Edit the document{at}: point the image at an image file, or write it as a plain link.",
    Code.PLACEHOLDER: "Edit the document{at}: fill in the placeholder.",
    Code.DOUBTFUL_DATE: "Check the year in the document{at}; if the date is right (an earlier event), nothing to do.",
    Code.UNKNOWN_TRACK: "Edit the event theme in the document{at}, or give the track its sessions.",
    Code.DUPLICATE_SPEAKER: "If they are one person, spell the name the same way in each document{at}.",
    Code.NOT_UTF8: "Save the document as UTF-8, then check the text{at}.",
    Code.BINARY: "Remove the file from the sources folder, or replace it with the text document.",
    Code.READ_FAILED: "Make the file a readable document inside the sources folder.",
    Code.TOO_LARGE: "Shorten the document: the tool read only its beginning.",
    Code.WITHHELD: "Nothing is published of it. Put the real item in the document{at}, or, if it is right as it "
                   "is, add the `[[publish]]` entry the message gives to {corrections}.",
    Code.BAD_CORRECTION: "Fix or remove this entry of {corrections}{at}.",
    Code.LIKELY_SAME_SPEAKER: "If they are one person, add the `[[speaker]]` entry the message gives to "
                              "{corrections}; if they are two people, nothing to do.",
    Code.UNSAFE_FILE: "Replace the file with the programme as your conference system exports it: nothing of this "
                      "one was used.",
    Code.DUPLICATE_ID: "In the conference system, give the two entries distinct ids, or remove one if they are the "
                       "same talk.",
    Code.SCHEDULE_TIME: "Check the time in the programme{at}; if it is meant as the message reads it, nothing to do.",
    Code.RELATIVE_LINK: "Give the link its full address (https://...) in the programme{at}.",
    Code.SCHEMA: "Nothing to do if the site shows the programme right: it was imported as it is.",
}
DEFAULT_ADVICE = {Severity.ERROR: "Edit the document{at}: nothing could be built from it.",
                  Severity.WARNING: "Check the document{at} and edit it if the message is right."}


def advice(d: Diagnostic, corrections: str) -> str:
    """What the organiser does about *d* (MyST), or "" for a routine repair; *corrections*: the file's path."""
    if not needs_a_person(d):
        return ""
    text = ADVICE.get(d.code) or DEFAULT_ADVICE[d.severity]
    return text.format(at=f" at line {d.line}" if d.line else "", corrections=code(corrections))


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
    corrections = f"{e.source_dir}/corrections.toml"
    out = [_head(escape(e.name), f"sources/{e.slug}"), INTRO, "", _totals(mine), ""]
    out += _by_code(mine)
    if tracks:
        out += ["## By track", "", "\n".join(_track_line(e, t, found[t.slug]) for t in tracks), "",
                fence("toctree", "", {"hidden": "", "maxdepth": "1"},
                      "\n".join(urls.within(e.slug, urls.data_quality_doc(e.slug, t.slug)) for t in tracks)), ""]
    parts = _by_file(found[""], listed[""], doc_to_session, texts, corrections)
    pages = {f"{urls.data_quality_doc(e.slug)}.md": _join(out + parts)}
    for t in tracks:
        track_page = doc_link(t.name, f"/{urls.track_doc(e.slug, t.slug)}.md")
        whole = doc_link("the whole event's report", f"/{urls.data_quality_doc(e.slug)}.md")
        page = [_head(f"{escape(e.name)} · {escape(t.name)}", f"sources/{e.slug}"), INTRO, "",
                f"The documents of the sessions of the track {track_page}; {whole} counts every track.", "",
                _totals(found[t.slug]), ""]
        page += _by_code(found[t.slug]) + _by_file(found[t.slug], listed[t.slug], doc_to_session, {}, corrections)
        pages[f"{urls.data_quality_doc(e.slug, t.slug)}.md"] = _join(page)
    return pages


def _head(title: str, sources: str) -> str:
    # out of the attendees' search (sphinxext/search.py indexes the pages it names, not this one): a report names
    # every talk and speaker it covers, so it would be a result of most searches for a talk or a person
    return "\n".join([GENERATED.format(sources=sources), "", f"# Data quality: {title}", ""])


def _join(lines: list[str]) -> str:
    return "\n".join(lines).rstrip() + "\n"


def _totals(found: list[Diagnostic]) -> str:
    """``**56** warnings in 34 documents · **471** routine repairs (368 dropped, 103 fixed)``."""
    if not found:
        return "No problems found."
    serious = [d for d in found if needs_a_person(d)]
    routine = [d for d in found if not needs_a_person(d)]
    out = ["No errors or warnings"]
    if serious:
        out = [" and ".join(f"**{n}** {word}" for n, word in counts(serious))
               + f" in {plural(len({d.file for d in serious}), 'document')}"]
    if routine:
        n = len(routine)
        out.append(f"**{n}** routine repair{'s' * (n != 1)} ({', '.join(f'{k} {w}' for k, w in counts(routine))})")
    return " · ".join(out)


def _track_line(e: Event, t: Track, found: list[Diagnostic]) -> str:
    """A track's counts on the event's page, and the link to its page of the report."""
    where = plural(len({d.file for d in found}), "document") if found else "no problems found"
    return (f"- {doc_link(t.name, f'/{urls.data_quality_doc(e.slug, t.slug)}.md')}: "
            + ", ".join([f"{n} {word}" for n, word in counts(found)] + [where]))


def _by_file(found: list[Diagnostic], listed: set[str], doc_to_session: dict[str, str], texts: dict[str, str],
             corrections: str) -> list[str]:
    """A part per document: the documents with errors or warnings first, then the others (*listed*: documents
    shown either way). In each part its errors and warnings, then its routine repairs, folded."""
    by_file: dict[str, list[Diagnostic]] = defaultdict(list)
    for d in found:
        by_file[d.file].append(d)
    files = sorted(set(by_file) | set(texts) | listed)
    to_check = {f for f in files if any(needs_a_person(d) for d in by_file[f])}
    others = [f for f in files if f not in to_check]
    out = []
    for heading, group in ((f"To check: {plural(len(to_check), 'document')}", to_check),
                           (f"Nothing to check: {plural(len(others), 'document')}", others)):
        group = sorted(group)
        if group:
            out += [f"## {heading}", ""]
        for file in group:
            out += _part(file, by_file[file], doc_to_session.get(file), texts.get(file), corrections)
    return out


def _part(file: str, found: list[Diagnostic], session: str | None, text: str | None, corrections: str,
          ) -> list[str]:
    """One document's part: heading (the label a talk's page links), session, what to do, routine repairs."""
    out = [f"({urls.report_entry(file)})=", f"### {escape(file.rsplit('/', 1)[-1])}", ""]
    if session:
        out += [f"Session: {session}", ""]
    ordered = sorted(found, key=lambda d: (d.line, -SEVERITY_RANK[d.severity], d.code.value))
    # A list, not a table: Sphinx reads and writes a large event's report in half the time (half the nodes for
    # every transform to walk), and a phone wraps a list item where it scrolls a table sideways. The advice is
    # on a line of its own in the same item: a hard break keeps the list tight on a phone.
    serious = [f"{_item(d)}\\\n  **What to do:** {advice(d, corrections)}" for d in ordered if needs_a_person(d)]
    routine = [d for d in ordered if not needs_a_person(d)]
    if serious:
        out += ["\n".join(serious), ""]
    if text is not None and text.strip():
        out += [fence("dropdown", "Text of this document (it made no session)", {"icon": "file"},
                      render(text, file, 1)), ""]
    if routine:
        out += [fence("dropdown", escape(routine_summary(routine)), {"class-container": "confkb-routine"},
                      "Nothing to do unless a repair below is wrong.\n\n" + "\n".join(_item(d) for d in routine)),
                ""]
    if not found and text is None:
        out += ["No problems found.", ""]
    return out


def _item(d: Diagnostic) -> str:
    where = f"line {d.line}" if d.line else "whole file"
    return f"- {where} · {d.severity.value} · {code_link(d.code)}: {escape(d.message)}"


def _by_code(mine: list[Diagnostic]) -> list[str]:
    """How many of each code, the codes of errors and warnings first: what to look at in a long report."""
    if not mine:
        return []
    tally: dict[Code, list[Diagnostic]] = defaultdict(list)
    for d in mine:
        tally[d.code].append(d)

    def rank(c: Code) -> tuple:  # worst severity, then the most frequent
        return -max(SEVERITY_RANK[d.severity] for d in tally[c]), -len(tally[c]), c.value
    lines = []
    for c in sorted(tally, key=rank):
        docs = plural(len({d.file for d in tally[c]}), "document")
        lines.append(f"- {code_link(c)}: {', '.join(f'{n} {w}' for n, w in counts(tally[c]))} · {docs}")
    return ["## By code", "", "\n".join(lines), ""]

