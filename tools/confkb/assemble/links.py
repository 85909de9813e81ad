"""A speaker's links, one per URL: documents and the programme name the same profile or video under several
labels ("Recording", "Watch"); the speaker page shows one button for it, labelled with what they all say."""

from __future__ import annotations

import re
from collections.abc import Iterable

from ..ingest import values
from ..model import Link


def merge_links(links: list[Link], more: Iterable[Link]) -> None:
    """Add *more* to *links*: a URL already there (the same by ``values.link_key``: trailing slash, scheme,
    www, twitter.com and x.com) keeps its place and its first address, and takes the new label's words."""
    where = {values.link_key(link.url): n for n, link in enumerate(links)}
    for link in more:
        same = values.link_key(link.url)
        if same in where:
            links[where[same]] = _merged(links[where[same]], link)
        else:
            where[same] = len(links)
            links.append(link)


def _merged(first: Link, other: Link) -> Link:
    # A label whose words the other one has adds nothing ("GitHub" beside "GitHub: @tzolov"): the fuller one is
    # kept. Labels that say different things ("Recording", "Watch") are both shown, in the order met, since
    # neither is sure to be the more specific and dropping one loses what a source said about the link.
    mine, theirs = _words(_shown(first)), _words(_shown(other))
    if theirs <= mine:
        return first
    if mine <= theirs:
        return Link(other.label, first.url, other.text)
    return Link(f"{_shown(first)} · {_shown(other)}", first.url)


def _shown(link: Link) -> str:
    """The words of the link's button, as the speaker page writes them ("" when it shows the bare URL)."""
    return f"{link.label}: {link.text}" if link.text else link.label


def _words(text: str) -> set[str]:
    return set(re.findall(r"\w+", text.casefold()))
