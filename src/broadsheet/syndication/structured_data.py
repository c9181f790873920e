"""schema.org structured data (JSON-LD) for articles, authors, sections and topics.

Builders return plain dicts (easy to test); ``to_json_ld`` turns one into text that is safe
inside a ``<script type="application/ld+json">`` element. They read only what the page's
selector already loaded (bylines with links, topics, corrections, section ancestry), so they
add no queries.
"""

from __future__ import annotations

import json
from typing import Any

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpRequest
from django.urls import reverse

from broadsheet.content.models import Article, Author, Section, Topic

from .links import (
    PUBLISHER_LOGO_SIZE,
    absolute_url,
    image_url,
    iso,
    language_code,
    publisher_logo_url,
)

SCHEMA = "https://schema.org"
HEADLINE_MAX = 110  # Google's limit for a NewsArticle headline

# Like django.utils.html.json_script: nothing in the JSON can close the script element or
# start markup.
_SCRIPT_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026",
                   0x2028: "\\u2028", 0x2029: "\\u2029"}


def to_json_ld(data: dict[str, Any]) -> str:
    """JSON for a ``<script type="application/ld+json">`` element ("</script>" cannot occur)."""
    return json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False,
                      separators=(",", ":")).translate(_SCRIPT_ESCAPES)


def home_url(request: HttpRequest | None = None) -> str:
    return absolute_url(reverse("web:home"), request)


def publisher(request: HttpRequest | None = None) -> dict[str, Any]:
    """The paper as an Organization with its logo."""
    width, height = PUBLISHER_LOGO_SIZE
    return {
        "@type": "Organization",
        "name": settings.BROADSHEET_SITE_NAME,
        "url": home_url(request),
        "logo": {"@type": "ImageObject", "url": publisher_logo_url(request),
                 "width": width, "height": height},
    }


def website(request: HttpRequest | None = None) -> dict[str, Any]:
    """The site, with its search box (Google's sitelinks search box reads this)."""
    return {
        "@type": "WebSite",
        "name": settings.BROADSHEET_SITE_NAME,
        "url": home_url(request),
        "potentialAction": {
            "@type": "SearchAction",
            "target": {"@type": "EntryPoint",
                       "urlTemplate": absolute_url(reverse("discovery:search"), request)
                       + "?q={search_term_string}"},
            "query-input": "required name=search_term_string",
        },
    }


def person(author: Author, request: HttpRequest | None = None, *,
           with_context: bool = False) -> dict[str, Any]:
    """An author as a Person: name, page, job, bio, photo and profiles elsewhere (sameAs)."""
    data: dict[str, Any] = {"@context": SCHEMA} if with_context else {}
    data.update({"@type": "Person", "name": author.name,
                 "url": absolute_url(author.get_absolute_url(), request)})
    if author.role:
        data["jobTitle"] = author.role
    if author.bio:
        data["description"] = author.bio
    photo = image_url(author.photo, request)
    if photo:
        data["image"] = photo
    if author.email:
        data["email"] = f"mailto:{author.email}"
    same_as = [link.url for link in author.links.all()]
    if same_as:
        data["sameAs"] = same_as
    data["worksFor"] = ({"@type": "Organization", "name": author.organisation}
                       if author.organisation else
                       {"@type": "Organization", "name": settings.BROADSHEET_SITE_NAME,
                        "url": home_url(request)})
    return data


def _authors(article: Article, request: HttpRequest | None) -> list[dict[str, Any]]:
    people = [person(credit.author, request) for credit in article.credited_authors.all()]
    if people:
        return people
    # An unnamed staff byline is the paper itself.
    return [{"@type": "Organization", "name": settings.BROADSHEET_SITE_NAME,
             "url": home_url(request)}]


def date_modified(article: Article):
    """The latest substantive change: the "Updated" time or the newest correction
    (None for a draft that was never published, as in the editors' preview)."""
    candidates = [article.updated_at, article.published_at, article.source_published_at]
    candidates += [c.published_at for c in article.corrections.all()]
    return max((c for c in candidates if c is not None), default=None)


def news_article(article: Article, request: HttpRequest | None = None) -> dict[str, Any]:
    """NewsArticle for an article page (syndicated stories point at the original)."""
    own_url = absolute_url(article.get_absolute_url(), request)
    canonical = article.canonical_url(request) if article.source_url else own_url
    headline = article.headline
    if len(headline) > HEADLINE_MAX:
        headline = headline[:HEADLINE_MAX - 1].rstrip() + "…"
    data: dict[str, Any] = {
        "@context": SCHEMA,
        "@type": "NewsArticle",
        "mainEntityOfPage": {"@type": "WebPage", "@id": canonical},
        "url": canonical,
        "headline": headline,
        "datePublished": iso(article.story_time),
        "dateModified": iso(date_modified(article)),
        "author": _authors(article, request),
        "publisher": publisher(request),
        "isAccessibleForFree": True,
        "inLanguage": language_code(),
    }
    if article.standfirst:
        data["description"] = article.standfirst
    hero = image_url(article.hero_image, request)
    if hero:
        image = {"@type": "ImageObject", "url": hero}
        if article.hero_width and article.hero_height:
            image.update(width=article.hero_width, height=article.hero_height)
        if article.hero_caption or article.hero_alt:
            image["caption"] = article.hero_caption or article.hero_alt
        if article.hero_credit:
            image["creditText"] = article.hero_credit
        data["image"] = [image]
    if article.section_id:
        data["articleSection"] = article.section.name
    keywords = [topic.name for topic in article.topics.all()]
    if keywords:
        data["keywords"] = keywords
    if article.dateline:
        data["locationCreated"] = {"@type": "Place", "name": article.dateline}
    corrections = [
        {"@type": "CorrectionComment", "text": c.text, "datePublished": iso(c.published_at)}
        for c in article.corrections.all()
    ]
    if corrections:
        data["correction"] = corrections
    if article.is_syndicated:
        if article.source_url:
            data["isBasedOn"] = article.source_url
        if article.source_name:
            data["sourceOrganization"] = {"@type": "Organization", "name": article.source_name}
    return data


def breadcrumb_list(crumbs: list[tuple[str, str]],
                    request: HttpRequest | None = None) -> dict[str, Any]:
    """BreadcrumbList from (name, path or URL) pairs, outermost first."""
    return {
        "@context": SCHEMA,
        "@type": "BreadcrumbList",
        "itemListElement": [
            {"@type": "ListItem", "position": position, "name": name,
             "item": absolute_url(url, request)}
            for position, (name, url) in enumerate(crumbs, start=1)
        ],
    }


def crumbs_for(obj: Article | Section | Topic | Author) -> list[tuple[str, str]]:
    """Home, then the section lineage (for articles and sections), then the page itself."""
    crumbs = [("Home", reverse("web:home"))]
    if isinstance(obj, Article):
        if obj.section_id:
            crumbs += [(s.name, s.get_absolute_url()) for s in obj.section.lineage()]
        crumbs.append((obj.headline, obj.get_absolute_url()))
    elif isinstance(obj, Section):
        crumbs += [(s.name, s.get_absolute_url()) for s in obj.lineage()]
    else:
        crumbs.append((obj.name, obj.get_absolute_url()))
    return crumbs


def collection_page(obj: Section | Topic, page_obj=None,
                    request: HttpRequest | None = None) -> dict[str, Any]:
    """CollectionPage for a section or topic, listing the articles on this page."""
    url = absolute_url(obj.get_absolute_url(), request)
    if page_obj is not None and getattr(page_obj, "number", 1) > 1:
        url = f"{url}?page={page_obj.number}"
    data: dict[str, Any] = {
        "@context": SCHEMA,
        "@type": "CollectionPage",
        "@id": url,
        "url": url,
        "name": obj.name,
        "isPartOf": {"@type": "WebSite", "name": settings.BROADSHEET_SITE_NAME,
                     "url": home_url(request)},
        "publisher": publisher(request),
        "inLanguage": language_code(),
    }
    if obj.description:
        data["description"] = obj.description
    if isinstance(obj, Section) and obj.parent_id:
        data["isPartOf"] = {"@type": "CollectionPage", "name": obj.parent.name,
                            "url": absolute_url(obj.parent.get_absolute_url(), request)}
    if isinstance(obj, Topic):
        data["about"] = {"@type": "Thing", "name": obj.name}
    if page_obj is not None:
        start = page_obj.start_index() if hasattr(page_obj, "start_index") else 1
        items = [
            {"@type": "ListItem", "position": start + offset,
             "url": absolute_url(article.get_absolute_url(), request),
             "name": article.headline}
            for offset, article in enumerate(page_obj)
        ]
        data["mainEntity"] = {"@type": "ItemList", "numberOfItems": len(items),
                              "itemListElement": items}
    return data
