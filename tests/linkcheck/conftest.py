"""Fixtures for the link checker tests: the fake web, a network guard, proxy hygiene."""

from __future__ import annotations

import socket

import pytest

from . import fakeweb

LOOPBACK = ('127.0.0.1', '::1', 'localhost')

# Real host names, routed to the fake web: the rules still see the real URLs.
REAL_HOSTS = (
    'www.linkedin.com', 'x.com', 'twitter.com', 'www.youtube.com', 'youtu.be',
    'img.youtube.com', 'github.com', 'huggingface.co', 'arxiv.org',
)


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line('markers', 'slow: takes more than ~2 s')


@pytest.fixture(autouse=True)
def no_internet(monkeypatch: pytest.MonkeyPatch) -> None:
    """Fail loudly if anything tries to leave 127.0.0.1."""
    real_connect = socket.socket.connect

    def guarded(self: socket.socket, address: object) -> object:
        host = address[0] if isinstance(address, tuple) else address
        if self.family in (socket.AF_INET, socket.AF_INET6) and host not in LOOPBACK:
            raise OSError(f'test tried to reach the internet: {address!r}')
        return real_connect(self, address)

    monkeypatch.setattr(socket.socket, 'connect', guarded)
    for name in ('HTTP_PROXY', 'HTTPS_PROXY', 'ALL_PROXY', 'http_proxy', 'https_proxy',
                 'all_proxy'):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv('NO_PROXY', '127.0.0.1,localhost')
    monkeypatch.setenv('no_proxy', '127.0.0.1,localhost')


@pytest.fixture
def web():
    """The fake web on 127.0.0.1, port 0."""
    server, thread = fakeweb.start()
    yield server
    server.shutdown()
    server.server_close()
    thread.join(timeout=5)


@pytest.fixture
def resolve(web) -> dict[str, str]:
    """Host -> base URL mapping sending the real sites to the fake web."""
    return {host: web.base for host in REAL_HOSTS}
