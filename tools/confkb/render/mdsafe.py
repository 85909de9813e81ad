"""Source Markdown -> MyST that can only ever be text, emphasis, lists, quotes, tables, code and safe links.

Source documents are data. They are parsed with markdown-it and re-emitted from a whitelist of
token types, with every piece of text escaped, so nothing in a document can become a directive,
a role, raw HTML, a substitution, a target or an include, whatever it contains.
"""

from __future__ import annotations

import re
from functools import lru_cache
from urllib.parse import quote

from markdown_it import MarkdownIt
from markdown_it.token import Token

from ..diagnostics import Code, Report

# html=True so HTML in a document is *recognised* (and then shown as text), not half-parsed.
_MD = MarkdownIt("commonmark", {"html": True}).enable("table")
# Characters that start MyST/CommonMark syntax anywhere in a line.
_ALWAYS = str.maketrans({c: "\\" + c for c in "\\`*_{}[]()<>#!|~$&^"})
SAFE_SCHEMES = ("http://", "https://", "mailto:")
IMAGE_EXT = re.compile(r"\.(?:png|jpe?g|gif|svg|webp|avif)$", re.I)


def escape(text: str) -> str:
    """Text that MyST shows exactly as written, on one line."""
    return " ".join(text.replace("\x00", "").split("\n")).translate(_ALWAYS)


def _line_start(text: str) -> str:
    """Escape what would start a block at the beginning of a line (``- ``, ``1.``, ``:::``, ``%``, ``=``)."""
    m = re.match(r"^(\s*)(\d{1,9})([.)])", text)
    if m:
        return f"{m[1]}{m[2]}\\{m[3]}{text[m.end():]}"
    m = re.match(r"^(\s*)([!-/:-@\[-`{-~])", text)
    if m and not text[m.end(1):].startswith("\\"):
        return f"{m[1]}\\{m[2]}{text[m.end():]}"
    return text


def safe_url(url: str) -> str | None:
    """The URL quoted for use inside ``<...>``, or None when its scheme is not allowed."""
    url = url.strip()
    if not url.lower().startswith(SAFE_SCHEMES):
        return None
    return quote(url, safe=":/?#[]@!$&'*+,;=%-._~")


class _Renderer:
    def __init__(self, path: str, line: int, report: Report | None) -> None:
        self.path, self.line, self.report = path, line, report

    def note(self, tok: Token | None, code: Code, message: str) -> None:
        if self.report is not None:
            offset = tok.map[0] if tok is not None and tok.map else 0
            self.report.warning(self.path, self.line + offset, code, message)

    # -- inline ---------------------------------------------------------------------------
    def inline(self, tokens: list[Token], block: Token | None) -> str:
        out: list[str] = []
        # the URL of each open link, None for a link shown as text; a stack, because tokens compare
        # equal by value and two links on one line must not share the first one's URL
        open_links: list[str | None] = []
        for tok in tokens:
            t = tok.type
            at_line_start = not out or out[-1] == "\n"
            if t == "text":
                # only text can start a block by accident; markers this renderer writes cannot
                out.append(_line_start(escape(tok.content)) if at_line_start else escape(tok.content))
            elif t in ("softbreak", "hardbreak"):
                out.append("\n")
            elif t in ("em_open", "em_close"):
                out.append("*")
            elif t in ("strong_open", "strong_close"):
                out.append("**")
            elif t == "code_inline":
                out.append(self.code_span(tok.content))
            elif t == "link_open":
                href = str(tok.attrs.get("href", ""))
                url = safe_url(href)
                if url is None:
                    self.note(block, Code.UNSAFE_LINK, f"link to {href[:80]!r} shown as text")
                    out.append("")
                else:
                    out.append("[")
                open_links.append(url)
            elif t == "link_close":
                url = open_links.pop() if open_links else None
                if url is not None:
                    out.append("](<" + url + ">)")
            elif t == "image":
                out.append(self.image(tok, block))
            elif t == "html_inline":
                self.note(block, Code.RAW_MARKUP, f"inline HTML {tok.content[:60]!r} shown as text")
                out.append(escape(tok.content))
            else:
                out.append(escape(tok.content))
        return "".join(out)

    def image(self, tok: Token, block: Token | None) -> str:
        src = str(tok.attrs.get("src", ""))
        alt = escape(tok.content or "")
        url = safe_url(src)
        if url is None or src.lower().startswith("mailto:"):
            self.note(block, Code.UNSAFE_LINK, f"image {src[:80]!r} shown as its description")
            return alt
        if IMAGE_EXT.search(src.split("?")[0]):
            return f"![{alt}](<{url}>)"
        return f"[{alt or escape(src)}](<{url}>)"

    @staticmethod
    def code_span(content: str) -> str:
        content = content.replace("\n", " ")
        longest = max((len(m) for m in re.findall(r"`+", content)), default=0)
        fence = "`" * (longest + 1)
        pad = " " if content.startswith("`") or content.endswith("`") or not content.strip() else ""
        return f"{fence}{pad}{content or ' '}{pad}{fence}"

    # -- blocks ---------------------------------------------------------------------------
    def blocks(self, tokens: list[Token]) -> list[str]:
        """Render a token stream into a list of block strings (to be joined by blank lines)."""
        out: list[str] = []
        i = 0
        while i < len(tokens):
            tok = tokens[i]
            t = tok.type
            if t in ("paragraph_open", "heading_open"):
                inline = tokens[i + 1]
                text = self.inline(inline.children or [], tok).strip("\n")
                if t == "heading_open" and text:
                    text = f"**{text}**"
                if text.strip():
                    out.append(text)
                i = self._skip(tokens, i)
            elif t in ("bullet_list_open", "ordered_list_open"):
                out.append(self.list(tokens[i + 1: self._close(tokens, i)], t.startswith("ordered")))
                i = self._close(tokens, i) + 1
            elif t == "blockquote_open":
                inner = self.blocks(tokens[i + 1: self._close(tokens, i)])
                out.append("\n".join("> " + ln if ln else ">" for ln in "\n\n".join(inner).split("\n")))
                i = self._close(tokens, i) + 1
            elif t in ("fence", "code_block"):
                content = tok.content.rstrip("\n")
                longest = max((len(m) for m in re.findall(r"`{3,}|~{3,}", content)), default=2)
                fence = "`" * max(3, longest + 1)
                if not re.fullmatch(r"[\w+#.-]*", tok.info.strip()):  # "{include} x.txt": its words, as text
                    self.note(tok, Code.RAW_MARKUP, "code fence options shown as text")
                    out.append(_line_start(escape(tok.info.strip())))
                out.append(f"{fence}text\n{content}\n{fence}")
                i += 1
            elif t == "html_block":
                self.note(tok, Code.RAW_MARKUP, "HTML block shown as text")
                out.append("\n".join(_line_start(escape(ln)) for ln in tok.content.strip("\n").split("\n")))
                i += 1
            elif t == "table_open":
                out.append(self.table(tokens[i: self._close(tokens, i) + 1]))
                i = self._close(tokens, i) + 1
            elif t == "hr":
                i += 1
            else:
                i += 1
        return out

    def list(self, tokens: list[Token], ordered: bool) -> str:
        items: list[str] = []
        i = 0
        n = 1
        while i < len(tokens):
            if tokens[i].type == "list_item_open":
                end = self._close(tokens, i)
                body = "\n\n".join(self.blocks(tokens[i + 1: end])) or "\u00a0"
                marker = f"{n}. " if ordered else "- "
                pad = " " * len(marker)
                lines = body.split("\n")
                items.append(marker + lines[0] + "".join("\n" + (pad + ln if ln else "") for ln in lines[1:]))
                n += 1
                i = end + 1
            else:
                i += 1
        return "\n".join(items)

    def table(self, tokens: list[Token]) -> str:
        rows: list[list[str]] = []
        for tok in tokens:
            if tok.type == "tr_open":
                rows.append([])
            elif tok.type == "inline" and rows:
                rows[-1].append(self.inline(tok.children or [], tok).replace("\n", " ").replace("|", "\\|"))
        if not rows:
            return ""
        width = max(len(r) for r in rows)
        rows = [r + [""] * (width - len(r)) for r in rows]
        lines = ["| " + " | ".join(rows[0]) + " |", "|" + "---|" * width]
        lines += ["| " + " | ".join(r) + " |" for r in rows[1:]]
        return "\n".join(lines)

    @staticmethod
    def _close(tokens: list[Token], i: int) -> int:
        """Index of the token closing the one at *i* (same nesting level)."""
        level = tokens[i].level
        close = tokens[i].type.replace("_open", "_close")
        for j in range(i + 1, len(tokens)):
            if tokens[j].type == close and tokens[j].level == level:
                return j
        return len(tokens) - 1

    def _skip(self, tokens: list[Token], i: int) -> int:
        return self._close(tokens, i) + 1


def render(markdown: str, path: str = "", line: int = 0, report: Report | None = None) -> str:
    """Safe MyST for a piece of source Markdown (blocks separated by blank lines)."""
    markdown = markdown.replace("\x00", "")
    renderer = _Renderer(path, line, report)
    return "\n\n".join(b for b in renderer.blocks(_MD.parse(markdown)) if b.strip())


def code(text: str) -> str:
    """Inline code showing *text* literally (file names, codes)."""
    return _Renderer.code_span(text)


@lru_cache(maxsize=1 << 16)  # titles and names recur on many pages (lists of sessions, speaker cards)
def render_inline(text: str) -> str:
    """Safe MyST for a one-line value (a title, a name): emphasis kept, everything else text."""
    tokens = _MD.parseInline(text.replace("\n", " ").replace("\x00", ""))
    return _Renderer("", 0, None).inline(tokens[0].children or [], None) if tokens else ""
