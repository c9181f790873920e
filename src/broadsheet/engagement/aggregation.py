"""Folding events into the counters: hourly buckets, totals, widget days, reading history.

Increments are upserts (``INSERT ... ON CONFLICT DO UPDATE SET n = n + excluded.n``), which
SQLite and PostgreSQL both support, so the cost of a fold grows with the number of distinct
(article, hour) pairs in the batch, not with the number of events.
"""

from __future__ import annotations

import functools
from collections import Counter
from collections.abc import Iterable
from datetime import UTC, datetime, timedelta

from django.db import DEFAULT_DB_ALIAS, connection, connections
from django.utils import timezone

from broadsheet.content.models import Article

from .backends.base import Event
from .models import ArticleStats, EventKind, HourlyViews, ReadEvent, WidgetStat


def hour_start(moment: datetime) -> datetime:
    """The start of the UTC hour containing ``moment``."""
    return moment.astimezone(UTC).replace(minute=0, second=0, microsecond=0)


def _table(model) -> str:
    return connection.ops.quote_name(model._meta.db_table)


def _dt(value: datetime):
    return connection.ops.adapt_datetimefield_value(value)


def fold_events(events: Iterable[Event]) -> int:
    """Add events to the counters. Call inside the transaction that also removes them from
    their buffer, so that either both happen or neither does. Returns the events folded."""
    events = list(events)
    if not events:
        return 0
    article_ids = {e.article_id for e in events if e.kind == EventKind.VIEW}
    # Articles deleted since the event was acknowledged take their counts with them.
    existing = set(Article.objects.filter(pk__in=article_ids).values_list("pk", flat=True))

    hourly: Counter[tuple[int, datetime]] = Counter()
    totals: Counter[int] = Counter()
    last_seen: dict[int, datetime] = {}
    widget_days: Counter[tuple[object, str, int]] = Counter()
    reads: list[tuple] = []
    # Looked up once: every event passes through here, and each lookup through the
    # connection proxy costs more than the conversion itself.
    db = connections[DEFAULT_DB_ALIAS]
    adapt_time = db.ops.adapt_datetimefield_value
    reader_value = functools.partial(ReadEvent._meta.get_field("reader_id").get_db_prep_value,
                                     connection=db)
    for event in events:
        if event.kind == EventKind.VIEW:
            if event.article_id not in existing:
                continue
            hourly[(event.article_id, hour_start(event.occurred_at))] += 1
            totals[event.article_id] += 1
            previous = last_seen.get(event.article_id)
            if previous is None or event.occurred_at > previous:
                last_seen[event.article_id] = event.occurred_at
            if event.reader_id is not None:
                reads.append((reader_value(event.reader_id), event.article_id,
                              adapt_time(event.occurred_at), event.widget))
        elif event.widget:
            day = timezone.localdate(event.occurred_at)
            widget_days[(day, event.widget, event.kind)] += 1

    with connection.cursor() as cursor:
        if hourly:
            table = _table(HourlyViews)
            cursor.executemany(
                f"INSERT INTO {table} (article_id, hour, views) VALUES (%s, %s, %s) "  # noqa: S608
                f"ON CONFLICT (article_id, hour) DO UPDATE SET views = {table}.views + "
                "excluded.views",
                [(aid, _dt(hour), n) for (aid, hour), n in hourly.items()],
            )
        if totals:
            table = _table(ArticleStats)
            cursor.executemany(
                f"INSERT INTO {table} (article_id, views, last_viewed_at) "  # noqa: S608
                f"VALUES (%s, %s, %s) ON CONFLICT (article_id) DO UPDATE SET "
                f"views = {table}.views + excluded.views, last_viewed_at = CASE WHEN "
                f"{table}.last_viewed_at IS NULL OR excluded.last_viewed_at > "
                f"{table}.last_viewed_at THEN excluded.last_viewed_at "
                f"ELSE {table}.last_viewed_at END",
                [(aid, n, _dt(last_seen[aid])) for aid, n in totals.items()],
            )
        if widget_days:
            merged: dict[tuple[object, str], list[int]] = {}
            for (day, widget, kind), n in widget_days.items():
                counts = merged.setdefault((day, widget), [0, 0])
                counts[0 if kind == EventKind.IMPRESSION else 1] += n
            table = _table(WidgetStat)
            cursor.executemany(
                f"INSERT INTO {table} (date, widget, impressions, clicks) "  # noqa: S608
                f"VALUES (%s, %s, %s, %s) ON CONFLICT (date, widget) DO UPDATE SET "
                f"impressions = {table}.impressions + excluded.impressions, "
                f"clicks = {table}.clicks + excluded.clicks",
                [(connection.ops.adapt_datefield_value(day), widget, imp, clk)
                 for (day, widget), (imp, clk) in merged.items()],
            )
        if reads:
            # Tuples, not model instances: every read of every reader passes through here.
            cursor.executemany(
                f"INSERT INTO {_table(ReadEvent)} (reader_id, article_id, "  # noqa: S608
                "occurred_at, widget) VALUES (%s, %s, %s, %s)",
                reads,
            )
    return len(events)


def window_start(now: datetime, window: timedelta) -> datetime:
    """The first hourly bucket inside a window ending at ``now`` (the current hour counts)."""
    return hour_start(now) - window + timedelta(hours=1)
