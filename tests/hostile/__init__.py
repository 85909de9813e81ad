"""Hostile source documents, built in code: injection attempts, hostile names, broken bytes, huge inputs."""

from __future__ import annotations

import contextlib
from pathlib import Path

EVENT = "hostile-con"
SECRET = "TOPSECRET-7f3a9c"  # the content of a file outside sources/ that no page may ever show
MARKER = "zqxmarker"  # a word inside every payload: it must reach the page as visible text


def talk(title: str, speaker: str, *, date: str = "May 6, 2025", time: str = "10:00 - 10:30",
         abstract: str = "A talk.", bio: str = "", track: str = "Attack Surface") -> str:
    """A well-formed session document whose fields can carry a payload."""
    return (f"# Hostile Con 2025: {title}\n\n## Track Information\n**Track: {track}**\n\n"
            f"## Event and Session Details\n\n### Conference Overview\n- **Name:** Hostile Con 2025\n"
            f"- **Dates:** May 6-7, 2025\n- **Location:** Station F, Paris, France\n\n"
            f"### Session Details\n- **Title:** {title}\n- **Date:** {date}\n- **Time:** {time}\n"
            f"- **Content:** {abstract}\n\n## Speaker Biography: {speaker}\n\n{bio or 'Builds things.'}\n")


# Markup that must never run: each piece holds MARKER so its words are checked on the page.
PAYLOADS: dict[str, str] = {
    "fence-raw": f"```{{raw}} html\n<script>alert('{MARKER}1')</script>\n```",
    "fence-include": f"```{{include}} /etc/passwd\n{MARKER}2\n```",
    "fence-include-secret": f"```{{include}} ../../secret.txt\n{MARKER}3\n```",
    "eval-rst": f"```{{eval-rst}}\n.. raw:: html\n\n   <iframe src=x></iframe>\n\n.. include:: /etc/passwd\n\n{MARKER}4\n```",
    "colon-fence": f":::{{raw}} html\n<b onclick=alert(1)>{MARKER}5</b>\n:::\n\n::::{{include}} /etc/passwd\n::::",
    "role": f"Text {{raw}}`<img src=x onerror=alert(1)>` and {{doc}}`/index` {MARKER}6",
    "substitution": f"Hello {{{{ env.config.html_title }}}} {MARKER}7 {{{{key}}}}",
    "target": f"(evil-target)=\n\n{MARKER}8 [ref](#evil-target) {{ref}}`evil-target`",
    "math": f"$$\\def\\x{{1}}$$ and $a^2$ {MARKER}9 \\begin{{align}}x\\end{{align}}",
    "script": f"<script>document.write('{MARKER}10')</script>\n\n<iframe src='https://evil.example'></iframe> {MARKER}10",
    "img-onerror": f"<img src=x onerror=\"alert('{MARKER}11')\"> inline <b onmouseover=alert(1)>{MARKER}11</b>",
    "style": f"<style>body{{display:none}}</style>\n\n{MARKER}12 <style>*{{color:red}}</style>",
    "comment": f"<!-- {MARKER}13 hidden comment -->\n\nvisible {MARKER}13",
    "links": (f"[js](javascript:alert('{MARKER}14')) [data](data:text/html;base64,PHNjcmlwdD4=) "
              f"[vb](vbscript:msgbox) [file](file:///etc/passwd) <javascript:alert(1)> {MARKER}14"),
    "images": (f"![evil {MARKER}15](javascript:alert(1)) ![climb](../../secret.png) "
               f"![data](data:image/png;base64,AAAA) ![abs](/etc/passwd) ![file](file:///etc/passwd)"),
    "front-matter-inline": f"---\ntitle: pwned\nmyst:\n  substitutions:\n    a: b\n---\n{MARKER}16",
    "field-list": f":orphan:\n:nocomments: {MARKER}17\n\n.. raw:: html\n\n   <script>x</script>",
    "html-entities": f"&lt;script&gt; &#60;iframe&#62; {MARKER}18 &amp;",
}


def injection_docs() -> dict[str, str]:
    """One document per payload (in the abstract, a biography and a title), plus front matter on top."""
    docs = {f"inject-{name}.md": talk(f"Injection {name} {MARKER}", f"Attacker {chr(65 + i)} Injector",
                                      time=f"{9 + i % 8:02d}:00 - {9 + i % 8:02d}:30",
                                      abstract="\n\n" + body, bio=body)
            for i, (name, body) in enumerate(PAYLOADS.items())}
    docs["inject-front-matter.md"] = ("---\nmyst:\n  substitutions:\n    x: '<script>y</script>'\nhtml_theme: evil\n---\n"
                                      + talk(f"Front Matter {MARKER}", "Frontie Matter"))
    docs["inject-ics.md"] = talk(f"Calendar\r\nATTENDEE:mailto:evil@example.com\r\nX-INJECTED:1 {MARKER}",
                                 "Cal Endar", abstract=f"Line\r\nEND:VEVENT\r\nBEGIN:VEVENT\r\nSUMMARY:evil {MARKER}")
    docs["inject-title.md"] = talk(f"<script>alert(1)</script> {{raw}}`<b>x</b>` ```{{include}} x``` {MARKER}",
                                   "<img src=x onerror=alert(1)> Evil Name")
    return docs


def name_docs() -> dict[str, str]:
    """Titles and names that are hostile as file names."""
    names = {
        "name-dotdot.md": ("../../etc/passwd", "../../../Root Climber"),
        "name-absolute.md": ("/absolute/path", "/etc/Absolute Person"),
        "name-con.md": ("CON", "Con Aux"),
        "name-emoji.md": ("🎉🎉🎉", "🦄🦄"),
        "name-punct.md": ("!!! ??? ...", "*** ---"),
        "name-long.md": ("Long " * 120, "Wolfeschlegelsteinhausenbergerdorff " * 9),
        "name-jose1.md": ("José's talk", "José Pérez"),
        "name-jose2.md": ("Jose's talk", "Jose Perez"),
        "name-case1.md": ("Case Talk", "Ada Lovelace"),
        "name-case2.md": ("CASE TALK!", "ADA LOVELACE"),
    }
    return {f: talk(t, n, time=f"{11 + i % 6:02d}:00 - {11 + i % 6:02d}:20") for i, (f, (t, n)) in enumerate(names.items())}


def broken_docs() -> dict[str, bytes]:
    """Bytes that are not a well-formed document."""
    good = talk("Broken Bytes Talk", "Byte Person").encode()
    return {
        "broken-empty.md": b"",
        "broken-whitespace.md": b"   \n\t\n  \r\n",
        "broken-no-headings.md": b"Just a paragraph of words and nothing else.\n",
        "broken-png.md": b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4,
        "broken-random.md": bytes((i * 7919 + 13) % 256 for i in range(4096)),
        "broken-utf16.md": b"\xff\xfe" + talk("UTF Sixteen Talk", "Sixteen Person").encode("utf-16-le"),
        "broken-cp1252.md": talk("Café Talk – déjà vu", "Zoë Müller").encode("cp1252"),
        "broken-nul.md": good.replace(b"Byte Person", b"Nul\x00 Person\x07\x1b[31m").replace(b"Broken Bytes", b"Nul Bytes"),
        "broken-cr.md": talk("Carriage Talk", "Cr Person").replace("\n", "\r").encode(),
        "broken-times.md": talk("Impossible Time Talk", "Tim Impossible", time="25:00 - 26:00"),
        "broken-backwards.md": talk("Backwards Time Talk", "Bea Backwards", time="14:00 - 13:00"),
        "broken-date.md": talk("Strange Date Talk", "Dee Strange", date="the 32nd of Smarch"),
        "broken-twice.md": talk("Twice Talk", "Tw Ice") + "\n## Session Details\n- **Title:** Another Title\n- **Time:** 10:00 - 10:30\n",
        "broken-claim1.md": talk("Claimed Talk", "Claire One", time="15:00 - 15:30"),
        "broken-claim2.md": talk("Claimed Talk", "Claire Two", time="16:00 - 16:30"),
        # 1,000 levels on one line, then 1,000 levels written with real indentation (~1 MB)
        "broken-nested.md": talk("Deep Nesting Talk", "Deep Nester", abstract="\n\n" + "- " * 1000 + "level\n"
                                 + "".join("  " * i + f"- nest{i}\n" for i in range(1000)),
                                 bio="Deepbio survives the nesting."),
        "broken-blockquotes.md": talk("Deep Quote Talk", "Quinn Quote", abstract="\n\n" + ">" * 1000 + " deep"),
        "broken-heading.md": ("# " + "H" * 10_000 + "\n\n" + talk("Long Heading Talk", "Hedda Long")),
    }


def huge_docs() -> dict[str, str]:
    bio = "\n".join(f"- Line {i}: did something notable in year {1900 + i % 120}." for i in range(10_000))
    big = "\n\n".join(f"Paragraph {i} " + "word " * 100 for i in range(10_000))  # ~5 MB
    return {"huge-bio.md": talk("Long Biography Talk", "Bio Long", bio=bio, time="17:00 - 17:30"),
            "huge-5mb.md": talk("Five Megabyte Talk", "Mega Byte", abstract="\n\n" + big, time="17:30 - 18:00")}


def write_event(sources: Path, *, huge: bool = True) -> Path:
    """A hostile event folder under *sources*, a secret beside sources, and links that try to leave."""
    folder = sources / EVENT
    folder.mkdir(parents=True, exist_ok=True)
    (sources.parent / "secret.txt").write_text(f"{SECRET}\n", encoding="utf-8")
    (sources.parent / "secret.md").write_text(talk(f"Secret {SECRET}", "Secret Keeper"), encoding="utf-8")
    texts = {**injection_docs(), **name_docs(), **(huge_docs() if huge else {})}
    for name, text in texts.items():
        (folder / name).write_text(text, encoding="utf-8")
    for name, raw in broken_docs().items():
        (folder / name).write_bytes(raw if isinstance(raw, bytes) else raw.encode())
    for name, target in (("link-out.md", sources.parent / "secret.md"), ("link-dir", sources.parent),
                         ("link-passwd.md", Path("/etc/passwd"))):
        with contextlib.suppress(OSError):
            (folder / name).symlink_to(target)
    return folder


def _myst_parser():
    from markdown_it.renderer import RendererHTML
    from myst_parser.config.main import MdParserConfig
    from myst_parser.parsers.mdit import create_md_parser

    exts = {"colon_fence", "fieldlist", "dollarmath", "substitution", "deflist", "html_image", "amsmath"}
    return create_md_parser(MdParserConfig(enable_extensions=exts), RendererHTML)


_MYST = None
# What MyST would turn into a directive, a role, raw HTML, a target, math or a substitution.
ACTIVE = {"html_block", "html_inline", "myst_role", "myst_target", "myst_line_comment", "colon_fence",
          "substitution_block", "substitution_inline", "math_inline", "math_block", "amsmath", "front_matter",
          "field_list_open", "myst_block_break", "dl_open"}


def active_markup(myst: str) -> list[str]:
    """Every piece of *myst* (rendered source text) that MyST would not show as plain text."""
    global _MYST
    _MYST = _MYST or _myst_parser()
    found = []
    stack = list(_MYST.parse(myst))
    while stack:
        tok = stack.pop()
        stack.extend(tok.children or [])
        if tok.type in ACTIVE:
            found.append(f"{tok.type}: {tok.content[:60]!r}")
        elif tok.type == "fence" and tok.info.strip() not in ("", "text"):
            found.append(f"fence {tok.info!r}")
        elif tok.type in ("link_open", "image"):
            url = str(tok.attrs.get("href") or tok.attrs.get("src") or "")
            if not url.lower().startswith(("http://", "https://", "mailto:")):
                found.append(f"{tok.type} {url!r}")
    return found
