"""The editors' admin: lists, forms, status buttons and actions, all through the services."""

import io
from datetime import timedelta

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from broadsheet.content import services
from broadsheet.content.models import Article, ArticleRevision, Correction, Section
from tests.factories import ArticleFactory, AuthorFactory, SectionFactory, TopicFactory

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:content_article_changelist")
ADD = reverse("admin:content_article_add")
PREVIEW = reverse("admin:content_article_markdown_preview")


def change_url(article) -> str:
    return reverse("admin:content_article_change", args=[article.pk])


def local(dt) -> tuple[str, str]:
    """A datetime as the admin's split date and time inputs take it."""
    dt = timezone.localtime(dt)
    return dt.strftime("%Y-%m-%d"), dt.strftime("%H:%M:%S")


def form_data(client, url: str) -> dict:
    """The values a browser would submit from the admin form at ``url`` (no button)."""
    response = client.get(url)
    assert response.status_code == 200
    form = BeautifulSoup(response.content, "html.parser").select_one("form[id$=_form]")
    data: dict[str, object] = {}
    for field in form.find_all(["input", "select", "textarea"]):
        name = field.get("name")
        if not name or field.get("disabled") is not None:
            continue
        if field.name == "textarea":
            data[name] = field.text.removeprefix("\n")
        elif field.name == "select":
            chosen = [o["value"] for o in field.find_all("option") if o.has_attr("selected")]
            data[name] = chosen if field.has_attr("multiple") else (chosen[0] if chosen else "")
        elif field.get("type") in {"submit", "file", "button"}:
            continue
        elif field.get("type") == "checkbox":
            if field.has_attr("checked"):
                data[name] = field.get("value", "on")
        else:
            data[name] = field.get("value", "")
    return data


def errors_by_field(response) -> dict[str, list[str]]:
    assert response.status_code == 200, response.status_code
    form = response.context["adminform"].form
    return {name: list(errors) for name, errors in form.errors.items()}


def message_texts(response) -> list[str]:
    return [str(m) for m in response.context["messages"]] if response.context else []


def png_upload(name="hero.png") -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (8, 6), "navy").save(buffer, format="PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


@pytest.fixture
def reporter(django_user_model):
    """Staff who may write and edit articles but not publish them."""
    user = django_user_model.objects.create_user(username="reporter", password="pw",
                                                 is_staff=True)
    codenames = ["add_article", "change_article", "view_article", "view_section",
                 "view_author", "view_topic", "add_articleauthor", "change_articleauthor",
                 "delete_articleauthor", "view_articleauthor", "add_credit", "change_credit",
                 "delete_credit", "view_credit", "view_correction", "add_correction"]
    user.user_permissions.set(Permission.objects.filter(content_type__app_label="content",
                                                        codename__in=codenames))
    return user


@pytest.fixture
def reporter_client(client, reporter):
    client.force_login(reporter)
    return client


# --- Lists ------------------------------------------------------------------------------


def test_changelist_filters_by_state_and_shows_badges(editor_client):
    draft = ArticleFactory(headline="Draft about the tram")
    live = ArticleFactory(headline="Live story on rents", published=True)
    scheduled = ArticleFactory(headline="Embargoed report",
                               published_at=timezone.now() + timedelta(days=1))
    gone = ArticleFactory(headline="Withdrawn piece", published=True)
    services.article_unpublish(article=gone)

    response = editor_client.get(CHANGELIST)
    html = response.content.decode()
    assert "bs-badge--scheduled" in html and "bs-badge--live" in html
    assert "bs-badge--draft" in html and "bs-badge--unpublished" in html

    for state, expected in [("draft", draft), ("scheduled", scheduled), ("live", live),
                            ("unpublished", gone)]:
        shown = list(editor_client.get(CHANGELIST, {"state": state})
                     .context["cl"].result_list)
        assert shown == [expected], state


def test_changelist_other_filters_and_search(editor_client):
    business = SectionFactory(name="Business")
    markets = SectionFactory(name="Markets", parent=business)
    author = AuthorFactory(name="Ada Lovelace")
    topic = TopicFactory(name="Housing")
    in_markets = ArticleFactory(headline="Shares fall", section=markets, authors=[author],
                                topics=[topic], kind="analysis", featured=True)
    syndicated = ArticleFactory(headline="Wire copy", source_name="Agency",
                                source_url="https://agency.example/story", published=True)
    other = ArticleFactory(headline="Local fete", body="Cakes and a tombola.")

    def shown(params):
        response = editor_client.get(CHANGELIST, params)
        assert response.status_code == 200
        return set(response.context["cl"].result_list)

    assert shown({"section": business.pk}) == {in_markets}  # subsections included
    assert shown({"authors__id__exact": author.pk}) == {in_markets}
    assert shown({"topics__id__exact": topic.pk}) == {in_markets}
    assert shown({"kind__exact": "analysis"}) == {in_markets}
    assert shown({"featured__exact": "1"}) == {in_markets}
    assert shown({"syndicated": "yes"}) == {syndicated}
    assert shown({"syndicated": "no"}) == {in_markets, other}
    # As the "Past 7 days" link of the date filter gives them.
    today = timezone.localtime().replace(hour=0, minute=0, second=0, microsecond=0)
    assert shown({"published_at__gte": str(today - timedelta(days=7)),
                  "published_at__lt": str(today + timedelta(days=1))}) == {syndicated}
    assert shown({"q": "lovelace"}) == {in_markets}  # author names
    assert shown({"q": "tombola"}) == {other}  # body text
    assert shown({"published_at__year": today.year}) == {syndicated}
    # "Show counts" (facets) works with the custom filters too.
    html = editor_client.get(CHANGELIST, {"_facets": "1"}).content.decode()
    assert "Business › Markets (1)" in html and "Scheduled (0)" in html


def test_changelist_query_count_does_not_grow_with_articles(editor_client):
    def make(count):
        section = SectionFactory(parent=SectionFactory(parent=SectionFactory()))
        for _ in range(count):
            ArticleFactory(section=section, authors=[AuthorFactory(), AuthorFactory()],
                           topics=[TopicFactory()], published=True)

    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert editor_client.get(CHANGELIST).status_code == 200
        return len(captured.captured_queries)

    make(2)
    few = queries()
    make(12)
    assert queries() == few


# --- Add and change forms -------------------------------------------------------------------


def test_add_form_creates_a_draft_through_the_services(editor_client, editor):
    section = SectionFactory(name="City")
    first, second = AuthorFactory(name="Second Byline"), AuthorFactory(name="First Byline")
    topic = TopicFactory(name="Transport")
    data = form_data(editor_client, ADD)
    data.update({
        "headline": "Trams return to the high street", "slug": "", "kind": "news",
        "standfirst": "After forty years.", "body": "The **first** tram ran at dawn.",
        "section": str(section.pk), "topics": [str(topic.pk)],
        "credited_authors-TOTAL_FORMS": "2",
        "credited_authors-0-author": str(first.pk), "credited_authors-0-position": "2",
        "credited_authors-1-author": str(second.pk), "credited_authors-1-position": "1",
        "credits-TOTAL_FORMS": "1", "credits-0-name": "Photo Desk",
        "credits-0-contribution": "photography", "credits-0-position": "0",
    })
    response = editor_client.post(ADD, data)
    assert response.status_code == 302, errors_by_field(response)

    article = Article.objects.get(headline="Trams return to the high street")
    assert article.status == Article.Status.DRAFT and article.published_at is None
    assert article.slug == "trams-return-to-the-high-street"
    assert "<strong>first</strong>" in article.body_html
    assert [a.author.name for a in article.credited_authors.all()] == [
        "First Byline", "Second Byline"]
    assert list(article.topics.all()) == [topic]
    assert [(c.name, c.contribution) for c in article.credits.all()] == [
        ("Photo Desk", "photography")]
    revision = article.revisions.get()
    assert revision.action == ArticleRevision.Action.CREATED and revision.created_by == editor


def test_change_form_edit_records_revision_and_rerenders_body(editor_client, editor):
    article = ArticleFactory(body="Old text.")
    data = form_data(editor_client, change_url(article))
    data.update({"body": "New *text*.", "_save": "Save"})
    response = editor_client.post(change_url(article), data)
    assert response.status_code == 302, errors_by_field(response)
    article.refresh_from_db()
    assert article.body_html.strip() == "<p>New <em>text</em>.</p>"
    assert article.revisions.first().action == ArticleRevision.Action.EDITED
    assert article.revisions.first().created_by == editor


def test_hero_image_without_alt_text_is_an_error_on_hero_alt(editor_client):
    article = ArticleFactory()
    data = form_data(editor_client, change_url(article))
    data.update({"hero_image": png_upload(), "hero_alt": "  ", "_save": "Save"})
    errors = errors_by_field(editor_client.post(change_url(article), data))
    assert list(errors) == ["hero_alt"]
    assert "alt text" in errors["hero_alt"][0]
    article.refresh_from_db()
    assert not article.hero_image

    data.update({"hero_image": png_upload(), "hero_alt": "A tram at the depot"})
    assert editor_client.post(change_url(article), data).status_code == 302
    article.refresh_from_db()
    assert article.hero_image and (article.hero_width, article.hero_height) == (8, 6)


def test_slug_clash_is_an_error_on_slug(editor_client):
    ArticleFactory(headline="Taken", slug="budget-vote")
    data = form_data(editor_client, ADD)
    data.update({"headline": "Another budget story", "slug": "budget-vote",
                 "body": "Text.", "kind": "news"})
    errors = errors_by_field(editor_client.post(ADD, data))
    assert errors == {"slug": ["Another article already uses this slug."]}
    assert not Article.objects.filter(headline="Another budget story").exists()


def test_original_newer_than_publication_is_an_error(editor_client):
    article = ArticleFactory(published_at=timezone.now() - timedelta(days=2))
    data = form_data(editor_client, change_url(article))
    day, time = local(timezone.now() - timedelta(days=1))
    data.update({"source_name": "Agency", "source_published_at_0": day,
                 "source_published_at_1": time, "_save": "Save"})
    errors = errors_by_field(editor_client.post(change_url(article), data))
    assert list(errors) == ["source_published_at"]


def test_time_that_does_not_exist_in_the_zone_is_a_form_error(editor_client):
    # 01:30 on the last Sunday of March 2030 does not exist in London (clocks go forward).
    article = ArticleFactory()
    data = form_data(editor_client, change_url(article))
    data.update({"updated_at_0": "2030-03-31", "updated_at_1": "01:30:00", "_save": "Save"})
    assert "updated_at" in errors_by_field(editor_client.post(change_url(article), data))


def test_corrections_inline_adds_through_correction_add(editor_client, editor):
    article = ArticleFactory(published=True)
    data = form_data(editor_client, change_url(article))
    data.update({"corrections-TOTAL_FORMS": "1", "corrections-0-text":
                 "An earlier version gave the wrong date.", "_save": "Save"})
    response = editor_client.post(change_url(article), data)
    assert response.status_code == 302, errors_by_field(response)
    correction = Correction.objects.get(article=article)
    assert correction.text == "An earlier version gave the wrong date."
    revision = article.revisions.first()
    assert (revision.action, revision.created_by) == (ArticleRevision.Action.CORRECTED, editor)

    # Published corrections are shown read-only: resubmitting does not change or duplicate them.
    data = form_data(editor_client, change_url(article))
    data["_save"] = "Save"
    assert editor_client.post(change_url(article), data).status_code == 302
    assert Correction.objects.filter(article=article).count() == 1


def test_history_view_lists_revisions(editor_client, editor):
    article = ArticleFactory()
    services.article_publish(article=article, by=editor)
    html = editor_client.get(reverse("admin:content_article_history", args=[article.pk])
                             ).content.decode()
    assert "Revisions" in html and "Published" in html and "editor" in html


def test_admin_is_branded_with_the_site_name(editor_client, settings):
    settings.BROADSHEET_SITE_NAME = "The Evening Lamp"
    html = editor_client.get(reverse("admin:index")).content.decode()
    assert "The Evening Lamp" in html
    assert f'href="{reverse("web:home")}"' in html  # "View site"


# --- Status buttons on the change form ------------------------------------------------------


def test_save_and_publish_now_button_publishes(editor_client):
    article = ArticleFactory()
    data = form_data(editor_client, change_url(article))
    data.update({"headline": "Edited then published", "_publish": "Save and publish now"})
    response = editor_client.post(change_url(article), data, follow=True)
    article.refresh_from_db()
    assert article.is_live and article.headline == "Edited then published"
    assert any("is live" in m for m in message_texts(response))
    actions = list(article.revisions.values_list("action", flat=True))
    assert actions[:2] == ["published", "edited"]


def test_publishing_without_section_shows_error_on_section_and_stays_draft(editor_client):
    article = ArticleFactory(section=None, headline="Orphan story")
    data = form_data(editor_client, change_url(article))
    data.update({"headline": "Orphan story, edited", "_publish": "Save and publish now"})
    errors = errors_by_field(editor_client.post(change_url(article), data))
    assert errors == {"section": ["Choose a section before publishing."]}
    article.refresh_from_db()
    # The whole save was refused: no edit, no publication, no revision.
    assert article.status == Article.Status.DRAFT and article.headline == "Orphan story"
    assert article.revisions.count() == 1


def test_add_and_publish_without_section_creates_nothing(editor_client):
    data = form_data(editor_client, ADD)
    data.update({"headline": "Straight to print", "body": "Text.", "kind": "news",
                 "_publish": "Save and publish now"})
    errors = errors_by_field(editor_client.post(ADD, data))
    assert errors == {"section": ["Choose a section before publishing."]}
    assert not Article.objects.filter(headline="Straight to print").exists()


def test_schedule_button_uses_the_publication_time(editor_client):
    article = ArticleFactory()
    when = timezone.now() + timedelta(days=2)
    data = form_data(editor_client, change_url(article))
    data.update(dict(zip(["published_at_0", "published_at_1"], local(when), strict=True)))
    data["_schedule"] = "Schedule"
    response = editor_client.post(change_url(article), data, follow=True)
    article.refresh_from_db()
    assert article.is_scheduled and not article.is_live
    assert not Article.objects.live().filter(pk=article.pk).exists()
    assert any("scheduled" in m for m in message_texts(response))


@pytest.mark.parametrize("when", [None, timedelta(hours=-1)])
def test_schedule_button_refuses_missing_or_past_time(editor_client, when):
    article = ArticleFactory()
    data = form_data(editor_client, change_url(article))
    if when is not None:
        data.update(dict(zip(["published_at_0", "published_at_1"],
                             local(timezone.now() + when), strict=True)))
    data["_schedule"] = "Schedule"
    errors = errors_by_field(editor_client.post(change_url(article), data))
    assert list(errors) == ["published_at"]
    article.refresh_from_db()
    assert article.status == Article.Status.DRAFT


def test_unpublish_button(editor_client):
    article = ArticleFactory(published=True)
    data = form_data(editor_client, change_url(article))
    data["_unpublish"] = "Unpublish"
    assert editor_client.post(change_url(article), data).status_code == 302
    article.refresh_from_db()
    assert article.status == Article.Status.UNPUBLISHED


def test_change_form_shows_buttons_for_the_state_and_a_preview_link(editor_client):
    draft = ArticleFactory()
    html = editor_client.get(change_url(draft)).content.decode()
    assert 'name="_publish"' in html and 'name="_schedule"' in html
    assert 'name="_unpublish"' not in html
    assert f'href="{reverse("web:article_preview", args=[draft.pk])}"' in html
    assert 'target="_blank"' in html
    assert "data-preview-url" in html

    live = ArticleFactory(published=True)
    html = editor_client.get(change_url(live)).content.decode()
    assert 'name="_publish"' not in html and 'name="_unpublish"' in html


def test_moving_a_live_articles_time_to_the_future_schedules_it(editor_client):
    article = ArticleFactory(published=True)
    data = form_data(editor_client, change_url(article))
    data.update(dict(zip(["published_at_0", "published_at_1"],
                         local(timezone.now() + timedelta(hours=3)), strict=True)))
    data["_save"] = "Save"
    assert editor_client.post(change_url(article), data).status_code == 302
    article.refresh_from_db()
    assert article.is_scheduled


# --- List actions -----------------------------------------------------------------------


def post_action(client, action, articles, **extra):
    return client.post(CHANGELIST, {"action": action, "index": "0",
                                    "_selected_action": [a.pk for a in articles], **extra},
                       follow=True)


def test_publish_now_action_reports_each_refusal(editor_client):
    ready = ArticleFactory(headline="Ready to go")
    orphan = ArticleFactory(headline="No home yet", section=None)
    response = post_action(editor_client, "publish_now", [ready, orphan])
    ready.refresh_from_db()
    orphan.refresh_from_db()
    assert ready.is_live
    assert orphan.status == Article.Status.DRAFT
    texts = message_texts(response)
    assert "Published 1 article." in texts
    assert any("“No home yet” was not published" in t and "section" in t for t in texts)


def test_schedule_action_asks_for_a_time_then_schedules(editor_client):
    articles = [ArticleFactory(), ArticleFactory()]
    page = post_action(editor_client, "schedule", articles)
    assert page.status_code == 200
    assert "publish_at_0" in page.content.decode()

    when = timezone.now() + timedelta(days=1)
    day, time = local(when)
    response = editor_client.post(CHANGELIST, {
        "action": "schedule", "post": "yes", "_selected_action": [a.pk for a in articles],
        "publish_at_0": day, "publish_at_1": time}, follow=True)
    for article in articles:
        article.refresh_from_db()
        assert article.is_scheduled and not article.is_live
    assert any("Scheduled 2 articles" in m for m in message_texts(response))


def test_schedule_action_refuses_a_past_time(editor_client):
    article = ArticleFactory()
    day, time = local(timezone.now() - timedelta(hours=2))
    response = editor_client.post(CHANGELIST, {
        "action": "schedule", "post": "yes", "_selected_action": [article.pk],
        "publish_at_0": day, "publish_at_1": time})
    assert response.status_code == 200
    assert response.context["form"].errors == {"publish_at": ["Choose a time in the future."]}
    article.refresh_from_db()
    assert article.status == Article.Status.DRAFT


def test_unpublish_action(editor_client):
    live, draft = ArticleFactory(published=True), ArticleFactory(headline="Never out")
    response = post_action(editor_client, "unpublish", [live, draft])
    live.refresh_from_db()
    draft.refresh_from_db()
    assert live.status == Article.Status.UNPUBLISHED
    assert draft.status == Article.Status.DRAFT
    assert "Unpublished 1 article." in message_texts(response)


# --- Permissions --------------------------------------------------------------------------


def test_non_publisher_saves_drafts_but_cannot_publish(reporter_client):
    article = ArticleFactory()
    html = reporter_client.get(change_url(article)).content.decode()
    assert 'name="_save"' in html
    assert 'name="_publish"' not in html and 'name="_schedule"' not in html

    data = form_data(reporter_client, change_url(article))
    data.update({"headline": "Reporter's edit", "_save": "Save"})
    assert reporter_client.post(change_url(article), data).status_code == 302
    article.refresh_from_db()
    assert article.headline == "Reporter's edit"

    data["_publish"] = "Save and publish now"
    del data["_save"]
    response = reporter_client.post(change_url(article), data)
    assert "permission to publish" in str(response.context["adminform"].form.non_field_errors())
    article.refresh_from_db()
    assert article.status == Article.Status.DRAFT


def test_non_publisher_has_no_publish_actions(reporter_client):
    article = ArticleFactory()
    action_form = reporter_client.get(CHANGELIST).context["action_form"]
    actions = action_form.fields["action"].choices if action_form else []
    assert {"publish_now", "schedule", "unpublish"}.isdisjoint(name for name, _ in actions)
    post_action(reporter_client, "publish_now", [article])
    article.refresh_from_db()
    assert article.status == Article.Status.DRAFT


# --- Markdown preview -----------------------------------------------------------------------


def test_markdown_preview_renders_sanitized_html(editor_client):
    response = editor_client.post(PREVIEW, {
        "text": "# Title\n\nHello **world** <script>alert(1)</script> [x](javascript:alert(1))"})
    assert response.status_code == 200
    payload = response.json()
    assert "<h2>Title</h2>" in payload["html"] and "<strong>world</strong>" in payload["html"]
    assert "<script" not in payload["html"] and 'href="javascript' not in payload["html"]

    counted = editor_client.post(PREVIEW, {"text": "A **short** [link](https://a.example) here."})
    assert (counted.json()["words"], counted.json()["minutes"]) == (4, 1)
    assert editor_client.post(PREVIEW, {"text": ""}).json()["minutes"] == 0


def test_markdown_preview_requires_staff(client, django_user_model):
    response = client.post(PREVIEW, {"text": "Hi"})
    assert response.status_code == 302 and reverse("admin:login") in response["Location"]
    reader = django_user_model.objects.create_user(username="reader", password="pw")
    client.force_login(reader)
    assert client.post(PREVIEW, {"text": "Hi"}).status_code == 302


def test_markdown_preview_rejects_get_and_oversized_text(editor_client):
    assert editor_client.get(PREVIEW).status_code == 405
    response = editor_client.post(PREVIEW, {"text": "a" * (200 * 1024 + 1)})
    assert response.status_code == 400 and "too long" in response.json()["error"]


# --- Sections, authors, topics ---------------------------------------------------------------


def test_section_rename_moves_subsection_addresses(editor_client):
    business = SectionFactory(name="Business")
    markets = SectionFactory(name="Markets", parent=business)
    url = reverse("admin:content_section_change", args=[business.pk])
    data = form_data(editor_client, url)
    data.update({"name": "Money", "slug": "money", "_save": "Save"})
    assert editor_client.post(url, data).status_code == 302
    markets.refresh_from_db()
    assert markets.path == "money/markets"

    listing = editor_client.get(reverse("admin:content_section_changelist")).content.decode()
    assert "Money › Markets" in listing


def test_section_add_refuses_reserved_slug(editor_client):
    url = reverse("admin:content_section_add")
    data = form_data(editor_client, url)
    data.update({"name": "Admin", "slug": "admin", "position": "0"})
    errors = errors_by_field(editor_client.post(url, data))
    assert "slug" in errors
    assert not Section.objects.filter(slug="admin").exists()


def test_author_and_topic_admin(editor_client):
    url = reverse("admin:content_author_add")
    data = form_data(editor_client, url)
    data.update({"name": "Grace Hopper", "slug": "", "links-TOTAL_FORMS": "1",
                 "links-0-url": "https://bsky.app/profile/grace", "links-0-position": "0"})
    response = editor_client.post(url, data)
    assert response.status_code == 302, errors_by_field(response)
    author = services.Author.objects.get(name="Grace Hopper")
    assert author.slug == "grace-hopper"
    assert [link.display_label for link in author.links.all()] == ["Bluesky"]

    topic = TopicFactory(name="Climate")
    ArticleFactory(topics=[topic])
    ArticleFactory(topics=[topic])
    response = editor_client.get(reverse("admin:content_topic_changelist"))
    row = next(r for r in response.context["cl"].result_list if r.pk == topic.pk)
    assert row.article_count == 2

    autocomplete = editor_client.get(reverse("admin:autocomplete"), {
        "app_label": "content", "model_name": "article", "field_name": "topics",
        "term": "clim"})
    assert [r["text"] for r in autocomplete.json()["results"]] == ["Climate"]


def test_section_list_is_a_tree(editor_client):
    business = SectionFactory(name="Business")
    SectionFactory(name="Business News")
    SectionFactory(name="Markets", parent=business)
    SectionFactory(name="Arts")
    response = editor_client.get(reverse("admin:content_section_changelist"))
    assert [s.path for s in response.context["cl"].result_list] == [
        "arts", "business", "business/markets", "business-news"]
    # The section autocomplete names sections by their full path without a query each.
    with CaptureQueriesContext(connection) as captured:
        found = editor_client.get(reverse("admin:autocomplete"), {
            "app_label": "content", "model_name": "article", "field_name": "section",
            "term": "mark"}).json()["results"]
    assert [r["text"] for r in found] == ["Business › Markets"]
    assert len(captured.captured_queries) <= 6


def test_non_publisher_sees_published_articles_read_only(reporter_client):
    article = ArticleFactory(published=True, headline="Live and locked")
    response = reporter_client.get(change_url(article))
    assert response.status_code == 200
    assert 'name="_save"' not in response.content.decode()
    data = {"headline": "Sneaky edit", "_save": "Save"}
    assert reporter_client.post(change_url(article), data).status_code == 403
    article.refresh_from_db()
    assert article.headline == "Live and locked"


def test_bad_ids_and_filter_values_are_not_server_errors(editor_client):
    assert editor_client.get(reverse("admin:content_article_history",
                                     args=["nope"])).status_code == 302
    assert editor_client.get(CHANGELIST, {"section": "nope"}).status_code in {200, 302}
    assert editor_client.get(CHANGELIST, {"state": "bogus"}).status_code == 200
