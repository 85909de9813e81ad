"""One host introduction per talk: when a talk has several speakers, each of its documents brings an introduction
that welcomes its own speaker as if alone. They become one: the first one's greeting, what each says about its
speaker (in speaker order), the first one's presentation of the talk, and one hand-over that welcomes every
speaker by name. What is left out (another greeting, another presentation, the hand-overs to one speaker) is
reported, quoted, with its document and line.

Introductions are Markdown paragraphs, often each wrapped in emphasis with the host's words in quotes
(``*"Good morning…*`` … ``*…welcome!"*``); they are read sentence by sentence, by rules, not by wording."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from markdown_it import MarkdownIt

from ..diagnostics import Code, Report
from ..ingest import values
from ..model import ParsedDoc

GREETING, SPEAKER, TALK, HANDOVER = "greeting", "speaker", "talk", "hand-over"
_WHAT = {GREETING: "greeting", TALK: "presentation of the talk", HANDOVER: "hand-over to one speaker"}
_MD = MarkdownIt("commonmark")
_QUOTES = {'"': '"', "“": "”"}
# a paragraph that is not prose (a list, a quote, a table, a heading, a rule) is kept or left out whole
_BLOCK = re.compile(r"^\s*(?:[-+*]\s|\d{1,9}[.)]\s|>|\||#{1,6}\s)")
_RULE = re.compile(r"^\s*(?:[-*_]\s*){3,}$")
# where a sentence ends: its stop, then what closes around it (a bracket, a quote, emphasis), then a space
_END = re.compile(r"[.!?…]+[)\]\"'”’*_]*(?=\s)")
_ABBREVIATION = re.compile(r"(?:^|[\s(])(?:Dr|Mr|Mrs|Ms|Prof|St|Jr|Sr|vs|etc|No|Inc|Ltd|Co|e\.g|i\.e|[A-Z])\.$")
# who a sentence is about when it does not say the name
_ABOUT_SPEAKER = re.compile(r"\b(?:he|she|him|her|his|hers|himself|herself|speaker|guest|presenter|panell?ist)\b")
# how a host presents a talk: "he'll dive into", "here to talk about", "you'll learn", "titled" (or, when no
# speaker is named, three words of its title in a row)
_ABOUT_TALK = re.compile(
    r"(?:\bwill|'ll|\bgoing to) (?:dive|explore|walk|show|share|discuss|present|talk|cover|unpack|reveal|"
    r"demonstrate|guide|take|introduce|tell|teach|break|delve|look|examine|outline)\b"
    r"|\bhere to (?:talk|share|show|discuss|present|explore|walk)\b"
    r"|\byou(?:'ll| will) (?:learn|get|discover|see|hear|find|leave|gain|walk)\b|\b(?:en)?titled\b")
# "in this session": the talk, unless the sentence names a speaker ("our second speaker on this talk, Bob")
_THIS_TALK = re.compile(r"\b(?:this|today's|the|his|her|their|our) "
                        r"(?:session|talk|presentation|keynote|workshop|lecture|tutorial|demo)\b")
# whom a hand-over is for, when it does not say the name
_ADDRESSED = re.compile(r"\b(?:him|her|them|speakers?|guests?|presenters?)\b")
# how a host hands over to the speaker; such a sentence is a hand-over when it says nothing else (see _kind)
_HANDING_OVER = re.compile(r"\b(?:welcom\w*|join me|giv(?:e|ing) (?:it up|a|him|her|them|us)|applause|hands together|"
                           r"(?:stage|floor|mic\w*) is (?:all )?yours|over to (?:you|him|her|them)|take it away|"
                           r"let's hear|without further ado)\b")
_HANDOVER_WORDS = frozenset({
    "please", "join", "me", "us", "in", "welcoming", "welcome", "welcomes", "give", "giving", "let", "lets", "s",
    "a", "an", "the", "to", "him", "her", "them", "our", "my", "your", "warm", "warmest", "big", "huge", "very",
    "round", "of", "applause", "it", "up", "for", "so", "now", "and", "with", "without", "further", "ado", "hands",
    "put", "together", "stage", "floor", "mic", "microphone", "is", "all", "yours", "over", "you", "take", "away",
    "hear", "from", "everyone", "everybody", "folks", "speaker", "guest", "next", "dr", "prof", "professor", "mr",
    "ms", "mrs", "thank", "thanks", "enthusiastic", "rousing", "loud", "make", "some", "noise", "help", "on",
    "here", "today", "i", "m", "delighted", "pleased", "happy", "honored", "honoured", "invite", "ladies",
    "gentlemen"})
_NAMELESS_HANDOVER_WORDS = 2  # "So, please welcome Ada!": at most this many other words


@dataclass(frozen=True, slots=True)
class _Intro:
    doc: ParsedDoc
    paragraphs: tuple[tuple[str, ...], ...]  # sentences (or one block) per paragraph, emphasis and quotes off
    roles: tuple[tuple[str, ...], ...]
    prose: tuple[bool, ...]
    emphasis: bool  # its paragraphs are wrapped in emphasis
    quotes: tuple[str, str]  # the quotes around the host's words ("", "" when none)


def merge(docs: list[ParsedDoc], report: Report) -> str:
    """The host introduction of a talk whose documents are *docs* (the first one leads)."""
    given = [d for d in docs if d.host_intro.strip()]
    names = list(dict.fromkeys(values.clean_name(d.speaker_name) for d in docs if d.speaker_name))
    if not given or (len(given) < 2 and len(names) < 2):
        return given[0].host_intro if given else ""
    everyone = [t for n in names for t in _words(n) if len(t) > 1]
    intros = [_read(d, docs[0].title, everyone) for d in given]
    kept: list[tuple[tuple[int, int], str, bool]] = []  # (where from, paragraph, is prose), in page order
    greeting = next((i for i, x in enumerate(intros) if _has(x, GREETING)), None)
    talk = next((i for i, x in enumerate(intros) if _has(x, TALK)), None)
    for role, lead in ((GREETING, greeting), (SPEAKER, None), (TALK, talk)):
        for i, x in enumerate(intros):
            if lead is None or i == lead:
                kept += [((i, n), text, prose) for n, text, prose in _pieces(x, role)]
            elif _has(x, role):
                _left_out(x, role, f"the talk's one host introduction has the {_WHAT[role]} of "
                                   f"{_file(intros[lead].doc)}", report)
    handing = [x for x in intros if _has(x, HANDOVER)]
    if len(names) > 1:
        closing = "Please join me in welcoming " + _and([_literal(n) for n in names]) + "!"
        for x in handing:
            _left_out(x, HANDOVER, f"the talk's one host introduction welcomes every speaker ({closing!r})", report)
    else:  # one speaker, in several documents: the first hand-over stays
        closing = _pieces(handing[0], HANDOVER)[0][1] if handing else ""
        for x in handing[1:]:
            _left_out(x, HANDOVER, f"the talk's one host introduction hands over as {_file(handing[0].doc)} does",
                      report)
    return _write(intros[0], kept, closing)


def _read(doc: ParsedDoc, title: str, everyone: list[str]) -> _Intro:
    paras = [p.strip() for p in re.split(r"\n\s*\n", doc.host_intro) if p.strip() and not _RULE.match(p)]
    prose = [not _BLOCK.match(p) for p in paras]
    wrapped = [_unwrap(p) if ok else (p, False) for p, ok in zip(paras, prose)]
    texts, quotes = _unquote([t for t, _ in wrapped], prose)
    sentences = [tuple(_sentences(t)) if ok else (t,) for t, ok in zip(texts, prose)]
    own = [t for t in _words(values.clean_name(doc.speaker_name)) if len(t) > 1]
    kinds = [[_kind(s, own, everyone, _words(title), n == len(sentences) - 1) for s in p]
             for n, p in enumerate(sentences)]
    return _Intro(doc, tuple(sentences), _fill(kinds), tuple(prose), any(w for _, w in wrapped), quotes)


def _unquote(texts: list[str], prose: list[bool]) -> tuple[list[str], tuple[str, str]]:
    """The paragraphs without the quotes around the host's words, whether one quote spans them all or each has
    its own, and those quotes (the merged introduction puts them around all it says)."""
    found = ""
    for n, t in enumerate(texts):  # "…" around one paragraph, and no other quote in it
        q = t[:1]
        if prose[n] and q in _QUOTES and len(t) > 1 and t.endswith(_QUOTES[q]) and _quotes_in(t, q) == 2:
            texts[n], found = t[1:-1].strip(), found or q
    if texts and prose[0] and texts[0][:1] in _QUOTES and _quotes_in(texts[0], texts[0][0]) % 2:
        found = found or texts[0][0]  # a quote that opens here and closes in a later paragraph
        texts[0] = texts[0][1:].lstrip()
    closing = _QUOTES.get(found, "")
    if found and texts and prose[-1] and texts[-1].endswith(closing) and _quotes_in(texts[-1], found) % 2:
        texts[-1] = texts[-1][:-1].rstrip()
    return texts, (found, closing)


def _quotes_in(text: str, opening: str) -> int:
    return sum(text.count(c) for c in {opening, _QUOTES[opening]})


def _unwrap(p: str) -> tuple[str, bool]:
    """A paragraph without the emphasis that wraps it from end to end (``*"Good morning… treat.*``)."""
    if len(p) < 3 or p[0] not in "*_" or p[-1] != p[0]:
        return p, False
    depth = 0
    tokens = _MD.parseInline(p)[0].children or []
    for n, tok in enumerate(tokens):
        depth += tok.nesting
        if depth == 0 and n < len(tokens) - 1:
            return p, False  # the first emphasis closes before the end: "*a* and *b*"
    if not tokens or tokens[0].type != "em_open" or tokens[-1].type != "em_close":
        return p, False
    return p[1:-1].strip(), True


def _sentences(text: str) -> list[str]:
    """A paragraph's sentences; never cut where emphasis, code or a link is open, nor after "Dr." (in linear time:
    what is open is counted once, as the text goes)."""
    out, start, seen, open_ = [], 0, 0, [0, 0, 0, 0]  # "**", lone "*", "`", "[" minus "]"
    for m in _END.finditer(text):
        seg, seen = text[seen:m.end()], m.end()
        strong = seg.count("**")
        for n, count in enumerate((strong, seg.count("*") - 2 * strong, seg.count("`"), seg.count("[") - seg.count("]"))):
            open_[n] += count
        if (m.group() == "." and _ABBREVIATION.search(text[max(start, m.start() - 6):m.end()])) or \
                open_[0] % 2 or open_[1] % 2 or open_[2] % 2 or open_[3]:
            continue
        out.append(" ".join(text[start:m.end()].split()))
        start = m.end()
    if text[start:].strip():
        out.append(" ".join(text[start:].split()))
    return out


def _fold(text: str) -> str:
    plain = unicodedata.normalize("NFKD", text.replace("’", "'").replace("‘", "'"))
    return "".join(c for c in plain if not unicodedata.combining(c)).casefold().replace("*", "").replace("_", " ")


def _words(text: str) -> list[str]:
    return re.findall(r"[^\W_]+", _fold(text))


def _kind(sentence: str, own: list[str], everyone: list[str], title: list[str], last: bool) -> str:
    """What one sentence does: hands over, presents the talk, speaks of the speaker, or "" (it cannot tell).

    A hand-over says nothing else, or ends the introduction (its *last* paragraph) and names the speaker ("…so
    grab your questions and let's give a warm welcome to Ada!") without saying who they are ("please welcome
    Ada, who teaches robots manners" introduces her); "a warm welcome to this session" greets."""
    folded, words = _fold(sentence), _words(sentence)
    named = _named(words, own) or _named(words, everyone)
    addressed = named or _ADDRESSED.search(folded)
    handing = _HANDING_OVER.search(folded)
    if handing and ((_pure(words, everyone) and (addressed or last))
                    or (last and addressed and not _describes(_words(folded[handing.end():]), everyone))):
        return HANDOVER
    if _ABOUT_TALK.search(folded):
        return TALK
    if named:  # "please welcome Ada, who works on large language models" is about Ada, whatever the title
        return SPEAKER
    if _THIS_TALK.search(folded) or _names_title(words, title):
        return TALK
    return SPEAKER if _ABOUT_SPEAKER.search(folded) else ""


def _named(words: list[str], name: list[str]) -> bool:
    """A word of the name, or the start of one ("Dong" for "Dongjie")."""
    return any(w == t or (len(w) >= 4 and t.startswith(w)) for w in words for t in name)


def _describes(after: list[str], names: list[str]) -> bool:
    """The words after a hand-over say who the named speaker is ("…welcome Ada, who teaches robots manners")."""
    at = next((n for n, w in enumerate(after) if _named([w], names)), None)
    if at is None:
        return False
    while at < len(after) and _named([after[at]], names):
        at += 1
    return not _pure(after[at:], names)


def _pure(words: list[str], names: list[str]) -> bool:
    """A hand-over and nothing else: "Please join me in welcoming **Ada Lovelace**!", not "Please welcome Ada,
    who leads research at X"."""
    others = [w for w in words if w not in _HANDOVER_WORDS and not _named([w], names)]
    return len(others) <= _NAMELESS_HANDOVER_WORDS


def _names_title(words: list[str], title: list[str]) -> bool:
    """Three words of the title in a row, or the whole of a two-word title ("Llama 4"); a one-word title is a
    word a speaker's sentence may well use ("Robots")."""
    run = min(3, len(title))
    if run < 2:
        return False
    text = f" {' '.join(words)} "
    return any(f" {' '.join(title[i:i + run])} " in text for i in range(len(title) - run + 1))


def _fill(kinds: list[list[str]]) -> tuple[tuple[str, ...], ...]:
    """The greeting is what comes before the first sentence that speaks of the speaker, the talk or hands over;
    any other sentence that cannot tell goes with its neighbour (before it in its paragraph, else after it,
    else the paragraph before, else the one after)."""
    for p in kinds:
        for j, k in enumerate(p):
            if k:
                break
            p[j] = GREETING
        else:
            continue
        break
    told = (SPEAKER, TALK)
    later, following = [""] * len(kinds), ""  # the first that tells, in the paragraphs after each
    for i in reversed(range(len(kinds))):
        later[i] = following
        following = next((x for x in kinds[i] if x in told), following)
    last = ""
    for i, p in enumerate(kinds):
        after, nearest = [""] * len(p), ""
        for j in reversed(range(len(p))):
            after[j] = nearest
            nearest = p[j] if p[j] in told else nearest
        before = ""
        for j, k in enumerate(p):
            p[j] = k or before or after[j] or last or later[i] or SPEAKER
            before = p[j] if p[j] in told else before
        last = before or last
    return tuple(tuple(p) for p in kinds)


def _has(x: _Intro, role: str) -> bool:
    return any(role in r for r in x.roles)


def _pieces(x: _Intro, role: str) -> list[tuple[int, str, bool]]:
    """(paragraph number, its sentences of *role*, is prose) for the paragraphs of *x* that have such sentences."""
    return [(n, " ".join(s for s, k in zip(p, r) if k == role), prose)
            for n, (p, r, prose) in enumerate(zip(x.paragraphs, x.roles, x.prose)) if role in r]


def _left_out(x: _Intro, role: str, why: str, report: Report) -> None:
    text = " ".join(s for p, r in zip(x.paragraphs, x.roles) for s, k in zip(p, r) if k == role)
    report.dropped(x.doc.path, x.doc.host_intro_line, Code.MERGED_INTRODUCTION,
                   f"{why}; this document's {_WHAT[role]} is not shown: {text!r}")


def _write(first: _Intro, kept: list[tuple[tuple[int, int], str, bool]], closing: str) -> str:
    """The kept paragraphs, in the first introduction's dress (emphasis, quotes), the hand-over last; pieces of
    one paragraph that stay next to each other (a greeting, then the speaker's name) stay one paragraph."""
    paras: list[list] = []
    for n, (where, text, prose) in enumerate(kept):
        if n and kept[n - 1][0] == where and prose:
            paras[-1][0] += " " + text
        else:
            paras.append([text, prose])
    if closing:
        if paras and paras[-1][1]:
            paras[-1][0] += " " + closing
        else:
            paras.append([closing, True])
    opening, ending = first.quotes
    prose = [n for n, (_, ok) in enumerate(paras) if ok]
    if opening and prose:
        paras[prose[0]][0] = opening + paras[prose[0]][0]
        paras[prose[-1]][0] += ending
    star = "*" if first.emphasis else ""
    return "\n\n".join(f"{star}{text}{star}" if ok else text for text, ok in paras)


def _and(names: list[str]) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def _literal(name: str) -> str:
    """A name as Markdown that shows it as written ("Ada *Star* Lovelace" shows its stars)."""
    return re.sub(r"([\\`*_\[\]{}<>#!|~])", r"\\\1", name)


def _file(doc: ParsedDoc) -> str:
    return doc.path.rsplit("/", 1)[-1]
