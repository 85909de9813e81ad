"""A page at a former address (a speaker or session renamed by a correction, a break once copied per track)
that sends the reader on to the page now: published links keep working."""

from __future__ import annotations

import html
import posixpath


def redirect_page(before: str, now: str) -> str:
    """HTML for docname *before*, leading to docname *now* (both relative to the site's root)."""
    target = html.escape(posixpath.relpath(f"{now}.html", posixpath.dirname(before) or "."), quote=True)
    return (
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
        "<meta name=\"robots\" content=\"noindex\">\n"
        f"<link rel=\"canonical\" href=\"{target}\">\n"
        f"<meta http-equiv=\"refresh\" content=\"0; url={target}\">\n"
        "<title>This page has moved</title>\n</head>\n<body>\n"
        f"<p>This page has moved to <a href=\"{target}\">{target}</a>.</p>\n</body>\n</html>\n"
    )
