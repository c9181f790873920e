"""Public pages are served from the server cache until the content they show changes."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from broadsheet.content import services
from tests.factories import ArticleFactory, AuthorFactory, SectionFactory, TopicFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def article():
    return ArticleFactory(published=True, headline="Ferry contract delayed",
                          section=SectionFactory(name="News"))


def _get(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return response, len(queries)


def test_second_request_is_served_from_the_cache(client, article):
    client.get(article.get_absolute_url())  # computes the story's Related list once
    cache.clear()
    first, cold = _get(client, article.get_absolute_url())
    second, warm = _get(client, article.get_absolute_url())
    assert second.content == first.content
    assert second["Content-Type"] == first["Content-Type"]
    assert "public" in second["Cache-Control"]
    assert warm <= 1 < cold


@pytest.mark.parametrize("change", [
    lambda a: services.article_update(article=a, headline="Ferry contract signed"),
    lambda a: services.article_unpublish(article=a),
    lambda a: services.correction_add(article=a, text="An earlier version misnamed the port."),
    lambda a: services.article_set_topics(article=a, topics=[TopicFactory(name="Ferries")]),
    lambda a: services.article_set_authors(article=a, authors=[AuthorFactory(name="Ida Moss")]),
    lambda a: services.section_update(section=a.section, name="Home news"),
], ids=["edit", "unpublish", "correction", "topics", "byline", "section"])
def test_any_change_to_what_the_page_shows_reaches_readers_at_once(client, article, change,
                                                                   django_capture_on_commit_callbacks):
    url = article.get_absolute_url()
    before = client.get(url).content
    client.get("/")
    with django_capture_on_commit_callbacks(execute=True):
        change(article)
    after = client.get(url)
    assert after.status_code == 404 or after.content != before
    _, home_queries = _get(client, "/")
    assert home_queries > 1, "the home page was served from a retired cache entry"


def test_cache_can_be_turned_off(client, article, settings):
    settings.BROADSHEET_PAGE_CACHE_SECONDS = 0
    _get(client, "/")
    _, again = _get(client, "/")
    assert again > 1


def test_hosts_and_query_strings_are_cached_separately(client, article, settings):
    settings.ALLOWED_HOSTS = ["testserver", "news.example"]
    section_url = article.section.get_absolute_url()
    assert client.get(section_url, HTTP_HOST="news.example").content != client.get(
        section_url).content  # absolute URLs in the page name the host
    ArticleFactory.create_batch(3, published=True, section=article.section)
    settings.BROADSHEET_PAGE_SIZE = 2
    assert client.get(section_url + "?page=2").content != client.get(section_url).content


def test_errors_are_never_cached(client):
    assert client.get("/no-such-section/").status_code == 404
    SectionFactory(name="No such section", slug="no-such-section")
    assert client.get("/no-such-section/").status_code == 200
