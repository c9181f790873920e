"""Most read and Trending, computed from the hourly view buckets.

Both read only the buckets of the window (so their cost grows with the articles read in it,
not with the number of views), join them to live articles, and are cached for at most
``BROADSHEET_RANKING_CACHE_SECONDS`` (60 s) per (list, window, section, length). The current
article is excluded *after* the cache lookup, so every article page shares one cached list.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.core.cache import cache
from django.db.models import (
    Case,
    ExpressionWrapper,
    F,
    FloatField,
    Q,
    QuerySet,
    Sum,
    Value,
    When,
)
from django.utils import timezone

from broadsheet.content.models import Article, Section
from broadsheet.content.selectors import article_cards
from broadsheet.engagement.aggregation import hour_start
from broadsheet.engagement.models import HourlyViews

WINDOWS: dict[str, int] = {"1h": 1, "24h": 24, "7d": 24 * 7, "30d": 24 * 30}
WINDOW_LABELS: dict[str, str] = {
    "1h": "Last hour", "24h": "Last 24 hours", "7d": "Last 7 days", "30d": "Last 30 days",
}
DEFAULT_WINDOW = "24h"
# Extra entries cached beyond ``limit`` so that excluding the current article (and a few
# others already on the page) still leaves a full list.
_EXCLUSION_ROOM = 10
# Trending looks back this many half-lives; older views weigh under 1/32 and are ignored.
_TRENDING_HALF_LIVES = 5


@dataclass(frozen=True)
class RankedArticle:
    """An article in a ranking with its score (views in the window, or decayed views)."""

    article: Article
    score: float

    @property
    def views(self) -> int:
        return int(round(self.score))


def _cache_seconds() -> int:
    return int(getattr(settings, "BROADSHEET_RANKING_CACHE_SECONDS", 60))


def _half_life_hours() -> float:
    return float(getattr(settings, "BROADSHEET_TRENDING_HALF_LIFE_HOURS", 6.0))


def _buckets(*, since: datetime, now: datetime, section: Section | None) -> QuerySet:
    queryset = HourlyViews.objects.filter(
        hour__gte=since, hour__lte=now,
        article__status=Article.Status.PUBLISHED, article__published_at__lte=now,
    )
    if section is not None:
        queryset = queryset.filter(Q(article__section=section)
                                   | Q(article__section__path__startswith=f"{section.path}/"))
    return queryset


def _with_articles(scored: list[tuple[int, float]]) -> list[RankedArticle]:
    cards = {a.pk: a for a in article_cards(Article.objects.filter(
        pk__in=[pk for pk, _ in scored]))}
    return [RankedArticle(article=cards[pk], score=float(score))
            for pk, score in scored if pk in cards]


def _cached(key: str, now: datetime | None, compute) -> list[RankedArticle]:
    if now is not None:
        # An explicit time is a question about the past or a test: never cached.
        return compute(now)
    ranked = cache.get(key)
    if ranked is None:
        ranked = compute(timezone.now())
        cache.set(key, ranked, _cache_seconds())
    return ranked


def _exclude(ranked: list[RankedArticle], exclude_ids, limit: int) -> list[RankedArticle]:
    excluded = set(exclude_ids)
    return [r for r in ranked if r.article.pk not in excluded][:limit]


def most_read(
    *,
    window: str = DEFAULT_WINDOW,
    section: Section | None = None,
    limit: int = 10,
    exclude_ids: tuple[int, ...] | list[int] | set[int] = (),
    now: datetime | None = None,
) -> list[RankedArticle]:
    """The live articles with the most views in the last hour, 24 hours, 7 or 30 days,
    site-wide or in a section (with its subsections), most read first."""
    if window not in WINDOWS:
        raise ValueError(f"Unknown window {window!r}; use one of {', '.join(WINDOWS)}.")
    size = limit + _EXCLUSION_ROOM

    def compute(at: datetime) -> list[RankedArticle]:
        since = hour_start(at) - timedelta(hours=WINDOWS[window] - 1)
        scored = list(
            _buckets(since=since, now=at, section=section)
            .values("article_id").annotate(score=Sum("views"))
            .order_by("-score", "-article__published_at", "article_id")
            .values_list("article_id", "score")[:size]
        )
        return _with_articles(scored)

    key = f"broadsheet:ranking:most_read:{window}:{section.pk if section else '-'}:{size}"
    return _exclude(_cached(key, now, compute), exclude_ids, limit)


def trending(
    *,
    section: Section | None = None,
    limit: int = 10,
    exclude_ids: tuple[int, ...] | list[int] | set[int] = (),
    now: datetime | None = None,
    half_life_hours: float | None = None,
) -> list[RankedArticle]:
    """Live articles by views that decay with a half-life (``BROADSHEET_TRENDING_HALF_LIFE_
    HOURS``, default 6 h): a fresh story rising fast beats an old one with a large total."""
    half_life = half_life_hours or _half_life_hours()
    if half_life <= 0:
        raise ValueError("The trending half-life must be positive.")
    horizon = min(24 * 30, max(1, math.ceil(half_life * _TRENDING_HALF_LIVES)))
    size = limit + _EXCLUSION_ROOM

    def compute(at: datetime) -> list[RankedArticle]:
        current = hour_start(at)
        weights = []
        for age_hours in range(horizon):
            bucket = current - timedelta(hours=age_hours)
            # Age from the middle of the bucket (the current, partial hour from its start).
            age = max(0.0, (at - bucket).total_seconds() / 3600 - (0.5 if age_hours else 0))
            weights.append(When(hour=bucket, then=ExpressionWrapper(
                F("views") * Value(0.5 ** (age / half_life)), output_field=FloatField())))
        scored = list(
            _buckets(since=current - timedelta(hours=horizon - 1), now=at, section=section)
            .values("article_id")
            .annotate(score=Sum(Case(*weights, default=Value(0.0), output_field=FloatField())))
            .order_by("-score", "-article__published_at", "article_id")
            .values_list("article_id", "score")[:size]
        )
        return _with_articles(scored)

    key = (f"broadsheet:ranking:trending:{half_life:g}:{section.pk if section else '-'}:"
           f"{size}")
    return _exclude(_cached(key, now, compute), exclude_ids, limit)
