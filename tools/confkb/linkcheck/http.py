"""One HTTP probe: routed request, manual redirects, HEAD-to-GET fallback, body sniffing."""

from __future__ import annotations

import codecs
import email.utils
import errno
import socket
import threading
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit, urlunsplit

import requests
from urllib3.exceptions import NameResolutionError

UNREACHABLE = frozenset({'host name does not resolve', 'connection refused', 'network unreachable'})
PAGE_ACCEPT = 'text/html,application/xhtml+xml;q=0.9,*/*;q=0.8'
IMAGE_ACCEPT = 'image/avif,image/webp,image/png,image/svg+xml,image/*;q=0.8,*/*;q=0.5'
IMAGE_MAGIC = (
    b'\x89PNG\r\n\x1a\n',
    b'\xff\xd8\xff',
    b'GIF87a',
    b'GIF89a',
    b'BM',
    b'\x00\x00\x01\x00',  # .ico
)


@dataclass
class Fetched:
    """What one probe saw; `error_kind` is set instead of `status` on failure."""

    url: str  # logical URL of the last hop
    status: int | None = None
    redirects: list[tuple[int, str]] = field(default_factory=list)  # (code, from-url)
    content_type: str = ''
    retry_after: str | None = None
    head: bytes = b''  # first bytes of the body, when asked for
    ids: set[str] | None = None  # HTML ids and names, when asked for
    error_kind: str | None = None  # 'timeout', 'connection', 'ssl', 'redirects'
    error: str = ''
    cloudflare_challenge: bool = False


class _IdCollector(HTMLParser):
    """Collects every id= and name= so all anchors of a page are checked from one download."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.ids: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for key, value in attrs:
            if key in ('id', 'name') and value:
                self.ids.add(value)


def is_image(content_type: str, head: bytes) -> bool:
    """An image answers image/*, or (for untyped answers) starts like one."""
    ctype = content_type.split(';')[0].strip().lower()
    if ctype.startswith('image/'):
        return True
    if ctype and ctype not in ('application/octet-stream', 'binary/octet-stream'):
        return False
    if head.startswith(IMAGE_MAGIC) or (head[:4] == b'RIFF' and head[8:12] == b'WEBP'):
        return True
    text = head.lstrip()[:256].lower()
    return text.startswith(b'<svg') or (text.startswith(b'<?xml') and b'<svg' in text)


def retry_after_seconds(value: str | None, now_epoch: float) -> float | None:
    """Parse Retry-After (seconds or an HTTP date) into a delay; None if unusable."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when is None:
        return None
    return max(0.0, when.timestamp() - now_epoch)


class Fetcher:
    """Makes requests with one session per thread (requests.Session is not thread-safe)."""

    def __init__(
        self,
        timeout: float,
        user_agent: str,
        verify: bool | str = True,
        resolve: dict[str, str] | None = None,
        max_redirects: int = 10,
        max_body: int = 4_000_000,
    ) -> None:
        self.timeout = timeout
        self.user_agent = user_agent
        self.verify = verify
        self.resolve = {k.lower(): v.rstrip('/') for k, v in (resolve or {}).items()}
        self.max_redirects = max_redirects
        self.max_body = max_body
        self._local = threading.local()

    def _session(self) -> requests.Session:
        session = getattr(self._local, 'session', None)
        if session is None:
            # trust_env (the default) makes requests honour HTTP(S)_PROXY and NO_PROXY.
            session = self._local.session = requests.Session()
        return session

    def route(self, url: str) -> tuple[str, dict[str, str]]:
        """Apply the test-only host override; the Host header keeps the real name.

        The key ``*`` catches every host not named, so a test can keep a whole site offline.
        """
        parts = urlsplit(url)
        base = self.resolve.get((parts.hostname or '').lower(), self.resolve.get('*'))
        if base is None:
            return url, {}
        b = urlsplit(base)
        real = urlunsplit((b.scheme, b.netloc, b.path + parts.path, parts.query, ''))
        return real, {'Host': parts.netloc}

    def _request(self, method: str, url: str, accept: str, out: Fetched) -> requests.Response:
        """Follow redirects by hand so every hop is routed and recorded."""
        current = url
        for _ in range(self.max_redirects + 1):
            real, headers = self.route(current)
            headers.update({'User-Agent': self.user_agent, 'Accept': accept})
            resp = self._session().request(
                method, real, headers=headers, timeout=self.timeout,
                allow_redirects=False, stream=True, verify=self.verify,
            )
            if resp.is_redirect:
                out.redirects.append((resp.status_code, current))
                current = urljoin(current, resp.headers['location'])
                resp.close()
                continue
            out.url = current
            return resp
        raise requests.TooManyRedirects(f'more than {self.max_redirects} redirects')

    def fetch(self, url: str, *, image: bool = False, anchors: bool = False) -> Fetched:
        """HEAD when the status is enough, else one GET whose body is read once."""
        accept = IMAGE_ACCEPT if image else PAGE_ACCEPT
        if not (image or anchors):
            out = self._try('HEAD', url, accept, image, anchors)
            # Many servers refuse or mishandle HEAD (405, 403, 404, dropped connection):
            # only GET gives the truth. A 429 or a timeout is not retried with GET.
            if not (out.error_kind in ('connection', 'redirects')
                    or (out.status is not None and out.status >= 400 and out.status != 429)):
                return out
            if out.error in UNREACHABLE:
                return out  # no server was reached: a GET would only repeat the DNS lookup
        return self._try('GET', url, accept, image, anchors)

    def _try(self, method: str, url: str, accept: str, image: bool, anchors: bool) -> Fetched:
        out = Fetched(url=url)
        try:
            resp = self._request(method, url, accept, out)
        except requests.exceptions.SSLError as exc:
            out.error_kind, out.error = 'ssl', _short(exc)
            return out
        except requests.exceptions.Timeout as exc:
            out.error_kind, out.error = 'timeout', _short(exc)
            return out
        except requests.TooManyRedirects as exc:
            out.error_kind, out.error = 'redirects', _short(exc)
            return out
        except (requests.ConnectionError, requests.exceptions.ChunkedEncodingError) as exc:
            out.error_kind, out.error = 'connection', _connection_reason(exc)
            return out
        except requests.RequestException as exc:
            out.error_kind, out.error = 'connection', _short(exc)
            return out
        with resp:
            out.status = resp.status_code
            out.content_type = resp.headers.get('content-type', '')
            out.retry_after = resp.headers.get('retry-after')
            out.cloudflare_challenge = resp.headers.get('cf-mitigated') == 'challenge'
            if method == 'GET' and resp.ok:
                try:
                    self._read_body(resp, out, image, anchors)
                except requests.RequestException as exc:
                    out.error_kind, out.error = 'timeout', _short(exc)
        return out

    def _read_body(self, resp: requests.Response, out: Fetched, image: bool, anchors: bool) -> None:
        is_html = 'html' in out.content_type.lower()
        if not (image or (anchors and is_html)):
            return  # the status is all we need: do not download the body
        parser = _IdCollector() if anchors and is_html else None
        # An incremental decoder keeps characters split across chunks intact.
        try:
            decoder = codecs.getincrementaldecoder(resp.encoding or 'utf-8')(errors='replace')
        except LookupError:  # a charset Python does not know
            decoder = codecs.getincrementaldecoder('utf-8')(errors='replace')
        seen = 0
        for chunk in resp.iter_content(chunk_size=16384):
            if len(out.head) < 512:
                out.head += chunk[: 512 - len(out.head)]
            if parser is None:
                break
            parser.feed(decoder.decode(chunk))
            seen += len(chunk)
            if seen >= self.max_body:
                break
        if parser is not None:
            out.ids = parser.ids


def _connection_reason(exc: BaseException) -> str:
    """Name the root cause that requests buries under MaxRetryError and friends."""
    cause: BaseException | None = exc
    for _ in range(8):  # requests -> urllib3 MaxRetryError -> NewConnectionError -> OSError
        if cause is None:
            break
        if isinstance(cause, (socket.gaierror, NameResolutionError)):
            return 'host name does not resolve'
        if isinstance(cause, ConnectionRefusedError):
            return 'connection refused'
        if isinstance(cause, ConnectionResetError):
            return 'connection reset'
        if isinstance(cause, OSError) and cause.errno in (errno.ENETUNREACH, errno.EHOSTUNREACH):
            return 'network unreachable'
        inner = getattr(cause, 'reason', None)
        if not isinstance(inner, BaseException) and cause.args and isinstance(cause.args[0], BaseException):
            inner = cause.args[0]
        cause = inner if isinstance(inner, BaseException) else (cause.__cause__ or cause.__context__)
    return _short(exc)


def _short(exc: BaseException) -> str:
    text = f'{type(exc).__name__}: {exc}'
    return text if len(text) <= 240 else text[:237] + '...'
