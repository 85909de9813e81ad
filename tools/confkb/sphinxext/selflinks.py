"""No link to "#" on the site: a link to "#" leads nowhere a reader can name (and a checker cannot tell from a
placeholder). A page that links itself names its own file; a link to the page's top says "#top", the HTML
standard's name for the top of a document (which furo's scroll-spy ignores, as it ignored "#")."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sphinx.application import Sphinx


def own_file_not_sharp(app: Sphinx, pagename: str, templatename: str, context: dict, doctree: Any) -> None:
    """Sphinx's ``pathto`` gives "#" for the page being written (furo's brand link on the home page, the
    ``<link rel="search">`` of the search page): it names the page's file instead. The page's title at the head
    of "On this page" (Sphinx's local table of contents, which furo's style hides) links "#top", as furo's
    "Back to top" does through docs/_templates/page.html (a link its template writes)."""
    if app.builder.format != "html":
        return
    pathto: Callable[..., str] | None = context.get("pathto")
    if pathto is not None:
        own = app.builder.get_target_uri(pagename).rsplit("/", 1)[-1] or "./"

        def pathto_own_file(*args: Any, **kwargs: Any) -> str:
            uri = pathto(*args, **kwargs)
            return own if uri == "#" else uri

        context["pathto"] = pathto_own_file
    if isinstance(context.get("toc"), str):
        context["toc"] = context["toc"].replace('href="#"', 'href="#top"')
