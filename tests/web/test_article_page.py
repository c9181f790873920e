import json
from datetime import UTC, datetime, timedelta
from urllib.parse import parse_qs, urlsplit

import pytest
from bs4 import BeautifulSoup
from django.test import override_settings
from django.utils import timezone

from broadsheet.content import services
from tests.factories import ArticleFactory, SectionFactory

pytestmark = pytest.mark.django_db


def get_page(client, article):
    response = client.get(article.get_absolute_url())
    assert response.status_code == 200, response.status_code
    return response, BeautifulSoup(response.content, "html.parser")


def position(soup, element) -> int:
    """Index of an element in document order, to compare reading order."""
    return list(soup.descendants).index(element)


def test_article_page_shows_every_part_in_reading_order(client, full_article):
    _, soup = get_page(client, full_article)
    story = soup.find("article", class_="story")
    parts = [
        soup.find("nav", class_="breadcrumb"),
        story.find(class_="kicker"),
        story.find("h1"),
        story.find(class_="standfirst"),
        story.find(class_="byline"),
        story.find(class_="dateline"),
        story.find(class_="story-time"),
        story.find(class_="updated"),
        story.find(class_="story-body"),
        story.find(class_="credits"),
        story.find("aside", class_="corrections"),
        story.find("nav", class_="topics"),
        story.find(class_="about-authors"),
        story.find(class_="share"),
    ]
    assert all(part is not None for part in parts), parts
    positions = [position(soup, part) for part in parts]
    assert positions == sorted(positions)

    assert len(soup.find_all("h1")) == 1
    levels = [int(h.name[1]) for h in soup.find_all(["h1", "h2", "h3", "h4", "h5", "h6"])]
    assert levels[0] == 1
    assert all(after <= before + 1 for before, after in zip(levels, levels[1:], strict=False))
    assert soup.h1.get_text(strip=True) == "Bank holds rates as inflation eases"
    assert story.find(class_="kicker").get_text(strip=True) == "Analysis"
    assert soup.title.string == "Bank holds rates as inflation eases — The Test Courier"


def test_breadcrumb_links_home_section_and_subsection(client, full_article):
    _, soup = get_page(client, full_article)
    crumbs = [(a.get_text(strip=True), a["href"])
              for a in soup.find("nav", class_="breadcrumb").find_all("a")]
    assert crumbs == [("Home", "/"), ("Business", "/business/"),
                      ("Markets", "/business/markets/")]


def test_breadcrumb_json_ld_is_valid_with_absolute_urls(client, full_article):
    _, soup = get_page(client, full_article)
    blocks = [json.loads(s.string) for s in soup.find_all("script", type="application/ld+json")]
    trail = next(b for b in blocks if b["@type"] == "BreadcrumbList")
    items = trail["itemListElement"]
    # Home > Business > Markets, then the story itself as the last crumb.
    assert [i["position"] for i in items] == [1, 2, 3, 4]
    assert [i["name"] for i in items] == ["Home", "Business", "Markets", full_article.headline]
    assert [i["item"] for i in items] == [
        "http://testserver/", "http://testserver/business/", "http://testserver/business/markets/",
        "http://testserver" + full_article.get_absolute_url()]


def test_byline_links_each_author_and_author_boxes_follow(client, full_article):
    _, soup = get_page(client, full_article)
    byline = soup.find(class_="byline")
    assert byline.get_text(" ", strip=True) == "By Ana Ruiz and Tom Lee"
    assert [a["href"] for a in byline.find_all("a")] == ["/authors/ana-ruiz/", "/authors/tom-lee/"]

    boxes = soup.find_all(class_="author-box")
    assert [b.find(class_="author-name").get_text(strip=True) for b in boxes] == [
        "Ana Ruiz", "Tom Lee"]
    ana = boxes[0]
    assert ana.find(class_="author-role").get_text(strip=True) == (
        "Economics correspondent, The Test Courier")
    assert "Ana covers the economy." in ana.get_text()
    links = {a.get_text(strip=True): a["href"] for a in ana.find(class_="author-links")("a")}
    assert links == {"X": "https://x.com/anaruiz", "example.net": "https://example.net/ana",
                     "ana@example.org": "mailto:ana@example.org"}


def test_staff_byline_when_no_author_is_named(client, settings):
    settings.BROADSHEET_STAFF_BYLINE = "Courier staff"
    article = ArticleFactory(published=True)
    _, soup = get_page(client, article)
    assert soup.find(class_="byline").get_text(strip=True) == "Courier staff"
    assert soup.find(class_="about-authors") is None

    named = ArticleFactory(published=True, staff_byline="Political staff")
    _, soup = get_page(client, named)
    assert soup.find(class_="byline").get_text(strip=True) == "Political staff"


def test_times_are_in_the_site_time_zone(client, full_article):
    _, soup = get_page(client, full_article)
    published = soup.find(class_="story-time").time
    assert published["datetime"] == "2026-01-15T14:05:00+00:00"
    assert published.get_text() == "15 January 2026, 14:05 GMT"
    updated = soup.find(class_="updated").time
    assert updated["datetime"] == "2026-01-16T09:30:00+00:00"
    assert "Updated" in soup.find(class_="updated").get_text()


def test_summer_time_in_london_carries_the_offset(client):
    article = ArticleFactory(published_at=datetime(2025, 7, 1, 13, 5, tzinfo=UTC))
    _, soup = get_page(client, article)
    published = soup.find(class_="story-time").time
    assert published["datetime"] == "2025-07-01T14:05:00+01:00"
    assert published.get_text() == "1 July 2025, 14:05 BST"


@override_settings(TIME_ZONE="America/New_York")
def test_times_follow_a_different_site_time_zone(client, full_article):
    _, soup = get_page(client, full_article)
    published = soup.find(class_="story-time").time
    assert published["datetime"] == "2026-01-15T09:05:00-05:00"
    assert published.get_text() == "15 January 2026, 09:05 EST"


def test_credits_are_grouped_by_contribution_with_linked_names(client, full_article):
    _, soup = get_page(client, full_article)
    credits = soup.find(class_="credits")
    assert credits.get_text(" ", strip=True) == (
        "Kim Park and Lou Bell contributed reporting. Sam Ode contributed research.")
    assert [a["href"] for a in credits.find_all("a")] == ["/authors/sam-ode/"]


def test_credits_join_three_names_without_oxford_comma(client):
    article = ArticleFactory(published=True, credits=[
        ("A One", "reporting"), ("B Two", "reporting"), ("C Three", "reporting")])
    _, soup = get_page(client, article)
    assert soup.find(class_="credits").get_text(" ", strip=True) == (
        "A One, B Two and C Three contributed reporting.")


def test_corrections_are_dated_in_an_aside(client, full_article):
    _, soup = get_page(client, full_article)
    aside = soup.find("aside", class_="corrections")
    assert aside.find("h2").get_text(strip=True) == "Corrections"
    item = aside.find("li")
    assert item.time["datetime"] == "2026-01-17T08:00:00+00:00"
    assert "An earlier version misstated the rate." in item.get_text()


def test_topics_link_their_pages(client, full_article):
    _, soup = get_page(client, full_article)
    topics = soup.find("nav", class_="topics")
    assert topics.find(class_="topics-label").get_text(strip=True) == "In:"
    assert [(a.get_text(), a["href"]) for a in topics.find_all("a")] == [
        ("Housing", "/topics/housing/"), ("Interest rates", "/topics/interest-rates/")]


def test_share_links_need_no_third_party_script(client, full_article):
    _, soup = get_page(client, full_article)
    share = soup.find(class_="share")
    page_url = "http://testserver" + full_article.get_absolute_url()
    hrefs = {a.get_text(strip=True): a["href"] for a in share.find_all("a")}
    assert parse_qs(urlsplit(hrefs["X"]).query)["url"] == [page_url]
    assert parse_qs(urlsplit(hrefs["Facebook"]).query)["u"] == [page_url]
    assert parse_qs(urlsplit(hrefs["LinkedIn"]).query)["url"] == [page_url]
    assert hrefs["Email"].startswith("mailto:?subject=Bank%20holds%20rates")
    # Copy and native share need script: hidden until share.js finds the browser can.
    assert share.find("button", attrs={"data-share-copy": page_url}).find_parent("li").has_attr(
        "hidden")
    assert share.find("button", attrs={"data-share-native": True}).find_parent("li").has_attr(
        "hidden")
    scripts = [s.get("src", "") for s in soup.find_all("script") if s.get("src")]
    assert scripts and all(src.startswith("/static/") for src in scripts)


def test_counts_are_real_and_empty_lists_are_not_faked(client, full_article):
    _, soup = get_page(client, full_article)
    assert soup.select_one("#view-count [data-views]").get_text(strip=True) == "0"
    assert all(c.get_text(strip=True) == "0" for c in soup.select("[data-reaction-count]"))
    # Nobody has read anything yet and nothing else is published: no lists rather than
    # made-up ones (Recommended stays hidden until the beacon brings the reader's own).
    assert soup.select(".reading-list:not([hidden])") == []


def test_hero_image_has_dimensions_alt_caption_and_credit(client):
    import io

    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (1200, 800), (30, 90, 160)).save(buffer, "PNG")
    article = ArticleFactory(
        published=True, hero_image=SimpleUploadedFile("hero.png", buffer.getvalue(), "image/png"),
        hero_alt="Traders on the exchange floor", hero_caption="The exchange on Monday.",
        hero_credit="Photo: Jo Snap")
    _, soup = get_page(client, article)
    figure = soup.find("figure", class_="hero")
    img = figure.img
    assert (img["alt"], img["width"], img["height"]) == ("Traders on the exchange floor",
                                                         "1200", "800")
    assert img.get("loading") != "lazy" and img["fetchpriority"] == "high"
    assert "The exchange on Monday." in figure.figcaption.get_text()
    assert figure.find(class_="hero-credit").get_text() == "Photo: Jo Snap"


def test_canonical_link_is_the_article_itself(client, full_article):
    _, soup = get_page(client, full_article)
    assert soup.find("link", rel="canonical")["href"] == (
        "http://testserver" + full_article.get_absolute_url())


def test_syndicated_story_shows_the_original_time_and_source(client):
    original = datetime(2026, 1, 10, 7, 0, tzinfo=UTC)
    article = ArticleFactory(
        source_name="Northern Wire", source_url="https://wire.example.org/story/42",
        source_published_at=original, published_at=datetime(2026, 1, 12, 18, 0, tzinfo=UTC))
    _, soup = get_page(client, article)
    assert soup.find("link", rel="canonical")["href"] == "https://wire.example.org/story/42"

    story_time = soup.find(class_="story-time")
    assert story_time.time["datetime"] == "2026-01-10T07:00:00+00:00"
    assert story_time.find("a", href="https://wire.example.org/story/42").get_text() == (
        "Northern Wire")
    republished = soup.find(class_="republished")
    assert republished.get_text(" ", strip=True).startswith("Republished here")
    assert republished.time["datetime"] == "2026-01-12T18:00:00+00:00"
    # The republication time comes after the story's own time, never in its place.
    assert position(soup, story_time) < position(soup, republished)
    assert soup.find(class_="source-link").a["href"] == "https://wire.example.org/story/42"


@pytest.mark.parametrize("state", ["draft", "scheduled", "unpublished"])
def test_articles_readers_may_not_see_give_404(client, state):
    article = ArticleFactory()
    if state == "scheduled":
        services.article_schedule(article=article, at=timezone.now() + timedelta(days=1))
    elif state == "unpublished":
        services.article_publish(article=article)
        services.article_unpublish(article=article)
    response = client.get(article.get_absolute_url())
    assert response.status_code == 404
    assert article.headline not in response.content.decode()


def test_wrong_section_or_date_redirects_to_the_canonical_url(client, full_article):
    other = SectionFactory(name="Sport")
    wrong = full_article.get_absolute_url().replace("/business/markets/", f"/{other.path}/")
    response = client.get(wrong)
    assert response.status_code == 301
    assert response["Location"] == full_article.get_absolute_url()


def test_editor_preview_shows_a_draft_with_a_banner(client, editor):
    article = ArticleFactory(headline="Draft about the budget")
    url = f"/preview/{article.pk}/"
    assert client.get(url).status_code == 302  # readers are sent to the login page

    client.force_login(editor)
    response = client.get(url)
    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "html.parser")
    assert "Preview — not published" in soup.find(class_="preview-banner").get_text()
    assert soup.h1.get_text() == "Draft about the budget"
    assert soup.find("meta", attrs={"name": "robots"})["content"] == "noindex, nofollow"
    assert "no-store" in response["Cache-Control"]


def test_public_page_has_no_preview_banner(client, full_article):
    _, soup = get_page(client, full_article)
    assert soup.find(class_="preview-banner") is None
