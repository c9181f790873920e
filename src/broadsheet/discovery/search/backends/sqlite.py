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
# Phrase matches are ranked by their words' bm25 (see SQLiteFTSBackend._hits), times 1 plus
# this when the phrase itself is in the headline or standfirst.
PHRASE_IN_HEADLINE_BOOST = 2.0


def _quoted(words: Iterable[str]) -> str:
    # Words hold only letters, digits and marks (see split_words), so wrapping them in
    # double quotes makes a string FTS5 reads as plain tokens, never as syntax.
    return '"' + " ".join(words) + '"'


def fts5_query(parsed: ParsedQuery, *, phrases: bool = True) -> str:
    """The FTS5 MATCH expression for a parsed query (only quoted tokens and operators).

    With ``phrases=False`` a phrase's words need not be next to each other (a superset:
    excluded phrases, which would then exclude too much, are left out)."""
    groups = []
    for group in parsed.alternatives:
        positives, negatives = [], []
        for clause in group:
            if clause.negated:
                if phrases or len(clause.words) == 1:
                    negatives.append(_quoted(clause.words))
            elif phrases:
                positives.append(_quoted(clause.words))
            else:
                positives.extend(_quoted([word]) for word in clause.words)
        expression = " AND ".join(positives)
        for negative in negatives:
            expression = f"({expression}) NOT {negative}"
        groups.append(f"({expression})")
    return " OR ".join(groups)


def has_phrase(parsed: ParsedQuery) -> bool:
    return any(len(c.words) > 1 for group in parsed.alternatives for c in group
               if not c.negated)


class SQLiteFTSBackend(SearchBackend):
    """FTS5 with bm25 column weights (headline > standfirst > topics/authors > body)."""

    #: A "quoted phrase" is checked on at most this many (+ 1) of the newest articles that
    #: have all its words; past that, the count is a lower bound. As many as are ranked.
    phrase_window = 2000

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.phrase_window = int(self.options.get("phrase_window", self.phrase_window))
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

    def _where(self, parsed: ParsedQuery, restriction, now: datetime, *,
               match: str | None = None) -> tuple[str, list]:
        # Scheduled articles are few: excluding them is a small set, where "published before
        # now" would be most of the archive.
        sql = (f"{TABLE} MATCH %s AND {TABLE}.rowid NOT IN "  # noqa: S608
               f"(SELECT article_id FROM {META} WHERE published_at > %s)")
        params: list = [match or fts5_query(parsed), now.timestamp()]
        if restriction is not None:
            sql += f" AND {TABLE}.rowid IN ({restriction[0]})"
            params.extend(restriction[1])
        return sql, params

    def _phrase_floor(self, parsed: ParsedQuery, restriction, now: datetime) -> int | None:
        """For a query with a "quoted phrase": the oldest rowid of the newest
        phrase_window + 1 articles holding all its words, the only ones checked for the
        phrase (None: there are no more, check them all)."""
        if not has_phrase(parsed):
            return None
        # Matching a phrase reads the positions of its words in every article that has them
        # (tens of milliseconds for common words at 100k articles); the candidates
        # themselves come from the word lists alone, newest first.
        where, params = self._where(parsed, restriction, now,
                                    match=fts5_query(parsed, phrases=False))
        with self.connection.cursor() as cursor:
            cursor.execute(f"SELECT {TABLE}.rowid FROM {TABLE} WHERE {where} "  # noqa: S608
                           f"ORDER BY {TABLE}.rowid DESC LIMIT 1 OFFSET %s",
                           params + [self.phrase_window])
            row = cursor.fetchone()
        # Like PostgreSQL, window + 1 candidates are checked; with fewer there are no more.
        return row[0] if row else None

    def _phrase_scope(self, parsed: ParsedQuery, restriction,
                      now: datetime) -> tuple[int, int] | None:
        """(lowest rowid checked, phrase matches from there) when only the newest candidates
        are checked for a phrase; None when every candidate is (see _phrase_floor)."""
        floor = self._phrase_floor(parsed, restriction, now)
        if floor is None:
            return None
        where, params = self._where(parsed, restriction, now)
        with self.connection.cursor() as cursor:
            cursor.execute(f"SELECT count(*) FROM {TABLE} WHERE {where} "  # noqa: S608
                           f"AND {TABLE}.rowid >= %s", params + [floor])
            found = cursor.fetchone()[0]
        # With no match among the newest candidates, every one is checked after all.
        return (floor, found) if found else None

    def fill_page(self, results, parsed, restriction, now, *, page: int) -> None:
        scope = self._phrase_scope(parsed, restriction, now)
        if scope is None:
            results.total, results.total_exact = super().count_bounded(parsed, restriction, now)
        else:
            # Only the newest candidates were checked: at least this many match.
            results.total, results.total_exact = min(scope[1], self.count_cap or scope[1]), False
        if results.total == 0:
            return
        results.pageable = min(results.total, self.max_ranked)
        results.page = min(max(1, int(page or 1)), results.num_pages)
        offset = (results.page - 1) * results.per_page
        results.hits = self._hits(
            parsed, restriction, now, lowest=scope[0] if scope else None, offset=offset,
            limit=min(results.per_page, results.pageable - offset),
            newest_only=self.max_ranked if results.total > self.max_ranked else None)

    def count_bounded(self, parsed, restriction, now) -> tuple[int, bool]:
        scope = self._phrase_scope(parsed, restriction, now)
        if scope is not None:
            return min(scope[1], self.count_cap or scope[1]), False
        return super().count_bounded(parsed, restriction, now)

    def count_matches(self, parsed, restriction, now) -> int:
        where, params = self._where(parsed, restriction, now)
        with self.connection.cursor() as cursor:
            cursor.execute(f"SELECT count(*) FROM {TABLE} WHERE {where}", params)  # noqa: S608
            return cursor.fetchone()[0]

    def fetch_hits(self, parsed, restriction, now, *, offset: int, limit: int,
                   newest_only: int | None = None) -> list[SearchHit]:
        scope = self._phrase_scope(parsed, restriction, now)
        return self._hits(parsed, restriction, now, lowest=scope[0] if scope else None,
                          offset=offset, limit=limit, newest_only=newest_only)

    def _hits(self, parsed: ParsedQuery, restriction, now: datetime, *, lowest: int | None,
              offset: int, limit: int, newest_only: int | None) -> list[SearchHit]:
        """A page of matches with rowid >= ``lowest`` (any when None), ranked among the
        ``newest_only`` newest when given."""
        where, params = self._where(parsed, restriction, now)
        exact = params[0]
        with self.connection.cursor() as cursor:
            if newest_only:
                # FTS5 walks a term's doclist in rowid order, so the Nth newest match is cheap
                # to find; ranking then only scores matches from there on.
                bounded = where + (f" AND {TABLE}.rowid >= %s" if lowest is not None else "")
                cursor.execute(f"SELECT {TABLE}.rowid FROM {TABLE} WHERE {bounded} "  # noqa: S608
                               f"ORDER BY {TABLE}.rowid DESC LIMIT 1 OFFSET %s",
                               params + ([lowest] if lowest is not None else [])
                               + [newest_only - 1])
                row = cursor.fetchone()
                if row:
                    lowest = max(lowest or 0, row[0])
        if lowest is not None:
            where += f" AND {TABLE}.rowid >= %s"
            params = params + [lowest]
        if has_phrase(parsed):
            # bm25() first counts the articles holding each phrase in the whole index (a full
            # phrase match, tens of milliseconds for common words); counting single words is
            # cheap. So phrase matches are ranked by their words (each of them holds the
            # phrase), and the phrase is checked once, on the same newest rows.
            relaxed, relaxed_params = self._where(parsed, restriction, now,
                                                  match=fts5_query(parsed, phrases=False))
            if lowest is not None:
                relaxed += f" AND {TABLE}.rowid >= %s"
                relaxed_params.append(lowest)
            # "+rowid": FTS5 must not take the IN list as rowids to look up one by one (that
            # would re-run the query for each).
            where = (f"{relaxed} AND +{TABLE}.rowid IN (SELECT {TABLE}.rowid "  # noqa: S608
                     f"FROM {TABLE} WHERE {where})")
            params = relaxed_params + params
            # Word counts cannot tell a headline holding the phrase from one holding its
            # words apart; bm25 of the phrase could (its column weights): so a phrase in the
            # headline or standfirst multiplies the score (checked on the same rows only).
            bound = f" AND {TABLE}.rowid >= %s" if lowest is not None else ""
            boost = (f"(1.0 + {PHRASE_IN_HEADLINE_BOOST!r} * (+{TABLE}.rowid IN "  # noqa: S608
                     f"(SELECT {TABLE}.rowid FROM {TABLE} WHERE {TABLE} MATCH %s{bound})))",
                     [f"{{headline standfirst}} : ({exact})",
                      *([lowest] if lowest is not None else [])])
            return self._ranked_page(where, params, exact, now, offset=offset, limit=limit,
                                     boost=boost)
        return self._ranked_page(where, params, exact, now, offset=offset, limit=limit)

    def _ranked_page(self, where: str, params: list, highlight_match: str, now: datetime, *,
                     offset: int, limit: int,
                     boost: tuple[str, list] = ("1.0", [])) -> list[SearchHit]:
        weights = ", ".join(repr(w) for w in self.weights)
        age_days = f"max(0.0, ({now.timestamp()!r} - m.published_at) / 86400.0)"
        # bm25() is negative (lower is better), so the recency factor (> 1) makes recent
        # matches more negative and they sort first. Ranking runs first and alone; highlight
        # and snippet (which re-read and re-tokenize the text) run on the one page only.
        sql = (
            f"WITH ranked AS (SELECT {TABLE}.rowid AS id, bm25({TABLE}, {weights}) * "  # noqa: S608
            f"{self.recency_factor_sql(age_days)} * {boost[0]} AS score "
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
            cursor.execute(sql, boost[1] + params + [limit, offset] + marks * 3
                           + [highlight_match])
            rows = cursor.fetchall()
        return [
            SearchHit(article_id=row[0], score=-float(row[1]),
                      headline_html=self.best_snippet(None, row[2]),
                      snippet_html=self.best_snippet(row[3], row[4]))
            for row in rows
        ]
