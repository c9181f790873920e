"""A page's number of queries must not grow with articles, topics, authors or credits."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from broadsheet.content import services
from tests.factories import ArticleFactory, AuthorFactory, SectionFactory, TopicFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _render_every_time(settings):
    # What is measured is the page's own shape, not the server cache in front of it.
    settings.BROADSHEET_PAGE_CACHE_SECONDS = 0


def count_queries(client, url: str) -> int:
    # Cold caches on every measurement, so what is compared is the page's own shape.
    cache.clear()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(queries)


def captured(client, url: str) -> list[str]:
    # A first view computes what is computed once per story (its Related list); the
    # steady state is what is compared.
    client.get(url)
    cache.clear()
    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    return [q["sql"] for q in queries]


def add_stories(*, sections, topics, authors, count: int, prefix: str):
    for i in range(count):
        article = ArticleFactory(
            published=True, headline=f"{prefix} story {i}", section=sections[i % len(sections)],
            topics=topics[: 1 + i % len(topics)], authors=authors[: 1 + i % len(authors)],
            credits=[(f"Helper {i}", "reporting"), (f"Researcher {i}", "research")])
        services.correction_add(article=article, text=f"Fixed a name in story {i}.")


@pytest.fixture
def newsroom():
    news = SectionFactory(name="News", position=0)
    local = SectionFactory(name="Local", parent=news)
    sport = SectionFactory(name="Sport", position=1)
    topic = TopicFactory(name="Transport")
    author = AuthorFactory(name="Lee Grant", links=["https://x.com/leegrant"])
    featured = ArticleFactory(published=True, featured=True, section=local, topics=[topic],
                              authors=[author], credits=[("Kay Moss", "reporting")])
    # Enough stories that the home page fills every slot (lead, top, latest, blocks).
    add_stories(sections=[news, local, sport], topics=[topic], authors=[author], count=15,
                prefix="First")
    return {"sections": [news, local, sport], "topic": topic, "author": author,
            "article": featured}


def grow(newsroom):
    """Many more stories, topics, authors and sections, and a busier featured article."""
    # Subsections only: the home page spends one small query per top-level section by
    # design (content.selectors.home_page), so their number is part of the page's shape.
    news, local, sport = newsroom["sections"]
    sections = [news, local, sport,
                *(SectionFactory(name=f"Extra {i}", parent=(news, sport)[i % 2]) for i in range(3)),
                SectionFactory(name="Deep", parent=local)]
    topics = [newsroom["topic"]] + [TopicFactory(name=f"Subject {i}") for i in range(6)]
    authors = [newsroom["author"]] + [AuthorFactory(name=f"Writer {i}",
                                                    links=[f"https://x.com/writer{i}",
                                                           f"https://example.net/w{i}"])
                                      for i in range(5)]
    add_stories(sections=sections, topics=topics, authors=authors, count=30, prefix="Later")
    article = newsroom["article"]
    services.article_set_authors(article=article, authors=authors)
    services.article_set_topics(article=article, topics=topics)
    services.article_set_credits(article=article, credits=[(f"Credit {i}", kind) for i, kind in
                                                          enumerate(["reporting", "research",
                                                                     "photography"] * 3)])
    for i in range(4):
        services.correction_add(article=article, text=f"Correction {i}.")


@pytest.mark.parametrize("page", ["home", "section", "subsection", "topic", "author", "article"])
def test_query_count_does_not_grow(client, newsroom, page):
    urls = {
        "home": "/",
        "section": newsroom["sections"][0].get_absolute_url(),
        "subsection": newsroom["sections"][1].get_absolute_url(),
        "topic": newsroom["topic"].get_absolute_url(),
        "author": newsroom["author"].get_absolute_url(),
        "article": newsroom["article"].get_absolute_url(),
    }
    before = captured(client, urls[page])
    grow(newsroom)
    after = captured(client, urls[page])
    assert len(after) == len(before), "\n".join(
        [f"{page}: {len(before)} queries with a small newsroom, {len(after)} after growth:",
         *after])


def test_page_numbers_do_not_change_the_query_count(client, newsroom, settings):
    settings.BROADSHEET_PAGE_SIZE = 5
    grow(newsroom)
    url = newsroom["sections"][0].get_absolute_url()
    assert count_queries(client, url) == count_queries(client, url + "?page=2")
