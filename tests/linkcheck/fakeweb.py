"""A local web server that plays every link-checking scenario, routed by Host header."""

from __future__ import annotations

import email.utils
import struct
import threading
import time
import zlib
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit


def tiny_png() -> bytes:
    """A real 1x1 PNG, so image sniffing is tested on real bytes."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack('>I', len(data)) + body + struct.pack('>I', zlib.crc32(body))
    ihdr = struct.pack('>IIBBBBB', 1, 1, 8, 2, 0, 0, 0)
    idat = zlib.compress(b'\x00\xff\x00\x00')
    return b'\x89PNG\r\n\x1a\n' + chunk(b'IHDR', ihdr) + chunk(b'IDAT', idat) + chunk(b'IEND', b'')


PNG = tiny_png()
JPEG = b'\xff\xd8\xff\xe0\x00\x10JFIF\x00' + b'\x00' * 32 + b'\xff\xd9'
PAGE = b'<html><body><h1 id="top">t</h1><a name="legacy"></a><p id="caf\xc3\xa9">x</p></body></html>'
LIVE_VIDEO = 'dQw4w9WgXcQ'


class FakeWeb(ThreadingHTTPServer):
    """Server state: a request log and per-path hit counters for 'fail first' scenarios."""

    daemon_threads = True
    slow_seconds = 1.0

    def __init__(self) -> None:
        super().__init__(('127.0.0.1', 0), Handler)
        self.log: list[tuple[str, str, str]] = []
        self.hits: Counter[tuple[str, str]] = Counter()
        self.lock = threading.Lock()

    @property
    def base(self) -> str:
        return f'http://127.0.0.1:{self.server_address[1]}'

    def gets(self, path: str) -> int:
        """How many GETs (body downloads) a path received."""
        return sum(1 for m, _, p in self.log if m == 'GET' and p == path)


class Handler(BaseHTTPRequestHandler):
    protocol_version = 'HTTP/1.1'
    server: FakeWeb

    def log_message(self, *args: object) -> None:  # keep pytest output clean
        pass

    def do_HEAD(self) -> None:
        self._serve(head=True)

    def do_GET(self) -> None:
        self._serve(head=False)

    def _reply(self, code: int, body: bytes = b'', ctype: str = 'text/html; charset=utf-8',
               headers: dict[str, str] | None = None, head: bool = False) -> None:
        self.send_response_only(code, 'Whatever' if code == 999 else None)
        self.send_header('Content-Type', ctype)
        self.send_header('Content-Length', str(len(body)))
        for key, value in (headers or {}).items():
            self.send_header(key, value)
        self.end_headers()
        if not head:
            self.wfile.write(body)

    def _serve(self, head: bool) -> None:
        host = (self.headers.get('Host') or '').split(':')[0]
        parts = urlsplit(self.path)
        path = parts.path
        with self.server.lock:
            self.server.log.append(('HEAD' if head else 'GET', host, path))
            self.server.hits[(host, path)] += 1
            hit = self.server.hits[(host, path)]
        r = lambda *a, **k: self._reply(*a, head=head, **k)  # noqa: E731
        redirects = {'/moved': 301, '/found': 302, '/temp': 307, '/perm': 308}
        if host == 'img.youtube.com':
            vid = path.split('/')[2] if path.count('/') >= 3 else ''
            return r(200, JPEG, 'image/jpeg') if vid == LIVE_VIDEO else r(404, b'no')
        if host in ('www.youtube.com', 'x.com', 'twitter.com'):
            return r(200, PAGE)  # soft-200: says nothing about the video or the post
        if host == 'www.linkedin.com':
            return r(999, b'denied')
        if host == 'huggingface.co':
            return r(401, b'') if 'gone' in path else r(200, PAGE)
        if host == 'github.com':
            if path.endswith('/blob/main/img.png'):
                return r(200, PAGE)
            return r(404, b'') if 'missing' in path else r(200, PAGE)
        if host == 'arxiv.org':
            return r(200, PAGE)
        if path in redirects:
            return r(redirects[path], headers={'Location': '/ok'})
        if path == '/chain':
            return r(301, headers={'Location': '/found'})
        if path == '/away':  # absolute redirect to another (routed) site
            return r(302, headers={'Location': 'https://github.com/org/repo'})
        if path == '/loop':
            return r(302, headers={'Location': '/loop'})
        if path in ('/ok', '/page'):
            return r(200, PAGE)
        status = {'/missing': 404, '/gone': 410, '/auth': 401, '/forbidden': 403,
                  '/bot999': 999, '/boom': 500, '/unavailable': 503}
        if path in status:
            return r(status[path], b'nope')
        if path == '/head405':
            return r(405, b'') if head else r(200, PAGE)
        if path == '/headdrop':
            if head:
                self.close_connection = True
                self.connection.shutdown(2)  # drop without a response
                return None
            return r(200, PAGE)
        if path == '/slow':
            time.sleep(self.server.slow_seconds)
            return r(200, PAGE)
        if path.startswith('/retry-'):
            kind = path.removeprefix('/retry-')
            if kind == 'always':
                return r(429, b'', headers={'Retry-After': '1'})
            if hit == 1 and kind == '500':
                return r(500, b'')
            if hit == 1:
                value = {'secs': '1', 'huge': '86400', 'none': None,
                         'date': email.utils.formatdate(time.time() + 1, usegmt=True)}[kind]
                return r(429, b'', headers={'Retry-After': value} if value else None)
            return r(200, PAGE)
        if path == '/img.png':
            return r(200, PNG, 'image/png')
        if path == '/untyped.png':
            return r(200, PNG, 'application/octet-stream')
        if path == '/blob/img.png':
            return r(200, PAGE)
        if path == '/qs':
            return r(200, repr(parse_qs(parts.query)).encode())
        return r(404, b'unknown scenario')


def serve_in_thread(server):
    """Run a local test server in a daemon thread; returns (server, thread)."""
    thread = threading.Thread(target=server.serve_forever, kwargs={'poll_interval': 0.05},
                              daemon=True)
    thread.start()
    return server, thread


def start() -> tuple[FakeWeb, threading.Thread]:
    """Start the scenario server; returns (server, thread)."""
    return serve_in_thread(FakeWeb())
