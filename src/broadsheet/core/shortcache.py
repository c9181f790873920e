"""Per-process caches with a time limit, for answers a hot path must not fetch every time.

The beacon answers thousands of requests a second; asking the database (or even a shared
cache over the network) again for what this process answered a moment ago would bound its
throughput by reads. Each entry may be a few seconds old; callers that must see a change at
once key their entries with the page generation, which every content change bumps.
"""

from __future__ import annotations

import threading
import time
import weakref
from collections.abc import Callable, Hashable
from typing import Any

_instances: weakref.WeakSet[ShortCache] = weakref.WeakSet()


class ShortCache:
    """A dict of answers that expire ``seconds`` after they were computed."""

    def __init__(self, seconds: float, max_entries: int = 20000) -> None:
        self.seconds = seconds
        self.max_entries = max_entries
        self._entries: dict[Hashable, tuple[float, Any]] = {}
        self._guard = threading.Lock()
        self._computing: dict[Hashable, threading.Lock] = {}
        _instances.add(self)

    def get(self, key: Hashable, compute: Callable[[], Any]) -> Any:
        hit = self._entries.get(key)
        if hit is not None and hit[0] > time.monotonic():
            return hit[1]
        # One thread computes an expired entry while the others wait for it: under load every
        # request thread would otherwise miss at the same moment and compute it again.
        with self._guard:
            lock = self._computing.setdefault(key, threading.Lock())
        with lock:
            hit = self._entries.get(key)
            now = time.monotonic()
            if hit is not None and hit[0] > now:
                return hit[1]
            try:
                value = compute()
                self.put(key, value, now=now)
            finally:
                with self._guard:
                    self._computing.pop(key, None)
        return value

    def lookup(self, key: Hashable, default: Any = None) -> Any:
        """The cached value, or ``default`` when absent or expired."""
        hit = self._entries.get(key)
        if hit is not None and hit[0] > time.monotonic():
            return hit[1]
        return default

    def put(self, key: Hashable, value: Any, *, now: float | None = None) -> None:
        if len(self._entries) >= self.max_entries:
            # Crude but bounded: a full cache starts over rather than tracking recency.
            self._entries.clear()
        self._entries[key] = ((now or time.monotonic()) + self.seconds, value)

    def replace(self, key: Hashable, change: Callable[[Any], Any]) -> None:
        """Apply ``change`` to a cached value, keeping its expiry (no-op when absent)."""
        hit = self._entries.get(key)
        if hit is not None:
            self._entries[key] = (hit[0], change(hit[1]))

    def forget(self, key: Hashable) -> None:
        self._entries.pop(key, None)

    def clear(self) -> None:
        self._entries.clear()


def clear_all() -> None:
    """Forget every short-lived answer in this process (tests; after a bulk change)."""
    for instance in list(_instances):
        instance.clear()
