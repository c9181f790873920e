"""The Recommended engine: an incremental, in-memory model of what readers read next.

It learns from reading events one at a time (:meth:`Recommender.ingest`) and answers
:meth:`Recommender.recommend` in well under a millisecond, blending four signals that news
readers respond to:

1. **Co-reading in sessions** ("read this, then that"): for each article, the articles read
   after it (and, with less weight, before it) in the same visit, counted with exponential
   time decay so that last hour's behaviour outweighs last week's. Neighbour lists are capped
   so memory and work per event stay bounded.
2. **Longer-term interests**: the same co-reading applied, with a smaller weight, to the
   reader's reads in earlier visits, and, when article vectors are supplied by the Related
   engine, content similarity to what the reader read.
3. **Trending**: reads counted with a short half-life (news ages in hours).
4. **Freshness**: co-read articles whose readership has died away are discounted by their
   current trending level, because a story from three days ago rarely comes back.

Time is epoch **seconds** (floats); :func:`as_epoch_seconds` converts datetimes.
Decayed counts use one global exponential clock (every weight is stored multiplied by
``exp(t / tau)``), so adding an event costs O(1) and comparisons stay exact; the clock is
re-based now and then to keep numbers finite.
"""

from __future__ import annotations

import heapq
import math
from collections import deque
from collections.abc import Callable, Collection, Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime

import numpy as np

ArticleId = object  # any hashable: database ids on the site, strings in evaluations


def as_epoch_seconds(value: float | int | datetime) -> float:
    """Epoch seconds from a number of seconds or an aware datetime."""
    if isinstance(value, datetime):
        if value.tzinfo is None:
            raise ValueError("naive datetime: use timezone-aware datetimes")
        return value.timestamp()
    return float(value)


@dataclass(frozen=True, slots=True)
class RecommenderConfig:
    """Tunable choices, with defaults that follow how news is read (not fitted to a dataset)."""

    #: Half-life of the co-reading counts: behaviour from a day ago counts half.
    covisit_half_life_hours: float = 24.0
    #: Half-life of trending counts: what is being read in the last quarter of an hour is
    #: what the front page and social feeds are sending readers to now.
    trending_half_life_hours: float = 0.25
    #: How many earlier reads of a visit each read is paired with.
    covisit_window: int = 5
    #: Weight of a pair by its distance in the visit (1 = read right after).
    covisit_distance_decay: float = 0.6
    #: Weight of "read before" relative to "read after" (reading order carries meaning).
    backward_weight: float = 0.5
    #: Neighbours kept per article (bounds memory and recommendation time).
    max_neighbours: int = 60
    #: Reads of the current visit that shape the list, the latest counting most.
    session_depth: int = 6
    session_position_decay: float = 0.5
    #: Reads from earlier visits kept per reader, and how much they count.
    reader_history: int = 12
    reader_history_weight: float = 0.15
    #: Trending candidates considered on every recommendation.
    trending_candidates: int = 100
    #: Blend: score = co-reading * (trend_share + floor) ** freshness + trending * trend_weight
    trending_weight: float = 0.6
    freshness_exponent: float = 0.25
    freshness_floor: float = 0.02
    #: Content similarity to the visit (only when article vectors are registered).
    content_weight: float = 0.3
    content_candidates: int = 50
    #: How often (stream seconds) the trending ranking is refreshed.
    trending_refresh_seconds: float = 30.0
    #: Articles first seen longer ago than this are left out of trending (0 = never).
    trending_max_age_hours: float = 72.0


class _DecayClock:
    """Exponential decay with one shared reference: weight(t) = exp((t - ref) / tau)."""

    __slots__ = ("tau", "ref")

    def __init__(self, half_life_seconds: float) -> None:
        self.tau = half_life_seconds / math.log(2)
        self.ref: float | None = None

    def weight(self, t: float) -> float:
        if self.ref is None:
            self.ref = t
        return math.exp((t - self.ref) / self.tau)

    def needs_rebase(self, t: float) -> bool:
        # exp(600) is still a finite double; re-basing well before keeps precision.
        return self.ref is not None and (t - self.ref) / self.tau > 400.0


class Recommender:
    """Personalised recommendations learnt incrementally from reading events.

    Thread-safety: none; keep one instance per process and feed it from one thread (the
    site updates it from a task queue or rebuilds it from the event table).
    """

    def __init__(self, config: RecommenderConfig | None = None) -> None:
        self.config = config or RecommenderConfig()
        c = self.config
        self._index: dict = {}            # article id -> dense int
        self._ids: list = []              # dense int -> article id
        self._first_seen = np.zeros(1024, dtype=np.float64)
        self._popularity = np.zeros(1024, dtype=np.float64)  # decayed, clock-scaled
        self._recommendable = np.zeros(1024, dtype=bool)
        self._section = np.full(1024, -1, dtype=np.int64)
        self._sections: dict = {}         # section key -> dense int
        self._neighbours: list[dict[int, float]] = []
        self._vectors: dict[int, np.ndarray] = {}
        self._covisit_clock = _DecayClock(c.covisit_half_life_hours * 3600.0)
        self._trend_clock = _DecayClock(c.trending_half_life_hours * 3600.0)
        self._sessions: dict = {}         # session -> deque of dense ints (latest last)
        self._session_reads: dict = {}    # session -> set of dense ints
        self._readers: dict = {}          # reader -> deque of dense ints from earlier visits
        self._reader_session: dict = {}   # reader -> current session key
        self._session_last: dict = {}     # session -> time of its latest read
        self._trending_cache: tuple[float, np.ndarray] | None = None
        self.events = 0
        self.now = 0.0

    # --- catalogue ---------------------------------------------------------------------

    def _dense(self, article: ArticleId, ts: float | None = None) -> int:
        index = self._index.get(article)
        if index is not None:
            return index
        index = len(self._ids)
        self._index[article] = index
        self._ids.append(article)
        self._neighbours.append({})
        if index >= len(self._popularity):
            size = len(self._popularity) * 2
            self._first_seen = np.resize(self._first_seen, size)
            self._popularity = np.concatenate([self._popularity, np.zeros(size // 2)])
            self._recommendable = np.concatenate(
                [self._recommendable, np.zeros(size // 2, dtype=bool)])
            self._section = np.concatenate(
                [self._section, np.full(size // 2, -1, dtype=np.int64)])
        # Unknown until it is published or first read (NaN never counts as old).
        self._first_seen[index] = math.nan if ts is None else ts
        self._recommendable[index] = True
        return index

    def article_add(self, article: ArticleId, *, published: float | datetime | None = None,
                    section: object | None = None, vector: np.ndarray | None = None) -> None:
        """Make an article recommendable (on publish), with optional metadata.

        ``published`` dates it for freshness (otherwise its first read does), ``section``
        enables trending-in-section, ``vector`` (an L2-normalised row from the Related
        engine) enables content similarity.
        """
        ts = None if published is None else as_epoch_seconds(published)
        index = self._dense(article, ts)
        if ts is not None:
            self._first_seen[index] = ts
        self._recommendable[index] = True
        if section is not None:
            self._section[index] = self._sections.setdefault(section, len(self._sections))
        if vector is not None:
            self._vectors[index] = np.asarray(vector, dtype=np.float32).ravel()
        self._trending_cache = None

    def article_remove(self, article: ArticleId) -> None:
        """Never recommend this article again (unpublished or deleted); its history stays."""
        index = self._index.get(article)
        if index is not None:
            self._recommendable[index] = False
            self._vectors.pop(index, None)
            self._trending_cache = None

    def __contains__(self, article: ArticleId) -> bool:
        index = self._index.get(article)
        return index is not None and bool(self._recommendable[index])

    @property
    def article_count(self) -> int:
        return len(self._ids)

    # --- learning ----------------------------------------------------------------------

    def ingest(self, reader: object, session: object, article: ArticleId,
               ts: float | datetime) -> None:
        """Learn from one read. Events should arrive roughly in time order."""
        c = self.config
        t = as_epoch_seconds(ts)
        if t > self.now:
            self.now = t
        self._maybe_rebase(t)
        j = self._dense(article, t)
        if math.isnan(self._first_seen[j]):
            self._first_seen[j] = t
        self.events += 1
        self._popularity[j] += self._trend_clock.weight(t)

        visit = self._sessions.get(session)
        if visit is None:
            visit = self._sessions[session] = deque(maxlen=max(c.covisit_window,
                                                               c.session_depth))
            self._session_reads[session] = set()
            if reader is not None:
                previous = self._reader_session.get(reader)
                if previous is not None and previous != session:
                    self._close_session_for_reader(reader, previous)
                self._reader_session[reader] = session
        self._session_last[session] = t
        reads = self._session_reads[session]
        if j in reads:
            return  # a re-read adds no co-reading evidence
        weight = self._covisit_clock.weight(t)
        decay, back = c.covisit_distance_decay, c.backward_weight
        distance_weight = weight
        for i in reversed(visit):
            if i != j:
                self._add_pair(i, j, distance_weight)
                self._add_pair(j, i, distance_weight * back)
            distance_weight *= decay
            if distance_weight < weight * decay ** c.covisit_window:
                break
        visit.append(j)
        reads.add(j)

    def ingest_many(self, events: Iterable[tuple[object, object, ArticleId, float]]) -> None:
        """Learn from many (reader, session, article, ts) events, oldest first."""
        for reader, session, article, ts in events:
            self.ingest(reader, session, article, ts)

    def _add_pair(self, source: int, target: int, weight: float) -> None:
        row = self._neighbours[source]
        row[target] = row.get(target, 0.0) + weight
        if len(row) > 2 * self.config.max_neighbours:
            keep = heapq.nlargest(self.config.max_neighbours, row.items(), key=_second)
            self._neighbours[source] = dict(keep)

    def _close_session_for_reader(self, reader: object, session: object) -> None:
        history = self._readers.get(reader)
        if history is None:
            history = self._readers[reader] = deque(maxlen=self.config.reader_history)
        for item in self._sessions.get(session, ()):
            if item in history:
                history.remove(item)
            history.append(item)
        # The visit is over for this reader: its state is no longer needed.
        self._sessions.pop(session, None)
        self._session_reads.pop(session, None)
        self._session_last.pop(session, None)

    def end_idle_sessions(self, older_than_seconds: float = 3600.0) -> int:
        """Fold visits idle for longer than this into reader histories; returns how many."""
        # Called by the site from a periodic task so memory tracks active visits only.
        ended = 0
        owners = {session: reader for reader, session in self._reader_session.items()}
        for session, last in list(self._session_last.items()):
            if self.now - last <= older_than_seconds:
                continue
            reader = owners.get(session)
            if reader is not None:
                self._close_session_for_reader(reader, session)
                del self._reader_session[reader]
            else:
                self._sessions.pop(session, None)
                self._session_reads.pop(session, None)
                self._session_last.pop(session, None)
            ended += 1
        return ended

    def _maybe_rebase(self, t: float) -> None:
        for clock, arrays in ((self._trend_clock, "pop"), (self._covisit_clock, "cov")):
            if clock.needs_rebase(t):
                factor = math.exp(-(t - clock.ref) / clock.tau)
                clock.ref = t
                if arrays == "pop":
                    self._popularity *= factor
                else:
                    for row in self._neighbours:
                        for key in row:
                            row[key] *= factor
                self._trending_cache = None

    # --- answering ---------------------------------------------------------------------

    def _trending_order(self, now: float) -> np.ndarray:
        """Dense ids of the top trending articles, best first (cached briefly)."""
        c = self.config
        cached = self._trending_cache
        if cached is not None and now - cached[0] < c.trending_refresh_seconds and now >= cached[0]:
            return cached[1]
        n = len(self._ids)
        scores = self._popularity[:n].copy()
        scores[~self._recommendable[:n]] = -1.0
        if c.trending_max_age_hours:
            with np.errstate(invalid="ignore"):
                stale = self._first_seen[:n] < now - c.trending_max_age_hours * 3600.0
            scores[stale] = -1.0
        top = min(n, max(c.trending_candidates * 4, 200))
        if top == 0:
            order = np.zeros(0, dtype=np.int64)
        else:
            part = np.argpartition(-scores, top - 1)[:top] if top < n else np.arange(n)
            order = part[np.argsort(-scores[part], kind="stable")]
            order = order[scores[order] > 0]
        self._trending_cache = (now, order)
        return order

    def trending(self, k: int = 10, *, now: float | datetime | None = None,
                 section: object | None = None, exclude: Collection[ArticleId] = ()
                 ) -> list[ArticleId]:
        """The non-personal list: trending in ``section`` first, then site-wide."""
        t = self.now if now is None else as_epoch_seconds(now)
        banned = {self._index[a] for a in exclude if a in self._index}
        picked: list[int] = []
        if section is not None and section in self._sections:
            code = self._sections[section]
            n = len(self._ids)
            members = np.flatnonzero((self._section[:n] == code) & self._recommendable[:n])
            if self.config.trending_max_age_hours:
                cutoff = t - self.config.trending_max_age_hours * 3600
                members = members[~(self._first_seen[members] < cutoff)]
            members = members[self._popularity[members] > 0]
            for i in members[np.argsort(-self._popularity[members], kind="stable")]:
                if len(picked) >= k:
                    break
                if int(i) not in banned:
                    picked.append(int(i))
        chosen = set(picked)
        for i in self._trending_order(t):
            if len(picked) >= k:
                break
            i = int(i)
            if i not in banned and i not in chosen:
                picked.append(i)
                chosen.add(i)
        return [self._ids[i] for i in picked]

    def recommend(self, reader: object, session: object, k: int = 10, *,
                  exclude: Collection[ArticleId] = (), now: float | datetime | None = None,
                  personal: bool = True, section: object | None = None,
                  exclude_reader_history: bool = True) -> list[tuple[ArticleId, float]]:
        """Up to ``k`` (article, score) pairs for this reader, best first.

        Articles read in this visit are never returned, nor (with
        ``exclude_reader_history``) those in the reader's remembered history, nor
        ``exclude``. ``personal=False`` (opted out, Do Not Track, Global Privacy Control)
        or no history gives the non-personal list: trending in ``section``, then site-wide.
        """
        c = self.config
        t = self.now if now is None else as_epoch_seconds(now)
        visit = self._sessions.get(session) if personal else None
        history = self._readers.get(reader) if personal and reader is not None else None
        banned = {self._index[a] for a in exclude if a in self._index}
        if visit:
            banned.update(visit)
            banned.update(self._session_reads.get(session, ()))
        if history and exclude_reader_history:
            banned.update(history)
        if not visit and not history:
            return self._non_personal(k, t, section, banned)

        scores: dict[int, float] = {}
        position_weight = 1.0
        sources: list[tuple[int, float]] = []
        for i in list(visit or ())[::-1][: c.session_depth]:
            sources.append((i, position_weight))
            position_weight *= c.session_position_decay
        if history:
            weight = c.reader_history_weight
            for i in list(history)[::-1]:
                sources.append((i, weight))
                weight *= c.session_position_decay ** 0.5
        for i, weight in sources:
            row = self._neighbours[i]
            if not row:
                continue
            total = sum(row.values())
            if total <= 0:
                continue
            factor = weight / total
            for j, value in row.items():
                scores[j] = scores.get(j, 0.0) + value * factor

        trend = self._trending_order(t)[: c.trending_candidates]
        pop = self._popularity
        peak = float(pop[trend[0]]) if len(trend) else 0.0
        # Co-read articles are weighted by how alive they are now; trending ones get a
        # share of their own, so a fresh story can enter a list before anyone co-read it.
        if peak > 0:
            inv_peak = 1.0 / peak
            floor, exponent = c.freshness_floor, c.freshness_exponent
            for j in scores:
                share = min(1.0, pop[j] * inv_peak)
                scores[j] *= (share + floor) ** exponent
            for j in trend.tolist():
                scores[j] = scores.get(j, 0.0) + c.trending_weight * pop[j] * inv_peak
        if self._vectors and visit:
            self._add_content_scores(scores, visit, trend)

        recommendable = self._recommendable
        best = heapq.nlargest(k + len(banned), scores.items(), key=_second)
        result = [(self._ids[j], s) for j, s in best
                  if j not in banned and recommendable[j]][:k]
        if len(result) < k:
            taken = {self._index[a] for a, _ in result} | banned
            for i in self._trending_order(t).tolist():
                if len(result) >= k:
                    break
                if i not in taken:
                    result.append((self._ids[i], 0.0))
                    taken.add(i)
        return result

    def _add_content_scores(self, scores: dict[int, float], visit: Sequence[int],
                            trend: np.ndarray) -> None:
        c = self.config
        profile = None
        weight = 1.0
        for i in list(visit)[::-1][: c.session_depth]:
            vector = self._vectors.get(i)
            if vector is not None:
                profile = vector * weight if profile is None else profile + vector * weight
            weight *= c.session_position_decay
        if profile is None:
            return
        norm = float(np.linalg.norm(profile))
        if norm == 0:
            return
        profile /= norm
        candidates = [j for j in list(scores)[: c.content_candidates * 4] if j in self._vectors]
        candidates += [j for j in trend.tolist() if j in self._vectors and j not in scores]
        if not candidates:
            return
        matrix = np.stack([self._vectors[j] for j in candidates])
        similarity = matrix @ profile
        for j, value in zip(candidates, similarity.tolist(), strict=True):
            if value > 0:
                scores[j] = scores.get(j, 0.0) + c.content_weight * value

    def _non_personal(self, k: int, t: float, section: object | None,
                      banned: set[int]) -> list[tuple[ArticleId, float]]:
        ids = self.trending(k, now=t, section=section,
                            exclude=[self._ids[i] for i in banned])
        return [(a, float(self._popularity[self._index[a]])) for a in ids]

    def session_reads(self, session: object) -> list[ArticleId]:
        """Articles read in this visit, oldest first (as far as the engine remembers)."""
        return [self._ids[i] for i in self._sessions.get(session, ())]


def _second(pair: tuple) -> float:
    return pair[1]


def recent_window_counter(window_seconds: float) -> tuple[Callable, Callable]:
    """A (add, top) pair counting reads in a sliding window: the "most read" baseline."""
    events: deque = deque()
    counts: dict = {}

    def add(article: ArticleId, t: float) -> None:
        events.append((t, article))
        counts[article] = counts.get(article, 0) + 1

    def top(k: int, now: float, exclude: Collection[ArticleId] = ()) -> list[ArticleId]:
        while events and events[0][0] < now - window_seconds:
            _, old = events.popleft()
            counts[old] -= 1
            if not counts[old]:
                del counts[old]
        best = heapq.nlargest(k + len(exclude), counts.items(), key=_second)
        return [a for a, _ in best if a not in exclude][:k]

    return add, top
