"""Background work of the discovery app. Tasks take ids, never model instances."""

from django_tasks import task

from .search import search_backends


@task()
def search_index_articles(article_ids: list[int]) -> int:
    """(Re)index the given articles in every search backend; unpublished ones are removed."""
    indexed = 0
    for backend in search_backends.all():
        indexed = len(backend.index_articles(list(article_ids)))
    return indexed


@task()
def search_remove_articles(article_ids: list[int]) -> None:
    """Remove the given articles from every search backend."""
    for backend in search_backends.all():
        for article_id in article_ids:
            backend.remove_article(article_id)


@task()
def related_refresh_article(article_id: int) -> int:
    """Refresh an article's Related list and its neighbours' (on publish, edit, unpublish)."""
    from .services import related_refresh

    return len(related_refresh(article_id=article_id))
