# ruff: noqa: S603, S607, E501 - a benchmark that runs the local tools it names (Lua inline)
"""Kill -9 under load: no acknowledged view may be lost.

Starts the production server (gunicorn, several workers) on a fresh database, sends beacons
from many client threads (each from a distinct visitor, so each is a countable view) and
records every view acknowledged with a 2xx. While the load runs, the gunicorn master and all
its workers are killed with SIGKILL, then restarted; this repeats. At the end the buffers are
folded and, per article, the stored views are compared with the acknowledged ones.
Stored >= acknowledged for every article means nothing acknowledged was lost (a view stored
just before the kill whose answer never left the server is stored but unacknowledged).

    .venv/bin/python bench/beacon_kill_test.py [--backend sqlite|postgresql|redis]
        [--kills 3] [--threads 16] [--port 8105]
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import signal
import sys
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import beacon_bench as bench  # noqa: E402

COUNT_PER_ARTICLE = r"""
import django, json
django.setup()
from broadsheet.engagement.services import counters_flush
from broadsheet.engagement.models import ArticleStats
counters_flush()
print(json.dumps({str(a): v for a, v in ArticleStats.objects.values_list("article_id", "views")}))
"""


class Load:
    """Client threads that send beacons and remember which were acknowledged."""

    def __init__(self, port: int, first_id: int, articles: int, threads: int) -> None:
        self.port, self.first_id, self.articles = port, first_id, articles
        self.acknowledged: Counter[int] = Counter()
        self.failed = 0
        self.sent = 0
        self.lock = threading.Lock()
        self.stop = threading.Event()
        self.threads = [threading.Thread(target=self.run, args=(n,), daemon=True)
                        for n in range(threads)]

    def run(self, n: int) -> None:
        rng = random.Random(n)
        connection = None
        while not self.stop.is_set():
            article = self.first_id + rng.randrange(self.articles)
            ip = ".".join(str(rng.randrange(1, 250)) for _ in range(4))
            body = json.dumps({"article": article, "type": "view"})
            try:
                if connection is None:
                    connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=5)
                connection.request("POST", "/beacon/", body=body, headers={
                    "Content-Type": "application/json", "Accept-Language": "en",
                    "User-Agent": bench.CHROME_UA, "X-Forwarded-For": ip})
                response = connection.getresponse()
                payload = response.read()
                ok = 200 <= response.status < 300 and json.loads(payload).get("counted")
                with self.lock:
                    self.sent += 1
                    if ok:
                        self.acknowledged[article] += 1
                if response.getheader("Connection", "").lower() == "close":
                    connection.close()
                    connection = None
            except (OSError, http.client.HTTPException, ValueError):
                with self.lock:
                    self.sent += 1
                    self.failed += 1
                if connection is not None:
                    connection.close()
                connection = None
                time.sleep(0.01)

    def start(self) -> None:
        for thread in self.threads:
            thread.start()

    def finish(self) -> None:
        self.stop.set()
        for thread in self.threads:
            thread.join(timeout=10)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--backend", default="sqlite",
                        choices=["sqlite", "postgresql", "redis"])
    parser.add_argument("--kills", type=int, default=3)
    parser.add_argument("--server", choices=("gunicorn", "granian"), default="gunicorn")
    parser.add_argument("--threads", type=int, default=16)
    parser.add_argument("--workers", type=int, default=3)
    parser.add_argument("--articles", type=int, default=50)
    parser.add_argument("--port", type=int, default=8105)
    parser.add_argument("--seconds-between-kills", type=float, default=3.0)
    args = parser.parse_args()

    data_dir = Path(tempfile.mkdtemp(prefix=f"engage-kill-{args.backend}-"))
    env = bench.environment(args.backend, data_dir)
    env["BENCH_ARTICLES"] = str(args.articles)
    bench.prepare_database(args.backend, env)
    first, _ = bench.run_python(bench.SETUP, env).split()

    load = Load(args.port, int(first), args.articles, args.threads)
    server = bench.start_server(env, args.port, args.workers, threads=16,
                                  server=args.server)
    load.start()
    try:
        for kill in range(1, args.kills + 1):
            time.sleep(args.seconds_between_kills)
            with load.lock:
                before = sum(load.acknowledged.values())
            os.killpg(server.pid, signal.SIGKILL)  # the master and every worker, at once
            server.wait()
            print(f"kill {kill}: SIGKILL after {before} acknowledged views", flush=True)
            time.sleep(0.5)
            server = bench.start_server(env, args.port, args.workers, threads=16,
                                  server=args.server)
        time.sleep(args.seconds_between_kills)
    finally:
        load.finish()
        bench.stop_server(server)

    stored = {int(k): v for k, v in json.loads(bench.run_python(COUNT_PER_ARTICLE, env)).items()}
    acknowledged = sum(load.acknowledged.values())
    lost = sum(max(0, n - stored.get(article, 0)) for article, n in load.acknowledged.items())
    total_stored = sum(stored.values())
    print(f"backend={args.backend} kills={args.kills} requests={load.sent} "
          f"failed_or_refused={load.failed} acknowledged={acknowledged} stored={total_stored} "
          f"stored_unacknowledged={total_stored - acknowledged + lost} lost={lost}", flush=True)
    return 1 if lost else 0


if __name__ == "__main__":
    sys.exit(main())
