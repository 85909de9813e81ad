"""HTTPS through a proxy: the link checker tunnels with CONNECT and checks the server's certificate.

Everything is real and local: the fake web behind TLS, with a certificate for ``secure.example`` (a name with no
DNS, so only the proxy can reach it), and a forward proxy that opens CONNECT tunnels to it. The certificate in
``data/`` is a test certificate made for this file (valid until 2126); its authority is given the way an
organisation behind a proxy gives its own, with ``REQUESTS_CA_BUNDLE``.
"""

from __future__ import annotations

import select
import socket
import ssl
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import ClassVar

import pytest

from tests.linkcheck.fakeweb import FakeWeb, serve_in_thread
from tools.confkb.linkcheck.checker import CheckOptions, LinkChecker
from tools.confkb.linkcheck.verdict import Verdict as V

DATA = Path(__file__).parent / "data"
CERT, KEY = DATA / "secure-example.crt", DATA / "secure-example.key"
OPTS = dict(timeout=2.0, attempts=1, backoff=0.05, retry_after_cap=0.2, interval_scale=0)


class _Tunnel(BaseHTTPRequestHandler):
    """A forward proxy that only tunnels: CONNECT secure.example:443 goes to the local TLS server."""

    target: ClassVar[tuple[str, int]] = ("127.0.0.1", 0)
    seen: ClassVar[list[str]] = []

    def log_message(self, *args: object) -> None:
        pass

    def do_CONNECT(self) -> None:
        type(self).seen.append(self.path)
        if self.path != "secure.example:443":
            self.send_error(502)
            return
        upstream = socket.create_connection(type(self).target, timeout=5)
        self.send_response(200, "Connection established")
        self.end_headers()
        conn = self.connection
        try:
            while True:  # relay bytes both ways until either side closes
                ready, _, _ = select.select([conn, upstream], [], [], 5)
                if not ready:
                    return
                for src in ready:
                    data = src.recv(65536)
                    if not data:
                        return
                    (upstream if src is conn else conn).sendall(data)
        except OSError:
            return  # a client that gave up on the certificate resets the tunnel
        finally:
            upstream.close()
            self.close_connection = True


@pytest.fixture
def https_proxy(monkeypatch: pytest.MonkeyPatch) -> Iterator[FakeWeb]:
    """The fake web behind TLS, reachable only through a tunnelling proxy named by HTTPS_PROXY."""
    site = FakeWeb()
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(CERT, KEY)
    site.socket = context.wrap_socket(site.socket, server_side=True)
    proxy = ThreadingHTTPServer(("127.0.0.1", 0), _Tunnel)
    _Tunnel.target, _Tunnel.seen = ("127.0.0.1", site.server_address[1]), []
    serve_in_thread(site), serve_in_thread(proxy)
    for name in ("HTTPS_PROXY", "https_proxy"):
        monkeypatch.setenv(name, f"http://127.0.0.1:{proxy.server_address[1]}")
    yield site
    for server in (proxy, site):
        server.shutdown()
        server.server_close()


def test_https_links_are_checked_through_the_proxy(https_proxy: FakeWeb, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("REQUESTS_CA_BUNDLE", str(CERT))  # the organisation's authority
    res = LinkChecker(CheckOptions(**OPTS)).check({
        "https://secure.example/page": "reference",
        "https://secure.example/gone": "reference",
    })
    assert res["https://secure.example/page"].verdict is V.OK
    assert res["https://secure.example/gone"].verdict is V.BROKEN
    assert _Tunnel.seen and set(_Tunnel.seen) == {"secure.example:443"}  # every request went through the tunnel
    assert {host for _, host, _ in https_proxy.log} == {"secure.example"}


def test_a_certificate_nobody_vouches_for_is_broken_and_says_why(https_proxy: FakeWeb,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    # Without the authority the same server is not trusted. A visitor's browser would warn too, so the link is
    # broken; the explanation names the certificate and how a machine behind such a proxy fixes it.
    monkeypatch.delenv("REQUESTS_CA_BUNDLE", raising=False)
    monkeypatch.delenv("CURL_CA_BUNDLE", raising=False)
    got = LinkChecker(CheckOptions(**OPTS)).check({"https://secure.example/page": "reference"})
    result = got["https://secure.example/page"]
    assert result.verdict is V.BROKEN
    assert result.info.startswith("certificate not accepted") and "REQUESTS_CA_BUNDLE" in result.info
    assert _Tunnel.seen == ["secure.example:443"]
