"""Factories that build state through the services, as the admin and importers do."""

from datetime import timedelta

import factory
from django.utils import timezone

from broadsheet.content import services
from broadsheet.content.models import Article, Author, Section, Topic


class SectionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Section

    name = factory.Sequence(lambda n: f"Section {n}")
    parent = None
    description = "What this section covers."

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        return services.section_create(**kwargs)


class AuthorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Author

    name = factory.Sequence(lambda n: f"Reporter Number{n}")
    role = "Correspondent"
    bio = "Covers the city for the paper."

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        return services.author_create(**kwargs)


class TopicFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Topic

    name = factory.Sequence(lambda n: f"Topic {n}")

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        return services.topic_create(**kwargs)


class ArticleFactory(factory.django.DjangoModelFactory):
    """A draft by default; ``published=True`` (or ``published_at=...``) publishes it."""

    class Meta:
        model = Article

    headline = factory.Sequence(lambda n: f"Council approves budget number {n}")
    standfirst = "The vote ends months of argument over spending."
    body = "The council voted on Tuesday.\n\nIt was close."
    section = factory.SubFactory(SectionFactory)

    published = False
    published_at = None

    @classmethod
    def _create(cls, model_class, *args, published=False, published_at=None, **kwargs):
        article = services.article_create(**kwargs)
        if published or published_at is not None:
            services.article_publish(
                article=article,
                at=published_at or timezone.now() - timedelta(minutes=5),
            )
        return article
