"""Speed of the discovery engines on generated corpora (the targets of the discovery issue).

    .venv/bin/python bench/discovery_bench.py [--articles 100000] [--events 1000000]
        [--only related] [--workers N]

Measures: full Related rebuild of N articles (index + every article's list; wall and CPU
seconds, the CPU of worker processes included), Related for one new article in the
N-article archive (p50/p99), and recommendations with N articles and M reading events
(p50/p99). The text is generated from a Zipf vocabulary with stories that
share names and words, so postings lists have realistic lengths.
"""

from __future__ import annotations

import argparse
import itertools
import os
import platform
import resource
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from broadsheet.discovery.recommend.engine import Recommender  # noqa: E402
from broadsheet.discovery.related import parallel  # noqa: E402
from broadsheet.discovery.related.index import Document, RelatedIndex  # noqa: E402

SYLLABLES = ["ka", "lo", "mi", "ren", "ta", "vo", "sul", "der", "an", "po", "ri", "gen",
             "ba", "tor", "el", "nu", "sha", "vin", "co", "ma"]


def vocabulary(rng: np.random.Generator, size: int) -> np.ndarray:
    """``size`` distinct made-up words of two to four syllables."""
    words = ["".join(parts) for length in (2, 3, 4)
             for parts in itertools.product(SYLLABLES, repeat=length)]
    return np.array(words)[rng.choice(len(words), size, replace=False)]


def generate_articles(n_total: int, seed: int = 1) -> list[Document]:
    """Stories of 3–8 articles each, ~250 words of body, Zipf-distributed vocabulary."""
    rng = np.random.default_rng(seed)
    vocab = vocabulary(rng, 60_000)
    names = np.array([w.capitalize() for w in vocabulary(rng, 20_000)])
    zipf = 1.0 / np.arange(1, len(vocab) + 1) ** 1.05
    cdf = np.cumsum(zipf / zipf.sum())
    docs: list[Document] = []
    start = 1_600_000_000.0
    story = 0
    while len(docs) < n_total:
        story += 1
        story_words = rng.choice(vocab, 30)
        story_names = rng.choice(names, 6)
        section = f"section-{story % 12}"
        size = int(rng.integers(3, 9))
        # One vectorised draw per story keeps generating 100k articles to seconds.
        common = vocab[np.minimum(np.searchsorted(cdf, rng.random((size, 230))),
                                  len(vocab) - 1)]
        own = story_words[rng.integers(0, len(story_words), (size, 40))]
        bodies = np.concatenate([common, own], axis=1)
        rng.permuted(bodies, axis=1, out=bodies)
        for n in range(size):
            if len(docs) >= n_total:
                break
            body = bodies[n].tolist()
            for position in rng.integers(0, len(body), 8):
                body[position] = " ".join(rng.choice(story_names, 2)) + "."
            docs.append(Document(
                id=len(docs), title=" ".join(rng.choice(story_words, 7)) + " "
                + str(rng.choice(story_names)),
                standfirst=" ".join(rng.choice(story_words, 15)),
                body=" ".join(body), section=section, topics=(f"topic-{story % 300}",),
                published_at=start + len(docs) * 300.0))
    return docs


def percentile_ms(samples: list[float]) -> tuple[float, float]:
    return 1000 * float(np.percentile(samples, 50)), 1000 * float(np.percentile(samples, 99))


def _cpu_seconds() -> float:
    """CPU time of this process and its finished worker processes (the machine is shared:
    wall time alone says little about the code)."""
    times = os.times()
    return times.user + times.system + times.children_user + times.children_system


def _load() -> str:
    with open("/proc/loadavg") as handle:
        return " ".join(handle.read().split()[:3])


def _peak_rss_mb() -> dict:
    """Peak resident memory of this process and of the largest worker, in MB."""
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    workers = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return {"main": round(own), "largest_worker": round(workers)}


def bench_related(n: int, queries: int, workers: int | None = None) -> dict:
    started = time.perf_counter()
    docs = generate_articles(n + queries)
    archive, fresh = docs[:n], docs[n:]
    generated = time.perf_counter() - started

    started, cpu = time.perf_counter(), _cpu_seconds()
    index = RelatedIndex()
    index.rebuild(archive, workers=workers)
    indexed, index_cpu = time.perf_counter() - started, _cpu_seconds() - cpu
    load_indexed = _load()
    started, cpu = time.perf_counter(), _cpu_seconds()
    lists = sum(1 for _ in index.related_all(5, workers=workers))
    listed, lists_cpu = time.perf_counter() - started, _cpu_seconds() - cpu
    load_listed = _load()

    timings = []
    for doc in fresh:
        began = time.perf_counter()
        index.add(doc)
        index.related(doc.id, 5)
        timings.append(time.perf_counter() - began)
    p50, p99 = percentile_ms(timings)
    return {"articles": n, "workers": workers or parallel.available_cores(),
            "generate_s": generated, "index_s": indexed, "index_cpu_s": index_cpu,
            "load_after_index": load_indexed, "lists": lists, "lists_s": listed,
            "lists_cpu_s": lists_cpu, "load_after_lists": load_listed,
            "rebuild_total_s": indexed + listed, "rebuild_cpu_s": index_cpu + lists_cpu,
            "peak_rss_mb": _peak_rss_mb(),
            "new_article_p50_ms": p50, "new_article_p99_ms": p99}


def bench_recommend(n_articles: int, n_events: int, queries: int) -> dict:
    rng = np.random.default_rng(2)
    # Articles appear over time; readers favour recent ones, as on a news site.
    ts = np.sort(rng.uniform(0, 8 * 86400, n_events)) + 1_600_000_000
    release = np.linspace(0, 8 * 86400, n_articles) + 1_600_000_000
    started = time.perf_counter()
    engine = Recommender()
    session_of = rng.integers(0, n_events // 3, n_events)
    reader_of = session_of // 2
    newest = np.searchsorted(release, ts)
    age = rng.exponential(400, n_events).astype(np.int64)
    article_of = np.clip(newest - age, 0, n_articles - 1)
    for r, s, a, t in zip(reader_of.tolist(), session_of.tolist(), article_of.tolist(),
                          ts.tolist(), strict=True):
        engine.ingest(r, s, a, t)
    ingested = time.perf_counter() - started
    now = float(ts[-1])
    sessions = rng.choice(session_of[-50_000:], queries)
    timings = []
    for s in sessions.tolist():
        began = time.perf_counter()
        engine.recommend(s // 2, s, 20, now=now)
        timings.append(time.perf_counter() - began)
    p50, p99 = percentile_ms(timings)
    return {"articles": n_articles, "events": n_events, "ingest_s": ingested,
            "ingest_us_per_event": 1e6 * ingested / n_events,
            "recommend_p50_ms": p50, "recommend_p99_ms": p99}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--queries", type=int, default=500)
    parser.add_argument("--only", choices=["related", "recommend"])
    parser.add_argument("--workers", type=int, default=None,
                        help="processes for the Related rebuild (default: one per core)")
    args = parser.parse_args()
    print(f"machine: {platform.processor() or platform.machine()}, {os.cpu_count()} cores, "
          f"Python {platform.python_version()}", flush=True)
    if args.only != "recommend":
        print("related:", bench_related(args.articles, min(args.queries, 200), args.workers),
              flush=True)
    if args.only != "related":
        print("recommend:", bench_recommend(args.articles, args.events, args.queries),
              flush=True)


if __name__ == "__main__":
    main()
