"""What a document says that no page can show, quoted in the data-quality report so that no word is lost: another
document's abstract of the same talk, the description of a track that no document's talk is in."""

from __future__ import annotations

from ..diagnostics import Code, Report
from ..ingest import values
from ..model import ParsedDoc
from . import slugs


def abstracts(group: list[ParsedDoc], shown: ParsedDoc, report: Report) -> None:
    """The talk shows *shown*'s abstract; another document's that says something it does not is quoted."""
    for d in group:
        if d.abstract and values.words_missing(d.abstract, shown.abstract):
            report.dropped(d.path, d.abstract_line or d.title_line, Code.VARIANT_TEXT, f"abstract worded "
                           f"differently in {shown.path}, which is shown; not shown: {d.abstract!r}")


def track_descriptions(docs: list[ParsedDoc], used: set[str], report: Report) -> None:
    """A track that no document's talk is in (*used*: the slugs of those that have one) shows no description of the
    documents', even where a programme has the track."""
    for d in docs:
        if d.track_name and slugs.make(d.track_name, "track") not in used and (d.track_tagline or d.track_description):
            report.dropped(d.path, d.track_line, Code.UNKNOWN_TRACK, f"no document's talk is in {d.track_name!r}, so "
                           f"its description is not shown: {' '.join([d.track_tagline, d.track_description]).strip()!r}")
