"""Template tags for what search engines, feed readers and social networks read from a page.

    {% load seo %}
    {% feed_links section %}                       <link rel="alternate"> for the page's feeds
    {% social_meta title=… description=… url=… image=… type=… %}   Open Graph + Twitter card
    {% article_social_meta article %}             the same, filled in from an article
    {% canonical_url article %}                   absolute canonical URL (original if syndicated)
    {% news_article_jsonld article %}             NewsArticle + BreadcrumbList
    {% person_jsonld author %}                    Person
    {% collection_page_jsonld section page_obj %} CollectionPage + BreadcrumbList
    {% website_jsonld %}                          WebSite (with search) + Organization
"""

from __future__ import annotations

from django import template
from django.conf import settings
from django.urls import reverse
from django.utils.html import format_html_join
from django.utils.safestring import SafeString, mark_safe

from broadsheet.content.models import Article, Author, Section, Topic

from .. import structured_data as sd
from ..links import absolute_url, image_url, iso, language_code

register = template.Library()


def _request(context):
    return context.get("request")


def _script(data: dict) -> SafeString:
    # to_json_ld escapes <, > and & so the JSON cannot end the script element early.
    element = f'<script type="application/ld+json">{sd.to_json_ld(data)}</script>'
    return mark_safe(element)  # noqa: S308


@register.filter
def w3c_datetime(value) -> str:
    """A datetime in W3C/ISO 8601 form in the site's time zone ("2024-05-01T09:30:00+01:00")."""
    return iso(value) or ""


@register.simple_tag(takes_context=True)
def canonical_url(context, obj=None) -> str:
    """Absolute canonical URL of ``obj`` (an article's original when syndicated), or of the
    current page without its query string."""
    request = _request(context)
    if isinstance(obj, Article):
        return obj.canonical_url(request) if obj.source_url else absolute_url(
            obj.get_absolute_url(), request)
    if obj is not None and hasattr(obj, "get_absolute_url"):
        return absolute_url(obj.get_absolute_url(), request)
    return absolute_url(request.path, request) if request is not None else ""


@register.simple_tag(takes_context=True)
def news_article_jsonld(context, article: Article, breadcrumbs: bool = True) -> SafeString:
    """NewsArticle (and, unless ``breadcrumbs=False``, BreadcrumbList) JSON-LD."""
    request = _request(context)
    scripts = _script(sd.news_article(article, request))
    if breadcrumbs:
        scripts += _script(sd.breadcrumb_list(sd.crumbs_for(article), request))
    return scripts


@register.simple_tag(takes_context=True)
def breadcrumb_jsonld(context, obj) -> SafeString:
    """BreadcrumbList JSON-LD for an article, section, topic or author."""
    request = _request(context)
    return _script(sd.breadcrumb_list(sd.crumbs_for(obj), request))


@register.simple_tag(takes_context=True)
def person_jsonld(context, author: Author) -> SafeString:
    """Person JSON-LD for an author page (profile links as sameAs)."""
    return _script(sd.person(author, _request(context), with_context=True))


@register.simple_tag(takes_context=True)
def collection_page_jsonld(context, obj: Section | Topic, page_obj=None,
                           breadcrumbs: bool = True) -> SafeString:
    """CollectionPage (with the page's articles) and, unless ``breadcrumbs=False``,
    BreadcrumbList for a section or topic."""
    request = _request(context)
    scripts = _script(sd.collection_page(obj, page_obj, request))
    if breadcrumbs:
        scripts += _script(sd.breadcrumb_list(sd.crumbs_for(obj), request))
    return scripts


@register.simple_tag(takes_context=True)
def website_jsonld(context) -> SafeString:
    """WebSite (with its search action) and the publisher Organization, for the home page."""
    request = _request(context)
    graph = {"@context": sd.SCHEMA, "@graph": [sd.website(request), sd.publisher(request)]}
    return _script(graph)


def _feed_entries(obj) -> list[tuple[str, str, str]]:
    """(MIME type, title, URL name and kwargs) for the page's own feeds."""
    site = settings.BROADSHEET_SITE_NAME
    if isinstance(obj, Article):
        obj = obj.section if obj.section_id else None
    entries = []
    if isinstance(obj, Section):
        kwargs = {"path": obj.path}
        prefix = "section"
    elif isinstance(obj, Topic):
        kwargs = {"slug": obj.slug}
        prefix = "topic"
    elif isinstance(obj, Author):
        kwargs = {"slug": obj.slug}
        prefix = "author"
    else:
        prefix = None
    if prefix:
        entries += [
            ("application/rss+xml", f"{obj.name} — {site} (RSS)",
             reverse(f"syndication:{prefix}-rss", kwargs=kwargs)),
            ("application/atom+xml", f"{obj.name} — {site} (Atom)",
             reverse(f"syndication:{prefix}-atom", kwargs=kwargs)),
        ]
    entries += [
        ("application/rss+xml", f"{site} (RSS)", reverse("syndication:site-rss")),
        ("application/atom+xml", f"{site} (Atom)", reverse("syndication:site-atom")),
        ("application/feed+json", f"{site} (JSON Feed)", reverse("syndication:site-json")),
    ]
    return entries


@register.simple_tag(takes_context=True)
def feed_links(context, obj=None) -> SafeString:
    """``<link rel="alternate">`` for the site's feeds and, first, those of ``obj`` (a section,
    topic, author, or an article's section)."""
    request = _request(context)
    return format_html_join(
        "\n", '<link rel="alternate" type="{}" title="{}" href="{}">',
        ((mime, title, absolute_url(url, request)) for mime, title, url in _feed_entries(obj)))


def _og_locale() -> str:
    parts = language_code().split("-")
    return f"{parts[0]}_{parts[1]}" if len(parts) > 1 else parts[0]


@register.simple_tag(takes_context=True)
def social_meta(context, title: str = "", description: str = "", url: str = "",
                image: str = "", type: str = "website", image_alt: str = "",  # noqa: A002
                image_width=None, image_height=None) -> SafeString:
    """Open Graph and Twitter card tags. Empty values fall back to the site's name, tagline
    and the current page's URL; ``image`` may be a path or an ImageField file."""
    request = _request(context)
    site = settings.BROADSHEET_SITE_NAME
    title = str(title or site)
    description = str(description or settings.BROADSHEET_SITE_TAGLINE)
    url = absolute_url(str(url), request) if url else canonical_url(context)
    if image and hasattr(image, "url"):
        image_width = image_width or getattr(image, "width", None)
        image_height = image_height or getattr(image, "height", None)
        image = image_url(image, request)
    image = absolute_url(str(image), request) if image else ""
    properties = [("og:site_name", site), ("og:type", type or "website"), ("og:title", title),
                  ("og:description", description), ("og:url", url), ("og:locale", _og_locale())]
    names = [("twitter:card", "summary_large_image" if image else "summary"),
             ("twitter:title", title), ("twitter:description", description)]
    if image:
        properties.append(("og:image", image))
        if image_width and image_height:
            properties += [("og:image:width", str(image_width)),
                           ("og:image:height", str(image_height))]
        if image_alt:
            properties.append(("og:image:alt", image_alt))
            names.append(("twitter:image:alt", image_alt))
        names.append(("twitter:image", image))
    tags = format_html_join("\n", '<meta property="{}" content="{}">', properties)
    return tags + mark_safe("\n") + format_html_join(  # noqa: S308
        "\n", '<meta name="{}" content="{}">', names) + _extra(context)


def _extra(context) -> SafeString:
    extra = context.get("_seo_article_properties")
    if not extra:
        return mark_safe("")  # noqa: S308
    return mark_safe("\n") + format_html_join(  # noqa: S308
        "\n", '<meta property="{}" content="{}">', extra)


@register.simple_tag(takes_context=True)
def article_social_meta(context, article: Article) -> SafeString:
    """Open Graph (type article, with times, section, tags and authors) and Twitter card tags
    for an article; the URL is the canonical one (the original for syndicated stories)."""
    request = _request(context)
    properties = [("article:published_time", iso(article.story_time) or ""),
                  ("article:modified_time", iso(sd.date_modified(article)) or "")]
    if article.section_id:
        properties.append(("article:section", article.section.name))
    properties += [("article:author", absolute_url(c.author.get_absolute_url(), request))
                   for c in article.credited_authors.all()]
    properties += [("article:tag", topic.name) for topic in article.topics.all()]
    with context.push(_seo_article_properties=properties):
        return social_meta(
            context, title=article.headline, description=article.standfirst,
            url=canonical_url(context, article), image=article.hero_image or "",
            type="article", image_alt=article.hero_alt,
            image_width=article.hero_width, image_height=article.hero_height)
