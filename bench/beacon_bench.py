# ruff: noqa: S603, S607, E501 - a benchmark that runs the local tools it names (Lua inline)
"""Beacon throughput: events per second that the production server acknowledges.

Runs ``broadsheet serve`` with gunicorn and with granian (``--server granian``, the beacon
short path, 32 threads a worker so concurrent beacons share commits) against each counter
backend in turn (SQLite, PostgreSQL, Redis) and drives ``POST /beacon/`` with wrk. Every request is a distinct
visitor (a random X-Forwarded-For, trusted from 127.0.0.1 only) viewing a random article, so
each one is a counted, durably stored event. After the run the buffers are folded and the
stored total is compared with the acknowledged requests.

    .venv/bin/python bench/beacon_bench.py [--backends sqlite,postgresql,redis]
        [--servers gunicorn,granian] [--duration 15] [--connections 64] [--workers 2]

wrk and the server share the machine, so the figures are for both on the same cores.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENV_BIN = ROOT / ".venv" / "bin"
PG_DB = "broadsheet_bench_engage"
REDIS_URL = "redis://127.0.0.1:6379/12"
CHROME_UA = ("Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) "
             "Chrome/126.0.0.0 Safari/537.36")

LUA = r"""
-- Each wrk thread runs its own copy of this script: seed each one differently, or the
-- threads would send the same visitors and the dedupe window would drop half the events.
local counter = 0
function setup(thread)
  counter = counter + 1
  thread:set("seed", os.time() * 100 + counter)
end
function init(args)
  math.randomseed(seed or os.time())
end
local articles = tonumber(os.getenv("BENCH_ARTICLES") or "200")
local first = tonumber(os.getenv("BENCH_FIRST_ID") or "1")
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Accept-Language"] = "en-GB,en;q=0.9"
wrk.headers["User-Agent"] = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36"
request = function()
  local ip = math.random(1, 223) .. "." .. math.random(0, 255) .. "." .. math.random(0, 255) .. "." .. math.random(1, 254)
  wrk.headers["X-Forwarded-For"] = ip
  local body = '{"article": ' .. (first + math.random(0, articles - 1)) .. ', "type": "view"}'
  return wrk.format(nil, "/beacon/", nil, body)
end
"""

SETUP = r"""
import django, os
django.setup()
from django.utils import timezone
from datetime import timedelta
from broadsheet.content import services
from broadsheet.content.models import Article
from broadsheet.engagement.services import engagement_data_delete_all
from broadsheet.engagement.backends import get_counter_backend
engagement_data_delete_all()
backend = get_counter_backend()
if hasattr(backend, "clear"):
    backend.clear()
n = int(os.environ["BENCH_ARTICLES"])
existing = list(Article.objects.live().order_by("pk").values_list("pk", flat=True))
if len(existing) < n:
    section = services.section_create(name="Bench")
    for i in range(n - len(existing)):
        a = services.article_create(headline=f"Bench story {i}", body="Text.", section=section)
        services.article_publish(article=a, at=timezone.now() - timedelta(hours=1))
    existing = list(Article.objects.live().order_by("pk").values_list("pk", flat=True))
print(existing[0], existing[n - 1])
"""

COUNT = r"""
import django
django.setup()
from django.db.models import Sum
from broadsheet.engagement.services import counters_flush
from broadsheet.engagement.models import ArticleStats
counters_flush()
print(ArticleStats.objects.aggregate(n=Sum("views"))["n"] or 0)
"""


def environment(backend: str, data_dir: Path) -> dict[str, str]:
    env = dict(os.environ)
    for name in ("DATABASE_URL", "REDIS_URL", "BROADSHEET_COUNTER_BACKENDS"):
        env.pop(name, None)
    env.update({
        "DJANGO_SETTINGS_MODULE": "broadsheet.settings.base",
        "BROADSHEET_DATA_DIR": str(data_dir),
        "BROADSHEET_SECRET_KEY": "bench-secret-key-not-for-production-use-0123456789",
        "BROADSHEET_ALLOWED_HOSTS": "127.0.0.1,localhost",
        "BROADSHEET_HTTPS": "0",
        "BROADSHEET_LOG_LEVEL": "ERROR",
    })
    if backend == "postgresql":
        env["DATABASE_URL"] = f"postgres://postgres@127.0.0.1:5432/{PG_DB}"
    if backend == "redis":
        env["REDIS_URL"] = REDIS_URL
    return env


def run_python(code: str, env: dict[str, str]) -> str:
    return subprocess.run([str(VENV_BIN / "python"), "-c", code], env=env, check=True,
                          capture_output=True, text=True, cwd=ROOT).stdout.strip()


def start_server(env: dict[str, str], port: int, workers: int, *, threads: int = 2,
                 app: str = "", server: str = "gunicorn") -> subprocess.Popen:
    """``broadsheet serve`` (gunicorn), or ``server`` running the WSGI module ``app``."""
    if server == "granian":
        # What ships: `broadsheet serve --server granian` (always with the beacon short path).
        command = [str(VENV_BIN / "broadsheet"), "serve", "--server", "granian", "--bind",
                   f"127.0.0.1:{port}", "--workers", str(workers), "--threads", str(threads),
                   "--no-access-log", "--log-level", "error"]
    elif app:
        command = [str(VENV_BIN / "python"), "-m", "gunicorn", app, "--bind",
                   f"127.0.0.1:{port}", "--workers", str(workers), "--threads", str(threads),
                   "--access-logfile", "/dev/null", "--forwarded-allow-ips", "127.0.0.1"]
    else:
        command = [str(VENV_BIN / "broadsheet"), "serve", "--bind", f"127.0.0.1:{port}",
                   "--workers", str(workers), "--threads", str(threads),
                   "--access-logfile", "/dev/null"]
    process = subprocess.Popen(
        command,
        env=env, cwd=ROOT, stdout=subprocess.DEVNULL,
        stderr=open(Path(env["BROADSHEET_DATA_DIR"]) / "server.log", "ab"),  # noqa: SIM115
        start_new_session=True,
    )
    deadline = time.time() + 30
    while time.time() < deadline:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/beacon/", timeout=1)
            return process
        except urllib.error.HTTPError:  # 405 for GET: the server is up
            return process
        except OSError:
            time.sleep(0.2)
    stop_server(process)
    raise SystemExit("the server did not start")


def stop_server(server: subprocess.Popen, sig: int = signal.SIGTERM) -> None:
    try:
        os.killpg(server.pid, sig)
    except ProcessLookupError:
        return
    try:
        server.wait(timeout=20)
    except subprocess.TimeoutExpired:
        os.killpg(server.pid, signal.SIGKILL)
        server.wait()


def prepare_database(backend: str, env: dict[str, str]) -> None:
    if backend == "postgresql":
        subprocess.run(["psql", "-h", "127.0.0.1", "-U", "postgres", "-d", "postgres", "-qc",
                        f"DROP DATABASE IF EXISTS {PG_DB}"], check=True)
        subprocess.run(["psql", "-h", "127.0.0.1", "-U", "postgres", "-d", "postgres", "-qc",
                        f"CREATE DATABASE {PG_DB}"], check=True)
    for command in (["migrate"], ["collectstatic", "--noinput"]):
        subprocess.run([str(VENV_BIN / "broadsheet"), *command, "-v", "0"], env=env,
                       check=True, cwd=ROOT)


def group_cpu_seconds(pgid: int) -> float:
    """CPU time (user + system) used so far by every process of the server's group."""
    total = 0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[2]) == pgid:  # pgrp
            total += int(fields[11]) + int(fields[12])  # utime + stime, in clock ticks
    return total / os.sysconf("SC_CLK_TCK")


def named_cpu_seconds(names: tuple[str, ...]) -> float:
    """CPU time used so far by every process whose command name is one of ``names``."""
    total = 0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            head, rest = stat.read_text().rsplit(")", 1)
        except OSError:
            continue
        if head.split("(", 1)[1] in names:
            fields = rest.split()
            total += int(fields[11]) + int(fields[12])
    return total / os.sysconf("SC_CLK_TCK")


STORES = ("postgres", "redis-server")


def parse_wrk(output: str) -> dict[str, float]:
    requests = int(re.search(r"(\d+) requests in", output).group(1))
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    errors = re.search(r"Socket errors: (.*)", output)
    latency = re.search(r"Latency\s+([\d.]+\w+)\s+([\d.]+\w+)\s+([\d.]+\w+)", output)
    return {"requests": requests, "rate": rate, "non2xx": int(non2xx.group(1)) if non2xx else 0,
            "socket_errors": errors.group(1) if errors else "", "latency_avg": latency.group(1)}


APPS = {"django": "", "shortpath": "broadsheet.engagement.wsgi:application"}


def bench(backend: str, app: str, args) -> dict:
    data_dir = Path(tempfile.mkdtemp(prefix=f"engage-bench-{backend}-"))
    env = environment(backend, data_dir)
    env["BENCH_ARTICLES"] = str(args.articles)
    prepare_database(backend, env)
    first, _ = run_python(SETUP, env).split()
    env["BENCH_FIRST_ID"] = first
    lua = data_dir / "beacon.lua"
    lua.write_text(LUA)
    server = start_server(env, args.port, args.workers, threads=args.server_threads,
                          app=APPS[app], server=args.server)
    try:
        # Warm up every worker at full load (imports, connections, crawler-list
        # compilation, and each article's page lists, which a worker keeps for half a
        # minute): the run measures the steady state.
        subprocess.run(["wrk", f"-t{args.threads}", f"-c{args.connections}",
                        f"-d{args.warmup}s", "-s", str(lua),
                        f"http://127.0.0.1:{args.port}"], env=env, check=True,
                       capture_output=True)
        time.sleep(1)
        before = int(run_python(COUNT, env))
        cpu_before = group_cpu_seconds(server.pid)
        store_before, wall_before = named_cpu_seconds(STORES), time.monotonic()
        result = subprocess.run(
            ["wrk", f"-t{args.threads}", f"-c{args.connections}", f"-d{args.duration}s",
             "-s", str(lua), f"http://127.0.0.1:{args.port}"],
            env=env, check=True, capture_output=True, text=True)
        cpu_used = group_cpu_seconds(server.pid) - cpu_before
        store_used = named_cpu_seconds(STORES) - store_before
        wall = time.monotonic() - wall_before
    finally:
        stop_server(server)
    stats = parse_wrk(result.stdout)
    # Server CPU per event, and what two cores given to the server alone would sustain: a
    # figure that does not depend on what else the machine was doing during the run.
    stats["server_cpu_ms_per_event"] = 1000 * cpu_used / max(1, stats["requests"])
    stats["projected_rate_2_cores"] = 2000 / max(1e-6, stats["server_cpu_ms_per_event"])
    # PostgreSQL's and Redis's own processes share the two cores too (and wrk, not measured).
    stats["store_cpu_ms_per_event"] = 1000 * store_used / max(1, stats["requests"])
    stats["load_during"] = os.getloadavg()[0]
    stats["machine_cpu_share"] = (cpu_used + store_used) / (wall * (os.cpu_count() or 1))
    stored = int(run_python(COUNT, env)) - before
    stats.update({"backend": backend, "app": app, "server": args.server, "stored": stored,
                  "acknowledged": stats["requests"] - stats["non2xx"]})
    shutil.rmtree(data_dir, ignore_errors=True)
    return stats


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--backends", default="sqlite,postgresql,redis")
    parser.add_argument("--duration", type=int, default=15)
    parser.add_argument("--warmup", type=int, default=5, help="seconds of load before measuring")
    # A saturated server has many beacons in flight: at 5,000 a second and 20 ms each, 100.
    parser.add_argument("--connections", type=int, default=64)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--server-threads", type=int, default=None,
                        help="threads per worker (default: 4 for gunicorn, whose gthread "
                             "workers keep wrk's connections alive; 32 for granian, so that "
                             "every connection's beacon can join a group commit)")
    parser.add_argument("--apps", default="django",
                        help="under gunicorn: django (the plain Django app) and/or shortpath "
                             "(with BeaconFastPath)")
    parser.add_argument("--servers", default="gunicorn,granian",
                        help="gunicorn (`broadsheet serve`, with --apps) and/or granian "
                             "(`broadsheet serve --server granian`: always the short path)")
    parser.add_argument("--articles", type=int, default=200)
    parser.add_argument("--port", type=int, default=8105)
    parser.add_argument("--json", action="store_true", help="print JSON lines only")
    args = parser.parse_args()
    runs = [(server, app) for server in args.servers.split(",")
            for app in (args.apps.split(",") if server == "gunicorn" else ["shortpath"])]
    threads = args.server_threads
    for backend in args.backends.split(","):
        for server, app in runs:
            args.server = server
            args.server_threads = threads or (32 if server == "granian" else 4)
            stats = bench(backend, app, args)
            if args.json:
                print(json.dumps(stats), flush=True)
                continue
            print(f"{backend:<11} {server:<9} {app:<10} {stats['rate']:>8.0f} events/s  "
                  f"server CPU {stats['server_cpu_ms_per_event']:.2f} ms/event "
                  f"(2 cores: {stats['projected_rate_2_cores']:.0f}/s)  "
                  f"{'/'.join(STORES)} CPU {stats['store_cpu_ms_per_event']:.2f} ms/event  "
                  f"load {stats['load_during']:.1f}  avg latency "
                  f"{stats['latency_avg']:>8}  acknowledged {stats['acknowledged']:>7}  "
                  f"stored {stats['stored']:>7}  non-2xx {stats['non2xx']}", flush=True)


if __name__ == "__main__":
    sys.exit(main())
