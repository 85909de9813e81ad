"""Records passed between the pipeline stages: read -> repair -> parse -> assemble -> render."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .render.lookup import Index

# -- stage boundaries ---------------------------------------------------------


@dataclass(frozen=True, slots=True)
class SourceDoc:
    """A file as read from ``sources/<event>/``: bytes, not yet decoded."""

    path: str  # as shown in diagnostics, relative to the sources folder's parent (``sources/x/y.md``)
    event_dir: str  # name of the event folder the file lives in
    raw: bytes


@dataclass(frozen=True, slots=True)
class TextDoc:
    """A document after text repair: clean Unicode, LF line ends, same line numbers as the file."""

    path: str
    event_dir: str
    text: str


@dataclass(frozen=True, slots=True)
class Link:
    """A labelled external link (a social profile, a paper, a video)."""

    label: str
    url: str
    text: str = ""  # the link's own words when they add to the label ("LinkedIn" -> "Profile"); shown with it
    # its type in schedule exports: slides, paper, web, blog, article, media, related; "recording" for a video
    kind: str = ""


@dataclass(frozen=True, slots=True)
class SourceId:
    """An identifier a source gave a talk or a person, kept so exports and later imports can find them again."""

    event: str  # slug of the event it was read in
    system: str  # who issued it: the source's host ("fosdem.org"); the event slug when the source names none
    key: str  # "id", "guid", "code", "slug"
    value: str


@dataclass(frozen=True, slots=True)
class Section:
    """A titled piece of a document, kept as (repaired, sanitised-later) Markdown."""

    title: str
    markdown: str
    line: int


@dataclass(slots=True)
class ParsedDoc:
    """What one document says, before documents are merged into sessions and speakers."""

    path: str
    event_dir: str
    doc_title: str = ""  # the H1, usually "<event>[: <talk>]"
    doc_title_line: int = 0
    # event
    event_name: str = ""
    event_dates: str = ""
    event_location: str = ""
    event_theme: str = ""
    event_line: int = 0
    event_extra: list[Section] = field(default_factory=list)  # "Hosted by", "Highlights", ...
    # track
    track_name: str = ""
    track_tagline: str = ""
    track_description: str = ""
    track_line: int = 0
    # session
    title: str = ""
    title_line: int = 0
    date_text: str = ""  # as written ("May 6, 2025"); normalised when documents are assembled
    date_line: int = 0
    time_text: str = ""  # as written ("10:30 – 10:50 AM (CEST)")
    time_line: int = 0
    abstract: str = ""
    abstract_line: int = 0
    host_intro: str = ""
    host_intro_line: int = 0
    session_extra: list[Section] = field(default_factory=list)
    # speaker
    speaker_name: str = ""
    speaker_line: int = 0
    speaker_name_as_written: str = ""  # "Dr. Angelo Corsaro" when the name was cleaned
    position_text: str = ""  # the whole line ("Research Engineer at Hugging Face")
    position: str = ""
    organization: str = ""
    location: str = ""
    education: str = ""
    links: list[Link] = field(default_factory=list)
    biography: list[Section] = field(default_factory=list)
    # provenance
    generator: str = ""  # the "Content Source" footer, e.g. "MOFA <https://github.com/moxin-org/mofa>"


# -- the knowledge base -------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Track:
    slug: str
    name: str
    tagline: str = ""
    description: str = ""


@dataclass(frozen=True, slots=True)
class Room:
    slug: str
    name: str
    guid: str = ""  # the source's room guid: room names change, guids should not


@dataclass(frozen=True, slots=True)
class Event:
    slug: str
    name: str
    start_date: str = ""
    end_date: str = ""
    location: str = ""
    theme: str = ""
    timezone: str = ""  # IANA name when known (Europe/Paris)
    tracks: tuple[Track, ...] = ()
    extra: tuple[Section, ...] = ()  # other conference facts the documents give ("Hosted by")
    generators: tuple[str, ...] = ()  # provenance of generated documents ("MOFA <url>")
    source_dir: str = ""  # the folder its documents came from, as shown in diagnostics ("sources/x")
    rooms: tuple[Room, ...] = ()
    acronym: str = ""  # the programme's short name ("31c3"), kept in exports
    url: str = ""  # the programme's own address (its base URL), where relative links in it point


@dataclass(frozen=True, slots=True)
class Session:
    slug: str
    event: str
    title: str
    date: str = ""
    start: str = ""
    end: str = ""
    timezone_label: str = ""
    track: str = ""  # track slug
    speakers: tuple[str, ...] = ()  # speaker slugs
    abstract: str = ""  # Markdown from the source, rendered safely
    host_intro: str = ""
    extra: tuple[Section, ...] = ()
    sources: tuple[str, ...] = ()
    generator: str = ""
    # "talk"; slots of an official programme without speakers are "break" (coffee, lunch) or "plenary"
    kind: str = "talk"
    # every track a session spans when the programme lists it under several at once (a keynote, a break)
    tracks: tuple[str, ...] = ()
    room: str = ""  # room slug
    type: str = ""  # the format as the programme names it: "lecture", "workshop", "lightning talk"
    language: str = ""  # as the programme gives it ("en", "de")
    subtitle: str = ""
    day: str = ""  # the programme day it belongs to, when not its start date (a talk at 01:00 of the night before)
    end_date: str = ""  # the date it ends, when not its start date (past midnight, longer than a day)
    links: tuple[Link, ...] = ()  # slides, papers and pages about the talk, each with its kind
    recordings: tuple[Link, ...] = ()
    licence: str = ""  # the recording's licence
    url: str = ""  # the talk's page at the source
    ids: tuple[SourceId, ...] = ()

    def spans(self) -> tuple[str, ...]:
        """The slugs of the tracks this session belongs to, its own first."""
        return self.tracks or ((self.track,) if self.track else ())


@dataclass(frozen=True, slots=True)
class Speaker:
    slug: str
    name: str
    position: str = ""
    organization: str = ""
    location: str = ""
    education: str = ""
    links: tuple[Link, ...] = ()
    biography: tuple[Section, ...] = ()
    sessions: tuple[str, ...] = ()  # session keys "<event>/<session-slug>"
    sources: tuple[str, ...] = ()
    ids: tuple[SourceId, ...] = ()
    photo: str = ""  # site path of their thumbnail ("speakers/<slug>.jpg"), or "": their initials are shown


@dataclass(frozen=True)
class KnowledgeBase:
    events: tuple[Event, ...]
    sessions: tuple[Session, ...]
    speakers: tuple[Speaker, ...]

    @cached_property
    def index(self) -> Index:
        """Lookups over these records, built on first use and kept with them (pages must not scan every record)."""
        from .render.lookup import Index  # the renderers' lookups; imported here so records stay import-light

        return Index(self)
