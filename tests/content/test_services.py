from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.test import TestCase
from django.utils import timezone

from broadsheet.content import services, signals
from broadsheet.content.models import Article, ArticleRevision, Section
from tests.factories import ArticleFactory, AuthorFactory, SectionFactory, TopicFactory

pytestmark = pytest.mark.django_db


def test_create_renders_body_and_records_revision(editor):
    article = services.article_create(headline="Tram line opens", body="**Big** day.", by=editor)
    assert article.status == Article.Status.DRAFT
    assert article.slug == "tram-line-opens"
    assert article.body_html == "<p><strong>Big</strong> day.</p>\n"
    revision = article.revisions.get()
    assert revision.action == ArticleRevision.Action.CREATED
    assert revision.created_by == editor


def test_slugs_never_clash():
    first = services.article_create(headline="Storm warning")
    second = services.article_create(headline="Storm warning")
    assert (first.slug, second.slug) == ("storm-warning", "storm-warning-2")


def test_explicit_slug_clash_is_a_validation_error():
    services.article_create(headline="One", slug="same")
    with pytest.raises(ValidationError) as error:
        services.article_create(headline="Two", slug="same")
    assert "Another article already uses this slug." in error.value.message_dict["slug"]


def test_publish_needs_a_section_and_says_so():
    article = services.article_create(headline="Orphan", body="Text.")
    with pytest.raises(ValidationError) as error:
        services.article_publish(article=article)
    assert error.value.message_dict["section"] == ["Choose a section before publishing."]
    article.refresh_from_db()
    assert article.status == Article.Status.DRAFT and article.published_at is None


def test_hero_image_requires_alt_text():
    from django.core.files.base import ContentFile

    with pytest.raises(ValidationError) as error:
        services.article_create(headline="Pic", hero_image=ContentFile(b"x", name="a.png"))
    assert "hero_alt" in error.value.message_dict


def test_publish_now_makes_the_article_live():
    article = ArticleFactory()
    services.article_publish(article=article)
    assert Article.objects.live().filter(pk=article.pk).exists()
    assert article.revisions.first().action == ArticleRevision.Action.PUBLISHED


def test_scheduled_article_becomes_live_when_its_time_comes_without_cron():
    article = ArticleFactory()
    at = timezone.now() + timedelta(hours=2)
    services.article_schedule(article=article, at=at)
    assert article.is_scheduled
    assert not Article.objects.live().filter(pk=article.pk).exists()
    assert Article.objects.live(now=at + timedelta(seconds=1)).filter(pk=article.pk).exists()
    assert article.revisions.first().action == ArticleRevision.Action.SCHEDULED


def test_schedule_in_the_past_is_refused():
    article = ArticleFactory()
    with pytest.raises(ValidationError):
        services.article_schedule(article=article, at=timezone.now() - timedelta(minutes=1))


def test_naive_publication_time_is_refused():
    article = ArticleFactory()
    with pytest.raises(ValidationError):
        services.article_publish(article=article, at=timezone.now().replace(tzinfo=None))


def test_publish_now_on_a_scheduled_article_moves_it_to_now():
    article = ArticleFactory()
    services.article_schedule(article=article, at=timezone.now() + timedelta(days=1))
    services.article_publish(article=article)
    assert article.is_live


def test_unpublish_hides_and_republish_keeps_the_original_time():
    article = ArticleFactory(published=True)
    first_time = article.published_at
    services.article_unpublish(article=article)
    assert not Article.objects.live().filter(pk=article.pk).exists()
    services.article_publish(article=article)
    assert article.published_at == first_time


def test_update_of_a_live_article_cannot_make_it_unpublishable():
    article = ArticleFactory(published=True)
    with pytest.raises(ValidationError):
        services.article_update(article=article, body="   ")
    article.refresh_from_db()
    assert article.body.strip()


def test_update_rerenders_body_and_records_revision():
    article = ArticleFactory(published=True)
    services.article_update(article=article, body="New *text*.")
    article.refresh_from_db()
    assert article.body_html == "<p>New <em>text</em>.</p>\n"
    assert article.revisions.first().action == ArticleRevision.Action.EDITED


def test_update_refuses_fields_that_have_their_own_service():
    article = ArticleFactory()
    with pytest.raises(TypeError):
        services.article_update(article=article, status="published")


def test_original_cannot_be_newer_than_republication():
    now = timezone.now()
    article = ArticleFactory(source_name="Wire", source_published_at=now)
    with pytest.raises(ValidationError) as error:
        services.article_publish(article=article, at=now - timedelta(hours=1))
    assert "source_published_at" in error.value.message_dict


def test_story_time_of_a_republished_story_is_the_original():
    original = timezone.now() - timedelta(days=2)
    article = ArticleFactory(source_name="Wire", source_url="https://wire.example/1",
                             source_published_at=original, published=True)
    assert article.story_time == original
    assert article.canonical_url() == "https://wire.example/1"


def test_authors_keep_byline_order_and_no_duplicates():
    a, b = AuthorFactory(), AuthorFactory()
    article = services.article_create(headline="Two names", authors=[b, a, b])
    assert [link.author for link in article.credited_authors.all()] == [b, a]


def test_credits_in_order_and_validated():
    article = ArticleFactory()
    services.article_set_credits(article=article, credits=[("Ana Ruiz", "reporting"),
                                                           ("Tom Lee", "research")])
    assert [(c.name, c.contribution) for c in article.credits.all()] == [
        ("Ana Ruiz", "reporting"), ("Tom Lee", "research")]
    with pytest.raises(ValidationError):
        services.article_set_credits(article=article, credits=[("X", "bribery")])
    assert article.credits.count() == 2


def test_correction_is_dated_and_recorded():
    article = ArticleFactory(published=True)
    correction = services.correction_add(article=article, text="The vote was 7-4, not 8-3.")
    assert correction.published_at <= timezone.now()
    assert article.revisions.first().action == ArticleRevision.Action.CORRECTED
    with pytest.raises(ValidationError):
        services.correction_add(article=article, text="  ")


def test_section_paths_follow_renames_and_moves():
    business = SectionFactory(name="Business")
    markets = SectionFactory(name="Markets", parent=business)
    commodities = SectionFactory(name="Commodities", parent=markets)
    assert commodities.path == "business/markets/commodities"
    services.section_update(section=business, slug="money")
    commodities.refresh_from_db()
    assert commodities.path == "money/markets/commodities"


def test_section_slug_reserved_and_cycle_refused():
    with pytest.raises(ValidationError):
        services.section_create(name="Admin", slug="admin")
    parent = SectionFactory(name="World")
    child = SectionFactory(name="Europe", parent=parent)
    with pytest.raises(ValidationError):
        services.section_update(section=parent, parent=child)


def test_numeric_section_slug_refused_so_it_cannot_shadow_dates():
    with pytest.raises(ValidationError):
        services.section_create(name="2026", slug="2026")


def test_same_subsection_slug_allowed_under_different_parents():
    uk, world = SectionFactory(name="UK"), SectionFactory(name="World")
    assert SectionFactory(name="Politics", parent=uk).path == "uk/politics"
    assert SectionFactory(name="Politics", parent=world).path == "world/politics"


def test_topic_and_author_slugs_generated():
    assert TopicFactory(name="Climate & Energy").slug == "climate-energy"
    assert AuthorFactory(name="Zoë Brontë").slug == "zoe-bronte"


def test_author_links_validated():
    with pytest.raises(ValidationError):
        services.author_create(name="Bad Link", links=["not a url"])


class SignalsAfterCommit(TestCase):
    def test_publish_signal_fires_only_after_commit_with_the_id(self):
        received = []

        def receiver(sender, article_id, **kwargs):
            received.append(article_id)

        signals.article_published.connect(receiver)
        try:
            article = ArticleFactory()
            with self.captureOnCommitCallbacks(execute=True):
                services.article_publish(article=article)
                assert received == []
            assert received == [article.pk]
        finally:
            signals.article_published.disconnect(receiver)


def test_database_refuses_duplicate_top_level_paths():
    Section.objects.create(name="A", slug="dup")
    with pytest.raises(IntegrityError):
        Section.objects.create(name="B", slug="dup")


def test_blanking_alt_text_of_an_existing_hero_image_is_refused():
    from django.core.files.base import ContentFile

    article = services.article_create(headline="Pic", hero_alt="A pier",
                                      hero_image=ContentFile(b"x", name="a.png"))
    with pytest.raises(ValidationError) as error:
        services.article_update(article=article, hero_alt=" ")
    assert "hero_alt" in error.value.message_dict


def test_credit_can_link_to_an_author_page():
    author = AuthorFactory(name="Ana Ruiz")
    article = ArticleFactory()
    services.article_set_credits(article=article, credits=[("Ana Ruiz", "reporting", author),
                                                           ("Guest", "research")])
    assert [(c.name, c.author) for c in article.credits.all()] == [("Ana Ruiz", author),
                                                                   ("Guest", None)]


def test_author_and_topic_updates_validate_and_refuse_unknown_fields():
    author = AuthorFactory()
    services.author_update(author=author, role="Science editor")
    author.refresh_from_db()
    assert author.role == "Science editor"
    with pytest.raises(ValidationError):
        services.author_update(author=author, email="not-an-email")
    with pytest.raises(TypeError):
        services.author_update(author=author, pk=99)
    topic = TopicFactory(name="Rail")
    services.topic_update(topic=topic, name="Railways", description="Trains and tracks.")
    topic.refresh_from_db()
    assert (topic.name, topic.slug) == ("Railways", "rail")


def test_author_links_replaced_in_order_with_labels():
    author = AuthorFactory(links=["https://x.com/reporter"])
    services.author_set_links(author=author, links=[("https://example.org/me", "Website"),
                                                    "https://bsky.app/profile/reporter"])
    assert [(link.url, link.display_label) for link in author.links.all()] == [
        ("https://example.org/me", "Website"), ("https://bsky.app/profile/reporter", "Bluesky")]
