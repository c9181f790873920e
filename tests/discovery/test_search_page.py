"""The search page (renders discovery/search.html, which extends web/base.html)."""

from datetime import timedelta
from io import StringIO
from urllib.parse import quote

import pytest
from bs4 import BeautifulSoup
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from broadsheet.discovery.search import get_search_backend
from tests.discovery.test_search_contract import HOSTILE_QUERIES
from tests.factories import ArticleFactory, AuthorFactory, SectionFactory, TopicFactory

pytestmark = pytest.mark.django_db

URL = reverse("discovery:search")


def _index():
    get_search_backend().rebuild()


def _soup(response):
    return BeautifulSoup(response.content, "html.parser")


def _headlines(response):
    return [h.get_text(" ", strip=True) for h in _soup(response).select(".search-result h2")]


def test_results_are_ranked_highlighted_and_shareable(client):
    section = SectionFactory(name="Travel")
    strong = ArticleFactory(published=True, section=section,
                            headline="Ferry timetable changes", body="New ferry times.")
    weak = ArticleFactory(published=True, headline="Harbour news",
                          body="A note on the ferry.")
    _index()
    response = client.get(URL, {"q": "ferry"})
    assert response.status_code == 200
    soup = _soup(response)
    assert soup.title.string.strip() == "Search results for “ferry” — The Test Courier"
    assert _headlines(response) == [strong.headline, weak.headline]
    assert soup.select_one(".search-result h2 mark").get_text() == "Ferry"
    assert soup.select_one(".search-snippet mark") is not None
    assert soup.find("input", {"name": "q"})["value"] == "ferry"
    assert soup.find("meta", {"name": "robots"})["content"] == "noindex, follow"
    assert "public" in response["Cache-Control"]
    link = soup.select_one(".search-result h2 a")["href"]
    assert link == strong.get_absolute_url()


def test_filters_in_the_url(client):
    business = SectionFactory(name="Business")
    topic = TopicFactory(name="Shipping")
    author = AuthorFactory(name="Lena Marsh")
    now = timezone.localtime()
    a = ArticleFactory(published_at=now - timedelta(days=2), section=business,
                       topics=[topic], authors=[author], headline="Container rates climb")
    b = ArticleFactory(published_at=now - timedelta(days=30), headline="Container port expands")
    _index()
    assert _headlines(client.get(URL, {"q": "container", "section": "business"})) == [a.headline]
    assert _headlines(client.get(URL, {"q": "container", "topic": "shipping"})) == [a.headline]
    response = client.get(URL, {"q": "container", "author": "lena-marsh"})
    assert _headlines(response) == [a.headline]
    assert "Lena Marsh" in _soup(response).select_one(".search-filters-active").get_text()
    day = (now - timedelta(days=30)).date().isoformat()
    assert _headlines(client.get(URL, {"q": "container", "from": day, "to": day})) == [
        b.headline]


@pytest.mark.parametrize("params, message", [
    ({"q": "x", "from": "yesterday"}, "YYYY-MM-DD"),
    ({"q": "x", "to": "2024-02-31"}, "YYYY-MM-DD"),
    ({"q": "x", "from": "2024-05-02", "to": "2024-05-01"}, "before the “from” date"),
    ({"q": "x", "from": "0001-01-01"}, "Choose a date between"),
    ({"q": "x", "to": "9999-12-31"}, "Choose a date between"),
    ({"q": "x", "section": "no-such-section"}, "There is no section"),
    ({"q": "x", "topic": "no-such-topic"}, "There is no topic"),
    ({"q": "x", "author": "nobody"}, "There is no author"),
    ({"q": "x", "topic": "bad slug!"}, "slug"),
])
def test_bad_filters_get_a_friendly_400(client, params, message):
    response = client.get(URL, params)
    assert response.status_code == 400
    assert message in _soup(response).select_one(".search-messages").get_text()


def test_empty_and_missing_query(client):
    response = client.get(URL)
    assert response.status_code == 200
    assert _soup(response).title.string.strip() == "Search — The Test Courier"
    response = client.get(URL, {"q": "   "})
    assert response.status_code == 200
    assert "Type a word" in _soup(response).select_one(".search-messages").get_text()


def test_no_results_message(client):
    _index()
    response = client.get(URL, {"q": "xylophonist"})
    assert response.status_code == 200
    assert "Nothing matches" in _soup(response).select_one(".search-empty").get_text()


@pytest.mark.parametrize("query", HOSTILE_QUERIES, ids=range(len(HOSTILE_QUERIES)))
def test_hostile_queries_never_500(client, query):
    ArticleFactory(published=True, headline="Council budget approved")
    _index()
    # Built by hand: lone surrogates cannot be URL-encoded as UTF-8 by the test client.
    encoded = quote(query.encode("utf-8", "surrogatepass"))
    response = client.get(f"{URL}?q={encoded}&page=abc")
    assert response.status_code == 200


def test_pagination_keeps_the_query(client, settings):
    settings.BROADSHEET_PAGE_SIZE = 2
    for i in range(5):
        ArticleFactory(published=True, headline=f"Bakery opens branch {i}")
    _index()
    first = _soup(client.get(URL, {"q": "bakery", "section": ""}))
    next_link = first.find("a", rel="next")["href"]
    assert "q=bakery" in next_link and "page=2" in next_link
    second = client.get(URL + next_link if next_link.startswith("?") else next_link)
    assert len(_headlines(second)) == 2
    last = client.get(URL, {"q": "bakery", "page": "99"})
    assert len(_headlines(last)) == 1
    assert "page 3 of 3" in _soup(last).select_one(".search-count").get_text()


def test_query_count_does_not_grow_with_results(client):
    def add(n):
        for i in range(n):
            ArticleFactory(published=True, headline=f"Museum exhibit {i}",
                           authors=[AuthorFactory(), AuthorFactory()], topics=[TopicFactory()])
        _index()

    add(2)
    with CaptureQueriesContext(connection) as small:
        assert client.get(URL, {"q": "museum"}).status_code == 200
    add(10)
    with CaptureQueriesContext(connection) as large:
        assert client.get(URL, {"q": "museum"}).status_code == 200
    assert len(large) == len(small)


def test_rebuild_command(capsys):
    ArticleFactory(published=True, headline="Lighthouse keeper retires")
    ArticleFactory(published=True, headline="Lighthouse repainted")
    out = StringIO()
    call_command("search", "rebuild", stdout=out)
    assert "Indexed 2 articles" in out.getvalue()
    assert get_search_backend().search("lighthouse").total == 2


def test_rebuild_command_needs_a_subcommand():
    from django.core.management import CommandError

    with pytest.raises(CommandError, match="search rebuild"):
        call_command("search")
    with pytest.raises(CommandError, match="No search backend"):
        call_command("search", "rebuild", "--backend", "nope")


def test_capped_count_reads_more_than(client, settings):
    from broadsheet.discovery.search import search_backends

    backend = type(get_search_backend())
    settings.BROADSHEET_SEARCH_BACKENDS = {"default": {
        "BACKEND": f"{backend.__module__}.{backend.__name__}", "OPTIONS": {"count_cap": 2}}}
    for i in range(3):
        ArticleFactory(published=True, headline=f"Marathon route {i}")
    search_backends["default"].rebuild()
    soup = _soup(client.get(URL, {"q": "marathon"}))
    assert soup.select_one(".search-count").get_text().startswith("More than 2 results")
