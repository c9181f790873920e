"""Template tags for the engagement parts of pages (counts, reactions, Most read).

They render only what is the same for every reader, so pages stay cacheable; the beacon
then refreshes counts and highlights the reader's own reaction."""

from __future__ import annotations

from django import template

from broadsheet.discovery import ranking

from .. import selectors

register = template.Library()


@register.simple_tag
def article_engagement(article) -> selectors.ArticleEngagement:
    """``{% article_engagement article as engagement %}``: last known views and reactions."""
    return selectors.article_engagement(article_id=article.pk)


@register.inclusion_tag("engagement/_most_read.html")
def most_read_list(article=None, section=None, limit: int = 5, window: str = "24h",
                   heading: str = "Most read"):
    """The Most read list; on an article page pass ``article`` so it is left out."""
    exclude = (article.pk,) if article is not None else ()
    return {
        "items": ranking.most_read(window=window, section=section, limit=limit,
                                   exclude_ids=exclude),
        "heading": heading, "window": window,
    }


@register.inclusion_tag("engagement/_most_read.html")
def trending_list(article=None, section=None, limit: int = 5, heading: str = "Trending"):
    """The Trending list (views decaying with the configured half-life)."""
    exclude = (article.pk,) if article is not None else ()
    return {
        "items": ranking.trending(section=section, limit=limit, exclude_ids=exclude),
        "heading": heading, "widget": "trending",
    }
