"""Per-site link rules: one readable table, looked up by host name."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from urllib.parse import parse_qs, urlsplit

from tools.confkb.linkcheck.verdict import Verdict

YOUTUBE_ID = r'[A-Za-z0-9_-]{11}'
ARXIV_ID = r'(\d{4}\.\d{4,5}|[a-z-]+(\.[A-Z]{2})?/\d{7})(v\d+)?'


@dataclass(frozen=True)
class Rule:
    """How to check the URLs of one site."""

    name: str
    hosts: tuple[str, ...]  # a host matches itself and its subdomains
    # The site cannot be checked over plain HTTP: only the URL shape is validated.
    unverifiable: bool = False
    # URLs inside `shape_scope` (all URLs when None) must match `shape`, or are broken.
    shape: str | None = None
    shape_scope: str | None = None
    shape_hint: str = ''
    # Turns a page URL into the URL that really tells whether it lives (or None).
    probe: Callable[[str], str | None] | None = None
    concurrency: int = 4  # parallel requests to one host
    min_interval: float = 0.0  # seconds between two request starts on one host
    ignore_anchors: bool = False  # anchors rendered by JavaScript cannot be seen
    statuses: Mapping[int, Verdict] = field(default_factory=dict)  # overrides

    def matches(self, host: str) -> bool:
        """Whether this rule covers `host`."""
        return any(host == h or host.endswith('.' + h) for h in self.hosts)

    def shape_error(self, url: str) -> str | None:
        """Return why `url` has the wrong shape for this site, or None."""
        if self.shape is None:
            return None
        if self.shape_scope and not re.search(self.shape_scope, url):
            return None
        if re.fullmatch(self.shape, url):
            return None
        return f'URL does not look like {self.shape_hint or self.name}'


def youtube_video_id(url: str) -> str | None:
    """Return the video ID named by a YouTube URL, if it names one."""
    parts = urlsplit(url)
    host = (parts.hostname or '').lower()
    if host == 'youtu.be' or host.endswith('.youtu.be'):
        return parts.path.strip('/').split('/')[0] or None
    if parts.path == '/watch':
        return (parse_qs(parts.query).get('v') or [None])[0]
    m = re.match(r'/(embed|shorts|live|v)/([^/?#]+)', parts.path)
    return m.group(2) if m else None


def youtube_thumbnail(url: str) -> str | None:
    """The watch page answers 200 for deleted videos; the thumbnail answers 404."""
    vid = youtube_video_id(url)
    if vid is None or not re.fullmatch(YOUTUBE_ID, vid):
        return None
    return f'https://img.youtube.com/vi/{vid}/0.jpg'


# The rule table. First match wins; DEFAULT covers every other host.
RULES: tuple[Rule, ...] = (
    Rule(
        name='linkedin',
        hosts=('linkedin.com',),
        unverifiable=True,  # answers 999 to every robot, live profile or not
        shape=r'https?://([a-z]{2,3}\.|www\.)?linkedin\.com/'
        r'((in|company|school|showcase|posts|pulse|events)/[^/?#\s]+(/[^?#\s]*)?'
        r'|feed/update/[^?#\s]+)([?#]\S*)?',
        shape_hint='a LinkedIn /in/, /company/ or /posts/ URL',
    ),
    Rule(
        name='x',
        hosts=('x.com', 'twitter.com'),
        unverifiable=True,  # login wall, and 200 even for posts that do not exist
        shape=r'https?://(www\.|mobile\.)?(x|twitter)\.com/'
        r'([A-Za-z0-9_]{1,15}(/status/\d+(/(photo|video)/\d)?)?|hashtag/[^/?#\s]+'
        r'|i/[^?#\s]+)/?([?#]\S*)?',
        shape_hint='an X profile or post URL (handle of at most 15 characters)',
    ),
    Rule(
        name='youtube',
        hosts=('youtube.com', 'youtu.be', 'youtube-nocookie.com'),
        probe=youtube_thumbnail,  # checked as an image: 404 once the video is gone
        shape=r'(https?://youtu\.be/|.*[/?&](v=|embed/|shorts/|live/|v/))'
        + YOUTUBE_ID
        + r'([?&#/]\S*)?',
        shape_scope=r'(youtu\.be/|/watch\?|/embed/|/shorts/|/live/|/v/)',
        shape_hint='a YouTube video URL with an 11-character video ID',
    ),
    Rule(
        name='github',
        hosts=('github.com',),
        concurrency=2,  # GitHub answers bursts with 429 or a 403 bot wall
        ignore_anchors=True,  # README and code anchors are made by JavaScript
        statuses={403: Verdict.BLOCKED, 429: Verdict.TRANSIENT},
    ),
    Rule(
        name='huggingface',
        hosts=('huggingface.co', 'hf.co'),
        concurrency=2,
        ignore_anchors=True,
        statuses={401: Verdict.BROKEN},  # removed, renamed or private repository
    ),
    Rule(
        name='arxiv',
        hosts=('arxiv.org',),
        concurrency=1,  # arXiv's terms ask for one connection, one request per 3 s
        min_interval=3.0,
        shape=r'https?://(www\.|export\.)?arxiv\.org/(abs|pdf|html)/'
        + ARXIV_ID
        + r'(\.pdf)?/?([?#]\S*)?',
        shape_scope=r'arxiv\.org/(abs|pdf|html)/',
        shape_hint='an arXiv identifier such as 2401.01234v2',
    ),
)

DEFAULT = Rule(name='default', hosts=())

# What an HTTP status means when no rule overrides it. 2xx/3xx are handled apart.
DEFAULT_STATUSES: Mapping[int, Verdict] = {
    401: Verdict.BROKEN,
    403: Verdict.BLOCKED,  # bot walls (Cloudflare and co.) answer 403
    408: Verdict.TRANSIENT,
    425: Verdict.TRANSIENT,
    429: Verdict.TRANSIENT,
    999: Verdict.BLOCKED,  # LinkedIn-style refusal; never "working"
}


def rule_for(url: str, rules: tuple[Rule, ...] = RULES) -> Rule:
    """Return the first rule whose hosts cover the URL's host."""
    host = (urlsplit(url).hostname or '').lower()
    for rule in rules:
        if rule.matches(host):
            return rule
    return DEFAULT


def status_verdict(rule: Rule, status: int) -> Verdict:
    """Map an HTTP status of a final (non-redirect) response to a verdict."""
    if status in rule.statuses:
        return rule.statuses[status]
    if status in DEFAULT_STATUSES:
        return DEFAULT_STATUSES[status]
    if 200 <= status < 300:
        return Verdict.OK
    if 500 <= status < 600:
        return Verdict.TRANSIENT
    if 400 <= status < 500:
        return Verdict.BROKEN
    return Verdict.BLOCKED  # 1xx, stray 3xx or non-standard codes prove nothing


IMAGE_FIXES = (
    (r'(https://)github\.com/([^/]+/[^/]+)/blob/(.+)', r'\1raw.githubusercontent.com/\2/\3'),
    (r'(https://huggingface\.co/.+)/blob/(.+)', r'\1/resolve/\2'),
    (r'https://imgur\.com/(\w+)$', r'https://i.imgur.com/\1.png'),
)


def image_fix(url: str) -> str | None:
    """Suggest the direct image URL for a known viewer-page URL."""
    for pattern, repl in IMAGE_FIXES:
        if re.match(pattern, url):
            return re.sub(pattern, repl, url)
    return None
