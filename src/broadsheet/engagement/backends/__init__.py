"""Counter backends, configured by ``BROADSHEET_COUNTER_BACKENDS`` like Django's ``CACHES``.

The default needs no service: the database backend, or Redis when ``REDIS_URL`` is set.
Loading, caching and resetting on ``setting_changed`` come from ``broadsheet.core.backends``.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings

from broadsheet.core.backends import BackendHandler

from .base import CounterBackend, Event

DATABASE_BACKEND = "broadsheet.engagement.backends.database.DatabaseCounterBackend"
REDIS_BACKEND = "broadsheet.engagement.backends.redis.RedisCounterBackend"


def _default_config() -> dict[str, dict[str, Any]]:
    if getattr(settings, "REDIS_URL", ""):
        return {"default": {"BACKEND": REDIS_BACKEND, "OPTIONS": {"URL": settings.REDIS_URL}}}
    return {"default": {"BACKEND": DATABASE_BACKEND}}


counter_backends: BackendHandler[CounterBackend] = BackendHandler(
    "BROADSHEET_COUNTER_BACKENDS",
    default_config=_default_config,
    depends_on=("REDIS_URL", "DATABASES"),
    base_class=CounterBackend,
)


def get_counter_backend(alias: str = "default") -> CounterBackend:
    """The configured counter backend for ``alias`` (cached per process)."""
    return counter_backends[alias]


__all__ = ["CounterBackend", "Event", "counter_backends", "get_counter_backend"]
