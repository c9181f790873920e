"""Writes of the discovery engine: precomputed Related lists and editorial signals."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from broadsheet.content.models import Article
from broadsheet.core.pagecache import bump_page_generation

from . import engines
from .models import EditorialSignal, RelatedList


def _k() -> int:
    # More than a page shows: lists lose entries that are unpublished later, and the Most
    # read and Recommended lists must not repeat them.
    return settings.BROADSHEET_RELATED_SIZE * 3


def _pairs(scored) -> list[list]:
    return [[article_id, round(float(score), 5)] for article_id, score in scored]


def related_rebuild(*, progress: Callable[[str, int, int], None] | None = None) -> int:
    """Recompute every live article's Related list from a fresh index; returns the count."""
    total = Article.objects.live().count()
    index = engines.related_index_rebuild(
        progress=(lambda done: progress("index", done, total)) if progress else None)
    now = timezone.now()
    rows, written = [], 0
    with transaction.atomic():
        RelatedList.objects.all().delete()
        for done, (article_id, scored) in enumerate(index.related_all(k=_k()), start=1):
            rows.append(RelatedList(article_id=article_id, items=_pairs(scored),
                                    computed_at=now))
            if len(rows) >= 1000:
                RelatedList.objects.bulk_create(rows)
                written += len(rows)
                rows.clear()
            if progress and done % 200 == 0:
                progress("lists", done, total)
        RelatedList.objects.bulk_create(rows)
        written += len(rows)
        bump_page_generation()
    if progress:
        progress("lists", total, total)
    return written


@transaction.atomic
def related_refresh(*, article_id: int) -> list[int]:
    """Bring one article's Related list, and those of its closest neighbours, up to date.

    Called on publish, edit and unpublish. Returns the ids of the lists rewritten."""
    index = engines.related_index()
    if not Article.objects.live().filter(pk=article_id).exists():
        index.remove(article_id)  # unpublished, deleted, or not yet live
        RelatedList.objects.filter(article_id=article_id).delete()
        bump_page_generation()
        return []
    scored = index.related(article_id, k=_k()) if article_id in index else []
    now = timezone.now()
    RelatedList.objects.update_or_create(
        article_id=article_id, defaults={"items": _pairs(scored), "computed_at": now})
    rewritten = [article_id]
    # The story belongs in its closest neighbours' lists too (a follow-up joins the
    # original's). Similarity is symmetric, so its score slots straight into their stored
    # rankings: no re-ranking, which keeps bulk imports linear.
    nearest = dict(scored[: settings.BROADSHEET_RELATED_SIZE])
    for row in RelatedList.objects.select_for_update().filter(
            article_id__in=nearest, article__in=Article.objects.live()):
        merged = {pk: score for pk, score in row.items if pk != article_id}
        merged[article_id] = nearest[row.article_id]
        row.items = _pairs(sorted(merged.items(), key=lambda pair: -pair[1])[: _k()])
        row.computed_at = now
        row.save(update_fields=["items", "computed_at"])
        rewritten.append(row.article_id)
    bump_page_generation()
    return rewritten


@transaction.atomic
def editorial_signal_save(*, signal: EditorialSignal, by=None) -> EditorialSignal:
    """Validate and save an editor's signal; pages showing the list change at once."""
    if signal.pk is None and getattr(by, "pk", None):
        signal.created_by = by
    signal.full_clean()
    signal.save()
    bump_page_generation()
    return signal


@transaction.atomic
def editorial_signal_create(*, by=None, **fields: Any) -> EditorialSignal:
    """Create a signal, e.g. ``scope="related", action="pin", context=a, article=b, slot=1``."""
    return editorial_signal_save(signal=EditorialSignal(**fields), by=by)


@transaction.atomic
def editorial_signal_delete(*, signal: EditorialSignal) -> None:
    """Withdraw a signal."""
    signal.delete()
    bump_page_generation()
