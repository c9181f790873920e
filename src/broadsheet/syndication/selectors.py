"""Reads for feeds and sitemaps: each a fixed number of queries, whatever the archive size."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.conf import settings
from django.db.models import Count, Max, Q, QuerySet
from django.db.models.functions import TruncMonth
from django.http import HttpRequest
from django.utils import timezone

from broadsheet.content.models import Article, Author, Section, Topic
from broadsheet.content.selectors import article_cards

FEED_SIZE = 30
NEWS_SITEMAP_WINDOW = timedelta(hours=48)
NEWS_SITEMAP_MAX = 1000


@dataclass
class FeedScope:
    """What a feed covers: the whole site, or one section (with subsections), topic, author.

    It also carries the request, so per-item methods can build absolute URLs safely (a Feed
    instance is shared between threads and must not hold per-request state).
    """

    kind: str
    obj: Section | Topic | Author | None = None
    request: HttpRequest | None = None
    _last_modified: datetime | None = field(default=None, repr=False)
    _last_modified_known: bool = field(default=False, repr=False)

    def condition(self) -> Q:
        if self.kind == "section":
            return Q(section=self.obj) | Q(section__path__startswith=f"{self.obj.path}/")
        if self.kind == "topic":
            return Q(topics=self.obj)
        if self.kind == "author":
            return Q(credited_authors__author=self.obj)
        return Q()

    @property
    def key(self) -> str:
        return f"{self.kind}:{self.obj.pk if self.obj is not None else ''}"


def feed_scope(kind: str, request: HttpRequest | None = None, *, path: str = "",
               slug: str = "") -> FeedScope | None:
    """The scope for a feed URL, or None when its section, topic or author does not exist."""
    if kind == "site":
        return FeedScope(kind="site", request=request)
    if kind == "section":
        obj = Section.objects.select_related("parent__parent").filter(path=path).first()
    elif kind == "topic":
        obj = Topic.objects.filter(slug=slug).first()
    elif kind == "author":
        obj = Author.objects.filter(slug=slug).first()
    else:
        raise ValueError(f"Unknown feed kind {kind!r}")
    return FeedScope(kind=kind, obj=obj, request=request) if obj is not None else None


def feed_articles(scope: FeedScope, *, full_text: bool, limit: int = FEED_SIZE) -> list[Article]:
    """The newest live articles in scope with bylines, section and topics (3 queries)."""
    queryset = article_cards(Article.objects.live().filter(scope.condition()).distinct())
    if full_text:
        queryset = queryset.defer(None).defer("body")
    queryset = queryset.prefetch_related("topics")
    return list(queryset.order_by("-published_at", "-id")[:limit])


def feed_last_modified(scope: FeedScope, *, now: datetime | None = None) -> datetime | None:
    """When the feed last changed: an article in scope edited, unpublished or going live
    (a scheduled one reaching its time), or the section/topic/author itself renamed."""
    if scope._last_modified_known:
        return scope._last_modified
    now = now or timezone.now()
    live = Q(status=Article.Status.PUBLISHED, published_at__lte=now)
    found = Article.objects.filter(scope.condition()).exclude(
        status=Article.Status.DRAFT).aggregate(
        modified=Max("modified_at"), went_live=Max("published_at", filter=live))
    candidates = [found["modified"], found["went_live"]]
    if scope.obj is not None:
        candidates.append(scope.obj.modified_at)
    # Never a time in the future: a validator from the future would make clients keep a
    # stale copy until then.
    known = [c for c in candidates if c is not None and c <= now]
    scope._last_modified = max(known) if known else None
    scope._last_modified_known = True
    return scope._last_modified


def feed_etag(scope: FeedScope, variant: str) -> str | None:
    """A validator that changes with the feed's content, settings and format."""
    last_modified = feed_last_modified(scope)
    if last_modified is None:
        return None
    raw = "|".join([scope.key, variant, last_modified.isoformat(),
                    str(bool(settings.BROADSHEET_FEED_FULL_TEXT)),
                    settings.BROADSHEET_SITE_NAME])
    return hashlib.sha256(raw.encode()).hexdigest()[:32]


# --- sitemaps ---

def _sitemap_articles() -> QuerySet[Article]:
    # Stories whose canonical URL is elsewhere belong to the original's sitemap, not ours.
    return Article.objects.live().filter(source_url="")


def sitemap_months() -> list[tuple[datetime, datetime | None, int]]:
    """(first day of month, last modification, count) for each month with live articles."""
    tz = timezone.get_default_timezone()
    rows = (_sitemap_articles().annotate(month=TruncMonth("published_at", tzinfo=tz))
            .values("month").annotate(lastmod=Max("modified_at"), count=Count("id"))
            .order_by("-month"))
    return [(row["month"], row["lastmod"], row["count"]) for row in rows]


def sitemap_month_articles(year: int, month: int) -> QuerySet[Article]:
    """Live, non-syndicated articles published in a month (site time zone)."""
    tz = timezone.get_default_timezone()
    start = timezone.make_aware(datetime(year, month, 1), tz)
    end = timezone.make_aware(datetime(year + (month == 12), month % 12 + 1, 1), tz)
    return (_sitemap_articles().filter(published_at__gte=start, published_at__lt=end)
            .select_related("section")
            .only("id", "slug", "headline", "published_at", "modified_at", "updated_at",
                  "created_at", "hero_image", "hero_alt", "hero_caption", "hero_width",
                  "hero_height", "section__path", "section__id")
            .order_by("published_at", "id"))


def news_sitemap_articles(*, now: datetime | None = None) -> QuerySet[Article]:
    """Articles for the Google News sitemap: live in the last 48 hours, our own originals."""
    now = now or timezone.now()
    return (_sitemap_articles().filter(published_at__gte=now - NEWS_SITEMAP_WINDOW,
                                       published_at__lte=now)
            .select_related("section").defer("body", "body_html")
            .order_by("-published_at", "-id")[:NEWS_SITEMAP_MAX])


def sitemap_sections() -> QuerySet[Section]:
    """Every section with the time of its newest live article."""
    now = timezone.now()
    return Section.objects.annotate(
        lastmod=Max("articles__published_at", filter=Q(
            articles__status=Article.Status.PUBLISHED, articles__published_at__lte=now))
    ).order_by("path")


def sitemap_topics() -> QuerySet[Topic]:
    """Topics that have live articles, with the newest one's time."""
    now = timezone.now()
    return Topic.objects.annotate(
        lastmod=Max("articles__published_at", filter=Q(
            articles__status=Article.Status.PUBLISHED, articles__published_at__lte=now))
    ).filter(lastmod__isnull=False).order_by("slug")


def sitemap_authors() -> QuerySet[Author]:
    """Authors with live articles, with the newest one's time."""
    now = timezone.now()
    return Author.objects.annotate(
        lastmod=Max("bylines__article__published_at", filter=Q(
            bylines__article__status=Article.Status.PUBLISHED,
            bylines__article__published_at__lte=now))
    ).filter(lastmod__isnull=False).order_by("slug")


def newest_live_time() -> datetime | None:
    return Article.objects.live().aggregate(newest=Max("published_at"))["newest"]
