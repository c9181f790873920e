"""Query sets that know what readers may see."""

from django.db import models
from django.utils import timezone


class ArticleQuerySet(models.QuerySet):
    def live(self, *, now=None):
        """Published articles whose publication time has come (scheduling needs no cron)."""
        return self.filter(status="published", published_at__lte=now or timezone.now())

    def for_listing(self):
        """What a list of article cards needs, in a fixed number of queries."""
        return self.select_related("section", "section__parent").prefetch_related(
            models.Prefetch("credited_authors", queryset=_author_links())
        )


def _author_links():
    from .models import ArticleAuthor

    return ArticleAuthor.objects.select_related("author").order_by("position", "id")
