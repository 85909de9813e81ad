"""Withhold what a rule doubts, before anything is built from it: placeholder URLs, template slots, dated
entries that contradict themselves, link labels their URL cannot be, and what the organiser hides.

It works on a document's repaired text line by line, so every line keeps its number in the file; a withheld
line becomes empty, a withheld sentence leaves the rest of its line. Each item goes to the report with the rule
and how to publish it anyway (``[[publish]]`` in the event's corrections.toml)."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from urllib.parse import parse_qsl, urlsplit

from ..diagnostics import Code, Report, quoted
from ..linkcheck.rules import rule_for
from .cleanup import CAPTION

# RFC 2606 and RFC 6761 reserve these names for examples: nothing real lives there
RESERVED_HOSTS = ("example.com", "example.net", "example.org", "localhost")
RESERVED_SUFFIXES = (".example", ".test", ".invalid", ".localhost", ".example.com", ".example.net", ".example.org")
# services whose whole purpose is a stand-in image of a given size
PLACEHOLDER_IMAGES = ("placeholder.com", "placehold.co", "placehold.it", "dummyimage.com", "picsum.photos",
                      "placekitten.com", "fakeimg.pl", "lorempixel.com", "placeimg.com", "loremflickr.com")
# a path segment or query value that stands for an id not filled in: xxxx, 000000, 123456, example, VIDEO_ID
PLACEHOLDER_ID = re.compile(r"x{3,}|0{4,}|(\d)\1{4,}|example|placeholder|sample|dummy|todo|tbd|your[-_]?\w*"
                            r"|(?:video|paper|user|channel)[-_]?id|<[^>]*>|\{[^}]*\}|\[[^\]]*\]", re.I)
ASCENDING = "1234567890"
# kinds of link a label can promise, and hosts that can never be that kind
VIDEO_LABEL = re.compile(r"\b(?:videos?|watch|recordings?|replay|livestream)\b", re.I)
SLIDES_LABEL = re.compile(r"\b(?:slides?|slide deck|deck)\b", re.I)
CODE_HOSTS = ("github.com", "gitlab.com", "orcid.org", "scholar.google.com", "pypi.org")
# a profile (not a post, which may carry a video or slides): linkedin.com/in/x, x.com/handle
PROFILE = re.compile(r"https?://(?:[\w-]+\.)?(?:linkedin\.com/(?:in|company)/[^/?#]+|(?:x|twitter)\.com/\w+)/?(?:[?#].*)?$")
PAPER_HOSTS = ("arxiv.org", "doi.org", "ieeexplore.ieee.org", "dl.acm.org", "openreview.net", "aclanthology.org")
VIDEO_HOSTS = ("youtube.com", "youtu.be", "vimeo.com", "bilibili.com", "media.ccc.de", "dailymotion.com", "twitch.tv")
NOT_VIDEO = re.compile(r"\.(?:pdf|pptx?|key|png|jpe?g|gif|svg|webp|zip)$", re.I)
# a bracketed template slot, not a link: [morning/afternoon], [Speaker Portrait], [Your Name], [Insert date]
SLOT = re.compile(r"(?<![!\\])\[(?:[a-z]+(?:\s*/\s*[a-z]+)+|(?:Your|Insert|Add|Enter|TBD|TBA)\b[^\]\n]{0,40}"
                  r"|[A-Z][\w ]{0,30}\b(?:Name|Title|Portrait|Photo|Image|Logo|Date|Time|Link|URL|Bio))\](?!\()")
# a dated entry: "- **2023**: ..." whose own words name a later event ("... at GOSIM AI Paris 2025")
DATED = re.compile(r"^\s*+(?:[-*+]\s++)?(?:\*\*|__)?\s*((?:19|20)\d{2})\b")
EVENT_WORDS = re.compile(r"\b(?:speaker|speaking|keynote|talk|presentation|presented|presenting|conference|summit"
                         r"|workshop|symposium|meetup|forum|panel|event|congress|hackathon)\b", re.I)
NAMED_EVENT = re.compile(r"\b[A-Z][\w&+.-]*(?:\s+[A-Z0-9][\w&+.-]*)*\s+((?:19|20)\d{2})\b")
LINK = re.compile(r"(?P<bang>!?)\[(?P<label>[^\]\n]*)\]\(\s*<?(?P<url>[^\s)>]+)>?(?:\s+\"[^\"\n]*\")?\s*\)")
BARE = re.compile(r"(?<![(<\[])\bhttps?://[^\s)>\]]+")
# a label that only points at its link ("Watch here"): without the link the sentence says nothing
DOMAIN = re.compile(r"(?:https?://)?[\w-]+(?:\.[\w-]+)+/?\S*")  # a label that is only the address
CALL = re.compile(r"\b(?:here|watch|read|see|view|download|click|link|full|more)\b", re.I)
SENTENCE_END = re.compile(r"(?<=[.!?])[*_\"”’)]*\s+")
LEAD = re.compile(r"^\s*(?:(?:[-*+]|\d{1,9}[.)])\s+|>\s*)*[*_\"“‘]*")
TRAIL = re.compile(r"[*_\"”’]*\s*$")


@dataclass(frozen=True, slots=True)
class Policy:
    """What the organiser's corrections.toml says about withholding: (text, line) pairs."""

    corrections: str = ""  # the file, as shown in the report
    publish_urls: tuple[tuple[str, int], ...] = ()
    publish_texts: tuple[tuple[str, int], ...] = ()
    hide: tuple[tuple[str, int], ...] = ()


@dataclass(slots=True)
class Withheld:
    """A document's text with doubtful items removed, and the corrections that were used on it."""

    text: str
    used: set[int] = field(default_factory=set)  # lines of corrections.toml entries that applied


def url_doubt(url: str, label: str = "") -> str | None:
    """Why *url* cannot be a real address (or not what *label* promises), or None."""
    parts = urlsplit(url)
    host = (parts.hostname or "").lower().rstrip(".")
    if host in RESERVED_HOSTS or host.endswith(RESERVED_SUFFIXES):
        return f"{host} is a domain reserved for examples"
    if _on(host, PLACEHOLDER_IMAGES):
        return f"{host} serves placeholder images"
    values = [s for s in parts.path.split("/") if s] + [v for _, v in parse_qsl(parts.query)]
    for value in values:
        if PLACEHOLDER_ID.fullmatch(value) or (len(value) >= 5 and ASCENDING.startswith(value)):
            return f"{quoted(value)} stands for an id that was never filled in"
    shape = rule_for(url).shape_error(url)
    if shape:
        return shape.lower()
    path = parts.path.lower()
    profile = PROFILE.match(url) is not None or _on(host, CODE_HOSTS)
    if VIDEO_LABEL.search(label) and (profile or _on(host, PAPER_HOSTS) or NOT_VIDEO.search(path)):
        return f"the label {quoted(label)} promises a video, which a {host} address cannot be"
    if SLIDES_LABEL.search(label) and (profile or _on(host, VIDEO_HOSTS)):
        return f"the label {quoted(label)} promises slides, which a {host} address cannot be"
    return None


def _slug(text: str) -> str:
    return re.sub(r"[\W_]+", "-", text.casefold()).strip("-")


def _on(host: str, hosts: tuple[str, ...]) -> bool:
    return any(host == h or host.endswith("." + h) for h in hosts)


def withhold(text: str, path: str, first_line: int, policy: Policy, report: Report, event: str = "") -> Withheld:
    """*text* (Markdown, its first line numbered *first_line*) with every doubtful item withheld and reported.

    *event*: the slug of the event folder; a dated entry naming that event is an event even without a word such
    as "keynote" in it."""
    out = Withheld(text)
    lines = text.split("\n")
    drop_caption = False
    item = -1  # the indent of a list item withheld whole: its continuation lines go with it
    for n, line in enumerate(lines):
        indent = len(line) - len(line.lstrip())
        if item >= 0 and line.strip() and indent > item:
            _note(report, policy, path, first_line + n, "a line of the entry above", line.strip(), "", "")
            lines[n] = ""
            continue
        item = -1
        if drop_caption and CAPTION.match(line):
            _note(report, policy, path, first_line + n, "the caption of a withheld image", line.strip(), "", "")
            lines[n] = ""
            drop_caption = False
            continue
        drop_caption = line.strip() == "" and drop_caption
        new, image_gone = _line(line, path, first_line + n, policy, report, out.used, event)
        drop_caption = drop_caption or image_gone
        if not new and line.strip() and re.match(r"\s*(?:[-*+]|\d{1,9}[.)])\s", line):
            item = indent
        lines[n] = new
    out.text = "\n".join(lines)
    return out


def _line(line: str, path: str, lineno: int, policy: Policy, report: Report, used: set[int],
          event: str) -> tuple[str, bool]:
    """One line with its doubtful items removed; and whether an image was removed (its caption goes too)."""
    vouched = [ln for text, ln in policy.publish_texts if text and text in line]
    used.update(vouched)
    for text, ln in policy.hide:
        if text and text.casefold() in line.casefold():
            used.add(ln)
            report.fixed(path, lineno, Code.CORRECTED,
                         f"hidden as {policy.corrections} line {ln} asks: {quoted(line.strip())}")
            return "", False
    m = DATED.match(line)
    if m and not vouched:
        later = [e for e in NAMED_EVENT.finditer(line, m.end()) if int(e.group(1)) > int(m.group(1))
                 and (EVENT_WORDS.search(line) or (event and _slug(e.group(0)) in event))]
        if later:
            why = f"dated {m.group(1)}, but it names {later[0].group(0)}"
            _note(report, policy, path, lineno, "a dated entry", line.strip(), why, _short(line))
            return "", False
    cuts: list[tuple[int, int]] = []  # spans to remove whole sentences around
    subs: list[tuple[int, int, str]] = []  # spans replaced by text
    image_gone = False
    for lm in LINK.finditer(line):
        url, label = lm["url"], lm["label"]
        why = doubt(url, label, policy, used)
        if why is None:
            continue
        what = "an image" if lm["bang"] else "a link"
        _note(report, policy, path, lineno, what, lm.group(0), why, url, is_url=True)
        if lm["bang"]:
            subs.append((lm.start(), lm.end(), ""))
            image_gone = True
        elif (CALL.search(label) or VIDEO_LABEL.search(label) or SLIDES_LABEL.search(label) or not label.strip()
              or _alone(line, lm) or DOMAIN.fullmatch(label.strip())):  # a link alone on its line ("- [IEEE Xplore](...)") goes with its line
            cuts.append((lm.start(), lm.end()))
        else:
            subs.append((lm.start(), lm.end(), label))
    covered = [(lm.start(), lm.end()) for lm in LINK.finditer(line)]
    for bm in BARE.finditer(line):
        if any(a <= bm.start() < b for a, b in covered):
            continue
        url = bm.group(0).rstrip(".,;:*_")
        why = doubt(url, "", policy, used)
        if why:
            _note(report, policy, path, lineno, "a link", url, why, url, is_url=True)
            subs.append((bm.start(), bm.start() + len(url), ""))
    if not vouched:
        for sm in SLOT.finditer(line):
            if any(a <= sm.start() < b for a, b in covered):
                continue
            _note(report, policy, path, lineno, "a sentence with the template slot " + sm.group(0),
                  _sentence(line, sm.start(), sm.end()), "a slot the generator did not fill", sm.group(0))
            cuts.append((sm.start(), sm.end()))
    if not cuts and not subs:
        return line, image_gone
    return _apply(line, cuts, subs), image_gone


def doubt(url: str, label: str, policy: Policy, used: set[int]) -> str | None:
    """Why *url* is withheld, or None: also when the organiser vouched for it (the entry's line goes to *used*)."""
    why = url_doubt(url, label)
    if why is not None:
        for vouched, ln in policy.publish_urls:
            if vouched.rstrip("/") == url.rstrip("/"):
                used.add(ln)
                return None
    return why


def _alone(line: str, m: re.Match[str]) -> bool:
    lead = LEAD.match(line).group(0)
    return not line[len(lead):m.start()].strip(" *_") and not line[m.end():].strip(" *_.,;")


def _sentence_span(line: str, start: int, end: int) -> tuple[int, int]:
    """The sentence of *line* around [start, end): from the end of the previous one to the end of its own."""
    begin = 0
    for m in SENTENCE_END.finditer(line):
        if m.end() <= start:
            begin = m.end()
        elif m.start() >= end:
            return begin, m.end()
    return begin, len(line)


def _sentence(line: str, start: int, end: int) -> str:
    a, b = _sentence_span(line, start, end)
    return line[a:b].strip()


def _apply(line: str, cuts: list[tuple[int, int]], subs: list[tuple[int, int, str]]) -> str:
    """*line* with whole sentences cut and spans replaced; empty when what is left says nothing."""
    spans = [(*_sentence_span(line, a, b), "") for a, b in cuts] + subs
    keep, pos = [], 0
    for a, b, text in sorted(spans):
        if a < pos:  # inside a sentence already cut
            continue
        keep.append(line[pos:a])
        keep.append(text)
        pos = b
    keep.append(line[pos:])
    new = "".join(keep)
    lead = LEAD.match(line).group(0)
    if not new.startswith(lead):  # the first sentence went: its list marker or opening quote stays
        new = lead + new.lstrip()
    trail = TRAIL.search(line).group(0).strip()
    if trail and not new.rstrip().endswith(trail):
        new = new.rstrip() + trail
    body = re.sub(r"[\W_]+", " ", new[len(lead):]).strip()
    if not body or (new.rstrip(" *_").endswith(":") and len(body.split()) <= 4):
        return ""  # nothing left but a label ("**Video:**") or punctuation
    return re.sub(r"  +", " ", new).rstrip()


def _short(line: str) -> str:
    """The longest run of *line* without markup: what a [[publish]] match can quote."""
    runs = sorted(re.findall(r"[^*_\[\]()<>`\"“”\n]+", line), key=lambda r: (-len(r.strip()), r))
    return runs[0].strip(" !?.,;:–-")[:60].strip() if runs else ""


def _note(report: Report, policy: Policy, path: str, lineno: int, what: str, shown: str, why: str, vouch: str,
          is_url: bool = False) -> None:
    corrections = policy.corrections or "corrections.toml"
    value = json.dumps(vouch, ensure_ascii=False)  # a TOML basic string is written as JSON writes one
    how = (f"to publish it anyway, add [[publish]] url = {value} to {corrections}" if is_url else
           f"to publish it anyway, add [[publish]] match = {value} to {corrections}" if vouch else "")
    because = f" ({why})" if why else ""
    message = f"withheld {what}: {quoted(shown)}{because}" + (f"; {how}" if how else "")
    report.warning(path, lineno, Code.WITHHELD, message)
