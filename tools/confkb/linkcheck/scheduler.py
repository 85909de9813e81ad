"""Per-host work queues: parallel across hosts, rate-limited within each host."""

from __future__ import annotations

import heapq
import itertools
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any


@dataclass(order=True)
class Job:
    """One unit of work bound to a host; retried jobs come back with attempt + 1."""

    not_before: float
    seq: int
    host: str = field(compare=False)
    payload: Any = field(compare=False)
    attempt: int = field(compare=False, default=1)


@dataclass
class _Lane:
    """The queue and limits of one host."""

    concurrency: int
    interval: float
    heap: list[Job] = field(default_factory=list)
    inflight: int = 0
    next_start: float = 0.0  # no request may start on this host before this time


class HostScheduler:
    """Runs jobs on a fixed pool of threads, never sleeping on one host while another has work."""

    def __init__(
        self,
        workers: int,
        deadline: float,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.workers = max(1, workers)
        self.deadline = deadline  # in `clock` time; after it no new job starts
        self.clock = clock
        self._lanes: dict[str, _Lane] = {}
        self._cond = threading.Condition()
        self._pending = 0  # queued + running jobs
        self._seq = itertools.count()

    def add(
        self,
        host: str,
        payload: Any,
        *,
        concurrency: int = 4,
        interval: float = 0.0,
        not_before: float = 0.0,
        attempt: int = 1,
    ) -> None:
        """Queue a job for `host`; the first job of a host fixes its limits."""
        with self._cond:
            lane = self._lanes.get(host)
            if lane is None:
                lane = self._lanes[host] = _Lane(max(1, concurrency), max(0.0, interval))
            job = Job(not_before, next(self._seq), host, payload, attempt)
            heapq.heappush(lane.heap, job)
            self._pending += 1
            self._cond.notify_all()

    def pause_host(self, host: str, until: float) -> None:
        """Hold every new request to `host` until `until` (a 429 is about the host)."""
        with self._cond:
            lane = self._lanes.get(host)
            if lane is not None:
                lane.next_start = max(lane.next_start, until)

    def run(self, work: Callable[[Job], None]) -> list[Job]:
        """Run all jobs; return those still queued when the deadline passed."""
        threads = [
            threading.Thread(target=self._worker, args=(work,), daemon=True)
            for _ in range(self.workers)
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        with self._cond:
            left = [job for lane in self._lanes.values() for job in lane.heap]
            for lane in self._lanes.values():
                lane.heap.clear()
        return sorted(left)

    def _worker(self, work: Callable[[Job], None]) -> None:
        while (job := self._take()) is not None:
            try:
                work(job)
            finally:
                self._done(job)

    def _take(self) -> Job | None:
        with self._cond:
            while True:
                now = self.clock()
                if self._pending == 0 or now >= self.deadline:
                    self._cond.notify_all()
                    return None
                best: _Lane | None = None
                best_t = earliest = float('inf')
                for lane in self._lanes.values():
                    if not lane.heap or lane.inflight >= lane.concurrency:
                        continue
                    ready = max(lane.next_start, lane.heap[0].not_before)
                    if ready <= now and ready < best_t:
                        best, best_t = lane, ready
                    earliest = min(earliest, ready)
                if best is not None:
                    best.inflight += 1
                    best.next_start = max(best.next_start, now + best.interval)
                    return heapq.heappop(best.heap)
                # Nothing ready: sleep until the earliest lane opens or a job ends.
                wait = min(earliest, self.deadline) - now
                self._cond.wait(timeout=max(0.001, min(wait, 5.0)))

    def _done(self, job: Job) -> None:
        with self._cond:
            self._lanes[job.host].inflight -= 1
            self._pending -= 1
            self._cond.notify_all()
