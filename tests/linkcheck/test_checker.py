"""The HTTP checker against the fake web: statuses, redirects, retries, images, anchors."""

from __future__ import annotations

import re
import time

import pytest

from tools.confkb.linkcheck.checker import CheckOptions, LinkChecker
from tools.confkb.linkcheck.http import retry_after_seconds
from tools.confkb.linkcheck.verdict import Verdict as V


def fast(**kw) -> CheckOptions:
    """Test-sized times: 0.3 s timeouts, a 0.2 s Retry-After cap, no site spacing."""
    base = dict(timeout=0.3, attempts=2, backoff=0.05, retry_after_cap=0.2,
                deadline=20.0, interval_scale=0.0, workers=8)
    base.update(kw)
    return CheckOptions(**base)


def check(web, paths, kind='reference', **kw):
    links = {f'{web.base}{p}': kind for p in paths}
    results = LinkChecker(fast(**kw)).check(links)
    return {url.removeprefix(web.base): r for url, r in results.items()}


def test_status_codes(web):
    r = check(web, ['/ok', '/missing', '/gone', '/auth', '/forbidden', '/bot999',
                    '/unavailable', '/boom'])
    assert r['/ok'].verdict is V.OK and r['/ok'].status == 200
    assert (r['/missing'].verdict, r['/missing'].status) == (V.BROKEN, 404)
    assert (r['/gone'].verdict, r['/gone'].status) == (V.BROKEN, 410)
    assert (r['/auth'].verdict, r['/auth'].status) == (V.BROKEN, 401)
    assert (r['/forbidden'].verdict, r['/forbidden'].status) == (V.BLOCKED, 403)
    # Sphinx calls 999 "working"; it proves nothing.
    assert (r['/bot999'].verdict, r['/bot999'].status) == (V.BLOCKED, 999)
    for path in ('/unavailable', '/boom'):  # 5xx: retried, never broken
        assert r[path].verdict is V.TRANSIENT and r[path].attempts == 2


def test_redirects(web):
    r = check(web, ['/moved', '/found', '/temp', '/perm', '/chain', '/loop'])
    for path, code in (('/moved', 301), ('/found', 302), ('/temp', 307), ('/perm', 308)):
        assert r[path].verdict is V.REDIRECTED
        assert (r[path].redirect_code, r[path].target) == (code, f'{web.base}/ok')
    assert r['/chain'].target == f'{web.base}/ok' and r['/chain'].redirect_code == 301
    assert r['/loop'].verdict is V.BROKEN and 'redirects' in r['/loop'].info


def test_allowed_redirect_is_ok(web):
    allowed = {re.compile(r'.*/moved$'): re.compile(r'.*/ok$')}
    r = check(web, ['/moved'], allowed_redirects=allowed)
    assert r['/moved'].verdict is V.OK and r['/moved'].target == f'{web.base}/ok'


def test_head_refused_or_dropped_falls_back_to_get(web):
    r = check(web, ['/head405', '/headdrop'])
    assert r['/head405'].verdict is V.OK
    assert r['/headdrop'].verdict is V.OK


@pytest.mark.parametrize('kind', ['secs', 'date', 'none', 'huge', '500'])
def test_transient_then_ok(web, kind):
    t0 = time.monotonic()
    r = check(web, [f'/retry-{kind}'], retry_after_cap=1.0)
    assert r[f'/retry-{kind}'].verdict is V.OK
    # A 500 to HEAD is settled by the GET fallback in the same attempt.
    assert r[f'/retry-{kind}'].attempts == (1 if kind == '500' else 2)
    # Retry-After: 86400 is capped to 1 s; a date one second ahead is obeyed.
    assert time.monotonic() - t0 < 2.5


def test_retry_after_honoured_up_to_cap(web):
    t0 = time.monotonic()
    check(web, ['/retry-secs'], retry_after_cap=5.0)
    assert time.monotonic() - t0 >= 0.9  # waited the server's 1 s


def test_rate_limited_forever_is_transient(web):
    r = check(web, ['/retry-always'], attempts=3)
    res = r['/retry-always']
    assert res.verdict is V.TRANSIENT and res.status == 429 and res.attempts == 3
    assert 'Retry-After' in res.info


def test_timeout_is_retried_then_transient(web):
    web.slow_seconds = 1.0
    r = check(web, ['/slow'], timeout=0.2)
    assert r['/slow'].verdict is V.TRANSIENT and r['/slow'].attempts == 2
    assert 'timeout' in r['/slow'].info
    assert web.hits[('127.0.0.1', '/slow')] == 2


def test_connection_refused_is_transient_after_retries():
    # Offline, every host is unreachable: that says nothing about the link (test_offline.py).
    res = LinkChecker(fast()).check({'http://127.0.0.1:9/x': 'reference'})
    assert res['http://127.0.0.1:9/x'].verdict is V.TRANSIENT
    assert res['http://127.0.0.1:9/x'].attempts == 2


def test_images(web):
    r = check(web, ['/img.png', '/untyped.png', '/blob/img.png', '/missing'], kind='image')
    assert r['/img.png'].verdict is V.OK
    assert r['/untyped.png'].verdict is V.OK  # sniffed from the PNG signature
    assert r['/blob/img.png'].verdict is V.IMAGE_MISMATCH
    assert 'text/html' in r['/blob/img.png'].info
    assert r['/missing'].verdict is V.BROKEN


def test_anchors_share_one_download(web):
    r = check(web, ['/page#top', '/page#nope', '/page#legacy', '/page#caf%C3%A9', '/page#!js'])
    assert r['/page#top'].verdict is V.OK
    assert r['/page#legacy'].verdict is V.OK
    assert r['/page#caf%C3%A9'].verdict is V.OK
    assert r['/page#!js'].verdict is V.OK  # '^!' anchors are ignored, as in Sphinx
    assert r['/page#nope'].verdict is V.BROKEN and 'nope' in r['/page#nope'].info
    assert web.gets('/page') == 1
    assert [m for m, _, p in web.log if p == '/page'] == ['GET']


def test_plain_page_is_not_downloaded(web):
    check(web, ['/ok'])
    assert [m for m, _, p in web.log if p == '/ok'] == ['HEAD']


def test_deadline_bounds_the_run(web):
    web.slow_seconds = 0.4
    t0 = time.monotonic()
    urls = [f'/slow?{i}' for i in range(10)]
    links = {f'{web.base}{p}': 'reference' for p in urls}
    res = LinkChecker(fast(timeout=1.0, deadline=0.5, workers=1)).check(links)
    assert time.monotonic() - t0 < 2.0
    verdicts = {r.verdict for r in res.values()}
    assert verdicts <= {V.OK, V.TRANSIENT} and V.TRANSIENT in verdicts
    left = [r for r in res.values() if 'time limit' in r.info]
    assert len(left) >= 5


def test_retry_after_parsing():
    assert retry_after_seconds('120', 0) == 120
    assert retry_after_seconds('Thu, 01 Jan 1970 00:01:00 GMT', 0) == 60
    assert retry_after_seconds('Thu, 01 Jan 1970 00:01:00 GMT', 100) == 0
    assert retry_after_seconds('soon', 0) is None
    assert retry_after_seconds(None, 0) is None
