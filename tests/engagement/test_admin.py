"""The newsroom sees views per article and reading-list click-through in the admin."""

from datetime import date

import pytest
from bs4 import BeautifulSoup
from django.utils import timezone

from broadsheet.engagement.aggregation import hour_start
from broadsheet.engagement.models import ArticleStats, HourlyViews, WidgetStat
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db


def test_article_list_shows_views_last_day_and_total(client, editor):
    article = ArticleFactory(published=True, headline="Counted story")
    ArticleStats.objects.create(article=article, views=5000)
    HourlyViews.objects.create(article=article, hour=hour_start(timezone.now()), views=321)
    client.force_login(editor)
    response = client.get("/admin/content/article/")
    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "html.parser")
    headers = [th.get_text(strip=True) for th in soup.select("thead th")]
    assert "Views (24 h)" in headers and "Views (total)" in headers
    row = soup.select_one("tbody tr").get_text(" ", strip=True)
    assert "321" in row and "5000" in row
    assert client.get("/admin/content/article/?o=-7").status_code == 200


def test_views_and_widget_admins(client, editor):
    article = ArticleFactory(published=True)
    ArticleStats.objects.create(article=article, views=42)
    WidgetStat.objects.create(date=date(2025, 3, 4), widget="related", impressions=200,
                              clicks=13)
    client.force_login(editor)
    stats = client.get("/admin/engagement/articlestats/")
    assert stats.status_code == 200 and b"42" in stats.content
    widgets = client.get("/admin/engagement/widgetstat/")
    assert widgets.status_code == 200 and b"6.5%" in widgets.content
