"""One contract, every counter backend: counting, de-duplication, exactly-once folding."""

import uuid
from datetime import UTC, datetime, timedelta

import pytest
import redis
from django.db import DatabaseError

from broadsheet.engagement import services
from broadsheet.engagement.backends import DATABASE_BACKEND, REDIS_BACKEND, get_counter_backend
from broadsheet.engagement.backends.base import Event
from broadsheet.engagement.models import (
    ArticleStats,
    EventKind,
    HourlyViews,
    PendingEvent,
    ReadEvent,
    WidgetStat,
)
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db(transaction=False)

WINDOW = timedelta(minutes=30)
NOON = datetime(2025, 3, 4, 12, 10, tzinfo=UTC)


def view(article_id, *, at=NOON, reader=None):
    return Event(kind=EventKind.VIEW, article_id=article_id, occurred_at=at, reader_id=reader)


def stored_views(article_id) -> int:
    return ArticleStats.objects.filter(article_id=article_id).values_list(
        "views", flat=True).first() or 0


def test_recorded_views_are_pending_until_flushed_then_in_buckets_and_totals(
        counter_backend, article):
    for minute in range(3):
        assert counter_backend.record(view(article.pk, at=NOON + timedelta(minutes=minute)),
                                      dedupe_key=None, window=WINDOW)
    assert counter_backend.pending_views(article.pk) == 3
    assert stored_views(article.pk) == 0

    assert counter_backend.flush() == 3

    assert stored_views(article.pk) == 3
    assert counter_backend.pending_views(article.pk) == 0
    assert counter_backend.pending_total() == 0
    bucket = HourlyViews.objects.get(article=article)
    assert bucket.hour == datetime(2025, 3, 4, 12, tzinfo=UTC) and bucket.views == 3


def test_events_in_different_hours_go_to_different_buckets(counter_backend, article):
    counter_backend.record(view(article.pk, at=NOON), dedupe_key=None, window=WINDOW)
    counter_backend.record(view(article.pk, at=NOON + timedelta(hours=1)), dedupe_key=None,
                           window=WINDOW)
    counter_backend.flush()
    assert sorted(HourlyViews.objects.values_list("hour__hour", "views")) == [(12, 1), (13, 1)]


def test_dedupe_key_counts_once_per_window(counter_backend, article):
    key = "visitor-a"
    assert counter_backend.record(view(article.pk), dedupe_key=key, window=WINDOW)
    assert not counter_backend.record(view(article.pk, at=NOON + timedelta(minutes=29)),
                                      dedupe_key=key, window=WINDOW)
    assert counter_backend.record(view(article.pk), dedupe_key="visitor-b", window=WINDOW)
    # The window runs from the last *counted* view, not the last attempt.
    assert counter_backend.record(view(article.pk, at=NOON + timedelta(minutes=30)),
                                  dedupe_key=key, window=WINDOW)
    counter_backend.flush()
    assert stored_views(article.pk) == 3


def test_a_batch_of_concurrent_events_is_judged_like_one_event_at_a_time(counter_backend,
                                                                        article):
    """Both backends write the events of concurrent requests together (group commit); each
    event must still count or not exactly as if it had come alone."""
    other = ArticleFactory(published=True)
    assert counter_backend.record(view(article.pk, at=NOON - timedelta(minutes=10)),
                                  dedupe_key="recent", window=WINDOW)
    assert counter_backend.record(view(article.pk, at=NOON - timedelta(minutes=45)),
                                  dedupe_key="long-ago", window=WINDOW)

    reader = uuid.uuid4()

    def work(key, article_id, *, ms=0, window=WINDOW, reader=None):
        return (view(article_id, at=NOON + timedelta(milliseconds=ms), reader=reader), key,
                window)

    # The usual batch: distinct visitors, one window (PostgreSQL writes it in one statement).
    counted = counter_backend._write_batch([
        work("new", article.pk, reader=reader), work("recent", article.pk),
        work("long-ago", article.pk), work(None, other.pk),  # no dedupe key: always counts
    ])
    assert counted == [True, False, True, True]
    # Repeats and mixed windows (written key by key where one statement cannot do it).
    counted = counter_backend._write_batch([
        work("new", article.pk, ms=5),          # the same visitor again, milliseconds later
        work("second", article.pk), work("second", article.pk, ms=3),
        work("no-window", other.pk, window=timedelta(0)),
        work("no-window", other.pk, ms=1, window=timedelta(0)),
    ])
    assert counted == [False, True, False, True, True]
    assert counter_backend.pending_views(article.pk) == 2 + 3
    assert counter_backend.pending_views(other.pk) == 3
    assert counter_backend.pending_views_of([article.pk, other.pk, 999_999]) in (
        {article.pk: 5, other.pk: 3}, {article.pk: 5, other.pk: 3, 999_999: 0})
    # The window now runs from the batch's counted view.
    assert not counter_backend.record(view(article.pk, at=NOON + timedelta(minutes=29)),
                                      dedupe_key="long-ago", window=WINDOW)
    assert counter_backend.record(view(article.pk, at=NOON + timedelta(minutes=30)),
                                  dedupe_key="long-ago", window=WINDOW)
    counter_backend.flush()
    assert list(ReadEvent.objects.values_list("reader_id", "article_id", "occurred_at")) == [
        (reader, article.pk, NOON)]


def test_flush_is_idempotent(counter_backend, article):
    counter_backend.record(view(article.pk), dedupe_key=None, window=WINDOW)
    counter_backend.flush()
    assert counter_backend.flush() == 0
    assert stored_views(article.pk) == 1


def test_adds_to_existing_totals(counter_backend, article):
    counter_backend.record(view(article.pk), dedupe_key=None, window=WINDOW)
    counter_backend.flush()
    counter_backend.record(view(article.pk, at=NOON + timedelta(minutes=5)), dedupe_key=None,
                           window=WINDOW)
    counter_backend.flush()
    assert stored_views(article.pk) == 2
    assert HourlyViews.objects.get(article=article).views == 2
    assert ArticleStats.objects.get(article=article).last_viewed_at == NOON + timedelta(
        minutes=5)


def test_a_flush_that_dies_before_committing_loses_nothing(counter_backend, article,
                                                           monkeypatch):
    for minute in range(5):
        counter_backend.record(view(article.pk, at=NOON + timedelta(minutes=minute)),
                               dedupe_key=None, window=WINDOW)
    from broadsheet.engagement import aggregation

    real_fold = aggregation.fold_events

    def fold_then_die(events):
        real_fold(events)  # the counters are written...
        raise DatabaseError("flusher killed")  # ...but the transaction never commits

    monkeypatch.setattr("broadsheet.engagement.backends.database.fold_events", fold_then_die)
    monkeypatch.setattr("broadsheet.engagement.backends.redis.fold_events", fold_then_die)
    with pytest.raises(DatabaseError):
        counter_backend.flush()
    assert stored_views(article.pk) == 0
    monkeypatch.undo()

    assert counter_backend.flush() == 5
    assert stored_views(article.pk) == 5


def test_reads_of_readers_become_history_and_widget_events_become_daily_stats(
        counter_backend, article):
    reader = uuid.uuid4()
    counter_backend.record(view(article.pk, reader=reader), dedupe_key=None, window=WINDOW)
    counter_backend.record(view(article.pk), dedupe_key=None, window=WINDOW)
    for kind in (EventKind.IMPRESSION, EventKind.IMPRESSION, EventKind.CLICK):
        counter_backend.record(Event(kind=kind, article_id=0, occurred_at=NOON,
                                     widget="related", target_id=article.pk),
                               dedupe_key=None, window=WINDOW)
    counter_backend.flush()
    assert list(ReadEvent.objects.values_list("reader_id", "article_id")) == [
        (reader, article.pk)]
    stat = WidgetStat.objects.get(widget="related")
    assert (stat.impressions, stat.clicks, stat.ctr) == (2, 1, 0.5)
    assert stored_views(article.pk) == 2


def test_views_of_a_deleted_article_are_dropped_not_fatal(counter_backend, article):
    doomed = ArticleFactory(published=True)
    counter_backend.record(view(doomed.pk), dedupe_key=None, window=WINDOW)
    counter_backend.record(view(article.pk), dedupe_key=None, window=WINDOW)
    doomed.delete()
    counter_backend.flush()
    assert stored_views(article.pk) == 1
    assert counter_backend.pending_total() == 0


def test_counters_flush_service_folds_the_configured_backend(counter_backend, article):
    counter_backend.record(view(article.pk), dedupe_key=None, window=WINDOW)
    assert services.counters_flush() == 1
    assert stored_views(article.pk) == 1


# --- Redis-specific durability -------------------------------------------------------------

@pytest.fixture
def redis_backend(settings, redis_prefix):
    """The Redis counter backend on keys of its own, configured as the default."""
    url, prefix = redis_prefix
    settings.BROADSHEET_COUNTER_BACKENDS = {"default": {
        "BACKEND": REDIS_BACKEND, "OPTIONS": {"URL": url, "KEY_PREFIX": prefix}}}
    return get_counter_backend()

def test_redis_flusher_dying_after_commit_does_not_count_twice(redis_backend, article,
                                                               monkeypatch):
    for minute in range(4):
        redis_backend.record(view(article.pk, at=NOON + timedelta(minutes=minute)),
                       dedupe_key=None, window=WINDOW)

    def redis_gone(*args, **kwargs):
        raise redis.ConnectionError("lost Redis after the database commit")

    monkeypatch.setattr(redis_backend, "_trim_through", redis_gone)
    redis_backend.flush()
    assert stored_views(article.pk) == 4
    assert redis_backend.client.xlen(redis_backend.stream_key) == 4  # still there, not yet deleted
    monkeypatch.undo()
    redis_backend._down_until = 0

    redis_backend.flush()
    assert stored_views(article.pk) == 4
    assert redis_backend.client.xlen(redis_backend.stream_key) == 0
    assert redis_backend.pending_views(article.pk) == 0


def test_redis_entries_buffered_by_an_earlier_version_are_still_folded(redis_backend, article):
    # An upgrade can find events buffered in the layout of before (one field per attribute).
    micros = (NOON - datetime(1970, 1, 1, tzinfo=UTC)) // timedelta(microseconds=1)
    reader = uuid.uuid4()
    redis_backend.client.xadd(redis_backend.stream_key, {
        "k": 1, "a": article.pk, "t": micros, "w": "related", "g": "", "r": reader.hex})
    redis_backend.client.hincrby(redis_backend.pending_key, str(article.pk), 1)
    redis_backend.record(view(article.pk), dedupe_key=None, window=WINDOW)
    assert redis_backend.pending_views(article.pk) == 2

    assert redis_backend.flush() == 2
    assert stored_views(article.pk) == 2
    assert redis_backend.pending_views(article.pk) == 0
    old = ReadEvent.objects.get(reader_id=reader)
    assert (old.article_id, old.occurred_at, old.widget) == (article.pk, NOON, "related")


def test_redis_recording_survives_a_restart_that_lost_the_script_and_the_connection(
        redis_backend, article):
    assert redis_backend.record(view(article.pk), dedupe_key="a", window=WINDOW)
    redis_backend.client.script_flush()  # as after a Redis restart
    assert redis_backend.record(view(article.pk), dedupe_key="b", window=WINDOW)
    redis_backend._record.connection.disconnect()  # the server closed it
    assert redis_backend.record(view(article.pk), dedupe_key="c", window=WINDOW)
    assert not redis_backend.record(view(article.pk), dedupe_key="c", window=WINDOW)
    assert redis_backend.pending_views(article.pk) == 3
    assert PendingEvent.objects.count() == 0  # all in Redis, none fell back


def test_redis_down_falls_back_to_the_database_and_keeps_counting(settings, article):
    # Nothing listens on port 1: the connection is refused at once.
    settings.BROADSHEET_COUNTER_BACKENDS = {"default": {
        "BACKEND": REDIS_BACKEND, "OPTIONS": {"URL": "redis://127.0.0.1:1/0"}}}
    backend = get_counter_backend()
    assert backend.record(view(article.pk), dedupe_key="v", window=WINDOW)
    assert not backend.record(view(article.pk), dedupe_key="v", window=WINDOW)
    assert PendingEvent.objects.count() == 1
    assert backend.pending_views(article.pk) == 1
    assert backend.flush() == 1
    assert stored_views(article.pk) == 1


def test_redis_events_and_database_fallback_events_are_both_folded(redis_backend, article):
    redis_backend.record(view(article.pk), dedupe_key=None, window=WINDOW)
    redis_backend.fallback.record(view(article.pk), dedupe_key=None, window=WINDOW)
    assert redis_backend.pending_views(article.pk) == 2
    assert redis_backend.flush() == 2
    assert stored_views(article.pk) == 2


def test_database_backend_journal_holds_one_row_per_acknowledged_event(settings, article):
    settings.BROADSHEET_COUNTER_BACKENDS = {"default": {"BACKEND": DATABASE_BACKEND}}
    backend = get_counter_backend()
    backend.record(view(article.pk), dedupe_key="x", window=WINDOW)
    assert PendingEvent.objects.filter(article_id=article.pk).count() == 1
