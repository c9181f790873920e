"""Every write to the newsroom's content goes through here (admin, importers, demo, API)."""

from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from broadsheet.core.markdown import render_markdown
from broadsheet.core.slugs import unique_slug

from . import signals, tasks
from .models import (
    Article,
    ArticleAuthor,
    ArticleRevision,
    Author,
    AuthorLink,
    Correction,
    Credit,
    Section,
    Topic,
)

ARTICLE_EDITABLE_FIELDS = frozenset(
    {
        "headline", "slug", "standfirst", "kind", "body", "dateline", "section", "staff_byline",
        "featured", "hero_image", "hero_alt", "hero_caption", "hero_credit", "updated_at",
        "source_name", "source_url", "source_published_at",
    }
)


def _send_on_commit(signal, article_id: int) -> None:
    transaction.on_commit(lambda: signal.send(sender=Article, article_id=article_id))


def _record_revision(article: Article, action: str, by) -> None:
    ArticleRevision.objects.create(
        article=article, action=action, created_by=by if getattr(by, "pk", None) else None,
        headline=article.headline, standfirst=article.standfirst, body=article.body,
        status=article.status, published_at=article.published_at,
    )


def article_validate_publishable(article: Article) -> None:
    """Raise ValidationError with every reason the article cannot be shown to readers yet."""
    errors: dict[str, list[str]] = {}
    if not article.headline.strip():
        errors.setdefault("headline", []).append("An article needs a headline to be published.")
    if article.section_id is None:
        errors.setdefault("section", []).append("Choose a section before publishing.")
    if not article.body.strip():
        errors.setdefault("body", []).append("The article has no body text yet.")
    if article.hero_image and not article.hero_alt.strip():
        errors.setdefault("hero_alt", []).append(
            "Describe the hero image (alt text) for readers who cannot see it.")
    if article.source_published_at and article.published_at and (
            article.source_published_at > article.published_at):
        errors.setdefault("source_published_at", []).append(
            "The original cannot be newer than this publication.")
    if errors:
        raise ValidationError(errors)


def _refuse_unknown(fields: dict[str, Any], editable: frozenset[str], service: str) -> None:
    # Fields with their own service (status, publication time...) must not slip in here.
    unknown = set(fields) - editable
    if unknown:
        raise TypeError(f"Not editable through {service}: {', '.join(sorted(unknown))}")


def _set_and_save(instance, fields: dict[str, Any], editable: frozenset[str], service: str):
    _refuse_unknown(fields, editable, service)
    for name, value in fields.items():
        setattr(instance, name, value)
    instance.full_clean()
    instance.save()
    return instance


def _check_article_fields(fields: dict[str, Any]) -> None:
    _refuse_unknown(fields, ARTICLE_EDITABLE_FIELDS, "article services")
    if fields.get("hero_image") and not (fields.get("hero_alt") or "").strip():
        raise ValidationError({"hero_alt": "Describe the hero image (alt text)."})


@transaction.atomic
def article_create(
    *,
    headline: str,
    by=None,
    authors: Sequence[Author] = (),
    topics: Iterable[Topic] = (),
    credits: Sequence[tuple[str, str]] = (),
    **fields: Any,
) -> Article:
    """Create a draft article (publish it with ``article_publish``)."""
    _check_article_fields(fields)
    article = Article(headline=headline, **fields)
    article.body_html = render_markdown(article.body)
    article.full_clean(exclude=["slug"] if not article.slug else None)
    article.save()
    article_set_authors(article=article, authors=authors)
    if topics:
        article.topics.set(topics)
    if credits:
        article_set_credits(article=article, credits=credits)
    _record_revision(article, ArticleRevision.Action.CREATED, by)
    if article.hero_image:
        _queue_renditions(article.pk)
    return article


def _queue_renditions(article_id: int) -> None:
    transaction.on_commit(lambda: tasks.article_make_hero_renditions.enqueue(article_id))


@transaction.atomic
def article_update(*, article: Article, by=None, **fields: Any) -> Article:
    """Change an article's fields; live articles stay publishable or the change is refused."""
    _check_article_fields(fields)
    for name, value in fields.items():
        setattr(article, name, value)
    if article.hero_image and not article.hero_alt.strip():
        raise ValidationError({"hero_alt": "Describe the hero image (alt text)."})
    if "body" in fields:
        article.body_html = render_markdown(article.body)
    article.full_clean()
    if article.status == Article.Status.PUBLISHED:
        article_validate_publishable(article)
    update_fields = sorted(set(fields) | {"modified_at"} | ({"body_html"} if "body" in fields
                                                          else set()))
    if "hero_image" in fields:
        article.hero_renditions = []
        update_fields += ["hero_width", "hero_height", "hero_renditions"]
    article.save(update_fields=update_fields)
    if "hero_image" in fields and article.hero_image:
        _queue_renditions(article.pk)
    _record_revision(article, ArticleRevision.Action.EDITED, by)
    _send_on_commit(signals.article_changed, article.pk)
    return article


@transaction.atomic
def article_set_authors(*, article: Article, authors: Sequence[Author]) -> None:
    """Replace the byline with ``authors`` in the given order."""
    ArticleAuthor.objects.filter(article=article).delete()
    seen: set[int] = set()
    links = []
    for author in authors:
        if author.pk in seen:
            continue
        seen.add(author.pk)
        links.append(ArticleAuthor(article=article, author=author, position=len(links)))
    ArticleAuthor.objects.bulk_create(links)
    _send_on_commit(signals.article_changed, article.pk)


@transaction.atomic
def article_set_topics(*, article: Article, topics: Iterable[Topic]) -> None:
    """Replace the article's topics."""
    article.topics.set(topics)
    _send_on_commit(signals.article_changed, article.pk)


@transaction.atomic
def article_set_credits(
    *, article: Article,
    credits: Sequence[tuple[str, str] | tuple[str, str, Author | None]],
) -> None:
    """Replace the credits with (name, contribution[, author]) tuples, in order.

    The optional author links the credited name to their author page.
    """
    valid = set(Credit.Contribution.values)
    rows = []
    for position, (name, contribution, *rest) in enumerate(credits):
        if contribution not in valid:
            raise ValidationError({"credits": f"Unknown contribution “{contribution}”."})
        if not name.strip():
            raise ValidationError({"credits": "A credit needs a name."})
        rows.append(Credit(article=article, name=name.strip(), contribution=contribution,
                           author=rest[0] if rest else None, position=position))
    article.credits.all().delete()
    Credit.objects.bulk_create(rows)


@transaction.atomic
def article_publish(*, article: Article, by=None, at: datetime | None = None) -> Article:
    """Publish now, or at ``at`` (a future time schedules it; no cron is needed)."""
    if at is not None and timezone.is_naive(at):
        raise ValidationError({"published_at": "Give the publication time with a time zone."})
    now = timezone.now()
    previous = (article.status, article.published_at)
    if at is not None:
        article.published_at = at
    elif article.status != Article.Status.PUBLISHED or article.published_at is None or (  # noqa: SIM102
            article.published_at > now):
        # "Publish now" on a scheduled or never-published article; a re-publication
        # of an unpublished article keeps its original time.
        if not (article.status == Article.Status.UNPUBLISHED and article.published_at):
            article.published_at = now
    article.status = Article.Status.PUBLISHED
    try:
        article_validate_publishable(article)
    except ValidationError:
        article.status, article.published_at = previous
        raise
    article.save(update_fields=["status", "published_at", "modified_at"])
    action = (ArticleRevision.Action.SCHEDULED if article.published_at > now
              else ArticleRevision.Action.PUBLISHED)
    _record_revision(article, action, by)
    _send_on_commit(signals.article_published, article.pk)
    return article


def article_schedule(*, article: Article, at: datetime, by=None) -> Article:
    """Publish at a future time."""
    if at <= timezone.now():
        raise ValidationError({"published_at": "A scheduled time must be in the future."})
    return article_publish(article=article, by=by, at=at)


@transaction.atomic
def article_unpublish(*, article: Article, by=None) -> Article:
    """Take an article off the site (it keeps its publication time for a later return)."""
    if article.status == Article.Status.UNPUBLISHED:
        return article
    article.status = Article.Status.UNPUBLISHED
    article.save(update_fields=["status", "modified_at"])
    _record_revision(article, ArticleRevision.Action.UNPUBLISHED, by)
    _send_on_commit(signals.article_unpublished, article.pk)
    return article


@transaction.atomic
def correction_add(*, article: Article, text: str, at: datetime | None = None,
                   by=None) -> Correction:
    """Attach a dated public correction to the article."""
    if not text.strip():
        raise ValidationError({"text": "A correction needs text."})
    correction = Correction.objects.create(article=article, text=text.strip(),
                                           published_at=at or timezone.now())
    _record_revision(article, ArticleRevision.Action.CORRECTED, by)
    _send_on_commit(signals.article_changed, article.pk)
    return correction


@transaction.atomic
def section_create(*, name: str, parent: Section | None = None, slug: str = "",
                   description: str = "", position: int = 0) -> Section:
    """Create a section (inside ``parent`` when given)."""
    section = Section(name=name, parent=parent, slug=slug, description=description,
                      position=position)
    if not section.slug:
        section.slug = unique_slug(section, name, max_length=80, scope={"parent": parent})
    section.full_clean(exclude=["path"])
    section.save()
    return section


@transaction.atomic
def section_update(*, section: Section, **fields: Any) -> Section:
    """Rename or move a section; the URL paths of its subsections follow."""
    for name, value in fields.items():
        setattr(section, name, value)
    section.full_clean(exclude=["path"])
    section.save()
    for child in section.children.all():
        section_update(section=child)
    return section


@transaction.atomic
def author_create(*, name: str, links: Sequence[str] = (), **fields: Any) -> Author:
    """Create an author profile, with profile URLs elsewhere (``links``)."""
    author = Author(name=name, **fields)
    author.full_clean(exclude=["slug"] if not author.slug else None)
    author.save()
    author_set_links(author=author, links=links)
    return author


AUTHOR_EDITABLE_FIELDS = frozenset(
    {"name", "slug", "role", "organisation", "bio", "photo", "email", "user"})


@transaction.atomic
def author_update(*, author: Author, **fields: Any) -> Author:
    """Change an author's profile."""
    return _set_and_save(author, fields, AUTHOR_EDITABLE_FIELDS, "author_update")


@transaction.atomic
def author_set_links(*, author: Author, links: Sequence[str | tuple[str, str]]) -> None:
    """Replace the author's profile links: URLs, or (url, label) pairs, in order."""
    rows = []
    for position, link in enumerate(links):
        url, label = (link, "") if isinstance(link, str) else link
        row = AuthorLink(author=author, url=url, label=label, position=position)
        row.full_clean(exclude=["author"])
        rows.append(row)
    author.links.all().delete()
    AuthorLink.objects.bulk_create(rows)


TOPIC_EDITABLE_FIELDS = frozenset({"name", "slug", "description"})


@transaction.atomic
def topic_update(*, topic: Topic, **fields: Any) -> Topic:
    """Rename or describe a topic."""
    return _set_and_save(topic, fields, TOPIC_EDITABLE_FIELDS, "topic_update")


@transaction.atomic
def topic_create(*, name: str, slug: str = "", description: str = "") -> Topic:
    """Create a topic."""
    topic = Topic(name=name, slug=slug, description=description)
    topic.full_clean(exclude=["slug"] if not slug else None)
    topic.save()
    return topic
