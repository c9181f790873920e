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

_instances: weakref.WeakSet[ShortCache | BatchCache] = weakref.WeakSet()


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


class BatchCache:
    """Answers for the keys this process was asked about lately, reloaded all together.

    Every ``seconds``, one ``load_many(keys) -> {key: value}`` call refreshes every key asked
    for within the last ``keep_seconds`` (a key it leaves out gets ``default``); a key asked
    for the first time in between is loaded on its own. For per-article answers the beacon
    needs for every article being read: one query a refresh instead of one per article, so
    the cost follows the refresh rate, not the number of articles read.
    """

    def __init__(self, load_many: Callable[[list[Hashable]], dict[Hashable, Any]], *,
                 seconds: float, keep_seconds: float = 120.0, default: Any = None) -> None:
        self.load_many = load_many
        self.seconds = seconds
        self.keep_seconds = keep_seconds
        self.default = default
        self._values: dict[Hashable, Any] = {}
        self._asked: dict[Hashable, float] = {}
        self._fresh_until = 0.0
        self._refreshing = threading.Lock()
        _instances.add(self)

    def get(self, key: Hashable) -> Any:
        now = time.monotonic()
        self._asked[key] = now
        # One thread refreshes; the others answer from the values of a moment ago.
        if now >= self._fresh_until and self._refreshing.acquire(
                blocking=key not in self._values):
            try:
                if time.monotonic() >= self._fresh_until:
                    self._refresh(now)
            finally:
                self._refreshing.release()
        values = self._values  # a refresh may swap the dict meanwhile
        if key in values:
            return values[key]
        value = self._values[key] = self.load_many([key]).get(key, self.default)
        return value

    def _refresh(self, now: float) -> None:
        horizon = now - self.keep_seconds
        self._asked = {key: at for key, at in self._asked.items() if at > horizon}
        keys = list(self._asked)
        loaded = self.load_many(keys)
        self._values = {key: loaded.get(key, self.default) for key in keys}
        self._fresh_until = time.monotonic() + self.seconds

    def replace(self, key: Hashable, change: Callable[[Any], Any]) -> None:
        """Apply ``change`` to a cached value until the next refresh (no-op when absent)."""
        if key in self._values:
            self._values[key] = change(self._values[key])

    def forget(self, key: Hashable) -> None:
        self._values.pop(key, None)

    def clear(self) -> None:
        self._values = {}
        self._asked = {}
        self._fresh_until = 0.0


def clear_all() -> None:
    """Forget every short-lived answer in this process (tests; after a bulk change)."""
    for instance in list(_instances):
        instance.clear()
