"""Background work for content. Tasks take ids, never model instances."""

from django_tasks import task


@task()
def article_make_hero_renditions(article_id: int) -> None:
    """Create the hero image's smaller copies and remember them on the article."""
    from broadsheet.core.images import make_renditions

    from .models import Article

    article = Article.objects.filter(pk=article_id).only("hero_image").first()
    if article is None or not article.hero_image:
        return
    renditions = make_renditions(article.hero_image.storage, article.hero_image.name)
    Article.objects.filter(pk=article_id, hero_image=article.hero_image.name).update(
        hero_renditions=renditions)
