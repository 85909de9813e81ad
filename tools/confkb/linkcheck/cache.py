"""Cache of successful link checks between runs (failures are never cached)."""

from __future__ import annotations

import json
import os
import random
import threading
import time
from collections.abc import Callable
from pathlib import Path

from tools.confkb.linkcheck.verdict import CACHEABLE, LinkResult

FORMAT = 1
DAY = 86400.0


class LinkCache:
    """A JSON file of recent successes, each with its own expiry time."""

    def __init__(
        self,
        path: str | os.PathLike[str] | None,
        ttl: float = 14 * DAY,
        jitter: float = 3 * DAY,
        clock: Callable[[], float] = time.time,
        rng: random.Random | None = None,
    ) -> None:
        self.path = Path(path) if path else None
        self.ttl = ttl
        # Jitter spreads expiries so a big site is not re-checked all in one run.
        self.jitter = min(jitter, ttl)
        self.clock = clock
        self.rng = rng or random.Random()
        self.entries: dict[str, dict] = {}
        self._lock = threading.Lock()
        self.load()

    @staticmethod
    def key(url: str, kind: str) -> str:
        """Image checks ask more than page checks, so they are cached apart."""
        return f'{kind} {url}'

    def load(self) -> None:
        """Read the file; a missing or corrupt file means an empty cache."""
        if self.path is None or not self.path.is_file():
            return
        try:
            data = json.loads(self.path.read_text(encoding='utf-8'))
        except (OSError, ValueError):
            return
        if isinstance(data, dict) and data.get('format') == FORMAT:
            self.entries = dict(data.get('entries', {}))

    def get(self, url: str, kind: str) -> LinkResult | None:
        """Return the cached success for `url`, unless it has expired."""
        with self._lock:
            entry = self.entries.get(self.key(url, kind))
        if entry is None or entry.get('expires_at', 0) <= self.clock():
            return None
        result = LinkResult.from_dict(entry['result'])
        result.cached = True
        return result

    def put(self, result: LinkResult) -> None:
        """Remember a success; forget the URL on anything else."""
        key = self.key(result.url, result.kind)
        with self._lock:
            if result.verdict not in CACHEABLE or result.cached:
                if result.verdict not in CACHEABLE:
                    self.entries.pop(key, None)
                return
            data = result.to_dict()
            data['locations'] = []  # locations belong to the run, not the URL
            expires = self.clock() + self.ttl + self.rng.uniform(-self.jitter, self.jitter)
            self.entries[key] = {'expires_at': expires, 'result': data}

    def save(self) -> None:
        """Write atomically, so an interrupted run never corrupts the cache."""
        if self.path is None:
            return
        self.path.parent.mkdir(parents=True, exist_ok=True)
        tmp = self.path.with_suffix(self.path.suffix + '.tmp')
        with self._lock:
            payload = {'format': FORMAT, 'entries': self.entries}
            tmp.write_text(json.dumps(payload, indent=1, sort_keys=True), encoding='utf-8')
        os.replace(tmp, self.path)
