"""Verdicts and the per-URL result record of the confkb link checker."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any


class Verdict(StrEnum):
    """What an organiser should conclude about one URL."""

    OK = 'ok'
    REDIRECTED = 'redirected'
    BROKEN = 'broken'
    TRANSIENT = 'transient'
    BLOCKED = 'blocked'
    UNVERIFIABLE = 'unverifiable'
    IMAGE_MISMATCH = 'image-mismatch'
    IGNORED = 'ignored'
    UNCHECKED = 'unchecked'


# Info prefix of a transient verdict whose host could not be reached at all (DNS failure,
# refused or reset connection): the link was not checked, it is not known to be broken.
NETWORK_ERROR = 'network error'
# Info prefix of a broken verdict whose server's certificate was not accepted (expired, wrong name, unknown authority).
TLS_ERROR = 'certificate not accepted'

# Only these are worth caching: a failure must always be looked at again.
CACHEABLE = frozenset({Verdict.OK, Verdict.REDIRECTED})

# Order used in summaries: the ones that need action first.
ORDER = (
    Verdict.BROKEN,
    Verdict.IMAGE_MISMATCH,
    Verdict.TRANSIENT,
    Verdict.BLOCKED,
    Verdict.REDIRECTED,
    Verdict.UNVERIFIABLE,
    Verdict.OK,
    Verdict.IGNORED,
    Verdict.UNCHECKED,
)


@dataclass(frozen=True)
class Location:
    """One place in the site that uses a URL."""

    docname: str
    path: str
    line: int
    kind: str = 'reference'  # 'reference' or 'image'


@dataclass
class LinkResult:
    """The checker's answer for one URL."""

    url: str
    verdict: Verdict
    status: int | None = None  # last HTTP status seen, if any
    info: str = ''  # error text or explanation, for humans
    target: str | None = None  # final URL of a redirect
    redirect_code: int | None = None  # status of the first redirect hop
    rule: str = 'default'
    kind: str = 'reference'
    attempts: int = 0
    elapsed: float = 0.0
    checked_at: float = 0.0  # epoch seconds of the network check
    cached: bool = False
    locations: list[Location] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        """Return a JSON-ready dict."""
        data = dataclasses.asdict(self)
        data['verdict'] = str(self.verdict)
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> LinkResult:
        """Rebuild a result from :meth:`to_dict` output."""
        known = {f.name for f in dataclasses.fields(cls)}
        kwargs = {k: v for k, v in data.items() if k in known}
        kwargs['verdict'] = Verdict(kwargs['verdict'])
        kwargs['locations'] = [Location(**loc) for loc in kwargs.get('locations', [])]
        return cls(**kwargs)
