"""Search with SQLite's FTS5 extension (the default: needs no service)."""

from __future__ import annotations

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
)

TABLE = "discovery_search_fts"
META = "discovery_search_meta"
# Column order of the FTS5 table (see the discovery migration); bm25 weights follow it.
COLUMNS = ("headline", "standfirst", "topics", "authors", "body")
DEFAULT_WEIGHTS = {"headline": 10.0, "standfirst": 4.0, "topics": 3.0, "authors": 3.0,
                   "body": 1.0}
SNIPPET_TOKENS = 32


def _quoted(words: Iterable[str]) -> str:
    # Words hold only letters, digits and marks (see split_words), so wrapping them in
    # double quotes makes a string FTS5 reads as plain tokens, never as syntax.
    return '"' + " ".join(words) + '"'


def fts5_query(parsed: ParsedQuery) -> str:
    """The FTS5 MATCH expression for a parsed query (only quoted tokens and operators)."""
    groups = []
    for group in parsed.alternatives:
        positives = [_quoted(c.words) for c in group if not c.negated]
        negatives = [_quoted(c.words) for c in group if c.negated]
        expression = " AND ".join(positives)
        for negative in negatives:
            expression = f"({expression}) NOT {negative}"
        groups.append(f"({expression})")
    return " OR ".join(groups)


class SQLiteFTSBackend(SearchBackend):
    """FTS5 with bm25 column weights (headline > standfirst > topics/authors > body)."""

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        weights = {**DEFAULT_WEIGHTS, **(self.options.get("weights") or {})}
        self.weights = [float(weights.get(column, 0.0)) for column in COLUMNS]

    def write_documents(self, documents: Sequence[SearchDocument], *,
                        remove_ids: Iterable[int]) -> None:
        removed = [(i,) for i in remove_ids] + [(d.article_id,) for d in documents]
        with transaction.atomic(using=self.database), self.connection.cursor() as cursor:
            if removed:
                delete_text = f"DELETE FROM {TABLE} WHERE rowid = %s"  # noqa: S608
                delete_meta = f"DELETE FROM {META} WHERE article_id = %s"  # noqa: S608
                cursor.executemany(delete_text, removed)
                cursor.executemany(delete_meta, removed)
            if documents:
                cursor.executemany(
                    f"INSERT INTO {TABLE} (rowid, headline, standfirst, topics, "  # noqa: S608
                    "authors, body) VALUES (%s, %s, %s, %s, %s, %s)",
                    [(d.article_id, d.headline, d.standfirst, d.topics, d.authors, d.body)
                     for d in documents],
                )
                cursor.executemany(
                    f"INSERT INTO {META} (article_id, published_at) VALUES (%s, %s)",  # noqa: S608
                    [(d.article_id, d.published_at.timestamp()) for d in documents],
                )

    @contextmanager
    def rebuilding(self):
        # One transaction: readers keep the old index until the new one is complete.
        with transaction.atomic(using=self.database):
            with self.connection.cursor() as cursor:
                cursor.execute(f"DELETE FROM {TABLE}")  # noqa: S608
                cursor.execute(f"DELETE FROM {META}")  # noqa: S608
            yield
            with self.connection.cursor() as cursor:
                cursor.execute(f"INSERT INTO {TABLE}({TABLE}) VALUES ('optimize')")  # noqa: S608

    def indexed_count(self) -> int:
        with self.connection.cursor() as cursor:
            cursor.execute(f"SELECT count(*) FROM {TABLE}")  # noqa: S608
            return cursor.fetchone()[0]

    def _where(self, parsed: ParsedQuery, restriction, now: datetime) -> tuple[str, list]:
        # Scheduled articles are few: excluding them is a small set, where "published before
        # now" would be most of the archive.
        sql = (f"{TABLE} MATCH %s AND {TABLE}.rowid NOT IN "  # noqa: S608
               f"(SELECT article_id FROM {META} WHERE published_at > %s)")
        params: list = [fts5_query(parsed), now.timestamp()]
        if restriction is not None:
            sql += f" AND {TABLE}.rowid IN ({restriction[0]})"
            params.extend(restriction[1])
        return sql, params

    def count_matches(self, parsed, restriction, now) -> int:
        where, params = self._where(parsed, restriction, now)
        with self.connection.cursor() as cursor:
            cursor.execute(f"SELECT count(*) FROM {TABLE} WHERE {where}", params)  # noqa: S608
            return cursor.fetchone()[0]

    def fetch_hits(self, parsed, restriction, now, *, offset: int, limit: int,
                   newest_only: int | None = None) -> list[SearchHit]:
        where, params = self._where(parsed, restriction, now)
        if newest_only:
            # FTS5 walks a term's doclist in rowid order, so the Nth newest match is cheap to
            # find; ranking then only scores matches from there on.
            where += (f" AND {TABLE}.rowid >= (SELECT {TABLE}.rowid FROM {TABLE} "  # noqa: S608
                      f"WHERE {where} ORDER BY {TABLE}.rowid DESC LIMIT 1 OFFSET %s)")
            params = params + params + [newest_only - 1]
        weights = ", ".join(repr(w) for w in self.weights)
        age_days = f"max(0.0, ({now.timestamp()!r} - m.published_at) / 86400.0)"
        # bm25() is negative (lower is better), so the recency factor (> 1) makes recent
        # matches more negative and they sort first. Ranking runs first and alone; highlight
        # and snippet (which re-read and re-tokenize the text) run on the one page only.
        sql = (
            f"WITH ranked AS (SELECT {TABLE}.rowid AS id, bm25({TABLE}, {weights}) * "  # noqa: S608
            f"{self.recency_factor_sql(age_days)} AS score "
            f"FROM {TABLE} CROSS JOIN {META} m ON m.article_id = {TABLE}.rowid WHERE {where} "
            f"ORDER BY score, {TABLE}.rowid DESC LIMIT %s OFFSET %s) "
            f"SELECT ranked.id, ranked.score, "
            f"highlight({TABLE}, 0, %s, %s), highlight({TABLE}, 1, %s, %s), "
            f"snippet({TABLE}, 4, %s, %s, '…', {SNIPPET_TOKENS}) "
            f"FROM ranked CROSS JOIN {TABLE} ON {TABLE}.rowid = ranked.id "
            f"WHERE {TABLE} MATCH %s ORDER BY ranked.score, ranked.id DESC"
        )
        marks = [MARK_START, MARK_END]
        with self.connection.cursor() as cursor:
            cursor.execute(sql, params + [limit, offset] + marks * 3 + [params[0]])
            rows = cursor.fetchall()
        return [
            SearchHit(article_id=row[0], score=-float(row[1]),
                      headline_html=self.best_snippet(None, row[2]),
                      snippet_html=self.best_snippet(row[3], row[4]))
            for row in rows
        ]
