"""Keeps the search index and the Related lists in step with the newsroom.

Publishing, scheduling, edits and corrections arrive as content signals (sent after commit,
with ids) and are handed to tasks. Renaming an author or topic changes the text of many
articles without a signal per article: ``broadsheet search rebuild`` brings those up to date.
"""

from django.db.models.signals import post_delete
from django.dispatch import receiver

from broadsheet.content import signals
from broadsheet.content.models import Article

from .tasks import related_refresh_article, search_index_articles, search_remove_articles


@receiver(signals.article_published, dispatch_uid="discovery_search_published")
@receiver(signals.article_changed, dispatch_uid="discovery_search_changed")
def reindex_article(*, article_id: int, **kwargs) -> None:
    # Indexing checks the status itself, so a change to a draft removes nothing it should keep
    # and indexes nothing readers cannot see.
    search_index_articles.enqueue(article_ids=[article_id])


@receiver(signals.article_published, dispatch_uid="discovery_related_published")
@receiver(signals.article_changed, dispatch_uid="discovery_related_changed")
@receiver(signals.article_unpublished, dispatch_uid="discovery_related_unpublished")
def refresh_related(*, article_id: int, **kwargs) -> None:
    related_refresh_article.enqueue(article_id=article_id)


@receiver(signals.article_unpublished, dispatch_uid="discovery_search_unpublished")
def unindex_article(*, article_id: int, **kwargs) -> None:
    search_remove_articles.enqueue(article_ids=[article_id])


@receiver(post_delete, sender=Article, dispatch_uid="discovery_search_deleted")
def unindex_deleted_article(*, instance: Article, **kwargs) -> None:
    # Deleting is not a content service (the admin does it), and the SQLite index has no
    # foreign key to cascade from.
    article_id = instance.pk
    from django.db import transaction

    transaction.on_commit(lambda: search_remove_articles.enqueue(article_ids=[article_id]))
