"""Hostile article text renders inert on the public page."""

import pytest
from bs4 import BeautifulSoup

from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db

HOSTILE_BODY = "\n\n".join([
    "Opening paragraph.",
    "<script>alert('body')</script>",
    '<iframe src="https://evil.example/"></iframe>',
    '<img src=x onerror="alert(1)">',
    '<svg onload="alert(2)"><circle r="4"/></svg>',
    '<p style="position:fixed;top:0">overlay</p>',
    '<a href="javascript:alert(3)">raw link</a>',
    "[markdown link](javascript:alert(4))",
    "[encoded link](jAvAsCrIpT&colon;alert(5))",
    "![pixel](data:image/png;base64,iVBORw0KGgo=)",
    "![svg](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoNik+)",
    '<object data="x.swf"></object><embed src="x.swf"><form action="/x"><input></form>',
    '<math><mi xlink:href="javascript:alert(7)">x</mi></math>',
    "[safe link](https://example.org/report)",
])


def test_hostile_markup_in_the_body_is_inert(client):
    article = ArticleFactory(published=True, body=HOSTILE_BODY,
                             headline='Headline <img src=x onerror="alert(8)">',
                             standfirst="<script>alert(9)</script>")
    response = client.get(article.get_absolute_url())
    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "html.parser")
    body = soup.find(class_="story-body")

    for tag in ("script", "iframe", "svg", "object", "embed", "form", "input", "math", "style"):
        assert body.find(tag) is None, tag
    for element in body.find_all(True):
        for name, value in element.attrs.items():
            assert not name.lower().startswith("on"), (element.name, name)
            assert name.lower() != "style", element
            text = " ".join(value) if isinstance(value, list) else value
            assert "javascript:" not in text.lower().replace(" ", ""), (element.name, name)
            assert not text.lower().startswith("data:"), (element.name, name)
    assert body.find("a", href="https://example.org/report").get_text() == "safe link"

    # Headline and standfirst are plain text: shown escaped, never as markup.
    assert soup.h1.get_text() == 'Headline <img src=x onerror="alert(8)">'
    assert soup.h1.find("img") is None
    assert soup.find(class_="standfirst").find("script") is None
    # The only scripts on the page are our own JSON-LD and share.js.
    for script in soup.find_all("script"):
        assert script.get("type") == "application/ld+json" or script["src"].startswith(
            "/static/"), script
