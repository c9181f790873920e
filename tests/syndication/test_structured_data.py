"""JSON-LD builders and the seo template tags. The page-level checks render a tiny test-only
template that uses the tags the way the public templates include them, so they do not depend
on the web app's templates."""

import json
from datetime import datetime, timedelta
from io import BytesIO

import pytest
from bs4 import BeautifulSoup
from django.core.files.uploadedfile import SimpleUploadedFile
from django.template import Context, Template
from django.test import RequestFactory
from django.utils import timezone

from broadsheet.content import selectors, services
from broadsheet.content.models import Author
from broadsheet.syndication import structured_data as sd
from tests.factories import ArticleFactory, AuthorFactory, SectionFactory, TopicFactory

pytestmark = pytest.mark.django_db

ISO_WITH_OFFSET = "%Y-%m-%dT%H:%M:%S%z"


def _png():
    from PIL import Image

    buffer = BytesIO()
    Image.new("RGB", (120, 80), "maroon").save(buffer, "PNG")
    return SimpleUploadedFile("hero.png", buffer.getvalue(), content_type="image/png")


def _request(path="/"):
    return RequestFactory().get(path)


def _render(source: str, request=None, **context) -> BeautifulSoup:
    request = request or _request()
    html = Template("{% load seo %}" + source).render(Context({"request": request, **context}))
    return BeautifulSoup(html, "html.parser")


def _json_ld(soup: BeautifulSoup) -> dict[str, dict]:
    found = {}
    for script in soup.find_all("script", type="application/ld+json"):
        data = json.loads(script.string)
        found[data.get("@type") or "graph"] = data
    return found


def _assert_offset_time(value: str, expected: datetime):
    parsed = datetime.strptime(value, ISO_WITH_OFFSET)
    assert parsed.utcoffset() == timezone.localtime(expected).utcoffset()
    assert abs(parsed - expected) < timedelta(seconds=1)


@pytest.fixture
def article():
    author = AuthorFactory(name="Dora Lindqvist", role="Science editor",
                           links=["https://bsky.app/profile/dora", "https://dora.example"])
    section = SectionFactory(name="Science")
    child = SectionFactory(name="Space", parent=section)
    created = ArticleFactory(
        published_at=timezone.make_aware(datetime(2024, 7, 1, 9, 30)),
        section=child, authors=[author],
        topics=[TopicFactory(name="Mars"), TopicFactory(name="Rockets")],
        headline="Lander touches down </script><script>alert(1)</script>",
        standfirst="A soft landing after seven minutes of terror.",
        body="It landed.", hero_image=_png(), hero_alt="The lander",
        hero_caption="The lander on the surface")
    services.correction_add(article=created, text="An earlier version gave the wrong crater.",
                            at=timezone.make_aware(datetime(2024, 7, 2, 8, 0)))
    return selectors.article_get_for_page(slug=created.slug)


def test_news_article_has_every_required_property(article):
    data = sd.news_article(article, _request())
    assert data["@context"] == "https://schema.org" and data["@type"] == "NewsArticle"
    assert data["headline"].startswith("Lander touches down")
    assert len(data["headline"]) <= 110
    assert data["description"] == article.standfirst
    _assert_offset_time(data["datePublished"], article.published_at)
    assert data["datePublished"].endswith("+01:00")  # London summer time
    _assert_offset_time(data["dateModified"], article.corrections.all()[0].published_at)
    author = data["author"][0]
    assert author["@type"] == "Person" and author["name"] == "Dora Lindqvist"
    assert author["url"] == "http://testserver/authors/dora-lindqvist/"
    assert author["sameAs"] == ["https://bsky.app/profile/dora", "https://dora.example"]
    publisher = data["publisher"]
    assert publisher["@type"] == "Organization" and publisher["name"] == "The Test Courier"
    assert publisher["logo"]["@type"] == "ImageObject"
    assert publisher["logo"]["url"].endswith("/static/syndication/publisher-logo.png")
    assert (publisher["logo"]["width"], publisher["logo"]["height"]) == (600, 60)
    image = data["image"][0]
    assert image["url"].startswith("http://testserver/media/")
    assert (image["width"], image["height"]) == (120, 80)
    assert data["articleSection"] == "Space"
    assert data["keywords"] == ["Mars", "Rockets"]
    assert data["isAccessibleForFree"] is True
    assert data["url"] == f"http://testserver{article.get_absolute_url()}"
    assert data["mainEntityOfPage"]["@id"] == data["url"]
    correction = data["correction"][0]
    assert correction["@type"] == "CorrectionComment"
    assert correction["text"].startswith("An earlier version")
    assert correction["datePublished"].endswith("+01:00")


def test_staff_byline_is_the_organisation(article):
    plain = ArticleFactory(published=True, staff_byline="Staff reporter")
    data = sd.news_article(selectors.article_get_for_page(slug=plain.slug), _request())
    assert data["author"] == [{"@type": "Organization", "name": "The Test Courier",
                               "url": "http://testserver/"}]
    assert "correction" not in data and "image" not in data


def test_syndicated_story_points_at_the_original():
    original_time = timezone.now() - timedelta(days=2)
    article = ArticleFactory(published=True, source_name="Wire Agency",
                             source_url="https://wire.example.com/a/1",
                             source_published_at=original_time)
    data = sd.news_article(selectors.article_get_for_page(slug=article.slug), _request())
    assert data["url"] == "https://wire.example.com/a/1"
    assert data["mainEntityOfPage"]["@id"] == "https://wire.example.com/a/1"
    _assert_offset_time(data["datePublished"], original_time)
    assert data["sourceOrganization"]["name"] == "Wire Agency"


def test_breadcrumbs_follow_the_section_lineage(article):
    data = sd.breadcrumb_list(sd.crumbs_for(article), _request())
    names = [item["name"] for item in data["itemListElement"]]
    assert names == ["Home", "Science", "Space", article.headline]
    assert [item["position"] for item in data["itemListElement"]] == [1, 2, 3, 4]
    assert all(item["item"].startswith("http://testserver/") for item in data["itemListElement"])


def test_person(article):
    author = selectors.author_get_for_page(slug="dora-lindqvist")
    data = sd.person(author, _request(), with_context=True)
    assert data["@type"] == "Person" and data["@context"] == "https://schema.org"
    assert data["jobTitle"] == "Science editor"
    assert data["url"] == "http://testserver/authors/dora-lindqvist/"
    assert data["sameAs"] == ["https://bsky.app/profile/dora", "https://dora.example"]


def test_collection_page_lists_the_page_articles(article):
    section = article.section.parent
    page = selectors.paginate(selectors.section_articles(section=section), page=1, per_page=10)
    data = sd.collection_page(section, page, _request())
    assert data["@type"] == "CollectionPage"
    assert data["name"] == "Science"
    assert data["url"] == "http://testserver/science/"
    items = data["mainEntity"]["itemListElement"]
    assert [i["url"] for i in items] == [f"http://testserver{article.get_absolute_url()}"]
    assert items[0]["position"] == 1


def test_json_ld_cannot_break_out_of_the_script_element(article):
    soup = _render("{% news_article_jsonld article %}", article=article)
    raw = str(soup)
    assert "</script><script>alert(1)" not in raw
    scripts = soup.find_all("script")
    assert len(scripts) == 2 and all(s["type"] == "application/ld+json" for s in scripts)
    assert json.loads(scripts[0].string)["headline"].startswith("Lander touches down </script>")


def test_article_page_head(article):
    """What article.html renders once it includes the tags (see the report)."""
    soup = _render(
        "<head>{% article_social_meta article %}{% feed_links article %}"
        '<link rel="canonical" href="{% canonical_url article %}">'
        "{% news_article_jsonld article %}</head>",
        article=article)
    found = _json_ld(soup)
    assert set(found) == {"NewsArticle", "BreadcrumbList"}
    meta = {m.get("property") or m.get("name"): m["content"] for m in soup.find_all("meta")}
    url = f"http://testserver{article.get_absolute_url()}"
    assert meta["og:type"] == "article" and meta["og:url"] == url
    assert meta["og:title"] == article.headline
    assert meta["og:description"] == article.standfirst
    assert meta["og:image"].startswith("http://testserver/media/")
    assert meta["og:image:alt"] == "The lander"
    assert meta["og:site_name"] == "The Test Courier" and meta["og:locale"] == "en_GB"
    assert meta["twitter:card"] == "summary_large_image"
    assert meta["twitter:image"] == meta["og:image"]
    assert meta["article:section"] == "Space"
    assert meta["article:published_time"].endswith("+01:00")
    tags = [m["content"] for m in soup.find_all("meta", property="article:tag")]
    assert tags == ["Mars", "Rockets"]
    assert soup.find("link", rel="canonical")["href"] == url
    feeds = [(link["type"], link["href"]) for link in soup.find_all("link", rel="alternate")]
    assert ("application/rss+xml", "http://testserver/feeds/sections/science/space/rss/") in feeds
    assert ("application/feed+json", "http://testserver/feeds/site.json") in feeds


def test_breadcrumbs_can_be_left_to_the_page(article):
    soup = _render("{% news_article_jsonld article breadcrumbs=False %}", article=article)
    assert set(_json_ld(soup)) == {"NewsArticle"}


def test_syndicated_article_page_is_canonical_to_the_original():
    article = ArticleFactory(published=True, source_name="Wire",
                             source_url="https://wire.example.com/a/2")
    article = selectors.article_get_for_page(slug=article.slug)
    soup = _render('<link rel="canonical" href="{% canonical_url article %}">'
                   "{% article_social_meta article %}", article=article)
    assert soup.find("link", rel="canonical")["href"] == "https://wire.example.com/a/2"
    assert soup.find("meta", property="og:url")["content"] == "https://wire.example.com/a/2"


def test_author_section_topic_pages(article):
    author = Author.objects.get(slug="dora-lindqvist")
    soup = _render("{% person_jsonld author %}{% feed_links author %}", author=author)
    assert _json_ld(soup)["Person"]["name"] == "Dora Lindqvist"
    assert soup.find("link", rel="alternate")["href"] == (
        "http://testserver/feeds/authors/dora-lindqvist/rss/")

    topic = article.topics.all()[0]
    page = selectors.paginate(selectors.topic_articles(topic=topic), page=1, per_page=10)
    soup = _render("{% collection_page_jsonld topic page_obj %}{% feed_links topic %}",
                   topic=topic, page_obj=page)
    found = _json_ld(soup)
    assert found["CollectionPage"]["name"] == "Mars"
    assert [i["name"] for i in found["BreadcrumbList"]["itemListElement"]] == ["Home", "Mars"]
    assert "/feeds/topics/mars/atom/" in str(soup)


def test_social_meta_defaults_on_any_page():
    soup = _render("{% social_meta %}", request=_request("/some/page/?utm=1"))
    meta = {m.get("property") or m.get("name"): m["content"] for m in soup.find_all("meta")}
    assert meta["og:title"] == "The Test Courier"
    assert meta["og:type"] == "website"
    assert meta["og:url"] == "http://testserver/some/page/"
    assert meta["twitter:card"] == "summary"
    assert "og:image" not in meta


def test_social_meta_escapes_values():
    soup = _render('{% social_meta title=title description="x" %}',
                   title='Quote " and <tag>')
    assert soup.find("meta", property="og:title")["content"] == 'Quote " and <tag>'


def test_website_jsonld_has_search_action():
    data = _json_ld(_render("{% website_jsonld %}"))["graph"]
    website = data["@graph"][0]
    assert website["@type"] == "WebSite"
    assert website["potentialAction"]["target"]["urlTemplate"] == (
        "http://testserver/search/?q={search_term_string}")
    assert data["@graph"][1]["@type"] == "Organization"


def test_tags_add_no_queries(article, django_assert_num_queries):
    with django_assert_num_queries(0):
        _render("{% news_article_jsonld article %}{% article_social_meta article %}"
                "{% feed_links article %}", article=article)
