"""Every engagement write: counting events, reactions, reading history, folding counters."""

from __future__ import annotations

import logging
import threading
import time
import uuid
from collections.abc import Iterable
from datetime import datetime, timedelta

from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.utils import timezone

from . import conf
from .aggregation import fold_events
from .backends import counter_backends, get_counter_backend
from .backends.base import Event
from .models import EventKind, Reaction, ReadEvent
from .visitor import Visitor, dedupe_key

logger = logging.getLogger(__name__)


_KINDS = frozenset(EventKind.values)


class EngagementError(ValueError):
    """A request the services refuse, with a message for the reader or client."""


def event_record(
    *,
    kind: int,
    article_id: int,
    visitor: Visitor,
    widget: str = "",
    target_id: int | None = None,
    now: datetime | None = None,
) -> bool:
    """Record one view, widget impression or widget click, at most once per visitor per
    de-duplication window. Returns whether it counted. Durable when it returns."""
    now = now or timezone.now()
    if kind not in _KINDS:
        raise EngagementError("Unknown event type.")
    if kind != EventKind.VIEW and widget not in conf.WIDGETS:
        raise EngagementError("Impressions and clicks need a known widget.")
    if widget and widget not in conf.WIDGETS:
        raise EngagementError("Unknown widget.")
    window = timedelta(minutes=conf.get("BROADSHEET_VIEW_DEDUPE_MINUTES"))
    extra = f"{widget}:{target_id or ''}" if kind != EventKind.VIEW else ""
    event = Event(
        kind=kind, article_id=article_id, occurred_at=now, widget=widget, target_id=target_id,
        # History only for readers who allow it, and only for reads.
        reader_id=visitor.reader_id if (kind == EventKind.VIEW and visitor.history_allowed)
        else None,
    )
    return get_counter_backend().record(
        event, dedupe_key=dedupe_key(visitor=visitor.hash, kind=kind, article_id=article_id,
                                     extra=extra),
        window=window,
    )


def counts_add_bulk(*, events: Iterable[Event]) -> int:
    """Fold events straight into the counters, skipping the buffer and de-duplication.

    For importing or simulating traffic in bulk (the demo); live traffic uses
    :func:`event_record`."""
    with transaction.atomic():
        return fold_events(events)


def counters_flush(*, now: datetime | None = None) -> int:
    """Fold every configured backend's buffered events into the counters."""
    return sum(backend.flush(now=now) for backend in counter_backends.all())


_last_flush = 0.0
_flush_guard = threading.Lock()


def counters_maybe_flush(*, now: datetime | None = None) -> int:
    """Fold buffered events if this process has not done so for a few seconds and no other
    process holds the flush lock. Beacon requests call it so counts stay fresh even without
    a worker; any error is logged, never shown to the reader (the events stay buffered).
    ``BROADSHEET_COUNTER_FLUSH_SECONDS = 0`` turns it off (a task or cron job folds instead)."""
    global _last_flush
    interval = conf.get("BROADSHEET_COUNTER_FLUSH_SECONDS")
    if interval <= 0 or time.monotonic() - _last_flush < interval:
        return 0
    if not _flush_guard.acquire(blocking=False):
        return 0
    try:
        _last_flush = time.monotonic()
        lock_key = "broadsheet:engagement:flush-lock"
        if not cache.add(lock_key, "1", timeout=max(1, int(interval))):
            return 0
        try:
            return counters_flush(now=now)
        finally:
            cache.delete(lock_key)
    except Exception:
        logger.exception("Folding buffered engagement events failed; they stay buffered")
        return 0
    finally:
        _flush_guard.release()


def reaction_set(*, article_id: int, voter_id: uuid.UUID, kind: str | None) -> str | None:
    """Set, change or (with ``kind=None``) remove one voter's reaction to an article.

    Returns the voter's reaction afterwards."""
    if kind is not None and kind not in conf.reaction_keys():
        raise EngagementError("Unknown reaction.")
    with transaction.atomic():
        if kind is None:
            Reaction.objects.filter(article_id=article_id, voter_id=voter_id).delete()
            return None
        updated = Reaction.objects.filter(article_id=article_id, voter_id=voter_id).update(
            kind=kind, updated_at=timezone.now())
        if not updated:
            try:
                with transaction.atomic():
                    Reaction.objects.create(article_id=article_id, voter_id=voter_id, kind=kind)
            except IntegrityError:
                # The same voter reacting twice at once: the second one changes it.
                Reaction.objects.filter(article_id=article_id, voter_id=voter_id).update(
                    kind=kind, updated_at=timezone.now())
    return kind


def reaction_rate_limited(*, visitor_hash: str, now: datetime | None = None) -> bool:
    """Count one reaction attempt; True when the visitor exceeded the per-minute limit."""
    now = now or timezone.now()
    key = f"broadsheet:engagement:react:{visitor_hash}:{int(now.timestamp() // 60)}"
    if cache.add(key, 1, timeout=90):
        count = 1
    else:
        try:
            count = cache.incr(key)
        except ValueError:
            cache.set(key, 1, timeout=90)
            count = 1
    return count > conf.get("BROADSHEET_REACTION_RATE_LIMIT_PER_MINUTE")


def reader_history_delete(*, reader_id: uuid.UUID) -> int:
    """Delete a reader's reading history (opt-out). Returns the events deleted.

    Buffered events are folded first, so none of the reader's reads still waiting in a
    buffer turns into history after the deletion."""
    try:
        counters_flush()
    except Exception:
        logger.exception("Folding before a history deletion failed")
    deleted, _ = ReadEvent.objects.filter(reader_id=reader_id).delete()
    return deleted


def history_prune(*, now: datetime | None = None, days: int | None = None) -> int:
    """Delete reading events older than the history period (``BROADSHEET_HISTORY_DAYS``)."""
    days = conf.get("BROADSHEET_HISTORY_DAYS") if days is None else days
    cutoff = (now or timezone.now()) - timedelta(days=days)
    deleted, _ = ReadEvent.objects.filter(occurred_at__lt=cutoff).delete()
    return deleted


def engagement_data_delete_all() -> None:
    """Delete every count, reaction, reading event and buffered event (demo resets)."""
    from .models import (
        ArticleStats,
        FlushCursor,
        HourlyViews,
        PendingEvent,
        VisitorSeen,
        WidgetStat,
    )

    with transaction.atomic():
        for model in (PendingEvent, VisitorSeen, HourlyViews, ArticleStats, Reaction, ReadEvent,
                      WidgetStat, FlushCursor):
            model.objects.all().delete()
