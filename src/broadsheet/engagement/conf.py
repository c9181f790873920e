"""Engagement settings with their defaults, read at call time (never at import time)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.signals import setting_changed
from django.dispatch import receiver

DEFAULT_REACTIONS: list[dict[str, str]] = [
    {"key": "very_good", "label": "Very good", "emoji": "👍"},
    {"key": "insightful", "label": "Insightful", "emoji": "💡"},
    {"key": "surprising", "label": "Surprising", "emoji": "😮"},
    {"key": "sad", "label": "Sad", "emoji": "😢"},
    {"key": "angry", "label": "Angry", "emoji": "😠"},
]

DEFAULTS: dict[str, Any] = {
    # Minutes during which a second view of one article by one visitor is not counted.
    "BROADSHEET_VIEW_DEDUPE_MINUTES": 30,
    "BROADSHEET_TRENDING_HALF_LIFE_HOURS": 6.0,
    # Days a reader's reading history is kept before the prune task deletes it.
    "BROADSHEET_HISTORY_DAYS": 90,
    # Seconds between the opportunistic folds of buffered counts made by beacon requests.
    "BROADSHEET_COUNTER_FLUSH_SECONDS": 5,
    "BROADSHEET_REACTION_RATE_LIMIT_PER_MINUTE": 30,
    # Proxies whose X-Forwarded-For is believed when computing the visitor's address.
    "BROADSHEET_TRUSTED_PROXIES": ["127.0.0.1", "::1"],
    # Dotted paths of callables(*, request, article_id, reader_id, new_reader) -> dict merged
    # into the beacon response (the Recommended list plugs in here).
    "BROADSHEET_BEACON_CONTRIBUTORS": [],
    "BROADSHEET_RANKING_CACHE_SECONDS": 60,
    "BROADSHEET_BEACON_MAX_BYTES": 2048,
}

WIDGETS = ("related", "most_read", "recommended", "trending")

READER_COOKIE = "bs_rid"
VOTER_COOKIE = "bs_vid"
OPT_OUT_COOKIE = "bs_optout"


_values: dict[str, Any] = {}


def get(name: str) -> Any:
    """A Broadsheet engagement setting, falling back to its documented default.

    Remembered until a setting changes: the beacon reads several per request, and each
    read through Django's lazy settings object costs more than the beacon's JSON parsing."""
    try:
        return _values[name]
    except KeyError:
        value = _values[name] = getattr(settings, name, DEFAULTS[name])
        return value


@receiver(setting_changed)
def _forget_values(**kwargs: Any) -> None:
    _values.clear()


@dataclass(frozen=True)
class ReactionType:
    key: str
    label: str
    emoji: str


def reaction_types() -> list[ReactionType]:
    """The configured reaction types, in display order."""
    configured = getattr(settings, "BROADSHEET_REACTIONS", None) or DEFAULT_REACTIONS
    return [ReactionType(key=r["key"], label=r["label"], emoji=r.get("emoji", ""))
            for r in configured]


def reaction_keys() -> list[str]:
    return [r.key for r in reaction_types()]


def cookie_secure() -> bool:
    """Cookies are Secure whenever the site runs over HTTPS (production)."""
    return bool(getattr(settings, "SESSION_COOKIE_SECURE", False))


def reader_cookie_max_age() -> int:
    """The reader id lives as long as the history it links (seconds)."""
    return int(get("BROADSHEET_HISTORY_DAYS")) * 24 * 3600
