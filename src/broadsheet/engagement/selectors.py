"""Every engagement read used by pages, the beacon, the admin and the recommender."""

from __future__ import annotations

import uuid
from collections.abc import Collection, Iterator
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.db.models import Count, OuterRef, QuerySet, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from broadsheet.content.models import Article
from broadsheet.core.shortcache import BatchCache

from . import conf
from .aggregation import hour_start
from .backends import get_counter_backend
from .models import ArticleStats, HourlyViews, Reaction, ReadEvent, WidgetStat


def article_view_total(*, article_id: int) -> int:
    """The article's folded all-time views (one query; what a page shows without JS)."""
    return article_view_totals(article_ids=[article_id]).get(article_id, 0)


def article_view_totals(*, article_ids: Collection[int]) -> dict[int, int]:
    """Folded all-time views of many articles in one query (articles without any left out)."""
    return dict(ArticleStats.objects.filter(article_id__in=article_ids)
                .values_list("article_id", "views"))


def article_live_views_of(*, article_ids: Collection[int]) -> dict[int, int]:
    """Folded views plus those acknowledged but still buffered (what the beacon returns), of
    many articles: one query for the totals, one for the buffer."""
    views = article_view_totals(article_ids=article_ids)
    for article_id, pending in get_counter_backend().pending_views_of(article_ids).items():
        views[article_id] = views.get(article_id, 0) + pending
    return views


def reaction_counts(*, article_id: int) -> dict[str, int]:
    """Count of each configured reaction type on an article (zeros included), one query."""
    return reaction_counts_of(article_ids=[article_id])[article_id]


def reaction_counts_of(*, article_ids: Collection[int]) -> dict[int, dict[str, int]]:
    """``reaction_counts`` of many articles in one query."""
    counts = {article_id: dict.fromkeys(conf.reaction_keys(), 0) for article_id in article_ids}
    for article_id, kind, n in (Reaction.objects.filter(article_id__in=article_ids)
                                .values("article_id", "kind").annotate(n=Count("id"))
                                .values_list("article_id", "kind", "n")):
        if kind in counts[article_id]:
            counts[article_id][kind] = n
    return counts


def reaction_of(*, article_id: int, voter_id: uuid.UUID | None) -> str | None:
    """The voter's own reaction to an article, if any."""
    if voter_id is None:
        return None
    return Reaction.objects.filter(article_id=article_id, voter_id=voter_id).values_list(
        "kind", flat=True).first()


@dataclass
class ReactionCount:
    key: str
    label: str
    emoji: str
    count: int


@dataclass
class ArticleEngagement:
    """What an article page shows of its engagement before the beacon refreshes it."""

    article_id: int
    views: int
    reactions: list[ReactionCount] = field(default_factory=list)


def article_engagement(*, article_id: int) -> ArticleEngagement:
    """Last known view total and reaction counts for an article page (two queries). The
    same for every reader, so the page stays cacheable."""
    counts = reaction_counts(article_id=article_id)
    return ArticleEngagement(
        article_id=article_id,
        views=article_view_total(article_id=article_id),
        reactions=[ReactionCount(key=r.key, label=r.label, emoji=r.emoji, count=counts[r.key])
                   for r in conf.reaction_types()],
    )


def with_view_counts(queryset: QuerySet[Article], *, now: datetime | None = None
                     ) -> QuerySet[Article]:
    """Annotate articles with ``views_total`` and ``views_24h`` (two subqueries, no extra
    query per row), e.g. for the admin's article list."""
    since = hour_start(now or timezone.now()) - timedelta(hours=23)
    last_day = (HourlyViews.objects.filter(article=OuterRef("pk"), hour__gte=since)
                .values("article").annotate(n=Sum("views")).values("n"))
    return queryset.annotate(
        views_total=Coalesce(Subquery(
            ArticleStats.objects.filter(article=OuterRef("pk")).values("views")[:1]), Value(0)),
        views_24h=Coalesce(Subquery(last_day[:1]), Value(0)),
    )


def articles_with_views(*, now: datetime | None = None) -> QuerySet[Article]:
    """All articles annotated with ``views_total`` and ``views_24h``."""
    return with_view_counts(Article.objects.all(), now=now)


def read_events_replay(
    *, since: datetime | None = None, until: datetime | None = None, chunk_size: int = 2000,
) -> Iterator[ReadEvent]:
    """Every stored reading event in time order (ties by id), streamed in chunks; what a
    recommender replays to train or evaluate."""
    queryset = ReadEvent.objects.order_by("occurred_at", "id")
    if since is not None:
        queryset = queryset.filter(occurred_at__gte=since)
    if until is not None:
        queryset = queryset.filter(occurred_at__lt=until)
    return queryset.iterator(chunk_size=chunk_size)


def reader_history(*, reader_id: uuid.UUID, limit: int = 50) -> list[ReadEvent]:
    """A reader's most recent reads, newest first."""
    return list(ReadEvent.objects.filter(reader_id=reader_id)
                .order_by("-occurred_at", "-id")[:limit])


def widget_stats(*, since: datetime | None = None) -> QuerySet[WidgetStat]:
    """Daily impressions and clicks per reading list, newest day first."""
    queryset = WidgetStat.objects.all()
    if since is not None:
        queryset = queryset.filter(date__gte=timezone.localdate(since))
    return queryset.order_by("-date", "widget")


# The beacon needs these for every article being read, in every process: each is refreshed
# for all the articles asked about lately by one query, not one query per article.
_live_ids = BatchCache(lambda ids: dict.fromkeys(
    Article.objects.live().filter(pk__in=ids).values_list("pk", flat=True), True),
    seconds=10, default=False)
_views = BatchCache(lambda ids: article_live_views_of(article_ids=ids), seconds=2, default=0)
# Reactions change far less often than views; the reacting reader's own process forgets its
# entry at once, other processes catch up within this time.
_reactions = BatchCache(lambda ids: reaction_counts_of(article_ids=ids), seconds=10)


def article_is_live(*, article_id: int) -> bool:
    """Whether readers can see the article (answer at most 10 s old, per process)."""
    return _live_ids.get(article_id)


@dataclass(frozen=True)
class BeaconSnapshot:
    views: int
    reactions: dict[str, int]


def beacon_snapshot(*, article_id: int) -> BeaconSnapshot:
    """Live views (folded + buffered) and reaction counts, at most 2 s old per process."""
    return BeaconSnapshot(views=_views.get(article_id), reactions=_reactions.get(article_id))


def note_counted_view(*, article_id: int) -> None:
    """Add a view this process just counted to its cached snapshot, so the next reader served
    by this process sees it at once (other processes see it when their snapshot expires)."""
    _views.replace(article_id, lambda views: views + 1)


def forget_cached(*, article_id: int) -> None:
    """Drop this process's short-lived answers about an article (after a change)."""
    _live_ids.forget(article_id)
    _views.forget(article_id)
    _reactions.forget(article_id)
