import json
from datetime import timedelta

import feedparser
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from broadsheet.content import services
from tests.factories import ArticleFactory, AuthorFactory, SectionFactory, TopicFactory

pytestmark = pytest.mark.django_db


def _png() -> SimpleUploadedFile:
    from io import BytesIO

    from PIL import Image

    buffer = BytesIO()
    Image.new("RGB", (64, 32), "navy").save(buffer, "PNG")
    return SimpleUploadedFile("hero.png", buffer.getvalue(), content_type="image/png")


@pytest.fixture
def story():
    author = AuthorFactory(name="Agnes Whitlock")
    second = AuthorFactory(name="Rowan Pike")
    topics = [TopicFactory(name="Energy"), TopicFactory(name="Climate")]
    section = SectionFactory(name="Business")
    return ArticleFactory(
        published=True, section=section, authors=[author, second], topics=topics,
        headline="Wind farm output breaks record", standfirst="Turbines supplied half the grid.",
        body="Output peaked on **Sunday** night. See [the chart](/media/chart.png).",
        hero_image=_png(), hero_alt="Turbines at dusk", hero_credit="Photo desk")


def _parse(client, url, **headers):
    response = client.get(url, **headers)
    assert response.status_code == 200, response.content[:500]
    return response, feedparser.parse(response.content)


def test_site_rss_fields(client, story):
    response, feed = _parse(client, reverse("syndication:site-rss"))
    assert response["Content-Type"].startswith("application/rss+xml")
    assert feed.version == "rss20" and not feed.bozo
    assert feed.feed.title == "The Test Courier"
    assert feed.feed.link == "http://testserver/"
    assert feed.feed.language == "en-GB"
    entry = feed.entries[0]
    assert entry.title == story.headline
    assert entry.link == f"http://testserver{story.get_absolute_url()}"
    assert entry.summary == story.standfirst
    assert entry.author == "Agnes Whitlock and Rowan Pike"
    assert [t.term for t in entry.tags] == ["Climate", "Energy"]
    assert entry.published_parsed is not None
    content = entry.content[0].value
    assert "<strong>Sunday</strong>" in content
    assert 'href="http://testserver/media/chart.png"' in content
    enclosure = entry.enclosures[0]
    assert enclosure.href.startswith("http://testserver/media/articles/")
    assert enclosure.type == "image/png"
    assert int(enclosure.length) == story.hero_image.size > 0
    media = entry.media_content[0]
    assert media["medium"] == "image" and media["width"] == "64" and media["height"] == "32"


def test_site_atom_fields(client, story):
    response, feed = _parse(client, reverse("syndication:site-atom"))
    assert response["Content-Type"].startswith("application/atom+xml")
    assert feed.version == "atom10" and not feed.bozo
    entry = feed.entries[0]
    assert entry.title == story.headline
    assert [a.name for a in entry.authors] == ["Agnes Whitlock", "Rowan Pike"]
    assert entry.authors[1].href.endswith("/authors/rowan-pike/")
    assert entry.summary == story.standfirst
    assert "<strong>Sunday</strong>" in entry.content[0].value
    assert {t.term for t in entry.tags} == {"Energy", "Climate"}
    assert entry.updated_parsed is not None
    assert any(link.rel == "enclosure" and link.type == "image/png" for link in entry.links)


def test_summary_only_when_full_text_is_off(client, story, settings):
    settings.BROADSHEET_FEED_FULL_TEXT = False
    _, feed = _parse(client, reverse("syndication:site-rss"))
    entry = feed.entries[0]
    assert entry.summary == story.standfirst
    assert not any("Sunday" in c.value for c in entry.get("content", []))
    _, feed = _parse(client, reverse("syndication:site-atom"))
    assert not any("Sunday" in c.value for c in feed.entries[0].get("content", []))
    assert "Sunday" not in client.get(reverse("syndication:site-json")).content.decode()


def test_scoped_feeds_contain_only_their_articles(client, story):
    other = ArticleFactory(published=True, headline="Unrelated cricket result")
    topic = story.topics.get(name="Energy")
    author = story.authors.get(name="Rowan Pike")
    child = SectionFactory(name="Markets", parent=story.section)
    in_child = ArticleFactory(published=True, section=child, headline="Markets rally")
    for url, expected in [
        (reverse("syndication:section-rss", kwargs={"path": story.section.path}),
         {story.headline, in_child.headline}),
        (reverse("syndication:section-atom", kwargs={"path": child.path}), {in_child.headline}),
        (reverse("syndication:topic-rss", kwargs={"slug": topic.slug}), {story.headline}),
        (reverse("syndication:author-atom", kwargs={"slug": author.slug}), {story.headline}),
        (reverse("syndication:site-rss"), {story.headline, in_child.headline, other.headline}),
    ]:
        _, feed = _parse(client, url)
        assert {e.title for e in feed.entries} == expected, url
    _, feed = _parse(client, reverse("syndication:topic-rss", kwargs={"slug": topic.slug}))
    assert feed.feed.title == "Energy — The Test Courier"
    assert feed.feed.link == f"http://testserver{topic.get_absolute_url()}"


def test_unknown_scope_is_404(client):
    assert client.get(reverse("syndication:topic-rss", kwargs={"slug": "nope"})).status_code == 404
    assert client.get("/feeds/sections/nope/atom/").status_code == 404
    assert client.get(reverse("syndication:author-rss", kwargs={"slug": "x"})).status_code == 404


def test_drafts_scheduled_and_unpublished_stay_out(client):
    live = ArticleFactory(published=True, headline="Live story")
    ArticleFactory(headline="Draft story")
    ArticleFactory(published_at=timezone.now() + timedelta(hours=1), headline="Scheduled story")
    gone = ArticleFactory(published=True, headline="Withdrawn story")
    services.article_unpublish(article=gone)
    _, feed = _parse(client, reverse("syndication:site-rss"))
    assert [e.title for e in feed.entries] == [live.headline]


def test_conditional_get(client, story):
    url = reverse("syndication:site-rss")
    first = client.get(url)
    assert first.status_code == 200
    assert first["ETag"] and first["Last-Modified"]
    assert "public" in first["Cache-Control"]
    assert client.get(url, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304
    assert client.get(url, HTTP_IF_MODIFIED_SINCE=first["Last-Modified"]).status_code == 304
    services.article_update(article=story, headline="Wind farm output breaks record again")
    later = timezone.now() + timedelta(seconds=2)
    from unittest import mock

    with mock.patch("django.utils.timezone.now", return_value=later):
        services.article_update(article=story, standfirst="Now two thirds of the grid.")
        changed = client.get(url, HTTP_IF_NONE_MATCH=first["ETag"])
    assert changed.status_code == 200
    assert changed["ETag"] != first["ETag"]


def test_conditional_get_sees_a_scheduled_article_going_live(client):
    ArticleFactory(published=True, headline="Already out")
    at = timezone.now() + timedelta(hours=1)
    ArticleFactory(published_at=at, headline="Coming soon")
    url = reverse("syndication:site-atom")
    first = client.get(url)
    from unittest import mock

    with mock.patch("django.utils.timezone.now", return_value=at + timedelta(minutes=1)):
        after = client.get(url, HTTP_IF_NONE_MATCH=first["ETag"])
    assert after.status_code == 200
    assert "Coming soon" in after.content.decode()


def test_json_feed(client, story):
    syndicated = ArticleFactory(published=True, headline="Copied from the wire",
                                source_name="Wire Agency",
                                source_url="https://wire.example.com/story/1")
    response = client.get(reverse("syndication:site-json"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/feed+json")
    data = json.loads(response.content)
    assert data["version"] == "https://jsonfeed.org/version/1.1"
    assert data["title"] == "The Test Courier"
    assert data["feed_url"] == "http://testserver/feeds/site.json"
    items = {item["title"]: item for item in data["items"]}
    item = items[story.headline]
    assert item["url"] == f"http://testserver{story.get_absolute_url()}"
    assert item["id"] == item["url"]
    assert "<strong>Sunday</strong>" in item["content_html"]
    assert item["summary"] == story.standfirst
    assert [a["name"] for a in item["authors"]] == ["Agnes Whitlock", "Rowan Pike"]
    assert item["tags"] == ["Climate", "Energy"]
    assert item["image"].startswith("http://testserver/media/")
    assert item["date_published"].endswith(("+00:00", "+01:00"))
    assert items[syndicated.headline]["external_url"] == "https://wire.example.com/story/1"
    etag = response["ETag"]
    assert client.get(reverse("syndication:site-json"), HTTP_IF_NONE_MATCH=etag).status_code == 304


def test_site_url_setting_is_used_for_links(client, story, settings):
    settings.BROADSHEET_SITE_URL = "https://news.example.org"
    _, feed = _parse(client, reverse("syndication:site-rss"))
    assert feed.entries[0].link.startswith("https://news.example.org/")
    assert feed.entries[0].enclosures[0].href.startswith("https://news.example.org/media/")


def test_feed_rejects_post(client):
    assert client.post(reverse("syndication:site-rss")).status_code == 405


@pytest.mark.parametrize("name, kwargs", [
    ("syndication:site-rss", {}),
    ("syndication:site-atom", {}),
    ("syndication:site-json", {}),
    ("syndication:topic-rss", {"slug": "energy"}),
    ("syndication:author-atom", {"slug": "agnes-whitlock"}),
])
def test_feed_query_count_does_not_grow(client, name, kwargs):
    author = AuthorFactory(name="Agnes Whitlock")
    topic = TopicFactory(name="Energy")

    def add(n):
        for i in range(n):
            ArticleFactory(published=True, authors=[author, AuthorFactory()],
                           topics=[topic, TopicFactory()], headline=f"Story {i}")

    url = reverse(name, kwargs=kwargs)
    add(2)
    with CaptureQueriesContext(connection) as small:
        assert client.get(url).status_code == 200
    add(8)
    with CaptureQueriesContext(connection) as large:
        assert client.get(url).status_code == 200
    assert len(large) == len(small) <= 6
