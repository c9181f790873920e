"""Group commit: concurrent writers share transactions, and nobody is answered early."""

import threading
import time

import pytest

from broadsheet.engagement.backends.groupcommit import GroupCommit


class SlowWriter:
    """Stands in for a transaction: records batches, takes a moment, can be made to fail."""

    def __init__(self, delay: float = 0.02, fail_on=None) -> None:
        self.delay = delay
        self.fail_on = fail_on
        self.batches: list[list[int]] = []
        self.committed: set[int] = set()
        self.lock = threading.Lock()
        self.in_flight = 0
        self.max_in_flight = 0

    def __call__(self, works):
        with self.lock:
            self.in_flight += 1
            self.max_in_flight = max(self.max_in_flight, self.in_flight)
        try:
            time.sleep(self.delay)
            if self.fail_on is not None and self.fail_on in works:
                raise RuntimeError("the database is gone")
            with self.lock:
                self.batches.append(list(works))
                self.committed.update(works)
            return [work * 10 for work in works]
        finally:
            with self.lock:
                self.in_flight -= 1


def _submit_all(group: GroupCommit, works, *, committed: set[int] | None = None):
    answers: dict[int, object] = {}
    early: list[int] = []

    def run(work):
        try:
            answers[work] = group.submit(work)
        except RuntimeError as error:
            answers[work] = error
        if committed is not None and work not in committed and not isinstance(
                answers[work], RuntimeError):
            early.append(work)

    threads = [threading.Thread(target=run, args=(work,)) for work in works]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=10)
    assert not any(thread.is_alive() for thread in threads), "a writer never got its answer"
    return answers, early


def test_one_writer_is_one_batch():
    writer = SlowWriter(delay=0)
    group = GroupCommit(writer)
    assert group.submit(7) == 70
    assert group.submit(8) == 80
    assert writer.batches == [[7], [8]]


def test_concurrent_writers_share_batches_and_each_gets_its_own_answer():
    writer = SlowWriter()
    group = GroupCommit(writer)
    answers, early = _submit_all(group, range(40), committed=writer.committed)
    assert answers == {work: work * 10 for work in range(40)}
    assert early == []  # nobody answered before their batch committed
    assert sorted(w for batch in writer.batches for w in batch) == list(range(40))
    assert len(writer.batches) < 40  # they did share
    assert writer.max_in_flight == 1  # one transaction at a time


def test_a_failed_batch_fails_every_writer_in_it_and_the_next_batch_still_runs():
    writer = SlowWriter(fail_on=3)
    group = GroupCommit(writer)
    answers, _ = _submit_all(group, range(20))
    failed = {work for work, answer in answers.items() if isinstance(answer, RuntimeError)}
    assert 3 in failed
    assert failed.isdisjoint(writer.committed)  # no failed writer was in a committed batch
    assert all(answers[w] == w * 10 for w in set(range(20)) - failed)
    assert group.submit(99) == 990  # leadership was handed on; the group still works


def test_batches_are_capped():
    writer = SlowWriter()
    group = GroupCommit(writer, max_batch=4)
    _submit_all(group, range(30))
    assert max(len(batch) for batch in writer.batches) <= 4


@pytest.mark.django_db(transaction=True)
def test_database_backend_counts_concurrent_views_once_each(settings):
    """Real threads, real transactions: distinct visitors all count, a repeat does not."""
    from datetime import timedelta

    from django.utils import timezone

    from broadsheet.engagement.backends.base import Event
    from broadsheet.engagement.backends.database import DatabaseCounterBackend
    from broadsheet.engagement.models import PendingEvent

    backend = DatabaseCounterBackend(alias="test", options={})
    now = timezone.now()
    results: list[bool] = []

    def view(key):
        from django.db import connections
        try:
            results.append(backend.record(Event(kind=1, article_id=1, occurred_at=now),
                                          dedupe_key=key, window=timedelta(minutes=30)))
        finally:
            connections.close_all()

    keys = [f"visitor-{n}" for n in range(12)] + ["visitor-0"]
    threads = [threading.Thread(target=view, args=(key,)) for key in keys]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=20)
    assert sorted(results) == [False] + [True] * 12
    assert PendingEvent.objects.count() == 12

