"""Ranking metrics with the textbook definitions (binary relevance)."""

from __future__ import annotations

import math
from collections.abc import Collection, Sequence


def precision_at_k(ranked: Sequence, relevant: Collection, k: int) -> float:
    """Share of the first ``k`` results that are relevant (missing results count as misses)."""
    if k <= 0:
        raise ValueError("k must be positive")
    return sum(1 for item in ranked[:k] if item in relevant) / k


def average_precision(ranked: Sequence, relevant: Collection) -> float:
    """Mean of the precision at each relevant result, over all relevant items."""
    if not relevant:
        return 0.0
    hits, total = 0, 0.0
    for position, item in enumerate(ranked, start=1):
        if item in relevant:
            hits += 1
            total += hits / position
    return total / len(relevant)


def ndcg_at_k(ranked: Sequence, relevant: Collection, k: int) -> float:
    """Normalised discounted cumulative gain with gain 1 per relevant result."""
    dcg = sum(1.0 / math.log2(position + 1)
              for position, item in enumerate(ranked[:k], start=1) if item in relevant)
    ideal = sum(1.0 / math.log2(position + 1)
                for position in range(1, min(k, len(relevant)) + 1))
    return dcg / ideal if ideal else 0.0


def rank_of(ranked: Sequence, target: object, k: int) -> int | None:
    """1-based position of ``target`` among the first ``k`` results, or None."""
    for position, item in enumerate(ranked[:k], start=1):
        if item == target:
            return position
    return None


def pearson(xs: Sequence[float], ys: Sequence[float]) -> float:
    """Pearson correlation; 0.0 when either side is constant."""
    if len(xs) != len(ys) or len(xs) < 2:
        raise ValueError("need two equal-length sequences of at least two values")
    n = len(xs)
    mean_x, mean_y = sum(xs) / n, sum(ys) / n
    cov = sum((x - mean_x) * (y - mean_y) for x, y in zip(xs, ys, strict=True))
    var_x = sum((x - mean_x) ** 2 for x in xs)
    var_y = sum((y - mean_y) ** 2 for y in ys)
    if var_x == 0 or var_y == 0:
        return 0.0
    return cov / math.sqrt(var_x * var_y)


class NextItemScores:
    """Accumulates HR@k, NDCG@k and MRR@k for next-item prediction (one target each)."""

    def __init__(self, k: int = 20) -> None:
        self.k = k
        self.targets = 0
        self.hits = 0
        self.ndcg = 0.0
        self.mrr = 0.0

    def add(self, ranked: Sequence, target: object) -> None:
        self.targets += 1
        position = rank_of(ranked, target, self.k)
        if position is not None:
            self.hits += 1
            self.ndcg += 1.0 / math.log2(position + 1)
            self.mrr += 1.0 / position

    def as_dict(self) -> dict[str, float | int]:
        n = self.targets or 1
        k = self.k
        return {f"hr_at_{k}": self.hits / n, f"ndcg_at_{k}": self.ndcg / n,
                f"mrr_at_{k}": self.mrr / n, "targets": self.targets}
