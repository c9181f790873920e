# ruff: noqa: E501
"""CPU cost of one beacon inside the process, without HTTP or wrk: where the time goes.

Calls the WSGI application (``broadsheet.engagement.wsgi``, the beacon short path) directly
with ``POST /beacon/`` environs, each a distinct new visitor (or, with ``--returning``, one of
a pool of readers that already have a history), and reports CPU milliseconds per beacon;
``--profile`` prints the top functions by cumulative time.

    .venv/bin/python bench/beacon_profile.py [--requests 2000] [--profile] [--returning]
        # counter backend: DATABASE_URL / REDIS_URL as for the site; SQLite in a temp dir by default
"""

from __future__ import annotations

import argparse
import cProfile
import io
import json
import os
import pstats
import random
import sys
import tempfile
import time
import uuid

CHROME_UA = ("Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) "
             "Chrome/126.0.0.0 Safari/537.36")


def environ(article_id: int, ip: str, cookie: str = "") -> dict:
    body = json.dumps({"article": article_id, "type": "view"}).encode()
    env = {
        "REQUEST_METHOD": "POST", "PATH_INFO": "/beacon/", "SCRIPT_NAME": "", "QUERY_STRING": "",
        "SERVER_NAME": "127.0.0.1", "SERVER_PORT": "8000", "SERVER_PROTOCOL": "HTTP/1.1",
        "REMOTE_ADDR": "127.0.0.1", "HTTP_X_FORWARDED_FOR": ip, "HTTP_HOST": "127.0.0.1",
        "CONTENT_TYPE": "application/json", "CONTENT_LENGTH": str(len(body)),
        "HTTP_USER_AGENT": CHROME_UA, "HTTP_ACCEPT_LANGUAGE": "en-GB,en;q=0.9",
        "wsgi.input": io.BytesIO(body), "wsgi.url_scheme": "http", "wsgi.errors": sys.stderr,
        "wsgi.multithread": False, "wsgi.multiprocess": True, "wsgi.run_once": False,
        "wsgi.version": (1, 0),
    }
    if cookie:
        env["HTTP_COOKIE"] = cookie
    return env


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--requests", type=int, default=2000)
    parser.add_argument("--articles", type=int, default=200)
    parser.add_argument("--returning", action="store_true",
                        help="readers with a history (a pool of 500 reader cookies)")
    parser.add_argument("--profile", action="store_true")
    parser.add_argument("--without-recommended", action="store_true",
                        help="leave Recommended out of the answer (counting alone)")
    args = parser.parse_args()

    data_dir = tempfile.mkdtemp(prefix="beacon-profile-")
    os.environ.update({
        "DJANGO_SETTINGS_MODULE": "broadsheet.settings.base", "BROADSHEET_DATA_DIR": data_dir,
        "BROADSHEET_SECRET_KEY": "profile-secret-key-not-for-production-0123456789abcdef",
        "BROADSHEET_ALLOWED_HOSTS": "127.0.0.1", "BROADSHEET_HTTPS": "0",
        "BROADSHEET_LOG_LEVEL": "ERROR", "BROADSHEET_TRUSTED_PROXIES": "127.0.0.1",
    })
    import django
    from django.core.management import call_command

    django.setup()
    from datetime import timedelta

    from django.utils import timezone

    from broadsheet.content import services
    from broadsheet.content.models import Article
    from broadsheet.engagement.backends import get_counter_backend
    from broadsheet.engagement.services import engagement_data_delete_all

    call_command("migrate", verbosity=0)
    engagement_data_delete_all()
    backend = get_counter_backend()
    if hasattr(backend, "clear"):
        backend.clear()
    if Article.objects.live().count() < args.articles:
        section = services.section_create(name=f"Profile {uuid.uuid4().hex[:6]}")
        for i in range(args.articles):
            article = services.article_create(headline=f"Profile story {i}", body="Text.",
                                              section=section)
            services.article_publish(article=article, at=timezone.now() - timedelta(hours=1))
    ids = list(Article.objects.live().values_list("pk", flat=True))[: args.articles]

    from django.conf import settings

    if args.without_recommended:
        settings.BROADSHEET_BEACON_CONTRIBUTORS = []
    from broadsheet.engagement.wsgi import application

    rng = random.Random(7)
    readers = [uuid.uuid4().hex for _ in range(500)]

    def one() -> None:
        ip = f"{rng.randint(1, 223)}.{rng.randint(0, 255)}.{rng.randint(0, 255)}.{rng.randint(1, 254)}"
        cookie = f"bs_rid={rng.choice(readers)}" if args.returning else ""
        status = []
        body = b"".join(application(environ(rng.choice(ids), ip, cookie),
                                    lambda s, h: status.append(s)))
        if not status[0].startswith("200"):
            raise SystemExit(f"{status[0]}: {body[:200]!r}")

    for _ in range(200):  # warm-up: imports, connections, caches, reader histories
        one()
    profiler = cProfile.Profile() if args.profile else None
    started, wall = time.process_time(), time.perf_counter()
    if profiler:
        profiler.enable()
    for _ in range(args.requests):
        one()
    if profiler:
        profiler.disable()
    cpu, wall = time.process_time() - started, time.perf_counter() - wall
    print(f"{args.requests} beacons: {1000 * cpu / args.requests:.3f} ms CPU, "
          f"{1000 * wall / args.requests:.3f} ms wall each "
          f"(database {django.db.connection.vendor}, counter backend {type(backend).__name__})")
    if profiler:
        pstats.Stats(profiler).sort_stats(os.environ.get("PROFILE_SORT", "cumulative")).print_stats(35)


if __name__ == "__main__":
    main()
