"""Run a read-only job over many chunks in forked worker processes, results in order.

The Related rebuild scores every article against an index of several hundred megabytes;
forking lets the workers read the parent's index without copying or pickling it (pages are
shared until written, and the job never writes the large arrays). Each chunk's result is
computed exactly as it would be in the parent, so the output does not depend on the number
of workers; results come back in the order of the chunks.
"""

from __future__ import annotations

import itertools
import multiprocessing
import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Any

# The job of the pool being started: set just before the fork, inherited by the workers.
_job: dict[str, Any] = {}


def available_cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def can_fork() -> bool:
    return "fork" in multiprocessing.get_all_start_methods()


def map_in_order(function: Callable[[Any], Any], chunks: Sequence[Any], workers: int
                 ) -> Iterator[Any]:
    """``function(chunk)`` for every chunk, in order, over ``workers`` forked processes.

    ``function`` runs in the workers on the state the parent had when this was called."""
    if workers <= 1 or len(chunks) <= 1 or not can_fork():
        yield from map(function, chunks)
        return
    # Chunk numbers, not chunks, go through the pipe: the chunks, like the index, are
    # already in the workers' memory.
    _job["function"], _job["chunks"] = function, chunks
    try:
        pool = multiprocessing.get_context("fork").Pool(
            min(workers, len(chunks)), initializer=_start_worker)
    finally:
        _job.pop("function", None)
        _job.pop("chunks", None)
    try:
        yield from pool.imap(_run, range(len(chunks)), chunksize=1)
        pool.close()
    finally:
        pool.terminate()
        pool.join()


def _start_worker() -> None:
    # Each worker is one of the cores: BLAS threads on top would only contend.
    try:
        from threadpoolctl import threadpool_limits
    except ImportError:
        return
    _job["limits"] = threadpool_limits(1)


def _run(number: int) -> Any:
    return _job["function"](_job["chunks"][number])


def map_stream(function: Callable[[Any], Any], items: Iterable[Any], workers: int
               ) -> Iterator[Any]:
    """``function(item)`` for items read one by one in the calling thread, in order.

    Unlike :func:`map_in_order` the items are not known in advance (rows streamed from the
    database, which must be read by the thread that owns the connection): each is pickled
    to a worker as it comes, with a few in flight per worker. A stream of one item is
    handled here, without starting any process."""
    items = iter(items)
    first = next(items, _END)
    second = next(items, _END) if first is not _END else _END
    if second is _END or workers <= 1 or not can_fork():
        for item in (first, second):
            if item is not _END:
                yield function(item)
        yield from map(function, items)
        return
    _job["function"] = function
    try:
        pool = multiprocessing.get_context("fork").Pool(workers, initializer=_start_worker)
    finally:
        _job.pop("function", None)
    try:
        pending: deque = deque()
        for item in itertools.chain((first, second), items):
            pending.append(pool.apply_async(_apply, (item,)))
            while len(pending) > 2 * workers:
                yield pending.popleft().get()
        while pending:
            yield pending.popleft().get()
        pool.close()
    finally:
        pool.terminate()
        pool.join()


_END = object()


def _apply(item: Any) -> Any:
    return _job["function"](item)
