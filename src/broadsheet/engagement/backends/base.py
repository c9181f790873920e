"""The counter backend interface: buffer acknowledged events, fold them into the database."""

from __future__ import annotations

import uuid
from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any


@dataclass(frozen=True)
class Event:
    """One thing a reader did that a counter cares about."""

    kind: int
    article_id: int
    occurred_at: datetime
    widget: str = ""
    target_id: int | None = None
    reader_id: uuid.UUID | None = None


class CounterBackend:
    """Buffers events durably and folds them into hourly buckets and totals.

    Contract (every implementation passes ``tests/engagement/test_counter_contract.py``):

    * ``record`` returns only once the event is stored where a crash of the application
      process cannot lose it; the beacon acknowledges (sends its 2xx) after that.
    * An event with a ``dedupe_key`` seen within ``window`` is not recorded (returns False).
    * ``flush`` folds every buffered event into the counters exactly once, even if a previous
      flush died half way, and may run concurrently in several processes.
    """

    def __init__(self, *, alias: str, options: dict[str, Any]) -> None:
        self.alias = alias
        self.options = options

    def record(self, event: Event, *, dedupe_key: str | None, window: timedelta) -> bool:
        """Store one event durably unless its dedupe key was seen within ``window``."""
        raise NotImplementedError

    def pending_views(self, article_id: int) -> int:
        """Views of an article acknowledged but not yet folded (added to the shown total)."""
        return self.pending_views_of([article_id]).get(article_id, 0)

    def pending_views_of(self, article_ids: Collection[int]) -> dict[int, int]:
        """``pending_views`` of many articles in one query or round trip; articles without
        pending views may be left out."""
        raise NotImplementedError

    def pending_total(self) -> int:
        """How many events wait to be folded."""
        raise NotImplementedError

    def flush(self, *, now: datetime | None = None, batch_size: int = 5000) -> int:
        """Fold buffered events into the database; returns how many were folded."""
        raise NotImplementedError
