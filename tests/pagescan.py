"""One reading of a built HTML page, as a person and a browser get it (shared by the site and hostile tests)."""

from __future__ import annotations

from html.parser import HTMLParser

ACTIVE_ELEMENTS = ("script", "iframe", "object", "embed", "style", "form", "base", "meta", "link")
ACTIVE_URLS = ("javascript:", "data:", "vbscript:", "file:")


class PageScan(HTMLParser):
    """``text``: the visible words of the page (not scripts or styles); ``article``: the words of its article, where
    the source documents' text goes; ``links``: every link target; ``active``: anything in the article that would
    run or load something (an element, an event handler, a script URL)."""

    def __init__(self) -> None:
        super().__init__()
        self.text: list[str] = []
        self.article: list[str] = []
        self.links: list[str] = []
        self.active: list[str] = []
        self._hidden = 0
        self._in_article = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style"):
            self._hidden += 1
        if tag == "a":
            self.links.append(dict(attrs).get("href") or "")
        if tag == "article":
            self._in_article += 1
        if not self._in_article:
            return
        if tag in ACTIVE_ELEMENTS and not _our_search_box(tag, dict(attrs)):
            self.active.append(f"<{tag}>")
        for k, v in attrs:
            if k.startswith("on") or k in ("srcdoc", "formaction"):
                self.active.append(f"{tag} {k}={v!r}")
            if k in ("href", "src", "action", "poster") and v and v.strip().lower().startswith(ACTIVE_URLS):
                self.active.append(f"{tag} {k}={v!r}")

    def handle_endtag(self, tag):
        if tag in ("script", "style") and self._hidden:
            self._hidden -= 1
        if tag == "article" and self._in_article:
            self._in_article -= 1

    def handle_data(self, data):
        if self._hidden:
            return
        self.text.append(data)
        if self._in_article:
            self.article.append(data)


def _our_search_box(tag: str, attrs: dict) -> bool:
    """The search page's own box (docs/_templates/search.html): a form that sends the query to the page itself."""
    return tag == "form" and attrs == {"class": "confkb-search-form", "action": "", "method": "get", "role": "search"}


def scan(html: str) -> PageScan:
    page = PageScan()
    page.feed(html)
    page.close()
    return page
