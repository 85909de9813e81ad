"""A local stand-in for the whole web the real site links to: 200 by default, planted failures."""

from __future__ import annotations

import threading
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from .fakeweb import JPEG, PNG, serve_in_thread

# Hosts the rules must never contact: their verdict comes from the URL shape alone.
NEVER_ASKED = ('linkedin.com', 'x.com', 'twitter.com')


class SiteWeb(ThreadingHTTPServer):
    """Answers every host; `planted` maps (host, path) to (status, headers) for chosen URLs."""

    daemon_threads = True

    def __init__(self) -> None:
        super().__init__(('127.0.0.1', 0), _Handler)
        self.planted: dict[tuple[str, str], tuple[int, dict[str, str]]] = {}
        self.dead_videos: set[str] = set()
        self.log: list[tuple[str, str, str]] = []  # (method, host, path)
        self.lock = threading.Lock()

    @property
    def base(self) -> str:
        return f'http://127.0.0.1:{self.server_address[1]}'

    def hosts(self) -> Counter[str]:
        """Requests received per host name (from the Host header)."""
        return Counter(host for _, host, _ in self.log)


class _Handler(BaseHTTPRequestHandler):
    protocol_version = 'HTTP/1.1'
    server: SiteWeb

    def log_message(self, *args: object) -> None:
        pass

    def do_HEAD(self) -> None:
        self._serve(head=True)

    def do_GET(self) -> None:
        self._serve(head=False)

    def _reply(self, code: int, body: bytes, ctype: str, headers: dict[str, str], head: bool
               ) -> None:
        self.send_response(code)
        self.send_header('Content-Type', ctype)
        self.send_header('Content-Length', str(len(body)))
        for key, value in headers.items():
            self.send_header(key, value)
        self.end_headers()
        if not head:
            self.wfile.write(body)

    def _serve(self, head: bool) -> None:
        host = (self.headers.get('Host') or '').split(':')[0].lower()
        path = self.path.split('?')[0]
        with self.server.lock:
            self.server.log.append(('HEAD' if head else 'GET', host, path))
        planted = self.server.planted.get((host, path))
        if planted is not None:
            return self._reply(planted[0], b'', 'text/html', planted[1], head)
        if host == 'img.youtube.com':  # /vi/<id>/0.jpg: 404 once the video is gone
            vid = [*path.split('/'), '', '', ''][2]
            if vid in self.server.dead_videos:
                return self._reply(404, b'', 'text/html', {}, head)
            return self._reply(200, JPEG, 'image/jpeg', {}, head)
        if any(host == h or host.endswith('.' + h) for h in NEVER_ASKED):
            return self._reply(500, b'', 'text/html', {}, head)  # must not happen
        wants_image = (self.headers.get('Accept') or '').startswith('image/')
        if wants_image and not (host == 'github.com' and '/blob/' in path):
            return self._reply(200, PNG, 'image/png', {}, head)
        return self._reply(200, b'<html><body>live</body></html>', 'text/html; charset=utf-8',
                           {}, head)


def start() -> tuple[SiteWeb, threading.Thread]:
    """Start the server in a daemon thread."""
    return serve_in_thread(SiteWeb())
