"""Full-text search over published articles, with one backend per database engine.

Configure with ``BROADSHEET_SEARCH_BACKENDS`` (alias-keyed, like ``CACHES``)::

    BROADSHEET_SEARCH_BACKENDS = {
        "default": {
            "BACKEND": "broadsheet.discovery.search.backends.postgresql.PostgresSearchBackend",
            "OPTIONS": {"config": "english"},
        }
    }

Without the setting, the backend follows the default database: SQLite FTS5 on SQLite,
PostgreSQL full-text search on PostgreSQL.
"""

from typing import Any

from django.conf import settings

from broadsheet.core.backends import BackendHandler

from .backends.base import SearchBackend, SearchFilters, SearchHit, SearchResults

SQLITE_BACKEND = "broadsheet.discovery.search.backends.sqlite.SQLiteFTSBackend"
POSTGRES_BACKEND = "broadsheet.discovery.search.backends.postgresql.PostgresSearchBackend"


def default_search_config() -> dict[str, dict[str, Any]]:
    """The search backend that matches the default database's engine."""
    engine = settings.DATABASES["default"]["ENGINE"]
    if "postgresql" in engine or "postgis" in engine:
        return {"default": {"BACKEND": POSTGRES_BACKEND, "OPTIONS": {}}}
    if "sqlite" in engine:
        return {"default": {"BACKEND": SQLITE_BACKEND, "OPTIONS": {}}}
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured(
        f"No built-in search backend for the database engine {engine!r}: "
        "set BROADSHEET_SEARCH_BACKENDS."
    )


search_backends: BackendHandler[SearchBackend] = BackendHandler(
    "BROADSHEET_SEARCH_BACKENDS",
    default_config=default_search_config,
    depends_on=("DATABASES",),
    base_class=SearchBackend,
)


def get_search_backend(alias: str = "default") -> SearchBackend:
    """The configured search backend for ``alias``."""
    return search_backends[alias]


__all__ = [
    "SearchBackend", "SearchFilters", "SearchHit", "SearchResults", "get_search_backend",
    "search_backends",
]
