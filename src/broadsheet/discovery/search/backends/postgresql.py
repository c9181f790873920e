"""Search with PostgreSQL full-text search (weighted tsvector, GIN index, websearch syntax)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from contextlib import contextmanager
from datetime import datetime

from django.db import transaction

from .base import MARK_END, MARK_START, ParsedQuery, SearchBackend, SearchDocument, SearchHit

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
    # PostgreSQL ranks the newest 500 matches and counts up to 1,000; SQLite's FTS5 counts
    # from its index alone and ranks more (see SearchBackend.max_ranked).
    max_ranked = 500
    count_cap = 1000
    #: A "quoted phrase" is checked (reading each document) on at most this many of the
    #: newest articles that have all its words; past that, the count is a lower bound.
    phrase_window = 1000

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.config = str(self.options.get("config", "english"))
        self.phrase_window = int(self.options.get("phrase_window", self.phrase_window))
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
        # of the GIN index never need that (no recheck for word queries), so plain and index
        # scans are off for the queries of one search. set_config(..., true) only lasts until
        # the end of this transaction; the previous values are put back for an enclosing one.
        with transaction.atomic(using=self.database), self.connection.cursor() as cursor:
            cursor.execute(
                "SELECT current_setting('enable_seqscan'), current_setting('enable_indexscan'), "
                "set_config('enable_seqscan', 'off', true), "
                "set_config('enable_indexscan', 'off', true)")
            previous = cursor.fetchone()[:2]
            yield
            cursor.execute("SELECT set_config('enable_seqscan', %s, true), "
                           "set_config('enable_indexscan', %s, true)", list(previous))

    def _from_where(self, tsquery: tuple[str, list], restriction,
                    now: datetime) -> tuple[str, list]:
        # Scheduled articles are few: excluding their ids is a small hashed set, and keeps
        # the GIN index the only way into the table (a published_at condition could be
        # answered by its B-tree index, checking documents one by one).
        sql = (f"{TABLE} d CROSS JOIN {tsquery[0]} AS q WHERE d.document @@ q "  # noqa: S608
               f"AND d.article_id NOT IN (SELECT s.article_id FROM {TABLE} s "
               "WHERE s.published_at > %s)")
        params: list = [*tsquery[1], now]
        if restriction is not None:
            sql += f" AND d.article_id IN ({restriction[0]})"
            params.extend(restriction[1])
        return sql, params

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

    def _phrase_window(self, phrases: tuple[str, str], restriction, now: datetime):
        """SQL for the newest ``phrase_window`` + 1 matches of the relaxed query, with q the
        exact query: checking a phrase reads the document, so it only runs on those."""
        from_where, params = self._from_where(self._tsquery(phrases[1]), restriction, now)
        exact, exact_params = self._tsquery(phrases[0])
        sql = (f"(SELECT d.article_id, d.published_at, d.document FROM {from_where} "  # noqa: S608
               f"ORDER BY d.article_id DESC LIMIT %s) AS w CROSS JOIN {exact} AS q")
        return sql, params + [self.phrase_window + 1, *exact_params]

    def count_bounded(self, parsed, restriction, now) -> tuple[int, bool]:
        phrases = self._phrase_queries(parsed)
        if phrases is None:
            return super().count_bounded(parsed, restriction, now)
        window, params = self._phrase_window(phrases, restriction, now)
        with self.connection.cursor() as cursor:
            cursor.execute(f"SELECT count(*) FILTER (WHERE w.document @@ q), count(*) "  # noqa: S608
                           f"FROM {window}", params)
            found, checked = cursor.fetchone()
        if checked <= self.phrase_window:
            return found, True
        if found:
            # Only the newest candidates were checked: at least this many match.
            return min(found, self.count_cap or found), False
        return super().count_bounded(parsed, restriction, now)

    def count_matches(self, parsed, restriction, now) -> int:
        phrases = self._phrase_queries(parsed)
        text = phrases[0] if phrases else parsed.text
        from_where, params = self._from_where(self._tsquery(text), restriction, now)
        if self.count_cap:
            sql = f"SELECT count(*) FROM (SELECT 1 FROM {from_where} LIMIT %s) AS m"  # noqa: S608
            params = params + [self.count_cap + 1]
        else:
            sql = f"SELECT count(*) FROM {from_where}"  # noqa: S608
        with self.connection.cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchone()[0]

    def empty_result_hint(self, parsed: ParsedQuery) -> str:
        with self.connection.cursor() as cursor:
            cursor.execute("SELECT numnode(websearch_to_tsquery(%s::regconfig, %s))",
                           [self.config, parsed.text])
            if cursor.fetchone()[0] == 0:
                return ("Those words are too common to search for on their own: "
                        "add a more specific word.")
        return ""

    def fetch_hits(self, parsed, restriction, now, *, offset: int, limit: int,
                   newest_only: int | None = None) -> list[SearchHit]:
        phrases = self._phrase_queries(parsed)
        if phrases is not None:
            window, params = self._phrase_window(phrases, restriction, now)
            candidates = (f"SELECT w.article_id, w.published_at, w.document, q "  # noqa: S608
                          f"FROM {window} WHERE w.document @@ q "
                          "ORDER BY w.article_id DESC LIMIT %s")
            hits = self._ranked_page(candidates, params, now, offset=offset, limit=limit)
            if hits:
                return hits
            # No phrase match among the newest candidates (count_bounded then counted them
            # all): look through every candidate.
        text = phrases[0] if phrases else parsed.text
        from_where, params = self._from_where(self._tsquery(text), restriction, now)
        candidates = (f"SELECT d.article_id, d.published_at, d.document, q "  # noqa: S608
                      f"FROM {from_where} ORDER BY d.article_id DESC LIMIT %s")
        return self._ranked_page(candidates, params, now, offset=offset, limit=limit)

    def _ranked_page(self, candidates: str, params: list, now: datetime, *, offset: int,
                     limit: int) -> list[SearchHit]:
        age_days = "greatest(0.0, extract(epoch from (%s - c.published_at)) / 86400.0)"
        options = (f"StartSel={MARK_START}, StopSel={MARK_END}, MaxWords=35, MinWords=15, "
                   "MaxFragments=2, FragmentDelimiter=\" … \"")
        whole = "HighlightAll=true, " + f"StartSel={MARK_START}, StopSel={MARK_END}"
        # Three steps, each on fewer rows: the newest matches (ids from GIN bitmaps, no
        # document read), the ranking of those (reads each one's tsvector), then ts_headline
        # (re-parses the text) on the one page.
        sql = (
            f"WITH c AS MATERIALIZED ({candidates}), "  # noqa: S608
            "r AS (SELECT c.article_id, c.q, "
            f"ts_rank_cd(%s::float4[], c.document, c.q, {RANK_NORMALIZATION}) * "
            f"{self.recency_factor_sql(age_days)} AS score FROM c "
            "ORDER BY score DESC, c.article_id DESC LIMIT %s OFFSET %s) "
            "SELECT r.article_id, r.score, "
            "ts_headline(%s::regconfig, d.headline, r.q, %s), "
            "ts_headline(%s::regconfig, d.standfirst, r.q, %s), "
            "ts_headline(%s::regconfig, d.body, r.q, %s) "
            f"FROM r JOIN {TABLE} d ON d.article_id = r.article_id "
            "ORDER BY r.score DESC, r.article_id DESC"
        )
        head = [self.config, whole, self.config, whole, self.config, options]
        with self.connection.cursor() as cursor:
            cursor.execute(sql, params + [self.max_ranked, self.weights, now, limit, offset]
                           + head)
            rows = cursor.fetchall()
        return [
            SearchHit(article_id=row[0], score=float(row[1]),
                      headline_html=self.best_snippet(None, row[2]),
                      snippet_html=self.best_snippet(row[3], row[4]))
            for row in rows
        ]
