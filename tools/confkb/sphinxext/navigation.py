"""A bounded furo sidebar for a large knowledge base: drawn from one model of the site made once per build, and
listing the page's event, its tracks and a window of its own track, never every page."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from html import escape
from typing import Any

from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment

from ..model import KnowledgeBase
from ..render import urls
from .site import Site

FURO_VERSION = "2025.12.19"  # the furo this sidebar was made for (pinned in requirements.txt)
FURO_PRIORITY = 500  # furo's own handler's: ours run just before and just after it (see Sidebar)
CHILD_LIMIT = 30  # a hand-written page's children are listed when there are at most this many
TRACK_WINDOW = 30  # the sessions of the page's track listed at once; the rest are a link away
_STASH = "_confkb_toctree"


@dataclass(slots=True)
class Nav:
    """What the sidebar can show, from the document graph and the knowledge base; made once per build."""

    top: list[str] = field(default_factory=list)  # the root document's toctree entries, in order
    events: dict[str, str] = field(default_factory=dict)  # event slug -> event index docname
    tracks: dict[str, list[str]] = field(default_factory=dict)  # event slug -> track docnames
    sessions: dict[str, list[str]] = field(default_factory=dict)  # track docname -> session docnames, time order
    session_track: dict[str, str] = field(default_factory=dict)  # session docname -> track docname
    position: dict[str, int] = field(default_factory=dict)  # session docname -> its place in its track
    speaker_home: dict[str, str] = field(default_factory=dict)  # speaker docname -> a session docname
    titles: dict[str, str] = field(default_factory=dict)  # docname -> plain title
    children: dict[str, list[str]] = field(default_factory=dict)  # hand-written page -> its toctree entries


def build_nav(env: BuildEnvironment, kb: KnowledgeBase | None) -> Nav:
    """The sidebar model: one pass over the knowledge base and the toctree graph (linear in the page count)."""
    nav = Nav(top=list(env.toctree_includes.get(env.config.root_doc, [])))
    docs = env.found_docs
    events = kb.events if kb else ()
    for e in events:
        if urls.event_doc(e) in docs:
            nav.events[e.slug] = urls.event_doc(e)
            nav.tracks[e.slug] = [d for t in e.tracks if (d := urls.track_doc(e.slug, t.slug)) in docs]
    for s in kb.sessions if kb else ():
        doc, track = urls.session_doc(s), urls.track_doc(s.event, s.track)
        if doc in docs and track in docs:
            nav.position[doc] = len(nav.sessions.setdefault(track, []))
            nav.sessions[track].append(doc)
            nav.session_track[doc] = track
    for p in kb.speakers if kb else ():
        refs = [urls.session_doc(x) for k in p.sessions if (x := kb.index.sessions.get(k))]
        if refs and refs[0] in docs:
            nav.speaker_home[urls.speaker_doc(p)] = refs[0]
    event_docs = set(nav.events.values())
    seen: set[str] = set()
    todo = [d for d in nav.top if d not in event_docs]
    while todo:  # hand-written pages and their (small) sub-trees
        doc = todo.pop()
        if doc in seen:
            continue
        seen.add(doc)
        kids = env.toctree_includes.get(doc, [])
        if 0 < len(kids) <= CHILD_LIMIT:
            nav.children[doc] = list(kids)
            todo += kids
    wanted = set(nav.top) | seen | {d for ds in nav.tracks.values() for d in ds} | set(nav.session_track)
    wanted |= {urls.schedule_doc(e) for e in nav.events} | {urls.data_quality_doc(e) for e in nav.events}
    nav.titles = {d: env.titles[d].astext() for d in wanted if d in env.titles}
    return nav


class _Drawing:
    """Furo's sidebar markup (furo/navigation.py's output) for one page, written directly."""

    def __init__(self, nav: Nav, builder: Any, page: str, like: str = "") -> None:
        # *like*: draw the sidebar of that page, seen from *page* (a stand-in in the same folder; see _prepare)
        self.nav, self.builder, self.page, self.like, self.boxes = nav, builder, page, like or page, 0
        # the page whose place the sidebar shows (a speaker's: their first session), and the track it opens
        self.speaker_page, self.context, self.here_track = _where(nav, self.like)

    def href(self, doc: str, anchor: str = "") -> str:
        if doc == self.page and not anchor:  # the page's own file: a link to "#" leads nowhere
            return self.builder.get_target_uri(doc).rsplit("/", 1)[-1] or "./"
        return self.builder.get_relative_uri(self.page, doc) + (f"#{anchor}" if anchor else "")

    def item(self, level: int, doc: str, title: str, kids: list[str], current: bool, expanded: bool,
             anchor: str = "") -> str:
        here = doc == self.page and not anchor
        classes = [f"toctree-l{level}"] + (["current"] if current or here else []) + (["has-children"] if kids else [])
        if here:
            classes.append("current-page")
        a_class = "current reference internal" if here else "reference internal"
        out = f'<li class="{" ".join(classes)}"><a class="{a_class}" href="{escape(self.href(doc, anchor))}">' \
              f"{escape(title)}</a>"
        if kids:
            self.boxes += 1
            box = f"toctree-checkbox-{self.boxes}"
            out += (f'<input aria-label="Toggle navigation of {escape(title)}"{" checked" if expanded else ""} '
                    f'class="toctree-checkbox" id="{box}" name="{box}" role="switch" type="checkbox"/>'
                    f'<label for="{box}"><span class="icon"><svg><use href="#svg-arrow-right"></use></svg></span>'
                    f'</label><ul{" class=" + chr(34) + "current" + chr(34) if current else ""}>'
                    + "".join(kids) + "</ul>")
        return out + "</li>"

    def title(self, doc: str) -> str:
        return self.nav.titles.get(doc, doc)

    def plain(self, level: int, doc: str, depth: int = 0) -> tuple[str, bool]:
        """A hand-written page with its small sub-tree; (html, whether the page is inside it)."""
        kids = [self.plain(level + 1, d, depth + 1) for d in self.nav.children.get(doc, [])] if depth < 3 else []
        current = doc == self.page or any(c for _, c in kids)
        return self.item(level, doc, self.title(doc), [h for h, _ in kids], current, current), current

    def event(self, slug: str, doc: str, expand: bool, here_track: str, speaker_page: bool) -> str:
        nav, e = self.nav, doc.rsplit("/", 1)[0]
        inside = self.page.startswith(f"{e}/")
        if not (expand or inside):
            return self.item(1, doc, self.title(doc), [], False, False)
        kids = []
        if urls.schedule_doc(e) in nav.titles:
            kids.append(self.item(2, urls.schedule_doc(e), "Schedule", [], False, False))
        tracks = []
        for t in nav.tracks.get(slug, []):
            sessions = self.window(t) if t == here_track else []
            tracks.append(self.item(3, t, self.title(t), sessions, t == here_track and not speaker_page, True))
        if tracks:
            kids.append(self.item(2, doc, "Tracks", tracks, bool(here_track) and not speaker_page, True, "tracks"))
        kids.append(self.item(2, doc, "Speakers", [], False, False, "speakers"))
        report = urls.data_quality_doc(e)
        if report in nav.titles:  # marked on its pages per track too, which are one click away from it
            kids.append(self.item(2, report, "Data quality", [], self.page.startswith(f"{report}/"), False))
        return self.item(1, doc, self.title(doc), kids, inside, inside)

    def window(self, track: str) -> list[str]:
        """The sessions of *track* around the page's (a block of TRACK_WINDOW), with links to the blocks before
        and after: a track of 600 talks gives a sidebar of the same size as one of 6."""
        sessions = self.nav.sessions.get(track, [])
        lo = _block(self.nav, self.context) * TRACK_WINDOW
        hi = min(lo + TRACK_WINDOW, len(sessions))
        out = [self.item(4, s, self.title(s), [], False, False) for s in sessions[lo:hi]]
        if lo:
            out.insert(0, self.item(4, sessions[lo - 1], f"Earlier in this track ({lo})", [], False, False))
        if hi < len(sessions):
            out.append(self.item(4, sessions[hi], f"Later in this track ({len(sessions) - hi})", [], False, False))
        return out

    def html(self) -> str:
        nav, page = self.nav, self.page
        speaker_page, context, here_track = self.speaker_page, self.context, self.here_track
        by_doc = {d: s for s, d in nav.events.items()}
        single = len(nav.events) == 1
        out = []
        for doc in nav.top:
            if doc in by_doc:
                expand = single or context.startswith(doc.rsplit("/", 1)[0] + "/")
                out.append(self.event(by_doc[doc], doc, expand, here_track, speaker_page))
            elif doc == "speakers/index" and page.startswith("speakers/"):
                out.append(self.item(1, doc, self.title(doc), [], True, False))
            else:
                out.append(self.plain(1, doc)[0])
        return f'<ul>{"".join(out)}</ul>' if out else ""


def _where(nav: Nav, page: str) -> tuple[bool, str, str]:
    """(is a speaker page, the page whose place it shows, the track docname it opens)."""
    speaker_page = page in nav.speaker_home
    context = nav.speaker_home.get(page, page)  # a speaker's page shows where they speak
    is_track = any(context in ts for ts in nav.tracks.values())
    return speaker_page, context, nav.session_track.get(context) or (context if is_track else "")


def _block(nav: Nav, context: str) -> int:
    """Which block of its track's sessions a page's sidebar lists (the track's own page: the first)."""
    return nav.position.get(context, 0) // TRACK_WINDOW


def _digests(nav: Nav, builder: Any, docs: list[str]) -> dict[str, str]:
    """A digest of each page's sidebar, drawing one sidebar per group of pages that share it.

    Pages in the same folder that open the same event and track differ only in which entry is marked
    as the current page, which is fixed by the page's name; so one drawing, seen from a stand-in that
    is no page at all, changes exactly when any of theirs does. (Drawing every page costs seconds on a large site.)
    """
    plain = set(nav.top) | set(nav.children) | {d for ds in nav.children.values() for d in ds}
    groups: dict[tuple, str] = {}
    out = {}
    for doc in docs:
        if doc in plain:  # hand-written pages mark themselves and their parents: drawn one by one
            out[doc] = hashlib.sha1(_Drawing(nav, builder, doc).html().encode()).hexdigest()
            continue
        speaker_page, context, here_track = _where(nav, doc)
        folder = doc.rsplit("/", 1)[0] if "/" in doc else ""
        group = (folder, doc.split("/", 1)[0], context.split("/", 1)[0], here_track, speaker_page,
                 _block(nav, context))
        if group not in groups:
            stand_in = f"{folder}/\x00" if folder else "\x00"
            groups[group] = hashlib.sha1(_Drawing(nav, builder, stand_in, doc).html().encode()).hexdigest()
        out[doc] = groups[group]
    return out


class Sidebar:
    """The sidebar of one build; its methods are the build's event handlers (see ``setup`` in __init__).

    Furo renders Sphinx's whole global toctree for every page and parses it again, quadratic in the page count
    (pradyunsg/furo#939 would make that faster; #674 asked for a depth limit). Furo computes no navigation for
    a page whose context has no "toctree": the handler that runs just before furo's takes it out, the one just
    after puts it back and gives furo this sidebar instead. Pinned to FURO_VERSION, the furo it was tested on.
    """

    def __init__(self, site: Site) -> None:
        self.site = site  # the build's Site: its knowledge base, once generated
        self.nav: Nav | None = None  # forked writer processes inherit it

    def prepare(self, app: Sphinx, env: BuildEnvironment) -> list[str]:
        """Build the model once; pages whose sidebar changed are rewritten even if their source did not change."""
        if not _uses_furo(app):
            return []
        self.nav = build_nav(env, self.site.kb)
        old: dict[str, str] = getattr(env, "confkb_sidebars", {})
        new = _digests(self.nav, app.builder, sorted(env.found_docs))
        env.confkb_sidebars = new  # type: ignore[attr-defined]
        return [doc for doc, digest in new.items() if old.get(doc) != digest and doc in old]

    def hide_toctree(self, app: Sphinx, pagename: str, templatename: str, context: dict, doctree: Any) -> None:
        if _uses_furo(app) and "toctree" in context:
            context[_STASH] = context.pop("toctree")

    def set_sidebar(self, app: Sphinx, pagename: str, templatename: str, context: dict, doctree: Any) -> None:
        if _STASH in context:
            context["toctree"] = context.pop(_STASH)
        if _uses_furo(app):
            if self.nav is None:  # no env-updated in this process (Sphinx emits it on every build)
                self.nav = build_nav(app.env, self.site.kb)
            context["furo_navigation_tree"] = _Drawing(self.nav, app.builder, pagename).html()


def _uses_furo(app: Sphinx) -> bool:
    return app.builder.format == "html" and app.config.html_theme == "furo"
