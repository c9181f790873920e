"""Search latency on generated archives (10k and 100k articles), SQLite FTS5 and PostgreSQL.

    .venv/bin/python bench/search_bench.py                      # both backends, 10k and 100k
    .venv/bin/python bench/search_bench.py --backend sqlite --sizes 10000

Each backend gets its own database (a SQLite file under /tmp, or a PostgreSQL database
``broadsheet_bench_search`` that the script creates), filled with synthetic articles whose
words follow a Zipf distribution over a generated vocabulary, so term frequencies behave like
language. The index is built with the backend's ``rebuild``; then a few hundred queries (one to
three words, and phrases) run through ``backend.search`` (count + ranked page of 20 with
snippets), and p50/p95/p99 wall time, p50/p95 CPU time (this process plus, on PostgreSQL,
its server process) and the load average are printed as a Markdown table.

Building 100k articles takes minutes, so ``--reuse`` keeps a database from an earlier run:
articles already there are kept (only missing ones are generated) and the index is rebuilt
only when it does not hold every article, or with ``--reindex`` (after a change to what the
index stores). ``--name`` picks another database (and SQLite file), e.g. one per size::

    .venv/bin/python bench/search_bench.py --reuse --sizes 100000
    .venv/bin/python bench/search_bench.py --reuse --name broadsheet_bench_search_10k \
        --sizes 10000
"""

from __future__ import annotations

import argparse
import os
import random
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_NAME = "broadsheet_bench_search"
PG_SERVER = os.environ.get("BENCH_PG_URL", "postgres://postgres@127.0.0.1:5432")

VOCABULARY_SIZE = 30_000
ZIPF_EXPONENT = 1.07
SEED = 20240601


def vocabulary(size: int, rng: random.Random) -> list[str]:
    """Pronounceable made-up words, shortest for the most frequent ranks (as in language)."""
    onsets = ["b", "br", "c", "ch", "d", "dr", "f", "g", "gr", "h", "k", "l", "m", "n", "p",
              "pr", "r", "s", "st", "t", "tr", "v", "w", "z", "sh", "th"]
    vowels = ["a", "e", "i", "o", "u", "ai", "ea", "ou", "io"]
    codas = ["", "n", "r", "s", "t", "l", "m", "nd", "rt", "st"]
    words, seen = [], set()
    while len(words) < size:
        syllables = 1 + min(3, len(words) // 3000 + rng.random().__lt__(0.3))
        word = "".join(rng.choice(onsets) + rng.choice(vowels) + rng.choice(codas)
                       for _ in range(syllables))
        if word not in seen:
            seen.add(word)
            words.append(word)
    return words


class TextMaker:
    def __init__(self, seed: int) -> None:
        import numpy as np

        self.np = np
        self.rng = np.random.default_rng(seed)
        self.words = np.array(vocabulary(VOCABULARY_SIZE, random.Random(seed)))
        ranks = np.arange(1, VOCABULARY_SIZE + 1)
        weights = 1.0 / ranks ** ZIPF_EXPONENT
        self.probabilities = weights / weights.sum()
        self._buffer = np.empty(0, dtype=np.int64)
        self._position = 0

    def words_for(self, count: int) -> list[str]:
        # Draw Zipf ranks in large blocks: one weighted draw per word would be far slower.
        if self._position + count > len(self._buffer):
            self._buffer = self.rng.choice(VOCABULARY_SIZE, size=max(count, 2_000_000),
                                           p=self.probabilities)
            self._position = 0
        picks = self._buffer[self._position:self._position + count]
        self._position += count
        return self.words[picks].tolist()

    def sentence(self, low: int, high: int) -> str:
        words = self.words_for(int(self.rng.integers(low, high + 1)))
        return " ".join(words).capitalize() + "."


def sqlite_path(name: str) -> Path:
    return Path(f"/tmp/{name}.sqlite3")


def setup_django(backend: str, name: str) -> None:
    os.environ.setdefault("BROADSHEET_SECRET_KEY", "bench-only-secret")
    os.environ["BROADSHEET_DATA_DIR"] = "/tmp/broadsheet-bench-search-data"
    if backend == "sqlite":
        os.environ["DATABASE_URL"] = f"sqlite:///{sqlite_path(name)}"
    else:
        os.environ["DATABASE_URL"] = f"{PG_SERVER}/{name}"
    os.environ["DJANGO_SETTINGS_MODULE"] = "broadsheet.settings.base"
    sys.path.insert(0, str(ROOT / "src"))
    import django

    django.setup()


def reset_database(backend: str, name: str, *, reuse: bool) -> None:
    if backend == "sqlite":
        if not reuse:
            for suffix in ("", "-wal", "-shm"):
                Path(f"{sqlite_path(name)}{suffix}").unlink(missing_ok=True)
        return
    import psycopg

    with psycopg.connect(f"{PG_SERVER}/postgres", autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if exists and reuse:
            return
        conn.execute(f"DROP DATABASE IF EXISTS {name}")
        conn.execute(f"CREATE DATABASE {name}")


def generate(total: int, start: int, maker: TextMaker) -> None:
    """Bulk-insert articles ``start`` … ``total - 1`` with bylines and topics."""
    from datetime import timedelta

    from django.db import transaction
    from django.utils import timezone

    from broadsheet.content.models import Article, ArticleAuthor, Author, Section, Topic

    if not Section.objects.exists():
        Section.objects.bulk_create(
            Section(name=n.title(), slug=n, path=n) for n in
            ["news", "business", "sport", "culture", "science", "politics", "world", "opinion"])
        Author.objects.bulk_create(
            Author(name=f"{a.title()} {b.title()}", slug=f"author-{i}") for i, (a, b) in
            enumerate(zip(maker.words_for(300)[::1], maker.words_for(300), strict=True)))
        Topic.objects.bulk_create(Topic(name=f"Topic {w} {i}", slug=f"topic-{i}")
                                  for i, w in enumerate(maker.words_for(400)))
    sections = list(Section.objects.values_list("pk", flat=True))
    authors = list(Author.objects.values_list("pk", flat=True))
    topics = list(Topic.objects.values_list("pk", flat=True))
    now = timezone.now()
    rng = maker.rng
    through = Article.topics.through
    batch = 2000
    for first in range(start, total, batch):
        articles = []
        for i in range(first, min(first + batch, total)):
            body = "\n\n".join(maker.sentence(12, 30) for _ in range(int(rng.integers(10, 18))))
            published = now - timedelta(minutes=int(rng.integers(0, 5 * 365 * 24 * 60)))
            articles.append(Article(
                headline=maker.sentence(5, 11).rstrip("."), slug=f"bench-{i}",
                standfirst=maker.sentence(14, 26), body=body,
                body_html="".join(f"<p>{p}</p>" for p in body.split("\n\n")),
                section_id=sections[i % len(sections)], status="published",
                published_at=published))
        with transaction.atomic():
            created = Article.objects.bulk_create(articles)
            ArticleAuthor.objects.bulk_create(
                ArticleAuthor(article_id=a.pk, author_id=authors[int(rng.integers(len(authors)))])
                for a in created)
            through.objects.bulk_create(
                through(article_id=a.pk, topic_id=t) for a in created
                for t in {topics[int(rng.integers(len(topics)))] for _ in range(2)})
        print(f"  generated {min(first + batch, total)}/{total}", file=sys.stderr, flush=True)


def skip_generated(count: int, maker: TextMaker) -> None:
    """Advance ``maker`` past the random draws ``generate`` made for ``count`` articles."""
    rng = maker.rng
    maker.words_for(300), maker.words_for(300), maker.words_for(400)
    for first in range(0, count, 2000):
        size = min(first + 2000, count) - first
        for _ in range(size):
            for _ in range(int(rng.integers(10, 18))):
                maker.sentence(12, 30)
            rng.integers(0, 5 * 365 * 24 * 60)
            maker.sentence(5, 11), maker.sentence(14, 26)
        for _ in range(size):
            rng.integers(300)
        for _ in range(2 * size):
            rng.integers(400)


def queries(maker: TextMaker, count: int) -> dict[str, list[str]]:
    """Query sets: typical content words (ranks 50-5000), common words (ranks 1-50), phrases."""
    rng = random.Random(SEED)
    words = maker.words.tolist()
    typical = []
    for i in range(count):
        n = 1 + i % 3
        typical.append(" ".join(words[rng.randint(50, 5000)] for _ in range(n)))
    common = [" ".join(words[rng.randint(0, 49)] for _ in range(1 + i % 2))
              for i in range(count // 4)]
    phrases = []
    for _ in range(count // 4):
        sentence = maker.sentence(6, 10).rstrip(".").lower().split()
        j = rng.randint(0, len(sentence) - 2)
        phrases.append(f'"{sentence[j]} {sentence[j + 1]}"')
    return {"typical (1-3 words)": typical, "common words": common, "phrases": phrases}


def cpu_clock():
    """Milliseconds of CPU spent by this process and, on PostgreSQL, by its server process.

    On a machine shared with other work, wall time mostly measures the queue for a core;
    CPU time is what a search costs. The server's comes from /proc (Linux, same host)."""
    from django.db import connection

    path = None
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_backend_pid()")
            candidate = Path(f"/proc/{cursor.fetchone()[0]}/schedstat")
        path = candidate if candidate.exists() else None

    def clock() -> float:
        server = int(path.read_text().split()[0]) / 1e6 if path else 0.0
        return time.process_time() * 1000 + server

    return clock


def measure(backend, query_sets: dict[str, list[str]]) -> dict[str, tuple[float, ...]]:
    import statistics

    results = {}
    for name, items in query_sets.items():
        for q in items[:10]:  # warm the caches once
            backend.search(q, per_page=20)
        clock = cpu_clock()
        timings, cpu, hits = [], [], 0
        for q in items:
            started, cpu_started = time.perf_counter(), clock()
            found = backend.search(q, per_page=20)
            timings.append((time.perf_counter() - started) * 1000)
            cpu.append(clock() - cpu_started)
            hits += found.total
        timings.sort()
        cpu.sort()

        def pct(values, p):
            return values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))]

        results[name] = (len(items), statistics.median(timings), pct(timings, 95),
                         pct(timings, 99), hits / len(items), statistics.median(cpu),
                         pct(cpu, 95))
    return results


def run_backend(backend_name: str, sizes: list[int], query_count: int, *, name: str,
                reuse: bool, reindex: bool) -> None:
    reset_database(backend_name, name, reuse=reuse)
    setup_django(backend_name, name)
    from django.core.management import call_command

    from broadsheet.content.models import Article
    from broadsheet.discovery.search import get_search_backend

    call_command("migrate", verbosity=0, interactive=False)
    backend = get_search_backend()
    maker = TextMaker(SEED)
    query_sets = queries(maker, query_count)
    done = Article.objects.count()
    if done and max(sizes) > done:
        # The generator is deterministic: skip the text the kept articles were made from, so
        # the articles added now are the ones a fresh run would make.
        skip_generated(done, maker)
    for size in sorted(sizes):
        if size < done:
            print(f"  skipping {size:,}: the database already holds {done:,} articles",
                  file=sys.stderr, flush=True)
            continue
        started = time.perf_counter()
        generate(size, done, maker)
        generated = time.perf_counter() - started
        started = time.perf_counter()
        if reindex or size > done or backend.indexed_count() != size:
            backend.rebuild()
        indexed = time.perf_counter() - started
        done = size
        for name, (n, p50, p95, p99, mean_hits, cpu50, cpu95) in measure(
                backend, query_sets).items():
            load = " ".join(Path("/proc/loadavg").read_text().split()[:3])
            print(f"| {type(backend).__name__} | {size:,} | {name} | {n} | {p50:.1f} | "
                  f"{p95:.1f} | {p99:.1f} | {cpu50:.1f} | {cpu95:.1f} | {mean_hits:,.0f} | "
                  f"{load} |", flush=True)
        print(f"  ({size:,} articles: generated in {generated:.0f} s, rebuild in "
              f"{indexed:.0f} s)", file=sys.stderr, flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--backend", choices=["sqlite", "postgresql", "both"], default="both")
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--queries", type=int, default=300)
    parser.add_argument("--name", default=DEFAULT_NAME,
                        help="PostgreSQL database and /tmp/NAME.sqlite3 to use")
    parser.add_argument("--reuse", action="store_true",
                        help="keep the articles of an earlier run instead of starting afresh")
    parser.add_argument("--reindex", action="store_true",
                        help="rebuild the index even if it holds every article")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        run_backend(args.backend, args.sizes, args.queries, name=args.name, reuse=args.reuse,
                    reindex=args.reindex)
        return
    print("| backend | articles | queries | n | p50 ms | p95 ms | p99 ms | CPU p50 ms | "
          "CPU p95 ms | mean matches | load |")
    print("| --- | ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |",
          flush=True)
    for name in (["sqlite", "postgresql"] if args.backend == "both" else [args.backend]):
        # One process per backend: Django reads DATABASE_URL once per process.
        extra = ["--reuse"] * args.reuse + ["--reindex"] * args.reindex
        subprocess.run([sys.executable, __file__, "--child", "--backend", name, "--queries",
                        str(args.queries), "--name", args.name, *extra,
                        "--sizes", *map(str, args.sizes)], check=True)


if __name__ == "__main__":
    main()
