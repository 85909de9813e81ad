"""Sphinx extension: a bounded furo sidebar for a large knowledge base, computed once per build, not per page."""

from __future__ import annotations

import hashlib
import importlib.util
import sys
import types
from dataclasses import dataclass, field
from html import escape
from pathlib import Path
from typing import Any

from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment

from ..model import KnowledgeBase
from ..render import index as kbindex
from ..render import urls
from . import generate as sphinx_ext

# Furo renders Sphinx's whole global toctree for every page and re-parses it (furo/__init__.py,
# `_compute_navigation_tree`): quadratic in the page count. It skips that work when the page context has no
# "toctree"; we hide it just before furo's html-page-context handler (priority 500), put it back just after,
# and give furo our sidebar. tests/test_navigation.py fails if a furo upgrade changes any of this.
FURO_VERSION = "2025.12.19"
FURO_PRIORITY = 500
CHILD_LIMIT = 30  # a hand-written page's children are listed when there are at most this many
_STASH = "_confkb_toctree"


@dataclass(slots=True)
class Nav:
    """What the sidebar can show, from the document graph and kb.json; small, so it lives in the environment."""

    top: list[str] = field(default_factory=list)  # the root document's toctree entries, in order
    events: dict[str, str] = field(default_factory=dict)  # event slug -> event index docname
    tracks: dict[str, list[str]] = field(default_factory=dict)  # event slug -> track docnames
    sessions: dict[str, list[str]] = field(default_factory=dict)  # track docname -> session docnames, time order
    session_track: dict[str, str] = field(default_factory=dict)  # session docname -> track docname
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
            nav.sessions.setdefault(track, []).append(doc)
            nav.session_track[doc] = track
    for p in kb.speakers if kb else ():
        refs = [urls.session_doc(x) for key in p.sessions if (x := kbindex.of(kb).sessions.get(key))]
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


class _Sidebar:
    """Furo's sidebar markup (furo/navigation.py's output) for one page, written directly."""

    def __init__(self, nav: Nav, builder: Any, page: str, like: str = "") -> None:
        # *like*: draw the sidebar of that page, seen from *page* (a stand-in in the same folder; see _prepare)
        self.nav, self.builder, self.page, self.like, self.boxes = nav, builder, page, like or page, 0

    def href(self, doc: str, anchor: str = "") -> str:
        if doc == self.page and not anchor:
            return "#"
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
            sessions = [self.item(4, s, self.title(s), [], False, False) for s in nav.sessions.get(t, [])] \
                if t == here_track else []
            tracks.append(self.item(3, t, self.title(t), sessions, t == here_track and not speaker_page, True))
        if tracks:
            kids.append(self.item(2, doc, "Tracks", tracks, bool(here_track) and not speaker_page, True, "tracks"))
        kids.append(self.item(2, doc, "Speakers", [], False, False, "speakers"))
        report = urls.data_quality_doc(e)
        if report in nav.titles:  # marked on its pages per track too, which are one click away from it
            kids.append(self.item(2, report, "Data quality", [], self.page.startswith(f"{report}/"), False))
        return self.item(1, doc, self.title(doc), kids, inside, inside)

    def html(self) -> str:
        nav, page = self.nav, self.page
        speaker_page, context, here_track = _where(nav, self.like)
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


def _digests(nav: Nav, builder: Any, docs: list[str]) -> dict[str, str]:
    """A digest of each page's sidebar, drawing one sidebar per group of pages that share it.

    Pages in the same folder that open the same event and track differ only in which entry is marked
    as the current page, which is fixed by the page's name; so one drawing, seen from a stand-in that
    is no page at all, changes exactly when any of theirs does. Drawing every page was 4 s at 2,000 pages.
    """
    plain = set(nav.top) | set(nav.children) | {d for ds in nav.children.values() for d in ds}
    groups: dict[tuple, str] = {}
    out = {}
    for doc in docs:
        if doc in plain:  # hand-written pages mark themselves and their parents: drawn one by one
            out[doc] = hashlib.sha1(_Sidebar(nav, builder, doc).html().encode()).hexdigest()
            continue
        speaker_page, context, here_track = _where(nav, doc)
        folder = doc.rsplit("/", 1)[0] if "/" in doc else ""
        group = (folder, doc.split("/", 1)[0], context.split("/", 1)[0], here_track, speaker_page)
        if group not in groups:
            stand_in = f"{folder}/\x00" if folder else "\x00"
            groups[group] = hashlib.sha1(_Sidebar(nav, builder, stand_in, doc).html().encode()).hexdigest()
        out[doc] = groups[group]
    return out


_NAV: dict[str, Nav] = {}  # the current build's model, by source folder; forked writer processes inherit it


def _uses_furo(app: Sphinx) -> bool:
    return app.builder.format == "html" and app.config.html_theme == "furo"


def _prepare(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """Build the model once; pages whose sidebar changed are rewritten even if their source did not change."""
    if not _uses_furo(app):
        return []
    nav = _NAV[str(app.srcdir)] = build_nav(env, sphinx_ext.knowledge_base(app))
    old: dict[str, str] = getattr(env, "confkb_sidebars", {})
    new = _digests(nav, app.builder, sorted(env.found_docs))
    env.confkb_sidebars = new  # type: ignore[attr-defined]
    return [doc for doc, digest in new.items() if old.get(doc) != digest and doc in old]


def _hide_toctree(app: Sphinx, pagename: str, templatename: str, context: dict, doctree: Any) -> None:
    if _uses_furo(app) and "toctree" in context:
        context[_STASH] = context.pop("toctree")


def _set_sidebar(app: Sphinx, pagename: str, templatename: str, context: dict, doctree: Any) -> None:
    if _STASH in context:
        context["toctree"] = context.pop(_STASH)
    if _uses_furo(app):
        nav = _NAV.get(str(app.srcdir)) or _NAV.setdefault(str(app.srcdir), build_nav(app.env, sphinx_ext.knowledge_base(app)))
        context["furo_navigation_tree"] = _Sidebar(nav, app.builder, pagename).html()


def defer_furo_soup() -> None:
    """Furo imports BeautifulSoup when it starts, for the navigation tree it would compute from Sphinx's whole
    toctree (``furo.navigation``): 50 ms of every build, rebuilds included, for a tree this extension replaces.
    Before furo is imported, ``furo.navigation`` is made a module whose ``get_navigation_tree`` loads furo's own
    (and BeautifulSoup) the first time it is called, which a build with this sidebar never does."""
    if "furo" in sys.modules or "furo.navigation" in sys.modules:
        return
    spec = importlib.util.find_spec("furo")  # finds the package without importing it
    if spec is None or not spec.submodule_search_locations:
        return
    path = Path(next(iter(spec.submodule_search_locations))) / "navigation.py"
    if not path.is_file():
        return
    real: list[types.ModuleType] = []

    def get_navigation_tree(toctree_html: str) -> str:
        if not toctree_html:
            return toctree_html  # what furo's gives for no tree (the pages this extension draws a sidebar for)
        if not real:
            found = importlib.util.spec_from_file_location("furo.navigation", path)
            module = importlib.util.module_from_spec(found)  # type: ignore[arg-type]
            found.loader.exec_module(module)  # type: ignore[union-attr]
            real.append(module)
        return real[0].get_navigation_tree(toctree_html)

    lazy = types.ModuleType("furo.navigation", "furo's navigation tree, loaded when first used (confkb)")
    lazy.__file__ = str(path)
    lazy.get_navigation_tree = get_navigation_tree  # type: ignore[attr-defined]
    sys.modules["furo.navigation"] = lazy


def setup(app: Sphinx) -> dict[str, object]:
    defer_furo_soup()  # before Sphinx loads the theme
    app.connect("env-updated", _prepare)
    app.connect("html-page-context", _hide_toctree, priority=FURO_PRIORITY - 1)
    app.connect("html-page-context", _set_sidebar, priority=FURO_PRIORITY + 1)
    return {"version": "0.1", "parallel_read_safe": True, "parallel_write_safe": True}
