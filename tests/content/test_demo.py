"""The demo newsroom: structure, realism markers, determinism and safe re-runs."""

import re
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.test import override_settings
from django.utils import timezone

from broadsheet.content.demo.generator import STORIES, build_newsroom
from broadsheet.content.demo.loader import delete_all_content
from broadsheet.content.demo.threads import THREADS
from broadsheet.content.demo.world import TOPICS
from broadsheet.content.models import Article, Author, Correction, Credit, Section, Topic

SMALL = {"articles": 60, "days": 10}
QUEUE_ONLY = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}


@pytest.fixture(autouse=True)
def _queue_tasks_only(settings):
    settings.TASKS = QUEUE_ONLY


def _load(**options) -> str:
    out = StringIO()
    call_command("load_demo", stdout=out, **{**SMALL, **options})
    return out.getvalue()


@pytest.fixture(scope="module")
def newsroom(django_db_setup, django_db_blocker):
    """One small demo newsroom shared by the read-only tests of this module."""
    # Other apps react to new articles with background tasks (image renditions, indexing);
    # queue them without running them, so this module stays fast.
    with django_db_blocker.unblock(), override_settings(TASKS=QUEUE_ONLY):
        output = _load()
        yield output
        delete_all_content()


@pytest.mark.django_db
class TestStructure:
    def test_sections_are_a_tree_with_descriptions(self, newsroom):
        top = Section.objects.filter(parent=None)
        assert top.count() >= 6
        with_children = [s for s in top if s.children.exists()]
        assert len(with_children) >= 6
        assert not Section.objects.filter(description="").exists()

    def test_topics_authors_and_bios(self, newsroom):
        assert Topic.objects.count() >= 30
        assert not Topic.objects.filter(description="").exists()
        authors = Author.objects.all()
        assert authors.count() >= 8
        for author in authors:
            assert author.role and author.photo and author.photo_width == 400
            assert len(re.findall(r"[.!?](\s|$)", author.bio)) >= 2, author.bio
        emails = [a.email for a in authors if a.email]
        assert emails and all(e.endswith(("@example.org", "@example.com")) for e in emails)
        links = [link.url for a in authors for link in a.links.all()]
        assert links and all(".example" in url or "example." in url for url in links)

    def test_articles_read_like_news(self, newsroom):
        articles = list(Article.objects.prefetch_related("topics"))
        assert len(articles) == SMALL["articles"]
        assert len({a.headline for a in articles}) == len(articles)
        for article in articles:
            paragraphs = [p for p in article.body.split("\n\n") if not p.startswith("## ")]
            assert len(paragraphs) >= 4, article.headline
            assert article.standfirst and article.body_html.startswith("<")
            assert 2 <= len(article.topics.all()) <= 5, article.headline
            assert article.authors.exists() or article.staff_byline, article.headline
            text = f"{article.headline} {article.standfirst} {article.body}".lower()
            assert "lorem" not in text and "ipsum" not in text
            assert "{" not in text and "}" not in text and "\x00" not in text
        assert any("## " in a.body for a in articles)
        assert any(a.dateline for a in articles)
        assert {a.kind for a in articles} >= {"news", "opinion"}

    def test_schedule_sources_corrections_and_credits(self, newsroom):
        now = timezone.now()
        published = Article.objects.filter(status="published")
        assert published.count() == SMALL["articles"]
        scheduled = [a for a in published if a.published_at > now]
        assert scheduled and not any(a.is_live for a in scheduled)
        live = Article.objects.live()
        oldest = live.order_by("published_at").first().published_at
        assert now - oldest <= timezone.timedelta(days=SMALL["days"] + 1)

        syndicated = published.exclude(source_name="")
        assert syndicated.exists()
        for article in syndicated:
            assert article.source_url.startswith("https://")
            assert ".example." in article.source_url
            assert article.source_published_at < article.published_at
            assert not article.authors.exists()

        corrections = Correction.objects.select_related("article")
        assert corrections.exists()
        for correction in corrections:
            assert correction.published_at > correction.article.published_at
            assert correction.text.startswith("An earlier version of this article")
        assert Credit.objects.exists()
        updated = published.exclude(updated_at=None)
        assert updated.exists() and all(a.updated_at > a.published_at for a in updated)

        with_image = published.exclude(hero_image="")
        assert with_image.exists()
        assert all(a.hero_alt and a.hero_credit and a.hero_width == 1600 for a in with_image)
        assert published.filter(featured=True).exists()

    def test_rerun_without_reset_changes_nothing(self, newsroom):
        before = list(Article.objects.order_by("id").values_list("id", "headline"))
        output = _load()
        assert "already loaded" in output
        assert list(Article.objects.order_by("id").values_list("id", "headline")) == before


@pytest.mark.django_db
def test_reset_rebuilds_identically_for_the_same_seed():
    delete_all_content()  # the module's shared newsroom; rolled back after the test
    now = timezone.now().replace(minute=0, second=0, microsecond=0)
    _load(articles=25, now=now)
    first = list(Article.objects.order_by("published_at", "headline")
                 .values_list("headline", "published_at", "body"))
    output = _load(articles=25, now=now, reset=True)
    assert "Demo newsroom loaded" in output
    second = list(Article.objects.order_by("published_at", "headline")
                  .values_list("headline", "published_at", "body"))
    assert first == second
    _load(articles=25, now=now, reset=True, seed=7)
    assert {h for h, *_ in first} != set(Article.objects.values_list("headline", flat=True))


@pytest.mark.django_db
def test_refuses_to_mix_with_existing_content():
    from broadsheet.content import services

    delete_all_content()
    services.section_create(name="Local news")
    with pytest.raises(CommandError, match="--reset"):
        _load()
    assert not Article.objects.exists()


def test_plan_is_consistent_without_a_database():
    """Every template and thread renders; followed stories share topics and people."""
    now = timezone.now().replace(minute=0, second=0, microsecond=0)
    plan = build_newsroom(articles=520, days=60, now=now)
    assert len(plan.articles) == 520
    assert {a.key for a in plan.articles} >= {s.key for s in STORIES if s.weight >= 1}
    assert {a.thread for a in plan.articles if a.thread} == {t.key for t in THREADS}
    assert all(set(a.topics) <= set(TOPICS) for a in plan.articles)
    # Slots filled into templates must not stutter ("the the", "prices prices").
    stutters = {m.group(0) for a in plan.articles for text in (a.headline, a.standfirst, a.body)
                for m in re.finditer(r"\b(\w+)\s+\1\b", text, flags=re.IGNORECASE)}
    assert not stutters
    assert 3 <= sum(a.scheduled for a in plan.articles) <= 5
    assert 6 <= sum(a.featured for a in plan.articles) <= 10
    past = [a for a in plan.articles if not a.scheduled]
    per_day = len(past) / 60
    assert 7 <= per_day <= 12
    for thread in THREADS:
        parts = sorted((a for a in plan.articles if a.thread == thread.key),
                       key=lambda a: a.published_at)
        assert 3 <= len(parts) <= 8
        shared = set.intersection(*(set(a.topics) for a in parts))
        assert len(shared) >= 2, thread.key
