"""Group commit: the events of concurrent requests in one process share one transaction.

Each beacon must be durable before it is acknowledged, and a commit (SQLite writing its WAL
frames, PostgreSQL flushing its WAL) or a round trip to Redis costs more than the event's
own work. Both counter backends write through this.

When several request threads record at once, the first becomes the *leader*: it takes every
event queued so far, writes them in one transaction, commits, hands each thread its own
result, and passes leadership to a thread that queued meanwhile. A thread is only woken after
the transaction holding its event committed, so "acknowledged means committed" still holds;
if the transaction fails, every thread in it gets the error and nothing is acknowledged.

With one request at a time this is a plain transaction per event and costs nothing extra.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from typing import Any


class _Waiting:
    __slots__ = ("error", "lead", "ready", "result", "work")

    def __init__(self, work: Any) -> None:
        self.work = work
        # A held lock its owner blocks on until another thread releases it: the cheapest
        # one-shot signal between threads (an Event builds a Condition and a lock per wait,
        # and thousands of beacons a second each wait once).
        self.ready = threading.Lock()
        self.ready.acquire()
        self.result: Any = None
        self.error: BaseException | None = None
        self.lead = False


class GroupCommit:
    """Runs ``write_batch(works)`` for batches of concurrently submitted work items.

    ``write_batch`` gets the work items of one batch, in arrival order, and returns one
    result per item; it must do all of them in a single transaction."""

    def __init__(self, write_batch: Callable[[Sequence[Any]], Sequence[Any]],
                 max_batch: int = 256) -> None:
        self.write_batch = write_batch
        self.max_batch = max_batch
        self._lock = threading.Lock()
        self._queue: list[_Waiting] = []
        self._leading = False

    def submit(self, work: Any) -> Any:
        """Write ``work`` (in a batch with whatever else is waiting); its result once committed."""
        me = _Waiting(work)
        with self._lock:
            self._queue.append(me)
            if not self._leading:
                self._leading = me.lead = True
        if not me.lead:
            me.ready.acquire()
        if me.lead:
            self._lead()
        if me.error is not None:
            raise me.error
        return me.result

    def _lead(self) -> None:
        with self._lock:
            batch, self._queue = self._queue[: self.max_batch], self._queue[self.max_batch:]
        try:
            results = self.write_batch([waiting.work for waiting in batch])
            for waiting, result in zip(batch, results, strict=True):
                waiting.result = result
        except BaseException as error:  # every writer in the batch learns it failed
            for waiting in batch:
                waiting.error = error
        finally:
            with self._lock:
                if self._queue:
                    # Someone queued while we wrote: they lead the next batch.
                    self._queue[0].lead = True
                    self._queue[0].ready.release()
                else:
                    self._leading = False
            for waiting in batch:
                if not waiting.lead:
                    waiting.ready.release()
