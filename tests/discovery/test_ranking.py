"""Most read windows and Trending order, on hand-made hourly buckets."""

from datetime import timedelta

import pytest
from django.utils import timezone

from broadsheet.content import services as content_services
from broadsheet.discovery import ranking
from broadsheet.engagement.aggregation import hour_start
from broadsheet.engagement.models import HourlyViews
from tests.factories import ArticleFactory, SectionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def now():
    return timezone.now()


def views(article, *, hours_ago, n, now):
    HourlyViews.objects.create(article=article,
                               hour=hour_start(now) - timedelta(hours=hours_ago), views=n)


def headlines(ranked):
    return [r.article.headline for r in ranked]


def test_windows_count_only_their_hours(now):
    old = ArticleFactory(published_at=now - timedelta(days=20), headline="old")
    week = ArticleFactory(published_at=now - timedelta(days=5), headline="week")
    fresh = ArticleFactory(published=True, headline="fresh")
    views(old, hours_ago=24 * 20, n=1000, now=now)
    views(week, hours_ago=24 * 3, n=300, now=now)
    views(week, hours_ago=2, n=5, now=now)
    views(fresh, hours_ago=0, n=40, now=now)
    views(fresh, hours_ago=1, n=30, now=now)

    assert headlines(ranking.most_read(window="1h", now=now)) == ["fresh"]
    assert [(r.article.headline, r.views) for r in ranking.most_read(window="24h", now=now)] == [
        ("fresh", 70), ("week", 5)]
    assert headlines(ranking.most_read(window="7d", now=now)) == ["week", "fresh"]
    assert headlines(ranking.most_read(window="30d", now=now)) == ["old", "week", "fresh"]


def test_window_edges(now):
    article = ArticleFactory(published_at=now - timedelta(days=3), headline="edge")
    views(article, hours_ago=23, n=1, now=now)  # inside the 24 hours (current hour counts)
    views(article, hours_ago=24, n=100, now=now)  # outside
    assert ranking.most_read(window="24h", now=now)[0].views == 1


def test_only_live_articles_and_never_the_excluded_one(now):
    shown = ArticleFactory(published=True, headline="shown")
    withdrawn = ArticleFactory(published=True, headline="withdrawn")
    current = ArticleFactory(published=True, headline="current")
    for article, n in ((shown, 5), (withdrawn, 50), (current, 500)):
        views(article, hours_ago=0, n=n, now=now)
    content_services.article_unpublish(article=withdrawn)
    assert headlines(ranking.most_read(now=now, exclude_ids=[current.pk])) == ["shown"]


def test_section_includes_subsections(now):
    business = SectionFactory(name="Business")
    markets = SectionFactory(name="Markets", parent=business)
    sport = SectionFactory(name="Sport")
    a = ArticleFactory(published=True, section=markets, headline="markets story")
    b = ArticleFactory(published=True, section=business, headline="business story")
    c = ArticleFactory(published=True, section=sport, headline="sport story")
    for article, n in ((a, 3), (b, 2), (c, 10)):
        views(article, hours_ago=0, n=n, now=now)
    assert headlines(ranking.most_read(section=business, now=now)) == ["markets story",
                                                                       "business story"]


def test_trending_prefers_a_fresh_story_rising_fast_over_a_big_old_total(now):
    old_hit = ArticleFactory(published_at=now - timedelta(days=2), headline="old hit")
    rising = ArticleFactory(published_at=now - timedelta(hours=2), headline="rising")
    steady = ArticleFactory(published_at=now - timedelta(days=1), headline="steady")
    for hours_ago in range(20, 30):
        views(old_hit, hours_ago=hours_ago, n=200, now=now)  # 2,000 views, a day ago
    views(rising, hours_ago=1, n=60, now=now)
    views(rising, hours_ago=0, n=90, now=now)  # 150 views, now
    for hours_ago in range(0, 24):
        views(steady, hours_ago=hours_ago, n=5, now=now)  # 120 views, spread out

    assert headlines(ranking.most_read(window="7d", now=now))[0] == "old hit"
    assert headlines(ranking.trending(now=now)) == ["rising", "old hit", "steady"]
    # With a long half-life the big total wins again: the half-life is what decides.
    assert headlines(ranking.trending(now=now, half_life_hours=72))[0] == "old hit"


def test_trending_score_halves_every_half_life(now):
    article = ArticleFactory(published=True)
    views(article, hours_ago=6, n=100, now=now)
    score = ranking.trending(now=now, half_life_hours=6)[0].score
    minutes = now.minute + now.second / 60
    expected_age = 6 + minutes / 60 - 0.5
    assert score == pytest.approx(100 * 0.5 ** (expected_age / 6), rel=1e-4)


def test_rankings_are_cached_and_shared_across_pages(django_assert_num_queries):
    articles = [ArticleFactory(published=True) for _ in range(4)]
    now = timezone.now()
    for n, article in enumerate(articles):
        views(article, hours_ago=0, n=n + 1, now=now)
    with django_assert_num_queries(3):
        first = ranking.most_read(limit=3, exclude_ids=[articles[3].pk])
    with django_assert_num_queries(0):
        second = ranking.most_read(limit=3, exclude_ids=[articles[2].pk])
    assert [r.article.pk for r in first] == [articles[2].pk, articles[1].pk, articles[0].pk]
    assert [r.article.pk for r in second] == [articles[3].pk, articles[1].pk, articles[0].pk]


def test_query_count_does_not_grow_with_articles(now, django_assert_num_queries):
    section = SectionFactory()
    for n in range(25):
        views(ArticleFactory(published=True, section=section), hours_ago=n % 5, n=n, now=now)
    with django_assert_num_queries(3):
        assert len(ranking.most_read(limit=20, now=now)) == 20
    with django_assert_num_queries(3):
        assert len(ranking.trending(limit=20, now=now)) == 20


def test_unknown_window_is_refused():
    with pytest.raises(ValueError, match="Unknown window"):
        ranking.most_read(window="1y")
