"""Replay evaluation of the Recommended engine (and its baselines) on a reading log."""

from __future__ import annotations

import time
from collections.abc import Callable

from ..recommend.engine import Recommender, RecommenderConfig, recent_window_counter
from .loaders import EventLog
from .metrics import NextItemScores

K = 20


def _replay(log: EventLog, every: int, recommend: Callable, ingest: Callable,
            progress: Callable[[int, int], None] | None = None) -> dict:
    """Ask ``recommend`` before each non-first read of a visit, then ``ingest`` the read."""
    scores = NextItemScores(K)
    session_reads: dict[int, set[int]] = {}
    eligible = 0
    spent = 0.0
    readers, sessions, articles = log.readers.tolist(), log.sessions.tolist(), log.articles.tolist()
    stamps = (log.ts / 1000.0).tolist()
    total = len(stamps)
    clock = time.perf_counter
    for n in range(total):
        reader, session, article, t = readers[n], sessions[n], articles[n], stamps[n]
        reads = session_reads.get(session)
        if reads is None:
            reads = session_reads[session] = set()
        elif reads:
            eligible += 1
            if eligible % every == 0:
                started = clock()
                ranked = recommend(reader, session, reads, t)
                spent += clock() - started
                scores.add(ranked, article)
        ingest(reader, session, article, t)
        reads.add(article)
        if progress is not None and n % 100_000 == 0:
            progress(n, total)
    result = scores.as_dict()
    result["ms_per_recommendation"] = 1000.0 * spent / scores.targets if scores.targets else 0.0
    return result


def evaluate_engine(log: EventLog, *, every: int = 1, config: RecommenderConfig | None = None,
                    progress: Callable[[int, int], None] | None = None) -> dict:
    """HR/NDCG/MRR@20 of :class:`Recommender` replayed through the log."""
    engine = Recommender(config)

    def recommend(reader, session, reads, t):
        # The contract ranks everything seen so far minus this visit's reads.
        return [a for a, _ in engine.recommend(reader, session, K, exclude=reads, now=t,
                                               exclude_reader_history=False)]

    return _replay(log, every, recommend, engine.ingest, progress)


def evaluate_most_read(log: EventLog, *, every: int = 1, window_seconds: float = 3600.0) -> dict:
    """Baseline: the most read articles of the last hour, minus this visit's reads."""
    add, top = recent_window_counter(window_seconds)

    def recommend(reader, session, reads, t):
        return top(K, t, reads)

    def ingest(reader, session, article, t):
        add(article, t)

    return _replay(log, every, recommend, ingest)
