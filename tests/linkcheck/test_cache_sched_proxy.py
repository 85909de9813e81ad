"""Cache between runs, per-host scheduling, and HTTP_PROXY / NO_PROXY."""

from __future__ import annotations

import itertools
import random
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import ClassVar

import pytest

from tools.confkb.linkcheck.cache import LinkCache
from tools.confkb.linkcheck.checker import CheckOptions, LinkChecker
from tools.confkb.linkcheck.scheduler import HostScheduler
from tools.confkb.linkcheck.verdict import LinkResult
from tools.confkb.linkcheck.verdict import Verdict as V

OPTS = dict(timeout=0.5, attempts=2, backoff=0.05, retry_after_cap=0.2, interval_scale=0)


def test_cache_keeps_successes_and_rechecks_failures(web, tmp_path):
    links = {f'{web.base}/ok': 'reference', f'{web.base}/moved': 'reference',
             f'{web.base}/missing': 'reference', f'{web.base}/img.png': 'image'}
    path = tmp_path / 'cache.json'
    cache = LinkCache(path)
    first = LinkChecker(CheckOptions(**OPTS), cache).check(links)
    assert not any(r.cached for r in first.values())
    cache.save()  # the builder saves after each run
    web.log.clear()
    second = LinkChecker(CheckOptions(**OPTS), LinkCache(path)).check(links)
    assert second[f'{web.base}/ok'].cached and second[f'{web.base}/ok'].verdict is V.OK
    assert second[f'{web.base}/moved'].cached  # redirects are successes too
    assert second[f'{web.base}/img.png'].cached
    assert not second[f'{web.base}/missing'].cached  # failures are always re-checked
    assert {p for _, _, p in web.log} == {'/missing'}


def test_cache_expiry_and_jitter(tmp_path):
    now = [1000.0]
    cache = LinkCache(tmp_path / 'c.json', ttl=100, jitter=10, clock=lambda: now[0],
                      rng=random.Random(1))
    for i in range(50):
        cache.put(LinkResult(f'https://e.org/{i}', V.OK))
    cache.put(LinkResult('https://e.org/bad', V.BROKEN))
    expiries = [e['expires_at'] - 1000 for e in cache.entries.values()]
    assert len(expiries) == 50 and all(90 <= x <= 110 for x in expiries)
    assert len(set(expiries)) > 40  # spread out, not all re-checked in the same run
    cache.save()
    again = LinkCache(tmp_path / 'c.json', clock=lambda: now[0])
    assert again.get('https://e.org/1', 'reference') is not None
    assert again.get('https://e.org/1', 'image') is None  # image checks are separate
    now[0] += 111
    assert again.get('https://e.org/1', 'reference') is None
    # A success that now fails is dropped from the cache.
    again.put(LinkResult('https://e.org/2', V.BROKEN))
    assert 'reference https://e.org/2' not in again.entries


def test_scheduler_parallel_hosts_and_host_limits():
    starts: dict[str, list[float]] = {'a': [], 'b': []}
    lock = threading.Lock()
    t0 = time.monotonic()
    sched = HostScheduler(workers=8, deadline=t0 + 10)
    for i in range(3):
        sched.add('a', i, concurrency=1, interval=0.1)
    for i in range(4):
        sched.add('b', i, concurrency=4)

    def work(job):
        with lock:
            starts[job.host].append(time.monotonic() - t0)
        time.sleep(0.05)

    assert sched.run(work) == []
    a, b = sorted(starts['a']), sorted(starts['b'])
    assert all(y - x >= 0.095 for x, y in itertools.pairwise(a))  # host a: spaced out
    assert max(b) < 0.04  # host b: all four at once, while host a waits


def test_scheduler_pause_and_deadline():
    t0 = time.monotonic()
    sched = HostScheduler(workers=2, deadline=t0 + 0.3)
    sched.add('a', 'x')
    sched.add('a', 'late', not_before=t0 + 5)
    done = []
    left = sched.run(lambda job: done.append(job.payload))
    assert done == ['x'] and [j.payload for j in left] == ['late']
    assert time.monotonic() - t0 < 1.0


class _Proxy(BaseHTTPRequestHandler):
    """A forward proxy that answers itself, recording the absolute request lines."""

    seen: ClassVar[list[str]] = []

    def log_message(self, *args):
        pass

    def do_HEAD(self):
        type(self).seen.append(self.path)
        self.send_response(200 if self.path.startswith('http://proxied.example/') else 404)
        self.send_header('Content-Length', '0')
        self.end_headers()

    do_GET = do_HEAD


@pytest.fixture
def proxy():
    _Proxy.seen = []
    server = ThreadingHTTPServer(('127.0.0.1', 0), _Proxy)
    thread = threading.Thread(target=server.serve_forever, kwargs={'poll_interval': 0.05},
                              daemon=True)
    thread.start()
    yield f'http://127.0.0.1:{server.server_address[1]}'
    server.shutdown()
    server.server_close()


def test_http_proxy_is_honoured(proxy, web, monkeypatch):
    monkeypatch.setenv('HTTP_PROXY', proxy)
    monkeypatch.setenv('http_proxy', proxy)
    monkeypatch.setenv('NO_PROXY', '127.0.0.1')
    monkeypatch.setenv('no_proxy', '127.0.0.1')
    res = LinkChecker(CheckOptions(**OPTS)).check({
        'http://proxied.example/page': 'reference',  # no DNS: only the proxy knows it
        f'{web.base}/ok': 'reference',  # NO_PROXY: straight to the server
    })
    assert res['http://proxied.example/page'].verdict is V.OK
    assert _Proxy.seen == ['http://proxied.example/page']
    assert res[f'{web.base}/ok'].verdict is V.OK
