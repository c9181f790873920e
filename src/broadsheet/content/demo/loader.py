"""Writes the planned demo newsroom to the database through the content services."""

from __future__ import annotations

import contextlib
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from broadsheet.content import services
from broadsheet.content.models import Article, Author, Section, Topic

from .generator import DEFAULT_ARTICLES, DEFAULT_DAYS, DEFAULT_SEED, Newsroom, build_newsroom
from .images import avatar_png, hero_jpeg
from .world import MARKER_SECTION_PATH


class ForeignContentError(Exception):
    """The database holds content the demo did not create; only ``reset`` may replace it."""


@dataclass
class LoadResult:
    loaded: bool
    sections: int = 0
    topics: int = 0
    authors: int = 0
    articles: int = 0
    scheduled: int = 0
    syndicated: int = 0
    corrected: int = 0
    updated: int = 0
    with_images: int = 0
    featured: int = 0
    seconds: float = 0.0


def demo_is_loaded() -> bool:
    """Whether the demo newsroom is already in the database (its city desk section exists)."""
    return Section.objects.filter(path=MARKER_SECTION_PATH).exists()


def delete_all_content() -> None:
    """Delete every article, author, topic and section, and their image files (not users)."""
    files = [name for name in Article.objects.exclude(hero_image="")
             .values_list("hero_image", flat=True)]
    files += [name for name in Author.objects.exclude(photo="").values_list("photo", flat=True)]
    with transaction.atomic():
        Article.objects.all().delete()
        Author.objects.all().delete()
        Topic.objects.all().delete()
        # Sections protect their children: remove the leaves first, level by level.
        while Section.objects.exists():
            Section.objects.filter(children__isnull=True).delete()
    from django.core.files.storage import default_storage

    for name in files:
        with contextlib.suppress(OSError):
            default_storage.delete(name)


def load_demo(*, seed: int = DEFAULT_SEED, articles: int = DEFAULT_ARTICLES,
              days: int = DEFAULT_DAYS, reset: bool = False, now: datetime | None = None,
              progress: Callable[[str], None] = lambda message: None) -> LoadResult:
    """Build the demo newsroom unless it is already there (``reset`` rebuilds it)."""
    started = time.monotonic()
    if reset:
        progress("Deleting existing content…")
        delete_all_content()
    elif demo_is_loaded():
        return LoadResult(loaded=False)
    elif Article.objects.exists() or Section.objects.exists():
        raise ForeignContentError(
            "This database already has sections or articles that the demo did not create. "
            "Run with --reset to delete ALL content and load the demo instead.")

    newsroom = build_newsroom(seed=seed, articles=articles, days=days, now=now,
                              tz=timezone.get_current_timezone(),
                              paper=settings.BROADSHEET_SITE_NAME)
    progress(f"Planned {len(newsroom.articles)} articles over {days} days (seed {seed}).")
    with transaction.atomic():
        result = _write(newsroom, progress)
    result.seconds = time.monotonic() - started
    return result


def _write(newsroom: Newsroom, progress: Callable[[str], None]) -> LoadResult:
    sections: dict[str, Section] = {}
    for plan in newsroom.sections:
        sections[plan.path] = services.section_create(
            name=plan.name, slug=plan.slug, description=plan.description,
            position=plan.position, parent=sections[plan.parent] if plan.parent else None)
    progress(f"Created {len(sections)} sections.")

    topics = {name: services.topic_create(name=name, description=description)
              for name, description in newsroom.topics}
    progress(f"Created {len(topics)} topics.")

    organisation = settings.BROADSHEET_SITE_NAME
    authors: dict[str, Author] = {}
    for index, plan in enumerate(newsroom.authors):
        slug = plan.name.lower().replace(" ", "-")
        authors[plan.name] = services.author_create(
            name=plan.name, links=plan.links, role=plan.role, bio=plan.bio, email=plan.email,
            organisation=plan.get("organisation", organisation),
            photo=ContentFile(avatar_png(name=plan.name, index=index), name=f"{slug}.png"),
        )
    progress(f"Created {len(authors)} authors.")

    result = LoadResult(loaded=True, sections=len(sections), topics=len(topics),
                        authors=len(authors))
    credit = f"Illustration: {settings.BROADSHEET_SITE_NAME} graphics desk"
    total = len(newsroom.articles)
    for number, plan in enumerate(newsroom.articles, start=1):
        fields = {}
        if plan.hero:
            fields.update(
                hero_image=ContentFile(
                    hero_jpeg(motif=plan.hero.motif, section=plan.hero.section,
                              seed=plan.hero.seed), name=f"demo-{number:04d}.jpg"),
                hero_alt=plan.hero.alt, hero_caption=plan.hero.caption, hero_credit=credit)
            result.with_images += 1
        if plan.source_name:
            fields.update(source_name=plan.source_name, source_url=plan.source_url,
                          source_published_at=plan.source_published_at)
            result.syndicated += 1
        article = services.article_create(
            headline=plan.headline, standfirst=plan.standfirst, body=plan.body,
            dateline=plan.dateline, kind=plan.kind, section=sections[plan.section],
            featured=plan.featured, staff_byline=plan.staff_byline,
            authors=[authors[name] for name in plan.authors],
            topics=[topics[name] for name in plan.topics],
            credits=plan.credits, **fields,
        )
        services.article_publish(article=article, at=plan.published_at)
        for text, at in plan.corrections:
            services.correction_add(article=article, text=text, at=at)
        if plan.updated_at:
            services.article_update(article=article, updated_at=plan.updated_at)
            result.updated += 1
        result.articles += 1
        result.scheduled += plan.scheduled
        result.corrected += bool(plan.corrections)
        result.featured += plan.featured
        if number % 100 == 0 or number == total:
            progress(f"Created {number}/{total} articles.")
    return result
