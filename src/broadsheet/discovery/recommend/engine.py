"""The Recommended engine: an incremental, in-memory model of what readers read next.

It learns from reading events one at a time (:meth:`Recommender.ingest`) and answers
:meth:`Recommender.recommend` in well under a millisecond. It gathers candidates from the signals
news readers respond to and ranks them with a blend learnt online from the clicks themselves
(see :mod:`.blend`):

1. **Co-reading in sessions** ("read this, then that"): for each article, the articles read
   after it (and, with less weight, before it) in the same visit, counted with exponential
   time decay so that today's behaviour outweighs last week's, and, with a one-hour
   half-life, what readers of an article clicked right after it (its related box and links
   change within the hour), for the last read and for the visit's earlier ones (readers go
   back a page and follow another link). Neighbour lists are capped so memory and work stay
   bounded.
2. **Longer-term interests**: co-reading applied to the reader's earlier visits, what the
   readers of those earlier reads read when they came back on later visits (interests last
   for days, the stories that serve them change within the day), whether the reader read the
   article before (people rarely re-read yesterday's story), and, when the Related engine
   supplies article vectors, content similarity to the visit.
   How much the last read's lists are trusted depends on how many reads stand behind them.
3. **Trending** over minutes, a quarter of an hour and hours, among all reads and among
   reads that follow another read (where on-site readers go next), and the article's age.
4. **What the blend gets wrong**: a learnt correction per (last read, candidate) pair and
   one per candidate over the last hour, moved at each learning step by how far the blend's
   probability for the candidate was from the click (see :meth:`Recommender._correct`).
5. **How long the reader stayed** on the last read: who comes back within seconds is
   browsing lists, who stayed minutes has finished the story and meets its links.

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

from .blend import OnlineBlend

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
    #: Starting weights of the learnt blend (see blend.py): mainly "read after the last
    #: read" and "trending now", as a new site would start; learning moves them from there.
    trending_weight: float = 0.5
    #: Content similarity to the visit (only when article vectors are registered).
    content_weight: float = 0.3
    #: How often (stream seconds) the trending ranking is refreshed.
    trending_refresh_seconds: float = 30.0
    #: Articles first seen longer ago than this are left out of trending (0 = never).
    trending_max_age_hours: float = 72.0
    #: Extra trending clocks seen by the learnt blend: the last five minutes (a story the
    #: front page or an alert just pushed) and the last few hours (the day's big stories).
    trend_fast_half_life_hours: float = 1.0 / 12.0
    trend_slow_half_life_hours: float = 3.0
    #: Half-life of "clicked right after this one": the related box and in-article links
    #: of a story change within the hour, so what its readers clicked next goes stale fast.
    next_click_half_life_hours: float = 1.0
    #: Shares (of a neighbour list, of the trending peak) below this count as nothing; the
    #: blend works on their logarithms, so this bounds how much an absent signal can cost.
    share_floor: float = 1e-3
    #: The blend learns from one read in this many (that follows another read in the visit).
    #: Every one: the per-pair corrections are only as good as the clicks they see after each
    #: article, and the cap below bounds the cost on a busy site.
    learn_every: int = 1
    #: ...and from at most this many reads a second (stream time): a learning step costs
    #: about half a millisecond, and a busy site's beacons ingest thousands of reads a second
    #: while a trickle of examples is all the blend needs. (A news site's own peak minute is
    #: far below the cap: the Globo log never passes six such reads a second.)
    max_learning_steps_per_second: float = 20.0
    #: RMSprop step size of the blend: a weight moves by about this much per update. Small,
    #: because the blend learns from every read: its weights follow the traffic of the
    #: last few minutes at most.
    learning_rate: float = 0.005
    #: Step size of the per-pair corrections, and how many of the blend's top candidates
    #: each learning step corrects (besides the one clicked). The blend learns the weight of
    #: the correction, so its scale matters little (0.1 to 1 rank the same on the Globo log).
    pair_correction_rate: float = 0.3
    pair_correction_top: int = 20
    #: Half-life of the per-candidate corrections (same step size): whether a story draws
    #: more clicks than its signals predict (its headline, its place on the front page)
    #: changes within the hour.
    candidate_correction_half_life_hours: float = 1.0
    #: Half-life of "what this article's readers read when they came back" (see ingest):
    #: a reader's interests last for days, but the stories that serve them change within
    #: the day; a quarter of a day still holds enough returns on a small site.
    returning_half_life_hours: float = 6.0


#: Learning steps the typical time on a story is averaged over.
_DWELL_MEMORY = 1000.0

#: Signals whose pairwise products the blend also weighs (see blend.py).
_PAIRED = ("co_last", "co_visit", "returning", "next_click", "trending", "trend_fast",
           "onward")


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
        # Extra trending clocks (features only) and "clicked next" counts, see the config.
        self._trend_clocks = [_DecayClock(c.trend_fast_half_life_hours * 3600.0),
                              _DecayClock(c.trend_slow_half_life_hours * 3600.0)]
        self._trend_counts = [np.zeros(1024, dtype=np.float64) for _ in self._trend_clocks]
        self._next_clock = _DecayClock(c.next_click_half_life_hours * 3600.0)
        self._next: list[dict[int, float]] = []
        self._onward = np.zeros(1024, dtype=np.float64)  # trending among onward clicks
        self._pair_bias: list[dict[int, float]] = []  # last read -> candidate -> correction
        # Earlier read -> what its readers read on their later visits (see ingest).
        self._returning: list[dict[int, float]] = []
        self._returning_clock = _DecayClock(c.returning_half_life_hours * 3600.0)
        # Per-candidate corrections, each decayed from the time it was last moved.
        self._candidate_bias = np.zeros(1024, dtype=np.float64)
        self._candidate_bias_at = np.zeros(1024, dtype=np.float64)
        self._candidate_bias_tau = c.candidate_correction_half_life_hours * 3600.0 / math.log(2)
        #: Running mean of the dwell feature over learning steps (see recommend's
        #: ``reading_now``).
        self.typical_dwell = 0.0
        self._dwell_steps = 0
        #: Reads before this time (epoch seconds) teach the blend nothing: a site replaying
        #: weeks of history at start-up learns from the last day only (the blend's weights
        #: follow the last half hour or so; older corrections concern stale pairs).
        self.learning_from = -math.inf
        # Log-shares lie in [log(floor), 0]: products of pairs are scaled back to that range.
        self.blend = OnlineBlend(self._initial_weights(), c.learning_rate, paired=_PAIRED,
                                 pair_scale=-1.0 / math.log(c.share_floor))
        self._learn_countdown = c.learn_every
        self._next_learning_at = -math.inf
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
        self._next.append({})
        self._pair_bias.append({})
        self._returning.append({})
        if index >= len(self._popularity):
            size = len(self._popularity) * 2
            self._trend_counts = [np.concatenate([a, np.zeros(size // 2)])
                                  for a in self._trend_counts]
            self._onward = np.concatenate([self._onward, np.zeros(size // 2)])
            self._first_seen = np.resize(self._first_seen, size)
            self._candidate_bias = np.concatenate([self._candidate_bias, np.zeros(size // 2)])
            self._candidate_bias_at = np.resize(self._candidate_bias_at, size)
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
        visit = self._sessions.get(session)
        if visit and j not in self._session_reads[session]:
            self._maybe_learn(reader, session, j, t)
            self._add_pair(visit[-1], j, self._next_clock.weight(t), self._next)
            self._onward[j] += self._trend_clock.weight(t)
        self._popularity[j] += self._trend_clock.weight(t)
        for clock, counts in zip(self._trend_clocks, self._trend_counts, strict=True):
            counts[j] += clock.weight(t)

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
        # A returning reader links their earlier visits' reads to this one: the same readers'
        # later reads say what interests them across days (sport, a region, a running story)
        # where co-reading within a visit pairs only what is read together.
        earlier_visits = self._readers.get(reader) if reader is not None else None
        if earlier_visits:
            later = self._returning_clock.weight(t)
            for i in earlier_visits:
                if i != j:
                    self._add_pair(i, j, later, self._returning)

    def ingest_many(self, events: Iterable[tuple[object, object, ArticleId, float]]) -> None:
        """Learn from many (reader, session, article, ts) events, oldest first."""
        for reader, session, article, ts in events:
            self.ingest(reader, session, article, ts)

    def _add_pair(self, source: int, target: int, weight: float,
                  table: list[dict[int, float]] | None = None) -> None:
        table = self._neighbours if table is None else table
        row = table[source]
        row[target] = row.get(target, 0.0) + weight
        if len(row) > 2 * self.config.max_neighbours:
            keep = heapq.nlargest(self.config.max_neighbours, row.items(), key=_second)
            table[source] = dict(keep)

    def _maybe_learn(self, reader: object, session: object, clicked: int, t: float) -> None:
        """Show the blend what it would have ranked just before this read, and the click."""
        if t < self.learning_from:
            return
        self._learn_countdown -= 1
        if self._learn_countdown > 0:
            return
        self._learn_countdown = self.config.learn_every
        if t < self._next_learning_at:
            return
        self._next_learning_at = t + 1.0 / self.config.max_learning_steps_per_second
        visit = self._sessions[session]
        banned = set(self._session_reads[session])
        history = self._readers.get(reader) if reader is not None else None
        dwell = self._dwell(session, t)
        self._dwell_steps += 1
        self.typical_dwell += (dwell - self.typical_dwell) / min(self._dwell_steps, _DWELL_MEMORY)
        candidates, features = self._candidates(visit, history, t, banned, dwell)
        hits = np.flatnonzero(candidates == clicked)
        if len(hits):  # a click outside the candidates teaches nothing about their order
            probabilities = self.blend.learn(features, int(hits[0]))
            self._correct(visit[-1], candidates, probabilities, int(hits[0]), t)

    def _correct(self, last: int, candidates: np.ndarray, probabilities: np.ndarray,
                 clicked: int, t: float) -> None:
        """Move the corrections of (last read, candidate) and of each candidate to this click.

        The clicked candidate gains 1 - p, each of the blend's other top candidates loses its
        p: a pair's correction grows where readers of this article click what the blend ranks
        low, and shrinks where they pass over what it ranks high (a story trending site-wide
        that this article's readers ignore). A candidate's correction does the same over all
        readers, fading within the hour: a headline that draws more clicks than its reads
        predict, a story the front page has just dropped. They learn what the counts cannot
        say: not how often something is read, but how much more or less than expected."""
        c = self.config
        top = c.pair_correction_top
        chosen = (np.argpartition(-probabilities, top)[:top] if len(probabilities) > top + 1
                  else np.arange(len(probabilities)))
        rows = np.array(sorted({*chosen.tolist(), clicked}))
        steps = -c.pair_correction_rate * probabilities[rows]
        steps[rows == clicked] += c.pair_correction_rate
        moved = candidates[rows]

        row = self._pair_bias[last]
        for j, step in zip(moved.tolist(), steps.tolist(), strict=True):
            row[j] = row.get(j, 0.0) + step
        if len(row) > 2 * c.max_neighbours:
            keep = heapq.nlargest(c.max_neighbours, row.items(), key=_magnitude)
            self._pair_bias[last] = dict(keep)

        self._candidate_bias[moved] = self._candidate_corrections(moved, t) + steps
        self._candidate_bias_at[moved] = t

    def _candidate_corrections(self, candidates: np.ndarray, t: float) -> np.ndarray:
        elapsed = np.maximum(t - self._candidate_bias_at[candidates], 0.0)
        return self._candidate_bias[candidates] * np.exp(-elapsed / self._candidate_bias_tau)

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
        arrays = [(self._trend_clock, self._popularity), (self._trend_clock, self._onward)]
        arrays += zip(self._trend_clocks, self._trend_counts, strict=True)
        for clock, counts in arrays:
            if clock.needs_rebase(t):
                counts *= math.exp(-(t - clock.ref) / clock.tau)
                clock.ref = t
                self._trending_cache = None
        for clock, table in ((self._covisit_clock, self._neighbours),
                             (self._next_clock, self._next),
                             (self._returning_clock, self._returning)):
            if clock.needs_rebase(t):
                factor = math.exp(-(t - clock.ref) / clock.tau)
                clock.ref = t
                for row in table:
                    for key in row:
                        row[key] *= factor

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
                  exclude_reader_history: bool = True, reading_now: bool = False
                  ) -> list[tuple[ArticleId, float]]:
        """Up to ``k`` (article, score) pairs for this reader, best first.

        Articles read in this visit are never returned, nor (with
        ``exclude_reader_history``) those in the reader's remembered history, nor
        ``exclude``. ``personal=False`` (opted out, Do Not Track, Global Privacy Control)
        or no history gives the non-personal list: trending in ``section``, then site-wide.

        The time since the visit's last read says whether the reader is browsing or has
        finished that story. ``reading_now`` says the reader has only just opened it (an
        article page asking for the list shown under the story): the list is then ranked
        for the typical time spent on a story, not for a reader leaving it at once.
        """
        t = self.now if now is None else as_epoch_seconds(now)
        visit, history, banned = self._context(reader, session, exclude, personal=personal,
                                               exclude_reader_history=exclude_reader_history)
        if not visit and not history:
            return self._non_personal(k, t, section, banned)

        dwell = self.typical_dwell if reading_now else self._dwell(session, t)
        candidates, features = self._recommendable_candidates(visit, history, t, banned, dwell)
        logits = self.blend.scores(features)
        top = np.arange(len(logits))
        if len(logits) > k:
            top = np.argpartition(-logits, k - 1)[:k]
        top = top[np.argsort(-logits[top], kind="stable")]
        # Positive scores (editorial boosts multiply them): the best candidate scores 1.
        peak = float(logits[top[0]]) if len(top) else 0.0
        result = [(self._ids[j], math.exp(v - peak))
                  for j, v in zip(candidates[top].tolist(), logits[top].tolist(), strict=True)]
        if len(result) < k:
            taken = {self._index[a] for a, _ in result} | banned
            for i in self._trending_order(t).tolist():
                if len(result) >= k:
                    break
                if i not in taken:
                    result.append((self._ids[i], 0.0))
                    taken.add(i)
        return result

    def _context(self, reader: object, session: object, exclude: Collection[ArticleId], *,
                 personal: bool = True, exclude_reader_history: bool = True
                 ) -> tuple[Sequence[int] | None, Sequence[int] | None, set[int]]:
        """The reader's visit and history (None when not personal) and what never to show."""
        visit = self._sessions.get(session) if personal else None
        history = self._readers.get(reader) if personal and reader is not None else None
        banned = {self._index[a] for a in exclude if a in self._index}
        if visit:
            banned.update(visit)
            banned.update(self._session_reads.get(session, ()))
        if history and exclude_reader_history:
            banned.update(history)
        return visit, history, banned

    def _dwell(self, session: object, t: float) -> float:
        """log(1 + minutes) since the visit's latest read (0 without a visit)."""
        previous = self._session_last.get(session)
        return 0.0 if previous is None else math.log1p(max(t - previous, 0.0) / 60.0)

    def _recommendable_candidates(self, visit: Sequence[int] | None,
                                  history: Sequence[int] | None, t: float,
                                  banned: set[int], dwell: float
                                  ) -> tuple[np.ndarray, np.ndarray]:
        """What :meth:`recommend` ranks: the candidates that may be shown, and their features."""
        candidates, features = self._candidates(visit, history, t, banned, dwell)
        recommendable = self._recommendable[candidates]
        return candidates[recommendable], features[recommendable]

    #: Columns of the feature matrix, in order, with what each one measures.
    FEATURES = (
        "co_last",      # share of the last read's co-readers that read the candidate
        "co_visit",     # the same from the visit's earlier reads, latest counting most
        "co_history",   # the same from the reader's earlier visits
        "returning",    # share of what the readers of those visits' reads read on later visits
        "next_click",   # share of the last read's readers who clicked it next, last hour
        "next_click_visit",  # the same from the visit's earlier reads (readers go back)
        "trending",     # reads now (15 min half-life) as a share of the candidates' peak
        "trend_fast",   # the same over minutes
        "trend_slow",   # the same over hours
        "onward",       # trending among reads that follow another read of a visit
        "age",          # log(1 + hours since first seen or published)
        "read_before",  # 1 if the reader read it in an earlier visit
        "content",      # cosine to the visit (when the Related engine supplies vectors)
        # How far the last read's own lists can be trusted: a signal times log(1 + decayed
        # reads behind the list it comes from. A story read by thousands this hour has a
        # reliable "read next" list; after one read twice, trending says more.
        "co_last@evidence",      # co_last x reads behind the last read's co-read list
        "next_click@evidence",   # next_click x clicks behind its next-click list
        "trending@evidence",     # trending x the same clicks (how much to lean on trending)
        "trend_fast@evidence",   # trend_fast x the same
        "pair_correction",  # learnt correction for (last read, candidate), see _correct
        "candidate_correction",  # learnt correction for the candidate, last hour, the same
        # How long the reader stayed on the last read, log(1 + minutes), times the signals it
        # changes: back within seconds, a reader is browsing (trending); after minutes, they
        # finished the story and meet its links (read next). Alone it would be the same for
        # every candidate, so only its products count.
        "co_last@dwell",
        "next_click@dwell",
        "trending@dwell",
        "trend_fast@dwell",
    )

    def _initial_weights(self) -> dict[str, float]:
        c = self.config
        weights = dict.fromkeys(self.FEATURES, 0.0)
        weights.update(co_last=0.5, co_visit=0.2, co_history=c.reader_history_weight,
                       trending=c.trending_weight, content=c.content_weight)
        return weights

    def _candidates(self, visit: Sequence[int] | None, history: Sequence[int] | None,
                    t: float, banned: set[int], dwell: float = 0.0
                    ) -> tuple[np.ndarray, np.ndarray]:
        """Dense ids of the candidates (co-read or trending, not banned) and their features."""
        c = self.config
        recent = list(visit or ())[::-1][: c.session_depth]
        last = recent[0] if recent else None
        co_last = self._shares([(last, 1.0)] if recent else [], self._neighbours)
        earlier, weight = [], c.session_position_decay
        for i in recent[1:]:
            earlier.append((i, weight))
            weight *= c.session_position_decay
        co_visit = self._shares(earlier, self._neighbours)
        weights, weight = [], 1.0
        for i in list(history or ())[::-1]:
            weights.append((i, weight))
            weight *= c.session_position_decay ** 0.5
        co_history = self._shares(weights, self._neighbours)
        returning = self._shares(weights, self._returning)
        next_click = self._shares([(last, 1.0)] if recent else [], self._next)
        # Readers go back to an earlier page of the visit and follow another of its links.
        next_click_visit = self._shares(earlier, self._next)
        trend = self._trending_order(t)[: c.trending_candidates]

        pool = set(co_last) | set(co_visit) | set(co_history) | set(next_click)
        pool.update(next_click_visit)
        pool.update(trend.tolist())
        pool -= banned
        members = list(pool)
        position = {j: n for n, j in enumerate(members)}
        candidates = np.array(members, dtype=np.int64)
        floor = c.share_floor
        # Filled from each table's own entries: the pool is their union, so walking it
        # once per table would cost several times more (this runs on every recommendation
        # and every learning step).
        columns = [np.log(_column(table.items(), position) + floor)
                   for table in (co_last, co_visit, co_history, returning, next_click,
                                 next_click_visit)]
        for counts in (self._popularity, *self._trend_counts, self._onward):
            level = counts[candidates]
            peak = level.max() if len(level) else 0.0
            columns.append(np.log(level / peak + floor) if peak > 0 else
                           np.full(len(pool), math.log(floor)))
        with np.errstate(invalid="ignore"):
            age = np.log1p(np.maximum(t - self._first_seen[candidates], 0.0) / 3600.0)
        columns.append(np.nan_to_num(age, nan=0.0))
        columns.append(_column(((j, 1.0) for j in set(history or ())), position))
        columns.append(self._content_similarity(candidates, recent))
        co_evidence, next_evidence = self._evidence(last, t)
        named = dict(zip(self.FEATURES, columns, strict=False))
        columns.append(named["co_last"] * co_evidence)
        columns.extend(named[name] * next_evidence
                       for name in ("next_click", "trending", "trend_fast"))
        columns.append(_column(self._pair_bias[last].items(), position) if last is not None
                       else np.zeros(len(pool)))
        columns.append(self._candidate_corrections(candidates, t))
        if last is None:
            dwell = 0.0
        columns.extend(named[name] * dwell
                       for name in ("co_last", "next_click", "trending", "trend_fast"))
        return candidates, np.column_stack(columns)

    def _evidence(self, last: int | None, t: float) -> tuple[float, float]:
        """log(1 + decayed reads) behind the last read's co-read and next-click lists.

        Shares say which neighbour is read most, not how many reads say so: a share of a
        half from two readers and from two thousand look the same. The blend weighs the
        last read's signals by this evidence (products with it), so it can learn to trust
        a busy story's lists and to fall back on trending after a little-read one."""
        if last is None:
            return 0.0, 0.0
        co = sum(self._neighbours[last].values()) / self._covisit_clock.weight(t)
        nxt = sum(self._next[last].values()) / self._next_clock.weight(t)
        return math.log1p(co), math.log1p(nxt)

    def _shares(self, sources: list[tuple[int, float]],
                table: list[dict[int, float]]) -> dict[int, float]:
        """Sum over sources of weight * (row share of each neighbour)."""
        scores: dict[int, float] = {}
        for i, weight in sources:
            row = table[i]
            total = sum(row.values()) if row else 0.0
            if total <= 0:
                continue
            factor = weight / total
            for j, value in row.items():
                scores[j] = scores.get(j, 0.0) + value * factor
        return scores

    def _content_similarity(self, candidates: np.ndarray, recent: list[int]) -> np.ndarray:
        similarity = np.zeros(len(candidates))
        if not self._vectors:
            return similarity
        profile, weight = None, 1.0
        for i in recent:
            vector = self._vectors.get(i)
            if vector is not None:
                profile = vector * weight if profile is None else profile + vector * weight
            weight *= self.config.session_position_decay
        norm = float(np.linalg.norm(profile)) if profile is not None else 0.0
        if norm == 0:
            return similarity
        for n, j in enumerate(candidates.tolist()):
            vector = self._vectors.get(j)
            if vector is not None:
                similarity[n] = float(vector @ profile) / norm
        return similarity

    def _non_personal(self, k: int, t: float, section: object | None,
                      banned: set[int]) -> list[tuple[ArticleId, float]]:
        ids = self.trending(k, now=t, section=section,
                            exclude=[self._ids[i] for i in banned])
        return [(a, float(self._popularity[self._index[a]])) for a in ids]

    def pair_corrections(self, last: ArticleId) -> dict[ArticleId, float]:
        """The learnt corrections of candidates after ``last`` (see :meth:`_correct`)."""
        index = self._index.get(last)
        if index is None:
            return {}
        return {self._ids[j]: value for j, value in self._pair_bias[index].items()}

    def candidate_correction(self, article: ArticleId, now: float | datetime | None = None
                             ) -> float:
        """The learnt correction of ``article`` as a candidate, faded to ``now``."""
        index = self._index.get(article)
        if index is None:
            return 0.0
        t = self.now if now is None else as_epoch_seconds(now)
        return float(self._candidate_corrections(np.array([index]), t)[0])

    def session_reads(self, session: object) -> list[ArticleId]:
        """Articles read in this visit, oldest first (as far as the engine remembers)."""
        return [self._ids[i] for i in self._sessions.get(session, ())]


def _column(entries: Iterable[tuple[int, float]], position: dict[int, int]) -> np.ndarray:
    """A feature column over the candidates (``position``: dense id -> row), zero where the
    entries have no value; entries for ids outside the candidates are ignored."""
    column = np.zeros(len(position))
    rows, values = [], []
    for j, value in entries:
        row = position.get(j)
        if row is not None:
            rows.append(row)
            values.append(value)
    column[rows] = values
    return column


def _second(pair: tuple) -> float:
    return pair[1]


def _magnitude(pair: tuple) -> float:
    return abs(pair[1])


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
