"""A programme's text and links made safe to build from: HTML becomes Markdown (markdownify), relative links are
made absolute against the programme's base URL or dropped, and everything passes the withholding rules that
documents pass (``ingest.withhold``)."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from urllib.parse import urljoin, urlsplit

from markdownify import markdownify

from ...diagnostics import Code, Report, quoted
from ...model import Link
from ..withhold import Policy, doubt, withhold

HTML = re.compile(r"</?(?:p|br|a|ul|ol|li|em|strong|b|i|u|div|span|h[1-6]|pre|code|blockquote|img|table|tr|td"
                  r"|sup|sub|hr|dl|dt|dd|s|strike|del|ins|tt|kbd|small|big|center|font)\b[^>]*>", re.I)
BLOCK = re.compile(r"<(?:p|br|div|ul|ol|li|h[1-6]|pre|blockquote|table)\b", re.I)
MD_LINK = re.compile(r"(?P<bang>!?)\[(?P<label>[^\]\n]*)\]\(\s*<?(?P<url>[^\s)>]+)>?(?:\s+\"[^\"\n]*\")?\s*\)")
VIDEO_FILE = re.compile(r"\.(?:webm|mp4|mkv|ogv|m4v|mov|avi|mpe?g)$", re.I)
MEDIA_FILE = re.compile(r"\.(?:mp3|ogg|opus|flac|wav|m4a|png|jpe?g|gif|svg|webp)$", re.I)
# a link written without its scheme ("www.mr-beam.org", "twitter.com/x"): a host name, not a relative path
HOST = re.compile(r"^(?:www\.)?[a-z0-9-]+(?:\.[a-z0-9-]+)*\.(?!(?:html?|php|pdf|png|jpe?g|gif|svg|md|txt|aspx?|js|css"
                  r"|zip)\b)[a-z]{2,6}(?:[/?#]\S*)?$", re.I)
KINDS = {"slides", "paper", "web", "blog", "article", "media", "related", "recording"}
# what schema2 and other sources call their link types, in the c3voc export's words
HINTS = {"video": "recording", "recording": "recording", "origin": "web", "feedback": "related",
         "website": "web", "homepage": "web", "audio": "media", "publication": "paper", "activitypub": "web"}


@dataclass(slots=True)
class Source:
    """One programme file being read: where diagnostics go and what the corrections allow."""

    path: str  # as shown in diagnostics
    report: Report
    policy: Policy
    event: str
    base_url: str = ""
    used: set[int] = field(default_factory=set)  # corrections.toml lines that applied
    no_offset: list[int] = field(default_factory=list)  # lines of talks whose time has no offset (reported once)
    pages: list[tuple[str, int]] = field(default_factory=list)  # doubtful talk pages left out (reported once)


def text(src: Source, raw: object, line: int) -> str:
    """*raw* (HTML, Markdown or plain text) as Markdown with doubtful items withheld; "" for nothing."""
    s = str(raw or "").replace("\r\n", "\n").replace("\r", "\n").strip() if isinstance(raw, str) else ""
    if not s:
        return ""
    if HTML.search(s):
        if not BLOCK.search(s):  # inline HTML in plain text: its paragraphs and line breaks are the text's own
            s = "".join(f"<p>{p.replace(chr(10), '<br>')}</p>" for p in re.split(r"\n\s*\n", s))
        s = markdownify(s, heading_style="ATX", bullets="-", newline_style="backslash", escape_underscores=False)
    s = MD_LINK.sub(lambda m: _relative(src, m, line), s)
    s = re.sub(r"[ \t]+\n", "\n", s)
    s = re.sub(r"\n{3,}", "\n\n", s).strip()
    kept = withhold(s, src.path, line, src.policy, src.report, src.event)
    src.used |= kept.used
    return re.sub(r"\n{3,}", "\n\n", kept.text).strip()


def _relative(src: Source, m: re.Match[str], line: int) -> str:
    url = m["url"]
    if urlsplit(url).scheme or url.startswith(("#", "//")):
        return m.group(0)
    if HOST.match(url):
        src.report.fixed(src.path, line, Code.RELATIVE_LINK, f"address {quoted(url)} without a scheme read as http://{url}")
        return f"{m['bang']}[{m['label']}](http://{url})"
    if src.base_url:
        absolute = urljoin(src.base_url, url)
        src.report.fixed(src.path, line, Code.RELATIVE_LINK,
                         f"relative link {quoted(url)} made absolute against the base URL: {absolute}")
        return f"{m['bang']}[{m['label']}]({absolute})"
    src.report.dropped(src.path, line, Code.RELATIVE_LINK,
                       f"relative link {quoted(url)} dropped (the programme gives no base URL); its words are kept")
    return "" if m["bang"] else m["label"]


def absolute(src: Source, url: object, line: int) -> str:
    """*url* made absolute against the base URL; "" when it is empty, relative without a base, or not http(s)."""
    u = str(url or "").strip() if isinstance(url, str) else ""
    if not u:
        return ""
    scheme = urlsplit(u).scheme.lower()
    if not scheme and HOST.match(u):
        src.report.fixed(src.path, line, Code.RELATIVE_LINK, f"address {quoted(u)} without a scheme read as http://{u}")
        u = "http://" + u
    elif not scheme:
        if not src.base_url:
            src.report.dropped(src.path, line, Code.RELATIVE_LINK,
                               f"relative link {quoted(u)} dropped (the programme gives no base URL)")
            return ""
        u = urljoin(src.base_url, u)
        src.report.fixed(src.path, line, Code.RELATIVE_LINK, f"relative link made absolute: {u}")
    elif scheme not in ("http", "https"):
        src.report.dropped(src.path, line, Code.UNSAFE_LINK, f"link {quoted(u)} dropped: only http and https are kept")
        return ""
    return u


def is_video(url: str) -> bool:
    """A video file, or a talk's page at media.ccc.de: the talk's recording."""
    parts = urlsplit(url)
    return VIDEO_FILE.search(parts.path) is not None or (
        (parts.hostname or "").lower() == "media.ccc.de" and parts.path.startswith("/v/"))


def kind(url: str, title: str, hint: str = "") -> str:
    """The link's type in c3voc's words, or "recording" for a video of the talk."""
    hint = hint.strip().lower()
    if hint in KINDS or hint in HINTS:
        return HINTS.get(hint, hint)
    parts = urlsplit(url)
    host, path, words = (parts.hostname or "").lower(), parts.path, title.lower()
    if is_video(url):
        return "recording"
    if re.search(r"\bslides?\b|\bdeck\b", words) or re.search(r"slides?", path, re.I):
        return "slides"
    if re.search(r"\bpaper\b|\bpublication\b", words) or host in ("arxiv.org", "doi.org"):
        return "paper"
    if "blog" in words or "blog" in host:
        return "blog"
    if MEDIA_FILE.search(path):
        return "media"
    if "feedback" in words:
        return "related"
    return "web"


def link(src: Source, url: object, title: object, line: int, hint: str = "") -> Link | None:
    """A link of a talk or person with its kind, or None when it was dropped or withheld (reported)."""
    u = absolute(src, url, line)
    if not u:
        return None
    label = " ".join(str(title or "").split()) if isinstance(title, str) else ""
    why = doubt(u, label, src.policy, src.used)
    if why is not None:
        corrections = src.policy.corrections or "corrections.toml"
        src.report.warning(src.path, line, Code.WITHHELD,
                           f"withheld a link: {quoted(u)} ({why}); to publish it anyway, add [[publish]] url = "
                           f"{json.dumps(u, ensure_ascii=False)} to {corrections}")
        return None
    k = kind(u, label, hint)
    return Link(label or k.title(), u, "", k)


def page(src: Source, url: object, line: int, doubted: list[tuple[str, int]]) -> str:
    """A talk's page at the source; a doubtful one is left out and collected in *doubted* (reported once)."""
    u = absolute(src, url, line)
    if u and doubt(u, "", src.policy, src.used) is not None:
        doubted.append((u, line))
        return ""
    return u
