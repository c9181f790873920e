"""A log-linear blend of recommendation signals, learnt online from the next click.

How much co-reading should count against trending, or yesterday's habits against this
minute's front page, changes with the site, the hour and the news: a quiet Sunday morning
and an election night need different blends. So instead of fixing the weights, the engine
asks this model to score its candidates, and now and then, when a reader moves on to another
article, it shows the model the candidates it would have offered just before that read and
which one was clicked. The model moves its weights a little towards the click (a softmax over
the candidates), as a live site learning from its own traffic would: it only learns from the
past.

Features are mostly logs of shares, so a weight is an exponent and the score a product of
powers (``co_read ** 0.8 * trending ** 0.5``): signals need no common scale. Products of pairs
of the main signals are features too, because signals interact: being co-read with the last
article means more for a story that is also trending than for one nobody reads any more.
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import combinations_with_replacement

import numpy as np

#: Memory of the running average of squared gradients, in updates: about an hour of a busy
#: site's traffic, so the step size follows the day's mood without freezing like AdaGrad.
_GRADIENT_MEMORY = 1000.0
#: Memory of the averaged weights that rank (in updates): each step moves every weight by
#: about the learning rate, so the latest weights jitter; their recent average does not.
_AVERAGE_MEMORY = 500.0


class OnlineBlend:
    """Weights over named features and products of some of them, learnt by RMSprop."""

    def __init__(self, initial: dict[str, float], learning_rate: float, *,
                 paired: Sequence[str] = (), pair_scale: float = 1.0) -> None:
        base = list(initial)
        self._pairs = [(base.index(a), base.index(b))
                       for a, b in combinations_with_replacement(paired, 2)]
        self._pair_scale = pair_scale
        self.names = base + [f"{base[a]}*{base[b]}" for a, b in self._pairs]
        self.weights = np.array([initial.get(name, 0.0) for name in self.names])
        # Ranking uses a running average of the weights (see _AVERAGE_MEMORY).
        self.averaged = self.weights.copy()
        self.learning_rate = learning_rate
        self._squared: np.ndarray | None = None
        self.updates = 0

    def _expand(self, features: np.ndarray) -> np.ndarray:
        if not self._pairs:
            return features
        scaled = features * self._pair_scale
        products = [scaled[:, a] * scaled[:, b] for a, b in self._pairs]
        return np.column_stack([features, *products])

    def scores(self, features: np.ndarray) -> np.ndarray:
        """Log-scores of candidates (rows of ``features``, columns as in ``initial``)."""
        return self._expand(features) @ self.averaged

    def learn(self, features: np.ndarray, clicked: int) -> np.ndarray:
        """One step towards ranking row ``clicked`` first among the rows of ``features``;
        returns the probabilities the model gave the rows before the step."""
        expanded = self._expand(features)
        logits = expanded @ self.weights
        p = np.exp(logits - logits.max())
        p /= p.sum()
        probabilities = p.copy()
        p[clicked] -= 1.0
        gradient = p @ expanded
        # RMSprop: each weight's step is scaled by its own recent gradient size, so features
        # of very different spread need no hand-set scale.
        squared = gradient * gradient
        if self._squared is None:
            self._squared = squared + 1e-12
        else:
            self._squared += (squared - self._squared) / _GRADIENT_MEMORY
        self.weights -= self.learning_rate * gradient / (np.sqrt(self._squared) + 1e-12)
        self.updates += 1
        self.averaged += (self.weights - self.averaged) / min(self.updates, _AVERAGE_MEMORY)
        return probabilities

    def as_dict(self) -> dict[str, float]:
        """The weights that rank, by feature name (for reports and debugging)."""
        return dict(zip(self.names, self.averaged.tolist(), strict=True))
