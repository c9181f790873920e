"""The database counter backend: one journal row per event, folded in batches.

Acknowledged means committed: the beacon answers after the transaction holding the journal
row commits. On PostgreSQL that survives a crash of the application and of the database
server. On SQLite in WAL mode with ``synchronous=NORMAL`` (our settings) a committed
transaction survives the application process being killed (the WAL is in the operating
system's hands); it can be lost only if the whole machine loses power before the next
checkpoint.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import threading
from collections.abc import Collection, Iterator, Sequence
from datetime import datetime, timedelta

from django.db import connection, transaction
from django.utils import timezone

from .. import conf
from ..aggregation import fold_events
from ..models import EventKind, PendingEvent, VisitorSeen
from .base import CounterBackend, Event
from .groupcommit import GroupCommit

_READER_FIELD = PendingEvent._meta.get_field("reader_id")
Work = tuple[Event, str | None, timedelta]  # an event, its dedupe key, its window
_thread_lock = threading.Lock()
_lock_files: dict[str, int] = {}


@contextlib.contextmanager
def sqlite_writer_lock() -> Iterator[None]:
    """Queue SQLite writers of all processes in the kernel before they take the write lock.

    SQLite's own busy handler makes a blocked writer *sleep* (up to 100 ms at a time), so a
    few workers writing small transactions at once spend most of their time asleep. An
    ``flock`` on a file beside the database wakes the next writer the moment the previous
    one is done. Other databases need nothing of the sort."""
    name = str(connection.settings_dict.get("NAME") or "")
    if connection.vendor != "sqlite" or not name or name == ":memory:" or "mode=memory" in name:
        yield
        return
    with _thread_lock:
        fd = _lock_files.get(name)
        if fd is None:
            fd = os.open(f"{name}-engagement.lock", os.O_CREAT | os.O_RDWR, 0o600)
            _lock_files[name] = fd
        fcntl.flock(fd, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fd, fcntl.LOCK_UN)


class DatabaseCounterBackend(CounterBackend):
    """Buffers events in the ``PendingEvent`` journal table (works on SQLite and PostgreSQL)."""

    def __init__(self, *, alias: str, options: dict) -> None:
        super().__init__(alias=alias, options=options)
        self._group = GroupCommit(self._write_batch)

    def record(self, event: Event, *, dedupe_key: str | None, window: timedelta) -> bool:
        """Insert the journal row (and claim the dedupe key), committed before it returns;
        concurrent requests of this process share the transaction (group commit)."""
        if connection.in_atomic_block:
            # Inside the caller's transaction, a commit of ours would be only a savepoint:
            # never acknowledge other threads' events on it.
            return self._write([(event, dedupe_key, window)])[0]
        return self._group.submit((event, dedupe_key, window))

    def _write_batch(self, works: Sequence[Work]) -> list[bool]:
        if connection.vendor == "postgresql" and _one_statement_will_do(works):
            return self._write_in_one_statement(works)
        with sqlite_writer_lock(), transaction.atomic():
            return self._write(works)

    def _write_in_one_statement(self, works: Sequence[Work]) -> list[bool]:
        """PostgreSQL: claim the keys and insert the counted events in a single statement,
        run in autocommit, so that a batch is one round trip (BEGIN and COMMIT would be two
        more, and at a few events per batch they cost more than the writes)."""
        seen = connection.ops.quote_name(VisitorSeen._meta.db_table)
        pending = connection.ops.quote_name(PendingEvent._meta.db_table)
        key_col = connection.ops.quote_name("key")
        rows = ", ".join(["(%s, %s, %s, %s, %s, %s, %s)"] * len(works))
        params: list = []
        for event, key, _ in works:
            params += [key, int(event.kind), event.article_id, event.occurred_at, event.widget,
                       event.target_id, event.reader_id]
        window = works[0][2]
        params.append(min(event.occurred_at for event, _, _ in works) - window)
        with connection.cursor() as cursor:
            cursor.execute(
                f"WITH batch (key, kind, article_id, occurred_at, widget, target_id, "  # noqa: S608
                f"reader_id) AS (VALUES {rows}), "
                f"claimed AS (INSERT INTO {seen} ({key_col}, seen_at) "
                "SELECT key, occurred_at::timestamptz FROM batch WHERE key IS NOT NULL "
                f"ON CONFLICT ({key_col}) DO UPDATE SET seen_at = excluded.seen_at "
                f"WHERE {seen}.seen_at <= %s RETURNING {key_col}), "
                f"journal AS (INSERT INTO {pending} (kind, article_id, occurred_at, widget, "
                "target_id, reader_id) SELECT kind::smallint, article_id::bigint, "
                "occurred_at::timestamptz, widget, target_id::bigint, reader_id::uuid "
                f"FROM batch WHERE key IS NULL OR key IN (SELECT {key_col} FROM claimed)) "
                f"SELECT {key_col} FROM claimed",
                params,
            )
            claimed = {row[0] for row in cursor.fetchall()}
        return [key is None or key in claimed for _, key, _ in works]

    def _write(self, works: Sequence[Work]) -> list[bool]:
        """Claim the batch's dedupe keys and insert the counted events' journal rows: two
        statements for the whole batch, whatever its size (round trips are what cost)."""
        counted = [True] * len(works)
        first_of_key: dict[str, int] = {}
        repeats: list[int] = []
        for index, (_, key, _) in enumerate(works):
            if key is None:
                continue
            if key in first_of_key:
                repeats.append(index)  # one statement may not upsert a row twice
            else:
                first_of_key[key] = index
        by_window: dict[timedelta, list[int]] = {}
        for index in first_of_key.values():
            by_window.setdefault(works[index][2], []).append(index)
        for window, indexes in by_window.items():
            claimed = self._claim_many([works[i][1] for i in indexes],
                                       [works[i][0].occurred_at for i in indexes], window)
            for index in indexes:
                counted[index] = works[index][1] in claimed
        for index in repeats:  # the same visitor twice within a few milliseconds
            event, key, window = works[index]
            counted[index] = bool(self._claim_many([key], [event.occurred_at], window))
        self._insert_many([work[0] for work, ok in zip(works, counted, strict=True) if ok])
        return counted

    def _claim_many(self, keys: list[str], times: list[datetime], window: timedelta
                    ) -> set[str]:
        """The keys that count now. One statement across all workers: insert each key, or move
        its time forward only if its previous counted event is older than the window.

        A batch compares every key with its earliest event's time, so within the few
        milliseconds a batch spans the window errs on the side of counting once."""
        table = connection.ops.quote_name(VisitorSeen._meta.db_table)
        key_col = connection.ops.quote_name("key")
        adapt = connection.ops.adapt_datetimefield_value
        rows = ", ".join(["(%s, %s)"] * len(keys))
        params: list = []
        for key, moment in zip(keys, times, strict=True):
            params += [key, adapt(moment)]
        params.append(adapt(min(times) - window))
        with connection.cursor() as cursor:
            cursor.execute(
                f"INSERT INTO {table} ({key_col}, seen_at) VALUES {rows} "  # noqa: S608
                f"ON CONFLICT ({key_col}) DO UPDATE SET seen_at = excluded.seen_at "
                f"WHERE {table}.seen_at <= %s RETURNING {key_col}",
                params,
            )
            return {row[0] for row in cursor.fetchall()}

    def _insert_many(self, events: list[Event]) -> None:
        if not events:
            return
        table = connection.ops.quote_name(PendingEvent._meta.db_table)
        adapt = connection.ops.adapt_datetimefield_value
        rows = ", ".join(["(%s, %s, %s, %s, %s, %s)"] * len(events))
        params: list = []
        for event in events:
            params += [int(event.kind), event.article_id, adapt(event.occurred_at),
                       event.widget, event.target_id,
                       _READER_FIELD.get_db_prep_value(event.reader_id, connection)]
        with connection.cursor() as cursor:
            cursor.execute(
                f"INSERT INTO {table} (kind, article_id, occurred_at, widget, "  # noqa: S608
                f"target_id, reader_id) VALUES {rows}",
                params,
            )

    def pending_views_of(self, article_ids: Collection[int]) -> dict[int, int]:
        if not article_ids:
            return {}
        table = connection.ops.quote_name(PendingEvent._meta.db_table)
        among, ids = _among_ids("article_id", article_ids)
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT article_id, COUNT(*) FROM {table} "  # noqa: S608
                           f"WHERE kind = %s AND {among} GROUP BY article_id",
                           [int(EventKind.VIEW), ids])
            return dict(cursor.fetchall())

    def pending_total(self) -> int:
        return PendingEvent.objects.count()

    def flush(self, *, now: datetime | None = None, batch_size: int = 5000) -> int:
        """Fold journal rows batch by batch; each batch is folded and deleted atomically."""
        folded = 0
        while True:
            with sqlite_writer_lock(), transaction.atomic():
                # Tuples, not model instances: this runs over every event ever counted.
                rows = list(
                    PendingEvent.objects.select_for_update(skip_locked=True)
                    .order_by("id").values_list("id", "kind", "article_id", "occurred_at",
                                                "widget", "target_id", "reader_id")[:batch_size]
                )
                if not rows:
                    break
                fold_events(
                    Event(kind=kind, article_id=article_id, occurred_at=occurred_at,
                          widget=widget, target_id=target_id, reader_id=reader_id)
                    for _, kind, article_id, occurred_at, widget, target_id, reader_id in rows
                )
                _delete_journal_rows([row[0] for row in rows])
            folded += len(rows)
            if len(rows) < batch_size:
                break
        self.prune_seen(now=now)
        return folded

    def prune_seen(self, *, now: datetime | None = None) -> int:
        """Forget dedupe keys older than the window: they can no longer stop a count."""
        window = timedelta(minutes=conf.get("BROADSHEET_VIEW_DEDUPE_MINUTES"))
        cutoff = (now or timezone.now()) - window
        deleted, _ = VisitorSeen.objects.filter(seen_at__lt=cutoff).delete()
        return deleted


def _one_statement_will_do(works: Sequence[Work]) -> bool:
    """One window for the whole batch, and no visitor twice (one statement cannot upsert a
    row twice): true of nearly every batch."""
    keys = [key for _, key, _ in works if key is not None]
    return len({window for _, _, window in works}) == 1 and len(set(keys)) == len(keys)


def _delete_journal_rows(ids: list[int]) -> None:
    """Delete folded journal rows by id."""
    table = connection.ops.quote_name(PendingEvent._meta.db_table)
    among, param = _among_ids("id", ids)
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {table} WHERE {among}", [param])  # noqa: S608


def _among_ids(column: str, ids: Collection[int]) -> tuple[str, object]:
    """A condition "column is one of ids" with the ids as one parameter: thousands of ids
    cost more to pass as thousands of parameters than the query itself."""
    if connection.vendor == "postgresql":
        return f"{column} = ANY(%s)", list(ids)
    return (f"{column} IN (SELECT value FROM json_each(%s))",  # noqa: S608
            json.dumps(list(ids)))
