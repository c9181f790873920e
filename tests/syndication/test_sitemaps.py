import xml.etree.ElementTree as ET
from datetime import datetime, timedelta
from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from broadsheet.content import services
from tests.factories import ArticleFactory, AuthorFactory, SectionFactory, TopicFactory

pytestmark = pytest.mark.django_db

NS = {"sm": "http://www.sitemaps.org/schemas/sitemap/0.9",
      "image": "http://www.google.com/schemas/sitemap-image/1.1",
      "news": "http://www.google.com/schemas/sitemap-news/0.9"}
W3C = "%Y-%m-%dT%H:%M:%S%z"


def _xml(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    assert response["Content-Type"].startswith("application/xml")
    return ET.fromstring(response.content)


def _png():
    from PIL import Image

    buffer = BytesIO()
    Image.new("RGB", (40, 20), "teal").save(buffer, "PNG")
    return SimpleUploadedFile("hero.png", buffer.getvalue(), content_type="image/png")


def _when(year, month, day):
    return timezone.make_aware(datetime(year, month, day, 12), timezone.get_default_timezone())


def test_index_lists_fixed_news_and_monthly_sitemaps(client):
    ArticleFactory(published_at=_when(2024, 1, 5))
    ArticleFactory(published_at=_when(2024, 3, 9))
    ArticleFactory(published_at=_when(2024, 3, 20))
    ArticleFactory(headline="draft")
    root = _xml(client, reverse("syndication:sitemap-index"))
    assert root.tag == f"{{{NS['sm']}}}sitemapindex"
    locations = [e.findtext("sm:loc", namespaces=NS) for e in root.findall("sm:sitemap", NS)]
    assert locations == [
        "http://testserver/sitemaps/pages.xml", "http://testserver/sitemaps/sections.xml",
        "http://testserver/sitemaps/topics.xml", "http://testserver/sitemaps/authors.xml",
        "http://testserver/sitemaps/news.xml",
        "http://testserver/sitemaps/articles-2024-03.xml",
        "http://testserver/sitemaps/articles-2024-01.xml",
    ]
    for entry in root.findall("sm:sitemap", NS):
        datetime.strptime(entry.findtext("sm:lastmod", namespaces=NS), W3C)
    for location in locations:
        assert client.get(location.removeprefix("http://testserver")).status_code == 200


def test_monthly_sitemap_has_articles_lastmod_and_images(client):
    with_image = ArticleFactory(published_at=_when(2024, 3, 9), hero_image=_png(),
                                hero_alt="A teal square")
    plain = ArticleFactory(published_at=_when(2024, 3, 31))
    ArticleFactory(published_at=_when(2024, 4, 1))
    ArticleFactory(published_at=_when(2024, 3, 10), source_url="https://elsewhere.example/x",
                   source_name="Elsewhere")
    root = _xml(client, "/sitemaps/articles-2024-03.xml")
    urls = root.findall("sm:url", NS)
    locations = [u.findtext("sm:loc", namespaces=NS) for u in urls]
    assert locations == [f"http://testserver{with_image.get_absolute_url()}",
                         f"http://testserver{plain.get_absolute_url()}"]
    for url in urls:
        lastmod = datetime.strptime(url.findtext("sm:lastmod", namespaces=NS), W3C)
        assert lastmod.tzinfo is not None
    images = urls[0].findall("image:image/image:loc", NS)
    assert len(images) == 1 and images[0].text.startswith("http://testserver/media/articles/")
    assert urls[1].find("image:image", NS) is None


def test_unknown_or_empty_month_is_404(client):
    assert client.get("/sitemaps/articles-2024-13.xml").status_code == 404
    assert client.get("/sitemaps/articles-1999-01.xml").status_code == 404
    assert client.get("/sitemaps/whatever.xml").status_code == 404


def test_section_topic_author_sitemaps(client):
    author = AuthorFactory(name="Marta Solis")
    AuthorFactory(name="Idle Writer")
    topic = TopicFactory(name="Housing")
    TopicFactory(name="Empty topic")
    section = SectionFactory(name="Home news")
    ArticleFactory(published=True, section=section, authors=[author], topics=[topic])
    sections = _xml(client, "/sitemaps/sections.xml")
    assert f"http://testserver{section.get_absolute_url()}" in [
        u.findtext("sm:loc", namespaces=NS) for u in sections.findall("sm:url", NS)]
    topics = _xml(client, "/sitemaps/topics.xml")
    assert [u.findtext("sm:loc", namespaces=NS) for u in topics.findall("sm:url", NS)] == [
        f"http://testserver{topic.get_absolute_url()}"]
    authors = _xml(client, "/sitemaps/authors.xml")
    assert [u.findtext("sm:loc", namespaces=NS) for u in authors.findall("sm:url", NS)] == [
        f"http://testserver{author.get_absolute_url()}"]
    assert authors.find("sm:url/sm:lastmod", NS) is not None
    pages = _xml(client, "/sitemaps/pages.xml")
    assert pages.findtext("sm:url/sm:loc", namespaces=NS) == "http://testserver/"


def test_news_sitemap(client, settings):
    settings.LANGUAGE_CODE = "en-gb"
    now = timezone.now()
    fresh = ArticleFactory(published_at=now - timedelta(hours=3), headline="Fresh & new <story>")
    ArticleFactory(published_at=now - timedelta(hours=49), headline="Too old")
    ArticleFactory(published_at=now + timedelta(hours=1), headline="Not yet")
    ArticleFactory(published_at=now - timedelta(hours=1), headline="Syndicated",
                   source_url="https://wire.example/1", source_name="Wire")
    gone = ArticleFactory(published=True, headline="Withdrawn")
    services.article_unpublish(article=gone)
    root = _xml(client, reverse("syndication:news-sitemap"))
    urls = root.findall("sm:url", NS)
    assert len(urls) == 1
    url = urls[0]
    assert url.findtext("sm:loc", namespaces=NS) == f"http://testserver{fresh.get_absolute_url()}"
    news = url.find("news:news", NS)
    assert news.findtext("news:publication/news:name", namespaces=NS) == "The Test Courier"
    assert news.findtext("news:publication/news:language", namespaces=NS) == "en"
    assert news.findtext("news:title", namespaces=NS) == "Fresh & new <story>"
    published = datetime.strptime(news.findtext("news:publication_date", namespaces=NS), W3C)
    assert abs(published - fresh.published_at) < timedelta(seconds=1)


def test_robots_txt_names_sitemaps(client, settings):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    lines = response.content.decode().splitlines()
    assert "User-agent: *" in lines
    assert "Disallow: /admin/" in lines and "Disallow: /preview/" in lines
    assert "Sitemap: http://testserver/sitemap.xml" in lines
    assert "Sitemap: http://testserver/sitemaps/news.xml" in lines
    settings.BROADSHEET_SITE_URL = "https://news.example.org"
    assert "Sitemap: https://news.example.org/sitemap.xml" in client.get(
        "/robots.txt").content.decode()


def test_site_url_setting_is_used_in_sitemaps(client, settings):
    settings.BROADSHEET_SITE_URL = "https://news.example.org"
    article = ArticleFactory(published_at=_when(2024, 3, 9))
    index = _xml(client, reverse("syndication:sitemap-index"))
    assert index.findtext("sm:sitemap/sm:loc", namespaces=NS).startswith(
        "https://news.example.org/")
    month = _xml(client, "/sitemaps/articles-2024-03.xml")
    assert month.findtext("sm:url/sm:loc", namespaces=NS) == (
        f"https://news.example.org{article.get_absolute_url()}")


@pytest.mark.parametrize("url", ["/sitemap.xml", "/sitemaps/articles-2024-03.xml",
                                 "/sitemaps/news.xml", "/sitemaps/topics.xml",
                                 "/sitemaps/authors.xml", "/sitemaps/sections.xml"])
def test_sitemap_query_count_does_not_grow(client, url):
    def add(n, offset):
        for i in range(n):
            ArticleFactory(published_at=_when(2024, 3, 1 + i + offset),
                           authors=[AuthorFactory()], topics=[TopicFactory()])
            ArticleFactory(published_at=timezone.now() - timedelta(hours=i + 1 + offset))
            ArticleFactory(published_at=_when(2023, 1 + i + offset, 2))

    add(2, 0)
    with CaptureQueriesContext(connection) as small:
        assert client.get(url).status_code == 200
    add(5, 3)
    with CaptureQueriesContext(connection) as large:
        assert client.get(url).status_code == 200
    assert len(large) == len(small) <= 3
