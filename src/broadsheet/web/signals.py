"""Cached public pages follow every change to what they show."""

from django.db.models.signals import m2m_changed, post_delete, post_save

from broadsheet.content import models as content
from broadsheet.core.pagecache import bump_page_generation

# Everything a public page renders from; revisions are editor-only.
_SHOWN_ON_PAGES = (content.Article, content.ArticleAuthor, content.Author, content.AuthorLink,
                   content.Topic, content.Section, content.Credit, content.Correction)


def _changed(sender, **kwargs) -> None:
    if kwargs.get("raw"):
        return  # fixture loading
    bump_page_generation()


def connect() -> None:
    for model in _SHOWN_ON_PAGES:
        post_save.connect(_changed, sender=model, dispatch_uid=f"pages-save-{model.__name__}")
        post_delete.connect(_changed, sender=model, dispatch_uid=f"pages-del-{model.__name__}")
    m2m_changed.connect(_changed, sender=content.Article.topics.through,
                        dispatch_uid="pages-article-topics")
