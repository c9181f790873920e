"""Search with PostgreSQL full-text search (weighted tsvector, GIN index, websearch syntax)."""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from contextlib import contextmanager
from datetime import datetime

from django.db import transaction

from .base import (
    MARK_END,
    MARK_START,
    ParsedQuery,
    SearchBackend,
    SearchDocument,
    SearchHit,
    split_words,
)

TABLE = "discovery_search_document"
# ts_rank_cd weights in PostgreSQL's order {D, C, B, A}: body, topics/authors, standfirst,
# headline.
DEFAULT_WEIGHTS = (0.1, 0.3, 0.4, 1.0)
# Rank normalisation 1: divide by 1 + log(document length), so long bodies do not win on
# length alone.
RANK_NORMALIZATION = 1

_DOCUMENT_SQL = (
    "setweight(to_tsvector(%s::regconfig, %s), 'A') || "
    "setweight(to_tsvector(%s::regconfig, %s), 'B') || "
    "setweight(to_tsvector(%s::regconfig, %s || ' ' || %s), 'C') || "
    "setweight(to_tsvector(%s::regconfig, %s), 'D')"
)


class PostgresSearchBackend(SearchBackend):
    """``websearch_to_tsquery`` over a weighted tsvector, ranked by ``ts_rank_cd``.

    Options: ``config`` (text search configuration, default ``"english"``), ``weights``
    (four floats for D, C, B, A).
    """

    # Checking a match means reading its whole tsvector (TOASTed for any real article), so
    # PostgreSQL ranks the newest 500 matches and counts up to 500 (for a word in most
    # articles, counting means reading a tsvector per match); SQLite's FTS5 counts from its
    # index alone and ranks more (see SearchBackend.max_ranked).
    max_ranked = 500
    count_cap = 500
    #: A "quoted phrase" is checked (reading each document) on at most this many of the
    #: newest articles that have all its words; past that, the count is a lower bound.
    phrase_window = 1000
    #: The phrase is checked on those candidates newest first, and only until this many
    #: hold it: those are ranked, and the count is then a lower bound ("More than ...").
    phrase_hits = 40
    #: A phrase of common words is looked for by walking the newest articles instead when
    #: that is estimated cheaper (see _phrase_page; 0: never).
    phrase_walk = 1
    #: How many of the newest articles the phrase's share is estimated on.
    phrase_walk_sample = 128
    #: What a tsvector read costs in GIN entries (or heap visits of GIN matches) when the
    #: two are weighed for a phrase; measured ≈ 6.5 µs against ≈ 0.25 µs at 100k articles.
    phrase_walk_cost_ratio = 25.0
    #: The GIN statement for a phrase is first restricted to the newest articles expected
    #: to hold this many times the candidates it needs (0: never restricted).
    phrase_range_factor = 2.0
    #: Candidates of very common words are found by walking the newest articles when that
    #: is estimated cheaper than the GIN index (see _walk_rows); a tsvector read costs about
    #: walk_cost_ratio GIN entries (0: never walk). The walk gives up after
    #: walk_limit_factor times the articles the estimate says it needs.
    walk_cost_ratio = 8.0
    walk_sample = 64
    walk_limit_factor = 3.0
    #: For words found by the walk, the snippet is looked for in the body's first this many
    #: characters first (0: always in the whole body).
    snippet_first_chars = 800

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.config = str(self.options.get("config", "english"))
        self.phrase_window = int(self.options.get("phrase_window", self.phrase_window))
        self.phrase_hits = max(1, int(self.options.get("phrase_hits", self.phrase_hits)))
        self.phrase_walk = int(self.options.get("phrase_walk", self.phrase_walk))
        self.phrase_range_factor = float(
            self.options.get("phrase_range_factor", self.phrase_range_factor))
        self.phrase_walk_cost_ratio = float(
            self.options.get("phrase_walk_cost_ratio", self.phrase_walk_cost_ratio))
        self.phrase_walk_sample = int(
            self.options.get("phrase_walk_sample", self.phrase_walk_sample))
        self.walk_cost_ratio = float(self.options.get("walk_cost_ratio", self.walk_cost_ratio))
        self.walk_sample = int(self.options.get("walk_sample", self.walk_sample))
        self.walk_limit_factor = float(
            self.options.get("walk_limit_factor", self.walk_limit_factor))
        self.snippet_first_chars = int(
            self.options.get("snippet_first_chars", self.snippet_first_chars))
        self.weights = [float(w) for w in self.options.get("weights", DEFAULT_WEIGHTS)]
        if len(self.weights) != 4:
            from django.core.exceptions import ImproperlyConfigured

            raise ImproperlyConfigured("PostgreSQL search weights are four numbers (D, C, B, A).")

    def write_documents(self, documents: Sequence[SearchDocument], *,
                        remove_ids: Iterable[int]) -> None:
        removed = list(remove_ids)
        with transaction.atomic(using=self.database), self.connection.cursor() as cursor:
            if removed:
                delete = f"DELETE FROM {TABLE} WHERE article_id = ANY(%s)"  # noqa: S608
                cursor.execute(delete, [removed])
            if documents:
                cursor.executemany(
                    f"INSERT INTO {TABLE} (article_id, published_at, headline, "  # noqa: S608
                    f"standfirst, body, document) VALUES (%s, %s, %s, %s, %s, {_DOCUMENT_SQL}) "
                    "ON CONFLICT (article_id) DO UPDATE SET published_at = EXCLUDED.published_at, "
                    "headline = EXCLUDED.headline, standfirst = EXCLUDED.standfirst, "
                    "body = EXCLUDED.body, document = EXCLUDED.document",
                    [(d.article_id, d.published_at, d.headline, d.standfirst, d.body,
                      self.config, d.headline, self.config, d.standfirst,
                      self.config, d.topics, d.authors, self.config, d.body)
                     for d in documents],
                )

    @contextmanager
    def rebuilding(self):
        with transaction.atomic(using=self.database):
            with self.connection.cursor() as cursor:
                cursor.execute(f"DELETE FROM {TABLE}")  # noqa: S608
            yield
        with self.connection.cursor() as cursor:
            if self.connection.in_atomic_block:
                cursor.execute(f"ANALYZE {TABLE}")
            else:
                # Every old row is dead now: until a vacuum, bitmap scans still visit them
                # and the GIN index still lists them (a full rebuild doubles the work of
                # every search). VACUUM cannot run inside a transaction block.
                cursor.execute(f"VACUUM (ANALYZE) {TABLE}")

    def indexed_count(self) -> int:
        with self.connection.cursor() as cursor:
            cursor.execute(f"SELECT count(*) FROM {TABLE}")  # noqa: S608
            return cursor.fetchone()[0]

    @contextmanager
    def searching(self):
        # The planner prices `document @@ query` like a cheap comparison, but on the heap it
        # means de-TOASTing a whole tsvector: for a common word it then picks a sequential
        # scan, for a rarer one a backwards walk of the primary key, both checking thousands
        # of documents one by one (hundreds of milliseconds at 100k articles). Bitmap scans
        # of the GIN index never need that (no recheck for word queries), so plain scans are
        # off for one search, and index scans only serve the walk over the newest articles
        # (see _walk_rows): they are off whenever the GIN index is asked. set_config(...,
        # true) only lasts until the end of this transaction; the previous values are put
        # back for an enclosing one.
        with transaction.atomic(using=self.database), self.connection.cursor() as cursor:
            cursor.execute(
                "SELECT current_setting('enable_seqscan'), current_setting('enable_indexscan'), "
                "set_config('enable_seqscan', 'off', true), "
                "set_config('enable_indexscan', 'on', true)")
            previous = cursor.fetchone()[:2]
            yield
            cursor.execute("SELECT set_config('enable_seqscan', %s, true), "
                           "set_config('enable_indexscan', %s, true)", list(previous))

    def _index_scans(self, cursor, enabled: bool) -> None:
        cursor.execute("SELECT set_config('enable_indexscan', %s, true)",
                       ["on" if enabled else "off"])

    def _conditions(self, restriction, now: datetime,
                    since_id: int | None = None) -> tuple[str, list]:
        """What a match of row ``d`` with query ``q`` must satisfy (live, passes filters)."""
        live, params = self._live(restriction, now, since_id)
        return f"d.document @@ q AND {live}", params

    def _live(self, restriction, now: datetime,
              since_id: int | None = None) -> tuple[str, list]:
        """What row ``d`` must satisfy to be found: live, passing the filters, and not older
        than ``since_id`` when given."""
        # Scheduled articles are few: excluding their ids is a small hashed set, and keeps
        # the GIN index the only way into the table (a published_at condition could be
        # answered by its B-tree index, checking documents one by one).
        sql = (f"d.article_id NOT IN (SELECT s.article_id "  # noqa: S608
               f"FROM {TABLE} s WHERE s.published_at > %s)")
        params: list = [now]
        if since_id is not None:
            # "+ 0": a filter on the GIN bitmap's rows, ahead of the sort by id. As a
            # primary-key condition the planner scans the range instead and checks each
            # document there (de-TOASTing every article, not only those with the words).
            sql += " AND d.article_id + 0 >= %s"
            params.append(since_id)
        if restriction is not None:
            sql += f" AND d.article_id IN ({restriction[0]})"
            params.extend(restriction[1])
        return sql, params

    def _from_where(self, tsquery: tuple[str, list], restriction, now: datetime,
                    source: tuple[str, list] = (TABLE, []),
                    since_id: int | None = None) -> tuple[str, list]:
        where, params = self._conditions(restriction, now, since_id)
        return (f"{source[0]} d CROSS JOIN {tsquery[0]} AS q WHERE {where}",
                [*source[1], *tsquery[1], *params])

    def _tsquery(self, text: str) -> tuple[str, list]:
        # The query text goes in as a parameter; websearch_to_tsquery accepts any input.
        return "websearch_to_tsquery(%s::regconfig, %s)", [self.config, text]

    def _phrase_queries(self, parsed: ParsedQuery) -> tuple[str, str] | None:
        """For a query with a "quoted phrase": the exact query and one with the phrases' words
        only (a superset, answered by the GIN index without reading documents)."""
        if not any(len(c.words) > 1 for group in parsed.alternatives for c in group
                   if not c.negated):
            return None
        exact, relaxed = [], []
        for group in parsed.alternatives:
            exact_parts, relaxed_parts = [], []
            for clause in group:
                # Words hold only letters, digits and marks: inside double quotes
                # websearch_to_tsquery reads them as words, never as OR or -.
                quoted = '"' + " ".join(clause.words) + '"'
                if clause.negated:
                    exact_parts.append("-" + quoted)
                    # Excluding a phrase's words would exclude more than the phrase: only a
                    # single excluded word carries over to the superset.
                    if len(clause.words) == 1:
                        relaxed_parts.append("-" + quoted)
                else:
                    exact_parts.append(quoted)
                    relaxed_parts.extend(f'"{word}"' for word in clause.words)
            exact.append(" ".join(exact_parts))
            relaxed.append(" ".join(relaxed_parts))
        return " OR ".join(exact), " OR ".join(relaxed)

    def fill_page(self, results, parsed, restriction, now, *, page: int) -> None:
        # One statement finds the candidates, counts them and ranks the page (the GIN bitmap
        # of a common word is the dearest part: it is built once, not once per step).
        asked = max(1, int(page or 1))
        per_page = results.per_page
        total, exact, hits = self._search(parsed, restriction, now,
                                          offset=(asked - 1) * per_page, limit=per_page)
        results.total, results.total_exact = total, exact
        if total == 0:
            return
        results.pageable = min(total, self.max_ranked)
        results.page = min(asked, results.num_pages)
        if results.page != asked:
            # A page past the end (an old link): show the last one.
            hits = self._search(parsed, restriction, now,
                                offset=(results.page - 1) * per_page, limit=per_page)[2]
        offset = (results.page - 1) * per_page
        results.hits = hits[:max(0, results.pageable - offset)]

    def count_matches(self, parsed, restriction, now) -> int:
        return self._search(parsed, restriction, now, offset=0, limit=0)[0]

    def fetch_hits(self, parsed, restriction, now, *, offset: int, limit: int,
                   newest_only: int | None = None) -> list[SearchHit]:
        # Ranking covers the newest max_ranked matches here, always.
        return self._search(parsed, restriction, now, offset=offset, limit=limit)[2]

    def _search(self, parsed: ParsedQuery, restriction, now: datetime, *, offset: int,
                limit: int) -> tuple[int, bool, list[SearchHit]]:
        """(total, whether it is exact, one page of hits) for a parsed query."""
        cap = self.count_cap
        phrases = self._phrase_queries(parsed)
        if phrases is None:
            # Enough candidates to tell "more than count_cap" and to rank max_ranked of them.
            window = max(cap + 1, self.max_ranked) if cap else None
            checked, found, hits = self._candidates_page(
                parsed.text, None, restriction, now, window=window, offset=offset, limit=limit)
            if cap and checked > cap:
                return cap, False, hits
            return checked, True, hits
        # A phrase: candidates are the newest phrase_window + 1 articles with all its words
        # (from the index alone); the phrase itself is checked on those only, newest first,
        # until phrase_hits hold it.
        window = self.phrase_window + 1
        checked, found, hits = self._phrase_page(phrases[0], phrases[1], restriction, now,
                                                 window=window, offset=offset, limit=limit)
        if checked <= self.phrase_window:
            if cap and found > cap:
                return cap, False, hits
            return found, True, hits
        if found:
            # Only the newest candidates were checked: at least this many match.
            return min(found, cap or found), False, hits
        # No match among the newest candidates: look through every one (slow, and rare).
        window = max(cap + 1, self.max_ranked) if cap else None
        checked, _, hits = self._candidates_page(
            phrases[0], None, restriction, now, window=window, offset=offset, limit=limit)
        if cap and checked > cap:
            return cap, False, hits
        return checked, True, hits

    def _phrase_hits_wanted(self, *, offset: int, limit: int) -> int:
        """Phrase matches to find before stopping: phrase_hits, or enough to fill the page
        asked for and show that another follows, so readers can page on as far as they like
        (each page checks a little further)."""
        return min(max(self.phrase_hits, offset + limit + 1), self.max_ranked)

    def _candidates_page(self, match_text: str, phrase_text: str | None, restriction,
                         now: datetime, *, window: int | None, offset: int,
                         limit: int) -> tuple[int, int, list[SearchHit]]:
        """(candidates, phrase matches among them, hits): the newest ``window`` articles
        matching ``match_text``, those of them holding ``phrase_text`` (all when None), and
        one page of those ranked among their newest max_ranked."""
        with self.connection.cursor() as cursor:
            walk_rows = self._walk_rows(cursor, match_text, restriction, now, window)
            if walk_rows:
                sql, params = self._page_sql(match_text, phrase_text, restriction, now,
                                             window=window, offset=offset, limit=limit,
                                             walk_rows=walk_rows)
                cursor.execute(sql, params)
                rows = cursor.fetchall()
                if rows[0][0] >= window:
                    return rows[0][0], rows[0][1], self._hits(rows)
            # GIN bitmaps from here on; an error aborts the transaction, and this with it.
            self._index_scans(cursor, False)
            sql, params = self._page_sql(match_text, phrase_text, restriction, now,
                                         window=window, offset=offset, limit=limit,
                                         walk_rows=None)
            cursor.execute(sql, params)
            rows = cursor.fetchall()
            self._index_scans(cursor, True)
        return rows[0][0], rows[0][1], self._hits(rows)

    def _phrase_page(self, phrase_text: str, words_text: str, restriction, now: datetime,
                     *, window: int, offset: int,
                     limit: int) -> tuple[int, int, list[SearchHit]]:
        """(candidates checked, or ``window`` when the check stopped early; phrase matches;
        hits) for a phrase: the newest phrase_hits articles holding ``phrase_text`` among
        the newest ``window`` holding all of ``words_text``.

        The GIN index answers ``words_text``, but for common words that is most of the cost:
        the bitmap lists every article with all the words (30,000 for two top-50 words at
        100k articles), each is visited on the heap and sorted by id, to keep the newest
        ``window``. Three ways to spend less, each chosen on estimates from the newest
        articles (word and phrase shares; see _sample) and checked afterwards, so a
        wrong estimate costs time, never results:

        - walking the newest articles, checking the phrase itself on each (a tsvector read),
          until phrase_hits hold it, when that is estimated cheaper than the GIN statement;
        - for words in most articles, walking the newest articles for candidates (as for
          words alone; see _walk_rows), the phrase checked on each;
        - keeping only the candidates among the newest articles that should hold enough of
          them (phrase_range_factor times the candidates the phrase check is expected to
          need) before sorting by id; when they do not, the statement runs again without
          that bound."""
        wanted = self._phrase_hits_wanted(offset=offset, limit=limit)
        with self.connection.cursor() as cursor:
            sample = None
            if self.phrase_walk or self.phrase_range_factor > 0 or self.walk_cost_ratio > 0:
                sample = self._sample(cursor, phrase_text, restriction, now,
                                      self.phrase_walk_sample, also=words_text)
            since_id = None
            if sample is not None:
                sampled, matched, gin_share, articles, words_share = sample
                # A few matches in the sample say little: the phrase's share is taken one
                # standard deviation below theirs (too high a share makes the walk fall
                # short, or the range too narrow, and that work is wasted).
                cautious = (matched - math.sqrt(matched)) / sampled
                # Candidates to check to find `wanted` phrase matches (all of the window
                # when the sample holds too few).
                checks = window
                if cautious > 0:
                    checks = min(window, math.ceil(wanted * words_share / cautious))
                # In index entries: the rarest word's entries, a heap visit per candidate,
                # and a tsvector read (phrase_walk_cost_ratio entries) per candidate checked.
                ratio = self.phrase_walk_cost_ratio
                gin_cost = articles * (gin_share + words_share) + ratio * checks
                if self.phrase_walk and ratio > 0 and cautious > 0:
                    walk_needed = wanted / cautious
                    if ratio * walk_needed < gin_cost:
                        walk_rows = max(wanted, min(
                            math.ceil(self.walk_limit_factor * walk_needed),
                            math.floor(gin_cost / ratio)))
                        rows = self._run_page(cursor, phrase_text, None, restriction, now,
                                              window=wanted, offset=offset, limit=limit,
                                              walk_rows=walk_rows, opening_first=False)
                        if rows[0][0] >= wanted:
                            # The phrase was the match condition: every candidate holds it.
                            return window, rows[0][0], self._hits(rows)
                if (words_share and self.walk_cost_ratio > 0 and window * self.walk_cost_ratio
                        <= articles * gin_share * words_share):
                    # Words in most articles: their candidates are found by walking the
                    # newest articles too (see _walk_rows), the phrase checked on each.
                    walk_rows = max(window, math.ceil(
                        self.walk_limit_factor * window / words_share))
                    rows = self._run_page(cursor, words_text, phrase_text, restriction, now,
                                          window=window, offset=offset, limit=limit,
                                          walk_rows=walk_rows)
                    if rows[0][0] >= window:
                        return rows[0][0], rows[0][1], self._hits(rows)
                if words_share and self.phrase_range_factor > 0:
                    newest = math.ceil(self.phrase_range_factor * checks / words_share)
                    if newest * 2 < articles:
                        cursor.execute(f"SELECT article_id FROM {TABLE} "  # noqa: S608
                                       "ORDER BY article_id DESC OFFSET %s LIMIT 1", [newest])
                        row = cursor.fetchone()
                        since_id = row[0] if row else None
            # GIN bitmaps from here on; an error aborts the transaction, and this with it.
            self._index_scans(cursor, False)
            rows = self._run_page(cursor, words_text, phrase_text, restriction, now,
                                  window=window, offset=offset, limit=limit, walk_rows=None,
                                  since_id=since_id)
            if since_id is not None and rows[0][0] < window:
                # The newest articles held too few candidates: older ones count too.
                rows = self._run_page(cursor, words_text, phrase_text, restriction, now,
                                      window=window, offset=offset, limit=limit,
                                      walk_rows=None)
            self._index_scans(cursor, True)
        return rows[0][0], rows[0][1], self._hits(rows)

    def _run_page(self, cursor, *args, **kwargs):
        sql, params = self._page_sql(*args, **kwargs)
        cursor.execute(sql, params)
        return cursor.fetchall()

    def _sample(self, cursor, match_text: str, restriction, now: datetime,
                match_rows: int = 0, also: str | None = None):
        """(articles sampled, matches among them, the share of articles the GIN index lists
        for the query's words, articles in the table), matches counted over the newest
        ``match_rows`` articles (at least walk_sample), word shares over the newest
        walk_sample; None when no sampled article matches. With ``also``: all the same,
        plus the share of ``also``'s matches (over walk_sample), even with no match."""
        alternatives = [
            [w for w in split_words(alternative) if w != "OR"][:8]
            for alternative in match_text.split(" OR ")
        ]
        words = sorted({w for alternative in alternatives for w in alternative})
        if not words:
            return None
        where, where_params = self._conditions(restriction, now)
        match = self._tsquery(match_text)
        # Each @@ de-TOASTs the tsvector again: word shares only need the first rows.
        shares = ", ".join(f"count(*) FILTER (WHERE d.n <= %s AND d.document @@ "
                           f"{self._tsquery('')[0]})" for _ in words)
        if also is not None:
            live, live_params = self._live(restriction, now)
            shares += (f", count(*) FILTER (WHERE d.n <= %s AND d.document @@ "
                       f"{self._tsquery('')[0]} AND {live})")
        sql = (f"SELECT count(*), count(*) FILTER (WHERE {where}), {shares}, "  # noqa: S608
               f"(SELECT greatest(reltuples, 0) FROM pg_class WHERE oid = '{TABLE}'::regclass) "
               f"FROM (SELECT article_id, document, row_number() OVER "
               f"(ORDER BY article_id DESC) AS n FROM {TABLE} ORDER BY article_id DESC "
               f"LIMIT %s) d CROSS JOIN {match[0]} AS q")
        params = [*where_params]
        for word in words:
            params += [self.walk_sample, self.config, f'"{word}"']
        if also is not None:
            params += [self.walk_sample, *self._tsquery(also)[1], *live_params]
        rows = max(match_rows, self.walk_sample)
        cursor.execute(sql, [*params, rows, *match[1]])
        sampled, matched, *word_hits, articles = cursor.fetchone()
        also_hits = word_hits.pop() if also is not None else None
        if not matched and also is None:
            return None
        hits = dict(zip(words, word_hits, strict=True))
        # A word the sample never holds is a stop word (or absent): it does not drive GIN.
        gin_entries = sum(min((hits[w] for w in alternative if hits[w]), default=0)
                          for alternative in alternatives)
        head = min(sampled, self.walk_sample)
        if also is not None:
            return sampled, matched, gin_entries / head, max(articles, sampled), also_hits / head
        return sampled, matched, gin_entries / head, max(articles, sampled)

    def _walk_rows(self, cursor, match_text: str, restriction, now: datetime,
                   window: int | None) -> int | None:
        """How many of the newest articles to walk to find ``window`` matches, or None when
        the GIN index finds them for less.

        The GIN index costs in proportion to how often the query's words occur (for words
        that must all appear, the rarest one drives the scan: 100,000 entries for a word in
        every article) and each match is then visited; walking the primary key down costs a
        tsvector read per article (about walk_cost_ratio times an index entry) but stops
        after ``window`` matches. Both are estimated on the newest walk_sample articles."""
        if window is None or self.walk_cost_ratio <= 0:
            return None
        sample = self._sample(cursor, match_text, restriction, now)
        if sample is None:
            return None
        sampled, matched, gin_share, articles = sample
        if window * self.walk_cost_ratio * sampled > articles * gin_share * matched:
            return None
        return max(window, math.ceil(self.walk_limit_factor * window * sampled / matched))

    def _page_sql(self, match_text: str, phrase_text: str | None, restriction,
                  now: datetime, *, window: int | None, offset: int, limit: int,
                  walk_rows: int | None, opening_first: bool = True,
                  since_id: int | None = None) -> tuple[str, list]:
        tsquery = self._tsquery(match_text)
        if walk_rows:
            # The primary key walked down from the newest article (see _walk_rows); it gives
            # up after walk_rows articles, and then reports too few candidates.
            source = (f"(SELECT article_id, published_at, document FROM {TABLE} "  # noqa: S608
                      "ORDER BY article_id DESC LIMIT %s)", [walk_rows])
            from_where, params = self._from_where(tsquery, restriction, now, source=source)
        else:
            from_where, params = self._from_where(tsquery, restriction, now, since_id=since_id)
        if phrase_text is None:
            rank_query, rank_params = tsquery
        else:
            rank_query, rank_params = self._tsquery(phrase_text)
        options = (f"StartSel={MARK_START}, StopSel={MARK_END}, MaxWords=35, MinWords=15, "
                   "MaxFragments=2, FragmentDelimiter=\" … \"")
        whole = "HighlightAll=true, " + f"StartSel={MARK_START}, StopSel={MARK_END}"
        if walk_rows and phrase_text is None and opening_first and self.snippet_first_chars:
            # ts_headline parses the whole text (a third of a millisecond per article); a word
            # found in most articles is as good as certain to be in the opening paragraphs,
            # so they are tried first. (Not for phrases: ts_headline marks a phrase's words
            # on their own too, so a mark there does not mean the phrase is there.)
            body = ("coalesce((SELECT h FROM (SELECT ts_headline(%s::regconfig, "
                    "left(d.body, %s), k.q, %s) AS h) AS p WHERE strpos(h, %s) > 0), "
                    "ts_headline(%s::regconfig, d.body, k.q, %s))")
            body_params = [self.config, self.snippet_first_chars, options, MARK_START,
                           self.config, options]
        else:
            body = "ts_headline(%s::regconfig, d.body, k.q, %s)"
            body_params = [self.config, options]
        age_days = "greatest(0.0, extract(epoch from (%s - e.published_at)) / 86400.0)"
        # Each step on fewer rows: candidates (ids from GIN bitmaps or the walk), the phrase
        # check, ranking (reads each ranked tsvector), then ts_headline (re-parses the text)
        # on the one page. The count comes with the page, so there is one statement.
        candidates = ("SELECT d.article_id, d.published_at, d.document "  # noqa: S608
                      f"FROM {from_where} ORDER BY d.article_id DESC LIMIT %s")
        if phrase_text is None:
            found = (f"WITH k AS (SELECT {rank_query} AS q), "  # noqa: S608
                     f"e AS MATERIALIZED (SELECT *, true AS hit FROM ({candidates}) c), "
                     "n AS (SELECT count(*) AS checked, count(*) AS found FROM e), ")
            found_params = [*rank_params, *params, window]
        else:
            # The phrase is checked newest first and only until phrase_hits candidates hold
            # it (each check de-TOASTs a tsvector). The window's last candidate is kept too
            # (n = window), to tell a full window from one holding every candidate; OFFSET 0
            # keeps the check in the subquery, evaluated once a row, and no join there keeps
            # the candidates' order, so the checks stop at the LIMIT (no sort above).
            wanted = self._phrase_hits_wanted(offset=offset, limit=limit)
            found = (
                f"WITH k AS (SELECT {rank_query} AS q), "  # noqa: S608
                "e AS MATERIALIZED (SELECT * FROM (SELECT c.*, "
                "c.document @@ (SELECT k.q FROM k) AS hit "
                "FROM (SELECT c.*, row_number() OVER (ORDER BY c.article_id DESC) AS n "
                f"FROM ({candidates}) c ORDER BY c.article_id DESC) c "
                "ORDER BY c.article_id DESC OFFSET 0) c "
                "WHERE c.hit OR c.n = %s ORDER BY c.article_id DESC LIMIT %s), "
                "n AS (SELECT CASE WHEN count(*) FILTER (WHERE e.hit) >= %s OR "
                "bool_or(e.n = %s) THEN %s ELSE count(*) END AS checked, "
                "count(*) FILTER (WHERE e.hit) AS found FROM e), ")
            found_params = [*rank_params, *params, window, window, wanted, wanted, window,
                            window]
        sql = (
            f"{found}"  # noqa: S608
            "r AS (SELECT e.article_id, "
            f"ts_rank_cd(%s::float4[], e.document, k.q, {RANK_NORMALIZATION}) * "
            f"{self.recency_factor_sql(age_days)} AS score "
            "FROM (SELECT * FROM e WHERE e.hit ORDER BY e.article_id DESC LIMIT %s) e "
            "CROSS JOIN k ORDER BY score DESC, e.article_id DESC LIMIT %s OFFSET %s) "
            "SELECT n.checked, n.found, r.article_id, r.score, "
            "ts_headline(%s::regconfig, d.headline, k.q, %s), "
            "ts_headline(%s::regconfig, d.standfirst, k.q, %s), "
            f"{body} "
            f"FROM n LEFT JOIN (r JOIN {TABLE} d ON d.article_id = r.article_id "
            "CROSS JOIN k) ON true ORDER BY r.score DESC, r.article_id DESC"
        )
        params = [*found_params, self.weights, now, self.max_ranked, limit,
                  offset, self.config, whole, self.config, whole, *body_params]
        return sql, params

    def _hits(self, rows) -> list[SearchHit]:
        return [
            SearchHit(article_id=row[2], score=float(row[3]),
                      headline_html=self.best_snippet(None, row[4]),
                      snippet_html=self.best_snippet(row[5], row[6]))
            for row in rows if row[2] is not None
        ]

    def empty_result_hint(self, parsed: ParsedQuery) -> str:
        with self.connection.cursor() as cursor:
            cursor.execute("SELECT numnode(websearch_to_tsquery(%s::regconfig, %s))",
                           [self.config, parsed.text])
            if cursor.fetchone()[0] == 0:
                return ("Those words are too common to search for on their own: "
                        "add a more specific word.")
        return ""

