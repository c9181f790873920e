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

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.config = str(self.options.get("config", "english"))
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
            cursor.execute(f"ANALYZE {TABLE}")

    def indexed_count(self) -> int:
        with self.connection.cursor() as cursor:
            cursor.execute(f"SELECT count(*) FROM {TABLE}")  # noqa: S608
            return cursor.fetchone()[0]

    def _from_where(self, parsed: ParsedQuery, restriction, now: datetime) -> tuple[str, list]:
        # The query text goes in as a parameter; websearch_to_tsquery accepts any input.
        sql = (f"{TABLE} d CROSS JOIN websearch_to_tsquery(%s::regconfig, %s) AS q "
               "WHERE d.document @@ q AND d.published_at <= %s")
        params: list = [self.config, parsed.text, now]
        if restriction is not None:
            sql += f" AND d.article_id IN ({restriction[0]})"
            params.extend(restriction[1])
        return sql, params

    def count_matches(self, parsed, restriction, now) -> int:
        from_where, params = self._from_where(parsed, restriction, now)
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
        from_where, params = self._from_where(parsed, restriction, now)
        age_days = "greatest(0.0, extract(epoch from (%s - c.published_at)) / 86400.0)"
        options = (f"StartSel={MARK_START}, StopSel={MARK_END}, MaxWords=35, MinWords=15, "
                   "MaxFragments=2, FragmentDelimiter=\" … \"")
        whole = "HighlightAll=true, " + f"StartSel={MARK_START}, StopSel={MARK_END}"
        # Three steps, each on fewer rows: the newest matches (for a common word the planner
        # walks the primary key backwards and stops early), their ranking, then ts_headline
        # (slow) on the one page.
        sql = (
            "WITH c AS MATERIALIZED (SELECT d.article_id, d.published_at, d.document, q "
            f"FROM {from_where} ORDER BY d.article_id DESC LIMIT %s), "
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
        candidates = self.max_ranked
        head = [self.config, whole, self.config, whole, self.config, options]
        with self.connection.cursor() as cursor:
            cursor.execute(sql, params + [candidates, self.weights, now, limit, offset] + head)
            rows = cursor.fetchall()
        return [
            SearchHit(article_id=row[0], score=float(row[1]),
                      headline_html=self.best_snippet(None, row[2]),
                      snippet_html=self.best_snippet(row[3], row[4]))
            for row in rows
        ]
