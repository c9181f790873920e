"""Public pages are the same for every reader, so any proxy or CDN can cache them."""

import pytest

from tests.factories import ArticleFactory, AuthorFactory, SectionFactory, TopicFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def public_urls():
    section = SectionFactory(name="News")
    topic = TopicFactory(name="Transport")
    author = AuthorFactory(name="Jo Bright")
    article = ArticleFactory(published=True, section=section, topics=[topic], authors=[author])
    return ["/", "/news/", "/news/?page=2", "/topics/transport/", "/authors/jo-bright/",
            article.get_absolute_url()]


def test_html_is_byte_identical_for_readers_and_logged_in_staff(client, editor, public_urls):
    from django.test import Client

    staff = Client()
    staff.force_login(editor)
    for url in public_urls:
        anonymous_response = client.get(url)
        staff_response = staff.get(url)
        assert anonymous_response.status_code == staff_response.status_code == 200, url
        assert anonymous_response.content == staff_response.content, url
        html = staff_response.content.decode()
        assert "csrfmiddlewaretoken" not in html
        assert editor.username not in html
        for response in (anonymous_response, staff_response):
            assert not response.cookies, (url, response.cookies)
            assert "cookie" not in response.get("Vary", "").lower(), url
            assert "public" in response["Cache-Control"], url


def test_html_does_not_change_between_requests(client, public_urls):
    for url in public_urls:
        assert client.get(url).content == client.get(url).content, url
