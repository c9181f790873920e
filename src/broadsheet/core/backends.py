"""Alias-keyed, pluggable backends configured like Django's ``CACHES`` and ``TASKS``.

A subsystem (search, counters, ...) declares one handler::

    search_backends = BackendHandler(
        "BROADSHEET_SEARCH_BACKENDS", default_config=_default_search_config,
        depends_on=("DATABASES",),
    )
    backend = search_backends["default"]

The setting maps an alias to ``{"BACKEND": "dotted.path.Class", "OPTIONS": {...}}``. When the
setting is absent, ``default_config()`` supplies it (so the default can follow the database in
use). Instances are created on first use, cached per alias, and dropped whenever the setting
(or one it depends on) changes, which is what ``override_settings`` in tests relies on.
"""

from __future__ import annotations

import threading
import weakref
from collections.abc import Callable, Iterator
from typing import Any, Generic, TypeVar

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.utils.module_loading import import_string

DEFAULT_ALIAS = "default"

T = TypeVar("T")

# Every live handler, so one receiver can reset those a changed setting concerns.
_handlers: weakref.WeakSet[BackendHandler] = weakref.WeakSet()


class InvalidBackendError(ImproperlyConfigured):
    """An alias that is not configured, or a configuration that cannot be loaded."""


class BackendHandler(Generic[T]):
    """Loads, caches and resets the backends named in one alias-keyed setting."""

    def __init__(
        self,
        setting_name: str,
        *,
        default_config: Callable[[], dict[str, dict[str, Any]]],
        depends_on: tuple[str, ...] = (),
        base_class: type | None = None,
    ) -> None:
        self.setting_name = setting_name
        self.default_config = default_config
        self.depends_on = frozenset(depends_on)
        self.base_class = base_class
        self._instances: dict[str, T] = {}
        self._lock = threading.Lock()
        _handlers.add(self)

    def configuration(self) -> dict[str, dict[str, Any]]:
        """The effective configuration: the setting, or the default when it is not given."""
        configured = getattr(settings, self.setting_name, None)
        config = configured if configured else self.default_config()
        if not isinstance(config, dict) or DEFAULT_ALIAS not in config:
            raise InvalidBackendError(
                f"{self.setting_name} must be a dict with a {DEFAULT_ALIAS!r} alias."
            )
        return config

    def create(self, alias: str) -> T:
        """A new backend instance for ``alias`` (not cached)."""
        config = self.configuration()
        try:
            entry = config[alias]
        except KeyError:
            raise InvalidBackendError(
                f"{self.setting_name} has no backend called {alias!r}."
            ) from None
        try:
            dotted_path = entry["BACKEND"]
        except (KeyError, TypeError):
            raise InvalidBackendError(
                f"{self.setting_name}[{alias!r}] needs a 'BACKEND' dotted path."
            ) from None
        try:
            backend_class = import_string(dotted_path)
        except ImportError as error:
            raise InvalidBackendError(
                f"{self.setting_name}[{alias!r}]: cannot import {dotted_path!r} ({error})."
            ) from error
        if self.base_class is not None and not (
            isinstance(backend_class, type) and issubclass(backend_class, self.base_class)
        ):
            raise InvalidBackendError(
                f"{dotted_path} is not a {self.base_class.__name__} subclass."
            )
        return backend_class(alias=alias, options=dict(entry.get("OPTIONS") or {}))

    def __getitem__(self, alias: str) -> T:
        instance = self._instances.get(alias)
        if instance is None:
            with self._lock:
                instance = self._instances.get(alias)
                if instance is None:
                    instance = self.create(alias)
                    self._instances[alias] = instance
        return instance

    @property
    def default(self) -> T:
        return self[DEFAULT_ALIAS]

    def __iter__(self) -> Iterator[str]:
        return iter(self.configuration())

    def all(self) -> list[T]:
        """Every configured backend (created as needed)."""
        return [self[alias] for alias in self]

    def reset(self) -> None:
        """Forget the cached instances; the next lookup reads the settings again."""
        with self._lock:
            self._instances.clear()


@receiver(setting_changed)
def _reset_on_setting_change(*, setting: str, **kwargs: Any) -> None:
    for handler in list(_handlers):
        if setting == handler.setting_name or setting in handler.depends_on:
            handler.reset()
