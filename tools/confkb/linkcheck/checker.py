"""The link checker: rules, per-host scheduling, retries with back-off, cache, deadline."""

from __future__ import annotations

import random
import re
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from urllib.parse import unquote, urlsplit

from tools.confkb.linkcheck import rules as rules_mod
from tools.confkb.linkcheck.cache import LinkCache
from tools.confkb.linkcheck.http import Fetched, Fetcher, is_image, retry_after_seconds
from tools.confkb.linkcheck.scheduler import HostScheduler, Job
from tools.confkb.linkcheck.verdict import NETWORK_ERROR, TLS_ERROR, LinkResult, Verdict

DEFAULT_UA = 'Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0 confkb-linkcheck'


@dataclass
class CheckOptions:
    """Knobs of one run; tests shrink the times, the site keeps the defaults."""

    timeout: float = 20.0  # per request
    workers: int = 16  # requests in flight over all hosts
    attempts: int = 3  # tries for transient failures (429, 5xx, timeouts, resets)
    backoff: float = 2.0  # first wait when the server gives no Retry-After
    backoff_max: float = 30.0
    retry_after_cap: float = 60.0  # a Retry-After of a day must not stall the run
    deadline: float = 1800.0  # seconds for the whole run
    interval_scale: float = 1.0  # multiplies each rule's min_interval (tests: ~0)
    user_agent: str = DEFAULT_UA
    verify: bool | str = True
    check_anchors: bool = True
    anchors_ignore: tuple[str, ...] = ('^!',)
    anchors_ignore_for_url: tuple[str, ...] = ()
    allowed_redirects: Mapping[re.Pattern[str], re.Pattern[str]] = field(default_factory=dict)
    resolve: dict[str, str] = field(default_factory=dict)  # host -> base URL, tests only
    rules: tuple[rules_mod.Rule, ...] = rules_mod.RULES


@dataclass
class _Probe:
    """One download serving every URL (and anchor) that shares it."""

    fetch_url: str
    rule: rules_mod.Rule
    image: bool = False
    # (url, anchor to find, kind, whether the answer must be an image)
    users: list[tuple[str, str, str, bool]] = field(default_factory=list)
    elapsed: float = 0.0


class LinkChecker:
    """Checks a set of URLs and returns one LinkResult per URL."""

    def __init__(self, options: CheckOptions | None = None, cache: LinkCache | None = None) -> None:
        self.opt = options or CheckOptions()
        self.cache = cache
        self.fetcher = Fetcher(
            self.opt.timeout, self.opt.user_agent, self.opt.verify, self.opt.resolve
        )
        self._anchor_ignore = [re.compile(p) for p in self.opt.anchors_ignore]
        self._anchor_url_ignore = [re.compile(p) for p in self.opt.anchors_ignore_for_url]
        self.results: dict[str, LinkResult] = {}
        self._rng = random.Random()

    def check(self, links: Mapping[str, str]) -> dict[str, LinkResult]:
        """Check every URL in `links` (url -> 'reference' or 'image')."""
        self.results = {}
        probes: dict[str, _Probe] = {}
        for url, kind in links.items():
            if (result := self._offline_verdict(url, kind)) is not None:
                self.results[url] = result
                continue
            rule = rules_mod.rule_for(url, self.opt.rules)
            page, _, anchor = url.partition('#')
            fetch_url, image = page, kind == 'image'
            if rule.probe is not None and (probe_url := rule.probe(url)):
                fetch_url, image, anchor = probe_url, True, ''
            anchor = self._anchor_to_check(rule, page, anchor) if not image else ''
            probe = probes.setdefault(fetch_url, _Probe(fetch_url, rule))
            probe.image = probe.image or image
            probe.users.append((url, anchor, kind, image))

        start = time.monotonic()
        sched = HostScheduler(self.opt.workers, start + self.opt.deadline)
        for probe in probes.values():
            self._queue(sched, probe)
        left = sched.run(lambda job: self._work(sched, job))
        for job in left:
            self._finish(job.payload, job.attempt - 1, None,
                         Verdict.TRANSIENT, 'not checked: the run reached its time limit')
        if self.cache is not None:
            for result in self.results.values():
                self.cache.put(result)
        return self.results

    def _offline_verdict(self, url: str, kind: str) -> LinkResult | None:
        """Verdicts that need no network: bad shapes, unverifiable sites, cache hits."""
        rule = rules_mod.rule_for(url, self.opt.rules)
        if (problem := rule.shape_error(url)) is not None:
            return LinkResult(url, Verdict.BROKEN, info=problem, rule=rule.name, kind=kind)
        if rule.unverifiable:
            info = f'{rule.name} blocks automated checks; the URL shape is valid'
            return LinkResult(url, Verdict.UNVERIFIABLE, info=info, rule=rule.name, kind=kind)
        if self.cache is not None and (hit := self.cache.get(url, kind)) is not None:
            return hit
        return None

    def _anchor_to_check(self, rule: rules_mod.Rule, page: str, anchor: str) -> str:
        if not anchor or not self.opt.check_anchors or rule.ignore_anchors:
            return ''
        if any(p.match(anchor) for p in self._anchor_ignore):
            return ''
        if any(p.match(page) for p in self._anchor_url_ignore):
            return ''
        return unquote(anchor)

    def _queue(self, sched: HostScheduler, probe: _Probe, not_before: float = 0.0,
               attempt: int = 1) -> None:
        host = (urlsplit(probe.fetch_url).hostname or '').lower()
        sched.add(host, probe, concurrency=probe.rule.concurrency,
                  interval=probe.rule.min_interval * self.opt.interval_scale,
                  not_before=not_before, attempt=attempt)

    def _work(self, sched: HostScheduler, job: Job) -> None:
        probe: _Probe = job.payload
        anchors = any(user[1] for user in probe.users)
        t0 = time.monotonic()
        got = self.fetcher.fetch(probe.fetch_url, image=probe.image, anchors=anchors)
        probe.elapsed += time.monotonic() - t0
        verdict, info = self._classify(probe, got)
        retryable = verdict is Verdict.TRANSIENT or got.error_kind == 'connection'
        if retryable and job.attempt < self.opt.attempts:
            wait = self._backoff(job.attempt, got)
            now = time.monotonic()
            if now + wait < sched.deadline:
                if got.status == 429 or got.retry_after:
                    # The whole host asked us to slow down, not just this URL.
                    sched.pause_host(job.host, now + wait)
                self._queue(sched, probe, now + wait, job.attempt + 1)
                return
            info += f' (no retry: waiting {wait:.0f} s would pass the run time limit)'
        # A host still unreachable after every retry stays transient: requests cannot tell
        # a dead domain from a machine without network, and the latter must not fail a run.
        self._finish(probe, job.attempt, got, verdict, info)

    def _backoff(self, attempt: int, got: Fetched) -> float:
        """Retry-After when given (capped), else exponential back-off with jitter."""
        asked = retry_after_seconds(got.retry_after, time.time())
        if asked is not None:
            return min(asked, self.opt.retry_after_cap)
        base = min(self.opt.backoff * 2 ** (attempt - 1), self.opt.backoff_max)
        return base * self._rng.uniform(0.75, 1.25)

    def _classify(self, probe: _Probe, got: Fetched) -> tuple[Verdict, str]:
        """The verdict of the probe as a whole (before per-URL image/anchor checks)."""
        if got.error_kind == 'timeout':
            return Verdict.TRANSIENT, f'timeout after {self.opt.timeout:g} s'
        if got.error_kind == 'connection':
            return Verdict.TRANSIENT, f'{NETWORK_ERROR}: {got.error}'
        if got.error_kind == 'ssl':
            # Visitors get a certificate warning too, so the link is broken for them. A machine behind a proxy
            # that inspects HTTPS gets this for every link: say how to give the proxy's authority.
            return Verdict.BROKEN, (f'{TLS_ERROR} ({got.error}); behind a proxy that inspects HTTPS, '
                                    'give its certificate authority with REQUESTS_CA_BUNDLE')
        if got.error_kind:
            return Verdict.BROKEN, got.error
        status = got.status or 0
        verdict = rules_mod.status_verdict(probe.rule, status)
        if got.cloudflare_challenge:
            verdict = Verdict.BLOCKED
        info = f'HTTP {status}'
        if status == 429 and got.retry_after:
            info += f' (Retry-After: {got.retry_after})'
        if verdict is Verdict.BLOCKED:
            info += ': the site refuses automated checks'
        return verdict, info

    def _finish(self, probe: _Probe, attempts: int, got: Fetched | None,
                verdict: Verdict, info: str) -> None:
        for url, anchor, kind, image in probe.users:
            result = LinkResult(
                url, verdict, status=got.status if got else None, info=info,
                rule=probe.rule.name, kind=kind, attempts=attempts,
                elapsed=round(probe.elapsed, 3), checked_at=time.time(),
            )
            if got is not None and got.redirects:
                result.redirect_code = got.redirects[0][0]
                if verdict is not Verdict.OK:
                    result.target = got.url
                    result.info += f' after redirect to {got.url}'
            if probe.fetch_url != url.partition('#')[0] and verdict is not Verdict.OK:
                result.info += f' (checked through {probe.fetch_url})'
            if got is not None and verdict is Verdict.OK:
                self._refine(result, probe, got, anchor, image)
            self.results[url] = result

    def _refine(self, result: LinkResult, probe: _Probe, got: Fetched, anchor: str,
                image: bool) -> None:
        """Apply the checks a 2xx alone does not settle: image type, anchor, redirect."""
        if image:
            if not is_image(got.content_type, got.head):
                ctype = got.content_type.split(';')[0] or 'no content type'
                result.verdict = Verdict.IMAGE_MISMATCH
                result.info = f'expected an image, got {ctype}'
                if (fix := rules_mod.image_fix(result.url)) is not None:
                    result.info += f'; the image itself is probably at {fix}'
                return
            if probe.fetch_url != result.url.partition('#')[0]:
                result.info = f'checked through {probe.fetch_url}'
                return  # a probe URL's own redirects say nothing about the page
        if anchor and got.ids is not None and anchor not in got.ids:
            result.verdict = Verdict.BROKEN
            result.info = f'anchor {anchor!r} not found'
            return
        if got.redirects and not self._same(probe.fetch_url, got.url):
            result.target = got.url
            allowed = any(s.match(probe.fetch_url) and t.match(got.url)
                          for s, t in self.opt.allowed_redirects.items())
            if not allowed:
                result.verdict = Verdict.REDIRECTED
                result.info = f'HTTP {result.redirect_code} to {got.url}'

    @staticmethod
    def _same(a: str, b: str) -> bool:
        """A redirect that only adds or drops a trailing slash is not worth reporting."""
        return a.rstrip('/') == b.rstrip('/')
