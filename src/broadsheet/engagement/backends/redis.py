"""The Redis counter backend: events go into a Redis stream by a script call.

Acknowledged means stored in Redis: the beacon answers after the script returns. The
application process can be killed at any moment without losing an acknowledged event; a
crash of the Redis server itself loses what its own persistence (AOF with ``appendfsync``)
does not keep, so production Redis for counters should run with AOF on.

Folding reads the stream in order from a cursor that is stored in the database in the same
transaction as the counts, so a flusher that dies after committing re-reads and skips those
entries instead of counting them twice; entries are deleted from Redis only after that.

When Redis cannot be reached the event is recorded by the database backend instead (short
socket timeouts, then Redis is left alone for a few seconds), so the site keeps counting.
"""

from __future__ import annotations

import logging
import threading
import time
import uuid
from collections.abc import Collection
from datetime import UTC, datetime, timedelta
from typing import Any

import redis
from django.conf import settings
from django.db import transaction

from ..aggregation import fold_events
from ..models import FlushCursor
from .base import CounterBackend, Event
from .database import DatabaseCounterBackend
from .groupcommit import GroupCommit

logger = logging.getLogger(__name__)

# One call records a batch of events. Per event, KEYS[2 + i] is its dedupe key ('' for none)
# and ARGV holds 5 fields: the entry (see _entry), kind, article, time and the window. The
# dedupe key holds the time of the last counted event, compared with the event's own time
# (not Redis's clock), so the window means the same as in the database backend; events are
# judged in order, so a repeat within the batch does not count.
_RECORD = """
local results = {}
for i = 1, #KEYS - 2 do
  local base = (i - 1) * 5
  local key, t, window = KEYS[2 + i], ARGV[base + 4], ARGV[base + 5]
  local counted = 1
  if key ~= '' then
    local last = redis.call('GET', key)
    if last and tonumber(last) > tonumber(t) - tonumber(window) then
      counted = 0
    else
      redis.call('SET', key, t, 'PX', math.max(1, math.floor(tonumber(window) / 1000)))
    end
  end
  if counted == 1 then
    redis.call('XADD', KEYS[1], '*', 'e', ARGV[base + 1])
    if ARGV[base + 2] == '1' then redis.call('HINCRBY', KEYS[2], ARGV[base + 3], 1) end
  end
  results[i] = counted
end
return results
"""

# Deletes entries already folded (id <= cursor) and takes them off the pending view counts;
# atomic inside Redis, and an entry is only subtracted by the call that deleted it.
_TRIM = """
local entries = redis.call('XRANGE', KEYS[1], '-', ARGV[1], 'COUNT', ARGV[2])
for _, entry in ipairs(entries) do
  local fields = entry[2]
  local kind, article
  for j = 1, #fields, 2 do
    if fields[j] == 'e' then kind, article = string.match(fields[j + 1], '^(%d+) (%d+) ')
    elseif fields[j] == 'k' then kind = fields[j + 1]
    elseif fields[j] == 'a' then article = fields[j + 1] end
  end
  if redis.call('XDEL', KEYS[1], entry[1]) == 1 and kind == '1' then
    if redis.call('HINCRBY', KEYS[2], article, -1) <= 0 then
      redis.call('HDEL', KEYS[2], article)
    end
  end
end
return #entries
"""


class RedisCounterBackend(CounterBackend):
    """Buffers events in a Redis stream; falls back to the database when Redis is down.

    OPTIONS: ``URL`` (default ``REDIS_URL``), ``KEY_PREFIX``, ``SOCKET_TIMEOUT`` (seconds),
    ``RETRY_AFTER`` (seconds to leave Redis alone after a failure).
    """

    def __init__(self, *, alias: str, options: dict[str, Any]) -> None:
        super().__init__(alias=alias, options=options)
        url = options.get("URL") or getattr(settings, "REDIS_URL", "")
        timeout = float(options.get("SOCKET_TIMEOUT", 0.25))
        self.client = redis.Redis.from_url(
            url, socket_timeout=timeout, socket_connect_timeout=timeout,
            retry_on_timeout=False,
        )
        prefix = options.get("KEY_PREFIX", "broadsheet:engagement")
        self.stream_key = f"{prefix}:events"
        self.pending_key = f"{prefix}:pending"
        self.seen_prefix = f"{prefix}:seen:"
        self.retry_after = float(options.get("RETRY_AFTER", 5.0))
        self.fallback = DatabaseCounterBackend(alias=f"{alias}-fallback", options={})
        self._record = _LeaderScript(self.client, _RECORD)
        self._group = GroupCommit(self._write_batch)
        self._trim = self.client.register_script(_TRIM)
        self._down_until = 0.0
        self._lock = threading.Lock()

    # -- availability ---------------------------------------------------------------------
    def _available(self) -> bool:
        return time.monotonic() >= self._down_until

    def _mark_down(self, error: Exception) -> None:
        with self._lock:
            self._down_until = time.monotonic() + self.retry_after
        logger.warning("Redis counter backend unavailable (%s); using the database", error)

    # -- recording ------------------------------------------------------------------------
    def record(self, event: Event, *, dedupe_key: str | None, window: timedelta) -> bool:
        """Stored in Redis before it returns; the events of concurrent requests in this
        process go in one script call (one round trip), as the database backend shares a
        commit."""
        if self._available():
            try:
                return self._group.submit((event, dedupe_key, window))
            except redis.RedisError as error:
                self._mark_down(error)
        return self.fallback.record(event, dedupe_key=dedupe_key, window=window)

    def _write_batch(self, works) -> list[bool]:
        keys = [self.stream_key, self.pending_key]
        args: list = []
        for event, dedupe_key, window in works:
            keys.append(f"{self.seen_prefix}{dedupe_key}" if dedupe_key else "")
            moment = _encode_time(event.occurred_at)
            args += [_entry(event, moment), int(event.kind), event.article_id, moment,
                     window // timedelta(microseconds=1)]
        return [bool(counted) for counted in self._record(keys, args)]

    def pending_views_of(self, article_ids: Collection[int]) -> dict[int, int]:
        ids = list(article_ids)
        counts = self.fallback.pending_views_of(ids)
        if ids and self._available():
            try:
                in_redis = self.client.hmget(self.pending_key, [str(a) for a in ids])
            except redis.RedisError as error:
                self._mark_down(error)
            else:
                for article_id, value in zip(ids, in_redis, strict=True):
                    if value:
                        counts[article_id] = counts.get(article_id, 0) + int(value)
        return counts

    def pending_total(self) -> int:
        in_redis = 0
        try:
            in_redis = int(self.client.xlen(self.stream_key))
        except redis.RedisError as error:
            self._mark_down(error)
        return in_redis + self.fallback.pending_total()

    # -- folding --------------------------------------------------------------------------
    def flush(self, *, now: datetime | None = None, batch_size: int = 5000) -> int:
        """Fold the database journal (events recorded while Redis was down), then the stream."""
        folded = self.fallback.flush(now=now, batch_size=batch_size)
        try:
            folded += self._flush_stream(batch_size=batch_size)
        except redis.RedisError as error:
            self._mark_down(error)
        return folded

    def _flush_stream(self, *, batch_size: int) -> int:
        folded = 0
        cursor = FlushCursor.objects.filter(stream=self.stream_key).first()
        if cursor is not None:
            self._trim_through(cursor.last_id, batch_size)  # left over by a crashed flusher
        while True:
            with transaction.atomic():
                cursor, _ = FlushCursor.objects.select_for_update().get_or_create(
                    stream=self.stream_key)
                entries = self.client.xrange(self.stream_key, min=f"({cursor.last_id}",
                                             max="+", count=batch_size)
                if not entries:
                    break
                fold_events(_decode(fields) for _, fields in entries)
                cursor.last_id = entries[-1][0].decode()
                cursor.save(update_fields=["last_id"])
            self._trim_through(cursor.last_id, batch_size)
            folded += len(entries)
            if len(entries) < batch_size:
                break
        return folded

    def _trim_through(self, last_id: str, batch_size: int) -> None:
        while self._trim(keys=[self.stream_key, self.pending_key],
                         args=[last_id, batch_size]) >= batch_size:
            pass

    def clear(self) -> None:
        """Delete this backend's keys (tests and benchmarks only)."""
        keys = [self.stream_key, self.pending_key, *self.client.scan_iter(f"{self.seen_prefix}*")]
        self.client.delete(*keys)


class _LeaderScript:
    """A Lua script called by one thread at a time (the group-commit leader) on a connection
    of its own. redis-py's general path (pool checkout and return, retry wrapper, response
    callbacks) takes more than twice the CPU of the round trip itself, once per batch of
    beacons."""

    def __init__(self, client: redis.Redis, source: str) -> None:
        self.client = client
        self.script = client.register_script(source)
        self.connection: redis.connection.AbstractConnection | None = None

    def __call__(self, keys: list[str], args: list) -> Any:
        if self.connection is None:
            self.connection = self.client.connection_pool.make_connection()
        try:
            try:
                return self._run(keys, args)
            except redis.exceptions.NoScriptError:  # Redis restarted or its scripts flushed
                self.client.script_load(self.script.script)
                return self._run(keys, args)
        except BaseException:
            # A reply may still be on its way: never read it as the next batch's answer.
            self.connection.disconnect()
            raise

    def _run(self, keys: list[str], args: list) -> Any:
        self.connection.send_command("EVALSHA", self.script.sha, len(keys), *keys, *args)
        return self.connection.read_response()


_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def _encode_time(moment: datetime) -> str:
    return str((moment - _EPOCH) // timedelta(microseconds=1))


def _entry(event: Event, moment: str) -> str:
    """An event as one stream field: a single value parses far faster when folding than six
    fields would (widget names never hold a space, see conf.WIDGETS)."""
    return (f"{int(event.kind)} {event.article_id} {moment} {event.target_id or ''} "
            f"{event.reader_id.hex if event.reader_id else ''} {event.widget}")


def _decode(fields: dict[bytes, bytes]) -> Event:
    packed = fields.get(b"e")
    if packed is not None:
        kind, article, moment, target, reader, widget = packed.decode().split(" ", 5)
    else:  # an entry written before events were packed into one field
        kind, article, moment = fields[b"k"], fields[b"a"], fields[b"t"]
        target, reader = fields.get(b"g", b"").decode(), fields.get(b"r", b"").decode()
        widget = fields.get(b"w", b"").decode()
    return Event(
        kind=int(kind),
        article_id=int(article),
        occurred_at=_EPOCH + timedelta(microseconds=int(moment)),
        widget=widget,
        target_id=int(target) if target else None,
        reader_id=uuid.UUID(hex=reader) if reader else None,
    )


__all__ = ["RedisCounterBackend"]
