"""Engagement in a real browser: the view counts once, reactions stick across reloads.

The first test serves the engagement partial and script inside the site's base template on a
page of its own, so it runs today. The second drives the real article page and skips until
that page includes ``engagement/_article_engagement.html`` (the lead's integration step).
Skipped when Chromium or Playwright is missing.
"""

from pathlib import Path

import pytest
from django.http import HttpResponse
from django.template import engines
from django.urls import include, path

from tests.factories import ArticleFactory

pytestmark = pytest.mark.browser

CHROMIUM = "/usr/bin/chromium"
SCREENSHOTS = Path(__file__).resolve().parents[2] / "screenshots"
LAUNCH_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
               "--disable-component-update", "--disable-sync", "--no-first-run",
               # A reader's browser, not an automated one: navigator.webdriver stays false.
               "--disable-blink-features=AutomationControlled"]
# Headless Chromium says "HeadlessChrome", which the crawler filter rightly drops.
READER_UA = ("Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) "
             "Chrome/126.0.0.0 Safari/537.36")

PAGE = """{% extends "web/base.html" %}{% load static %}
{% block content %}<h1>{{ article.headline }}</h1>
{% include "engagement/_article_engagement.html" %}{% endblock %}
{% block body_end %}<script src="{% static 'engagement/engagement.js' %}" defer></script>
{% endblock %}"""


def engagement_page(request, pk):
    from broadsheet.content.models import Article

    template = engines["django"].from_string(PAGE)
    return HttpResponse(template.render({"article": Article.objects.get(pk=pk)}, request))


urlpatterns = [
    path("engagement-test/<int:pk>/", engagement_page),
    path("", include("broadsheet.urls")),
]


def _launch(playwright):
    if not Path(CHROMIUM).exists():
        pytest.skip("Chromium is not installed")
    try:
        return playwright.chromium.launch(executable_path=CHROMIUM, args=LAUNCH_ARGS)
    except Exception as error:  # noqa: BLE001 - any launch failure means "cannot test here"
        pytest.skip(f"Chromium cannot start here: {error}")


def _read_react_reload(page, url, shot_name):
    page.goto(url)
    views = page.locator("#view-count [data-views]")
    page.wait_for_function(
        "document.querySelector('#view-count [data-views]').textContent.trim() === '1'")
    button = page.locator('[data-reaction="insightful"]')
    page.wait_for_function(
        "!document.querySelector('[data-reaction=\"insightful\"]').disabled")
    button.click()
    page.wait_for_function(
        "document.querySelector('[data-reaction=\"insightful\"]')"
        ".getAttribute('aria-pressed') === 'true'")
    assert page.locator('[data-reaction-count="insightful"]').inner_text() == "1"
    SCREENSHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{shot_name}-reacted.png"), full_page=True)

    page.reload()
    page.wait_for_function(
        "document.querySelector('[data-reaction=\"insightful\"]')"
        ".getAttribute('aria-pressed') === 'true'")
    # The reload is the same reader within 30 minutes: not a second view.
    assert views.inner_text() == "1"
    assert page.locator('[data-reaction="sad"]').get_attribute("aria-pressed") == "false"
    assert page.locator('[data-reaction-count="insightful"]').inner_text() == "1"


@pytest.fixture
def engagement_site(settings, transactional_db):
    settings.BROADSHEET_COUNTER_BACKENDS = {"default": {
        "BACKEND": "broadsheet.engagement.backends.database.DatabaseCounterBackend"}}
    settings.BROADSHEET_COUNTER_FLUSH_SECONDS = 0
    settings.STORAGES = {
        "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    from broadsheet.core.shortcache import clear_all as clear_short_caches

    clear_short_caches()
    return ArticleFactory(published=True, headline="Harbour bridge reopens after repairs")


def _browse(live_server, url_path, shot_name):
    playwright_api = pytest.importorskip("playwright.sync_api")
    with playwright_api.sync_playwright() as playwright:
        browser = _launch(playwright)
        try:
            context = browser.new_context(user_agent=READER_UA, locale="en-GB")
            page = context.new_page()
            _read_react_reload(page, live_server.url + url_path, shot_name)
        finally:
            browser.close()


def test_view_counts_once_and_reaction_survives_reload(engagement_site, live_server, settings):
    settings.ROOT_URLCONF = "tests.browser.test_engagement"
    _browse(live_server, f"/engagement-test/{engagement_site.pk}/", "engagement-partial")


def test_article_page_counts_and_reacts(engagement_site, live_server, client):
    html = client.get(engagement_site.get_absolute_url()).content
    if b"data-engagement-article" not in html:
        pytest.skip("the article page does not include engagement/_article_engagement.html yet")
    _browse(live_server, engagement_site.get_absolute_url(), "engagement-article")


def test_recommended_arrives_with_the_view_and_links_to_other_stories(engagement_site,
                                                                     live_server, client):
    """The article page's Recommended list is filled from the beacon's answer: real links to
    live stories, never the story itself."""
    others = [ArticleFactory(published=True, section=engagement_site.section,
                             headline=f"Ferry timetable changes for the winter, part {n}")
              for n in range(8)]
    html = client.get(engagement_site.get_absolute_url()).content
    assert b"data-recommended-items" in html
    playwright_api = pytest.importorskip("playwright.sync_api")
    with playwright_api.sync_playwright() as playwright:
        browser = _launch(playwright)
        try:
            page = browser.new_context(user_agent=READER_UA, locale="en-GB").new_page()
            page.goto(live_server.url + engagement_site.get_absolute_url())
            page.wait_for_selector("[data-widget='recommended']:not([hidden]) "
                                   "[data-recommended-items] a")
            links = page.locator("[data-recommended-items] a")
            ids = [int(links.nth(n).get_attribute("data-article-id"))
                   for n in range(links.count())]
            assert ids and engagement_site.pk not in ids
            assert set(ids) <= {a.pk for a in others}
            first = others[[a.pk for a in others].index(ids[0])]
            assert links.first.inner_text() == first.headline
            assert links.first.get_attribute("href") == first.get_absolute_url()
        finally:
            browser.close()
