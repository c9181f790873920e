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
import os
import threading
from collections.abc import Iterator
from datetime import datetime, timedelta

from django.db import connection, transaction
from django.utils import timezone

from .. import conf
from ..aggregation import fold_events
from ..models import EventKind, PendingEvent, VisitorSeen
from .base import CounterBackend, Event
from .groupcommit import GroupCommit

_READER_FIELD = PendingEvent._meta.get_field("reader_id")
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
            return self._write_one(event, dedupe_key, window)
        return self._group.submit((event, dedupe_key, window))

    def _write_batch(self, works) -> list[bool]:
        with sqlite_writer_lock(), transaction.atomic():
            return [self._write_one(*work) for work in works]

    def _write_one(self, event: Event, dedupe_key: str | None, window: timedelta) -> bool:
        if dedupe_key is not None and not self._claim(dedupe_key, event.occurred_at, window):
            return False
        table = connection.ops.quote_name(PendingEvent._meta.db_table)
        with connection.cursor() as cursor:
            cursor.execute(
                f"INSERT INTO {table} (kind, article_id, occurred_at, widget, "  # noqa: S608
                "target_id, reader_id) VALUES (%s, %s, %s, %s, %s, %s)",
                [int(event.kind), event.article_id,
                 connection.ops.adapt_datetimefield_value(event.occurred_at), event.widget,
                 event.target_id,
                 _READER_FIELD.get_db_prep_value(event.reader_id, connection)],
            )
        return True

    def _claim(self, key: str, now: datetime, window: timedelta) -> bool:
        # One statement across all workers: insert the key, or move its time forward only if
        # the previous counted event is older than the window. A row back means "count it".
        table = connection.ops.quote_name(VisitorSeen._meta.db_table)
        key_col = connection.ops.quote_name("key")
        with connection.cursor() as cursor:
            cursor.execute(
                f"INSERT INTO {table} ({key_col}, seen_at) VALUES (%s, %s) "  # noqa: S608
                f"ON CONFLICT ({key_col}) DO UPDATE SET seen_at = excluded.seen_at "
                f"WHERE {table}.seen_at <= %s RETURNING {key_col}",
                [key, connection.ops.adapt_datetimefield_value(now),
                 connection.ops.adapt_datetimefield_value(now - window)],
            )
            return cursor.fetchone() is not None

    def pending_views(self, article_id: int) -> int:
        table = connection.ops.quote_name(PendingEvent._meta.db_table)
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT COUNT(*) FROM {table} "  # noqa: S608
                           "WHERE article_id = %s AND kind = %s",
                           [article_id, int(EventKind.VIEW)])
            return cursor.fetchone()[0]

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
                PendingEvent.objects.filter(pk__in=[row[0] for row in rows]).delete()
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
