from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from broadsheet.content import selectors, services
from tests.factories import ArticleFactory, AuthorFactory, SectionFactory, TopicFactory

pytestmark = pytest.mark.django_db


def _queries(fn):
    with CaptureQueriesContext(connection) as ctx:
        result = fn()
    return len(ctx.captured_queries), result


def _published(section, minutes_ago, **kwargs):
    return ArticleFactory(section=section,
                          published_at=timezone.now() - timedelta(minutes=minutes_ago), **kwargs)


def test_article_page_hides_drafts_scheduled_and_unpublished():
    section = SectionFactory()
    live = _published(section, 10)
    draft = ArticleFactory(section=section)
    scheduled = ArticleFactory(section=section, published_at=timezone.now() + timedelta(hours=1))
    gone = _published(section, 20)
    services.article_unpublish(article=gone)
    assert selectors.article_get_for_page(slug=live.slug) == live
    for hidden in (draft, scheduled, gone):
        assert selectors.article_get_for_page(slug=hidden.slug) is None
        assert selectors.article_get_for_preview(pk=hidden.pk) == hidden


def test_article_page_query_count_does_not_grow_with_authors_topics_and_credits():
    section = SectionFactory(parent=SectionFactory())
    small = _published(section, 5, authors=[AuthorFactory()], topics=[TopicFactory()])
    authors = [AuthorFactory(links=["https://example.social/@a", "https://example.org/"])
               for _ in range(5)]
    big = _published(section, 6, authors=authors, topics=[TopicFactory() for _ in range(8)],
                     credits=[(f"Helper {i}", "reporting") for i in range(4)])
    services.correction_add(article=big, text="Fixed a name.")

    def render(slug):
        def go():
            article = selectors.article_get_for_page(slug=slug)
            for link in article.credited_authors.all():
                list(link.author.links.all())
            list(article.topics.all()), list(article.credits.all()), list(article.corrections.all())
            [s.name for s in article.section.lineage()]
            return article
        return go

    small_count, _ = _queries(render(small.slug))
    big_count, article = _queries(render(big.slug))
    assert small_count == big_count
    assert len(article.credited_authors.all()) == 5


def test_home_page_lists_each_story_once_and_leads_with_featured():
    news, sport = SectionFactory(name="News"), SectionFactory(name="Sport")
    football = SectionFactory(name="Football", parent=sport)
    for i in range(12):
        _published(news, 30 + i)
        _published(football, 60 + i)
    featured = _published(news, 500, featured=True)
    page = selectors.home_page(per_section=3, top=2, latest=4)
    assert page.lead == featured
    ids = [page.lead.pk] + [a.pk for a in page.top_stories + page.latest]
    ids += [a.pk for block in page.section_blocks for a in block.articles]
    assert len(ids) == len(set(ids)), "an article appears twice on the home page"
    blocks = {block.section.name: block.articles for block in page.section_blocks}
    assert set(blocks) == {"News", "Sport"}  # subsection stories roll up to their root
    assert all(a.section == football for a in blocks["Sport"])
    assert len(blocks["Sport"]) == 3


def test_home_page_query_count_is_fixed():
    sections = [SectionFactory() for _ in range(3)]
    # Enough stories to fill every list, so no prefetch is skipped for being empty.
    for i in range(24):
        _published(sections[i % 3], i + 1, authors=[AuthorFactory()])
    few, _ = _queries(lambda: _touch_home(selectors.home_page()))
    for i in range(30):
        _published(sections[i % 3], 100 + i, authors=[AuthorFactory(), AuthorFactory()])
    many, _ = _queries(lambda: _touch_home(selectors.home_page()))
    assert few == many


def _touch_home(page):
    for article in [page.lead, *page.top_stories, *page.latest,
                    *[a for b in page.section_blocks for a in b.articles]]:
        [link.author.name for link in article.credited_authors.all()]
        article.section.lineage()


def test_section_articles_include_subsections_only_of_that_section():
    business = SectionFactory(name="Business")
    markets = SectionFactory(name="Markets", parent=business)
    businesses = SectionFactory(name="Businesses")  # path prefix "business" but not a child
    a = _published(business, 1)
    b = _published(markets, 2)
    _published(businesses, 3)
    assert list(selectors.section_articles(section=business)) == [a, b]
    assert list(selectors.section_articles(section=markets)) == [b]


def test_topic_and_author_lists_are_live_only_newest_first():
    topic, author = TopicFactory(), AuthorFactory()
    section = SectionFactory()
    old = _published(section, 50, topics=[topic], authors=[author])
    new = _published(section, 5, topics=[topic], authors=[author])
    ArticleFactory(section=section, topics=[topic], authors=[author])  # draft
    assert list(selectors.topic_articles(topic=topic)) == [new, old]
    assert list(selectors.author_articles(author=author)) == [new, old]


def test_paginate_survives_bad_page_numbers():
    section = SectionFactory()
    for i in range(5):
        _published(section, i + 1)
    qs = selectors.section_articles(section=section)
    assert selectors.paginate(qs, page="abc", per_page=2).number == 1
    assert selectors.paginate(qs, page="99999", per_page=2).number == 3
    assert selectors.paginate(qs, page=None, per_page=2).number == 1
