"""How much better could the Recommended engine rank with the signals it already has?

    .venv/bin/python bench/recommend_headroom.py --events /tmp/globo400k.jsonl [--every 5]

Replays a reading log exactly as `broadsheet evaluate recommendations` does and, for every
N-th target, keeps the candidates' signals (the engine's feature rows), the live blend's
scores and which candidate was read. Then it asks whether a better learner over the same
signals would rank better, splitting the targets in time (learn on the first half, score on
the second, as a live site can only learn from the past):

- the live online blend, as the site runs it;
- the same log-linear model fitted offline to convergence (L-BFGS on the softmax over each
  target's candidates, all first-half targets at once), and fitted in hindsight on all of
  them (an upper bound for any learner of this form);
- LambdaMART (gradient-boosted trees optimising NDCG), when lightgbm is installed (it is not
  a dependency: `pip install lightgbm`), on the signals alone and with the blend's score.

If none of them beats the online blend by much, the ranking is limited by what the signals
say, not by how they are combined. Uses the engine's private candidate code on purpose: it
measures that code. Needs memory: ~10 M candidate rows for 50 k targets (about 4 GB).
"""

from __future__ import annotations

import argparse
import json
import math
import platform
import sys
import time
from pathlib import Path

import numpy as np
from scipy.optimize import minimize

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from broadsheet.discovery.evaluation.loaders import load_events  # noqa: E402
from broadsheet.discovery.recommend.engine import Recommender  # noqa: E402

K = 20


class Targets:
    """Candidate rows of every sampled target, concatenated (``offsets`` delimit them)."""

    def __init__(self, rows: np.ndarray, offsets: np.ndarray, clicked: np.ndarray,
                 live: np.ndarray) -> None:
        self.rows, self.offsets, self.clicked, self.live = rows, offsets, clicked, live

    def __len__(self) -> int:
        return len(self.clicked)

    def ndcg(self, scores: np.ndarray, queries: np.ndarray) -> float:
        """NDCG@20 of ``scores`` over ``queries`` (a miss, or no candidates, scores 0)."""
        total = 0.0
        for q in queries.tolist():
            start, end, target = self.offsets[q], self.offsets[q + 1], self.clicked[q]
            if target < 0:
                continue
            block = scores[start:end]
            rank = int((block > block[target]).sum()) + 1
            if rank <= K:
                total += 1.0 / math.log2(rank + 1)
        return total / len(queries)


def replay(path: str, every: int) -> tuple[Targets, Recommender]:
    """The evaluation replay, keeping each sampled target's candidates and features."""
    log = load_events(path)
    engine = Recommender()
    readers, sessions, articles = log.readers.tolist(), log.sessions.tolist(), log.articles.tolist()
    stamps = (log.ts / 1000.0).tolist()
    session_reads: dict = {}
    rows, live, clicked, offsets = [], [], [], [0]
    eligible = 0
    width = len(engine.FEATURES)
    for n, t in enumerate(stamps):
        reader, session, article = readers[n], sessions[n], articles[n]
        reads = session_reads.setdefault(session, set())
        if reads:
            eligible += 1
            if eligible % every == 0:
                candidates, features = _candidates(engine, reader, session, reads, t, width)
                hit = np.flatnonzero(candidates == engine._index.get(article, -1))
                clicked.append(int(hit[0]) if len(hit) else -1)
                rows.append(features.astype(np.float32))
                live.append(engine.blend.scores(features) if len(features) else np.zeros(0))
                offsets.append(offsets[-1] + len(candidates))
        engine.ingest(reader, session, article, t)
        reads.add(article)
    return Targets(np.concatenate(rows), np.array(offsets), np.array(clicked),
                   np.concatenate(live)), engine


def _candidates(engine: Recommender, reader, session, reads, t, width):
    """What Recommender.recommend ranks for this request (as the evaluation asks it)."""
    visit, history, banned = engine._context(reader, session, reads,
                                             exclude_reader_history=False)
    if not visit and not history:
        return np.zeros(0, dtype=np.int64), np.zeros((0, width))
    return engine._recommendable_candidates(visit, history, t, banned,
                                            engine._dwell(session, t))


def fit_log_linear(targets: Targets, expanded: np.ndarray, queries: np.ndarray,
                   l2: float = 1e-4) -> np.ndarray:
    """Weights maximising the softmax likelihood of the clicks (the online blend's loss)."""
    queries = np.array([q for q in queries.tolist() if targets.clicked[q] >= 0])
    starts, ends = targets.offsets[queries], targets.offsets[queries + 1]
    sizes = ends - starts
    index = np.concatenate([np.arange(s, e) for s, e in zip(starts, ends, strict=True)])
    segment = np.repeat(np.arange(len(queries)), sizes)
    chosen = np.cumsum(np.concatenate([[0], sizes[:-1]])) + targets.clicked[queries]
    x = expanded[index]
    count = len(queries)

    def loss(w: np.ndarray) -> tuple[float, np.ndarray]:
        z = x @ w
        peak = np.full(count, -np.inf)
        np.maximum.at(peak, segment, z)
        ez = np.exp(z - peak[segment])
        norm = np.bincount(segment, ez, count)
        value = (np.log(norm) + peak - z[chosen]).sum() / count + l2 * w @ w
        p = ez / norm[segment]
        gradient = (x.T @ p - x[chosen].sum(0)) / count + 2 * l2 * w
        return value, gradient

    result = minimize(loss, np.zeros(x.shape[1]), jac=True, method="L-BFGS-B",
                      options={"maxiter": 500})
    return result.x


def lambdamart(targets: Targets, train: np.ndarray, test_from: int, extra: np.ndarray | None):
    """LambdaMART scores for rows from ``test_from`` on, trained on the ``train`` targets."""
    import lightgbm

    features = targets.rows if extra is None else np.column_stack([targets.rows, extra])
    train = np.array([q for q in train.tolist()
                      if targets.offsets[q + 1] > targets.offsets[q]])
    index = np.concatenate([np.arange(targets.offsets[q], targets.offsets[q + 1])
                            for q in train.tolist()])
    labels = np.zeros(len(targets.rows))
    hits = targets.clicked >= 0
    labels[targets.offsets[:-1][hits] + targets.clicked[hits]] = 1.0
    model = lightgbm.LGBMRanker(objective="lambdarank", n_estimators=300, learning_rate=0.05,
                                num_leaves=31, min_child_samples=50,
                                lambdarank_truncation_level=K, verbose=-1)
    model.fit(features[index], labels[index],
              group=np.diff(targets.offsets)[train])
    scores = np.zeros(len(features))
    scores[test_from:] = model.predict(features[test_from:])
    return scores


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--events", required=True)
    parser.add_argument("--every", type=int, default=5)
    options = parser.parse_args()
    started = time.time()
    targets, engine = replay(options.events, options.every)
    replayed = time.time() - started
    everything = np.arange(len(targets))
    first, second = everything[: len(targets) // 2], everything[len(targets) // 2:]
    expanded = engine.blend._expand(targets.rows.astype(np.float64))
    report = {
        "targets": len(targets), "candidate_rows": int(targets.offsets[-1]),
        "replay_seconds": round(replayed, 1),
        "online_blend_all": targets.ndcg(targets.live, everything),
        "online_blend_second_half": targets.ndcg(targets.live, second),
    }
    weights = fit_log_linear(targets, expanded, first)
    report["offline_log_linear_second_half"] = targets.ndcg(expanded @ weights, second)
    weights = fit_log_linear(targets, expanded, everything)
    report["hindsight_log_linear_all"] = targets.ndcg(expanded @ weights, everything)
    try:
        import lightgbm  # noqa: F401
    except ImportError:
        report["lambdamart"] = "lightgbm not installed"
    else:
        test_from = int(targets.offsets[second[0]])
        report["lambdamart_second_half"] = targets.ndcg(
            lambdamart(targets, first, test_from, None), second)
        report["lambdamart_with_blend_second_half"] = targets.ndcg(
            lambdamart(targets, first, test_from, targets.live), second)
    report["seconds"] = round(time.time() - started, 1)
    report["machine"] = f"{platform.machine()}, Python {platform.python_version()}"
    print(json.dumps({k: round(v, 4) if isinstance(v, float) else v
                      for k, v in report.items()}, indent=1))


if __name__ == "__main__":
    main()
