"""Benchmark: N distinct URLs against a local server that answers after 200 ms.

Prints the measured time against the ideal N x delay / parallel requests, where
parallel = min(workers, hosts x per-host concurrency). Offline: 127.0.0.1 only.

    .venv/bin/python benchmarks/linkcheck_bench.py [-n 200] [--hosts 20] [--workers 16]
"""

from __future__ import annotations

import argparse
import multiprocessing as mp
import os
import sys
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tools.confkb.linkcheck.checker import CheckOptions, LinkChecker
from tools.confkb.linkcheck.rules import DEFAULT


class Slow(BaseHTTPRequestHandler):
    """Answers every request with 200 after `delay` seconds."""

    protocol_version = 'HTTP/1.1'
    delay = 0.2

    def log_message(self, *args: object) -> None:
        pass

    def do_HEAD(self) -> None:
        time.sleep(self.delay)
        self.send_response(200)
        self.send_header('Content-Length', '0')
        self.end_headers()

    do_GET = do_HEAD


def serve(delay: float, ports: mp.Queue) -> None:
    """The slow server, in its own process so it does not share the checker's GIL."""
    Slow.delay = delay
    server = ThreadingHTTPServer(('127.0.0.1', 0), Slow)
    server.daemon_threads = True
    server.request_queue_size = 256
    ports.put(server.server_address[1])
    server.serve_forever()


def run(n: int, hosts: int, workers: int, delay: float) -> None:
    ports: mp.Queue = mp.Queue()
    proc = mp.Process(target=serve, args=(delay, ports), daemon=True)
    proc.start()
    port = ports.get(timeout=10)
    base = f'http://127.0.0.1:{port}'
    names = [f'host{i}.bench.test' for i in range(hosts)]
    links = {f'https://{names[i % hosts]}/page/{i}': 'reference' for i in range(n)}
    opts = CheckOptions(timeout=10, workers=workers, resolve={h: base for h in names})
    t0 = time.monotonic()
    results = LinkChecker(opts).check(links)
    took = time.monotonic() - t0
    proc.terminate()
    proc.join()
    parallel = min(workers, hosts * DEFAULT.concurrency)
    ideal = n * delay / parallel
    ok = sum(r.verdict == 'ok' for r in results.values())
    print(f'N={n:<4} hosts={hosts:<3} workers={workers:<3} parallel={parallel:<3} '
          f'ok={ok:<4} measured={took:6.2f} s  '
          f'ideal={ideal:6.2f} s  ratio={took / ideal:5.2f}')


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('-n', type=int, default=200, help='distinct URLs')
    ap.add_argument('--hosts', type=int, default=0, help='host names (0: run 20 and 1)')
    ap.add_argument('--workers', type=int, default=16)
    ap.add_argument('--delay', type=float, default=0.2)
    args = ap.parse_args()
    os.environ['NO_PROXY'] = os.environ['no_proxy'] = '127.0.0.1,localhost'
    for hosts in [args.hosts] if args.hosts else [20, 1]:
        run(args.n, hosts, args.workers, args.delay)


if __name__ == '__main__':
    main()
