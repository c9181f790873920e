"""RSS 2.0, Atom and JSON Feed 1.1 for the site and for each section, topic and author.

Built on Django's syndication framework. Items carry the standfirst as summary and, when
``BROADSHEET_FEED_FULL_TEXT`` is on (the default), the whole article; the hero image as
enclosure and Media RSS content; the byline as authors and the topics as categories.
Responses answer conditional requests (Last-Modified and ETag, 304).
"""

from __future__ import annotations

import mimetypes
import re
from functools import partial

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.http import Http404, HttpRequest, JsonResponse
from django.urls import reverse
from django.utils import feedgenerator
from django.utils.cache import patch_cache_control
from django.views.decorators.http import condition, require_safe

from broadsheet.content.models import Article

from .links import absolute_url, image_url, iso, language_code, site_root
from .selectors import FeedScope, feed_articles, feed_etag, feed_last_modified, feed_scope

FEED_MAX_AGE = 300
MEDIA_NS = "http://search.yahoo.com/mrss/"
CONTENT_NS = "http://purl.org/rss/1.0/modules/content/"
JSON_FEED_VERSION = "https://jsonfeed.org/version/1.1"

_RELATIVE_LINK = re.compile(r'(\s(?:href|src))="(/[^/"][^"]*|/)"')


def full_text_enabled() -> bool:
    return bool(settings.BROADSHEET_FEED_FULL_TEXT)


def absolutize_html(html: str, request: HttpRequest | None) -> str:
    """Make root-relative links and images absolute: feed readers show them elsewhere."""
    root = site_root(request)
    if not root:
        return html
    return _RELATIVE_LINK.sub(lambda m: f'{m.group(1)}="{root}{m.group(2)}"', html)


def byline_names(article: Article) -> list[str]:
    names = [credit.author.name for credit in article.credited_authors.all()]
    return names or [article.staff_byline or settings.BROADSHEET_STAFF_BYLINE]


def joined_names(names: list[str]) -> str:
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"


def hero_enclosure(article: Article, request: HttpRequest | None):
    """(url, length in bytes, mime type) of the hero image, or None."""
    url = image_url(article.hero_image, request)
    if not url:
        return None
    try:
        length = article.hero_image.size
    except (OSError, ValueError):
        # A missing file must not take the feed down; 0 is the RSS convention for unknown.
        length = 0
    mime_type = mimetypes.guess_type(article.hero_image.name)[0] or "image/jpeg"
    return url, length, mime_type


class _MediaMixin:
    """Adds Media RSS ``media:content`` (and alt text) for the hero image."""

    def _add_media(self, handler, item) -> None:
        media = item.get("media")
        if not media:
            return
        attrs = {"url": media["url"], "medium": "image", "type": media["type"]}
        if media.get("width") and media.get("height"):
            attrs.update(width=str(media["width"]), height=str(media["height"]))
        if media.get("fileSize"):
            attrs["fileSize"] = str(media["fileSize"])
        handler.startElement("media:content", attrs)
        if media.get("description"):
            handler.addQuickElement("media:description", media["description"],
                                    {"type": "plain"})
        if media.get("credit"):
            handler.addQuickElement("media:credit", media["credit"])
        handler.endElement("media:content")


class NewsRssFeed(_MediaMixin, feedgenerator.Rss201rev2Feed):
    """RSS 2.0 with ``content:encoded`` for full text and Media RSS for images."""

    def rss_attributes(self):
        attrs = super().rss_attributes()
        attrs["xmlns:content"] = CONTENT_NS
        attrs["xmlns:media"] = MEDIA_NS
        attrs["xmlns:dc"] = "http://purl.org/dc/elements/1.1/"
        return attrs

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, item)
        if item.get("content_html"):
            handler.addQuickElement("content:encoded", item["content_html"])
        self._add_media(handler, item)


class NewsAtomFeed(_MediaMixin, feedgenerator.Atom1Feed):
    """Atom 1.0 with ``<content type="html">`` for full text and Media RSS for images."""

    def root_attributes(self):
        attrs = super().root_attributes()
        attrs["xmlns:media"] = MEDIA_NS
        return attrs

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, item)
        for extra in item.get("extra_authors", ()):
            handler.startElement("author", {})
            handler.addQuickElement("name", extra["name"])
            if extra.get("url"):
                handler.addQuickElement("uri", extra["url"])
            handler.endElement("author")
        if item.get("content_html"):
            handler.addQuickElement("content", item["content_html"], {"type": "html"})
        self._add_media(handler, item)


class ArticleFeed(Feed):
    """Base for every RSS/Atom feed: ``kind`` picks the scope, ``feed_type`` the format."""

    kind = "site"
    feed_type = NewsRssFeed
    format_name = "rss"

    def __call__(self, request, *args, **kwargs):
        response = super().__call__(request, *args, **kwargs)
        # The conditional-request decorator sets Last-Modified from the same source it
        # compares If-Modified-Since with (Django's own value would be the newest item date).
        if "Last-Modified" in response.headers:
            del response.headers["Last-Modified"]
        return response

    def get_object(self, request, path: str = "", slug: str = "") -> FeedScope:
        scope = feed_scope(self.kind, request, path=path, slug=slug)
        if scope is None:
            raise Http404("No such feed")
        return scope

    # --- the feed ---
    def title(self, scope: FeedScope) -> str:
        site = settings.BROADSHEET_SITE_NAME
        return site if scope.obj is None else f"{scope.obj.name} — {site}"

    def link(self, scope: FeedScope) -> str:
        path = reverse("web:home") if scope.obj is None else scope.obj.get_absolute_url()
        return absolute_url(path, scope.request)

    def feed_url(self, scope: FeedScope) -> str:
        return absolute_url(scope.request.path, scope.request)

    def description(self, scope: FeedScope) -> str:
        if scope.obj is None:
            return settings.BROADSHEET_SITE_TAGLINE
        text = getattr(scope.obj, "description", "") or getattr(scope.obj, "bio", "")
        return text or f"The latest from {settings.BROADSHEET_SITE_NAME}: {scope.obj.name}."

    def author_name(self, scope: FeedScope) -> str:
        return scope.obj.name if scope.kind == "author" else settings.BROADSHEET_SITE_NAME

    def feed_copyright(self, scope: FeedScope) -> str:
        return f"© {settings.BROADSHEET_SITE_NAME}"

    def get_feed(self, obj, request):
        feed = super().get_feed(obj, request)
        feed.feed["language"] = language_code()
        return feed

    def items(self, scope: FeedScope) -> list[Article]:
        articles = feed_articles(scope, full_text=full_text_enabled())
        for article in articles:
            article.feed_scope = scope
        return articles

    # --- each item ---
    def item_title(self, article: Article) -> str:
        return article.headline

    def item_description(self, article: Article) -> str:
        return article.standfirst or article.headline

    def item_link(self, article: Article) -> str:
        return absolute_url(article.get_absolute_url(), article.feed_scope.request)

    def item_guid(self, article: Article) -> str:
        return self.item_link(article)

    def item_pubdate(self, article: Article):
        return article.published_at

    def item_updateddate(self, article: Article):
        return article.updated_at or article.published_at

    def item_author_name(self, article: Article) -> str:
        return joined_names(byline_names(article))

    def item_author_link(self, article: Article) -> str | None:
        credits = list(article.credited_authors.all())
        if len(credits) == 1:
            return absolute_url(credits[0].author.get_absolute_url(), article.feed_scope.request)
        return None

    def item_categories(self, article: Article) -> list[str]:
        return [topic.name for topic in article.topics.all()]

    def item_enclosures(self, article: Article) -> list[feedgenerator.Enclosure]:
        found = hero_enclosure(article, article.feed_scope.request)
        if found is None:
            return []
        url, length, mime_type = found
        return [feedgenerator.Enclosure(url=url, length=str(length), mime_type=mime_type)]

    def item_copyright(self, article: Article) -> str | None:
        return f"© {article.source_name}" if article.source_name else None

    def item_extra_kwargs(self, article: Article) -> dict:
        request = article.feed_scope.request
        extra: dict = {}
        if full_text_enabled() and article.body_html:
            extra["content_html"] = absolutize_html(article.body_html, request)
        found = hero_enclosure(article, request)
        if found is not None:
            url, length, mime_type = found
            extra["media"] = {"url": url, "type": mime_type, "fileSize": length,
                              "width": article.hero_width, "height": article.hero_height,
                              "description": article.hero_alt, "credit": article.hero_credit}
        credits = list(article.credited_authors.all())
        if len(credits) > 1:
            # Atom lists every author; the first is the item's <author>, these follow it.
            extra["extra_authors"] = [
                {"name": c.author.name,
                 "url": absolute_url(c.author.get_absolute_url(), request)}
                for c in credits]
        return extra


class AtomArticleFeed(ArticleFeed):
    feed_type = NewsAtomFeed
    format_name = "atom"
    subtitle = ArticleFeed.description

    def item_author_name(self, article: Article) -> str | None:
        credits = list(article.credited_authors.all())
        # With several authors each gets an <author> element (see extra_authors).
        return None if len(credits) > 1 else joined_names(byline_names(article))

    def item_author_link(self, article: Article) -> str | None:
        return None if len(list(article.credited_authors.all())) > 1 else (
            super().item_author_link(article))


def _feed_class(kind: str, base: type[ArticleFeed]) -> ArticleFeed:
    return type(f"{kind.title()}{base.__name__}", (base,), {"kind": kind})()


def _scope_from(kind: str, request, path: str = "", slug: str = "") -> FeedScope | None:
    cache_name = f"_feed_scope_{kind}"
    if not hasattr(request, cache_name):
        setattr(request, cache_name, feed_scope(kind, request, path=path, slug=slug))
    return getattr(request, cache_name)


def _last_modified(kind: str, request, path: str = "", slug: str = ""):
    scope = _scope_from(kind, request, path, slug)
    return feed_last_modified(scope) if scope is not None else None


def _etag(kind: str, variant: str, request, path: str = "", slug: str = ""):
    scope = _scope_from(kind, request, path, slug)
    return feed_etag(scope, variant) if scope is not None else None


def conditional_feed(kind: str, view, variant: str):
    """Wrap a feed view: GET/HEAD only, Last-Modified + ETag, 304s, public caching."""

    @require_safe
    @condition(etag_func=partial(_etag, kind, variant),
               last_modified_func=partial(_last_modified, kind))
    def wrapped(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        if response.status_code == 200:
            patch_cache_control(response, public=True, max_age=FEED_MAX_AGE)
        return response

    wrapped.__name__ = f"{kind}_{variant}_feed"
    return wrapped


def rss_view(kind: str):
    return conditional_feed(kind, _feed_class(kind, ArticleFeed), "rss")


def atom_view(kind: str):
    return conditional_feed(kind, _feed_class(kind, AtomArticleFeed), "atom")


def json_feed(request):
    """JSON Feed 1.1 for the whole site."""
    scope = _scope_from("site", request)
    full_text = full_text_enabled()
    items = []
    for article in feed_articles(scope, full_text=full_text):
        url = absolute_url(article.get_absolute_url(), request)
        item = {
            "id": url,
            "url": url,
            "title": article.headline,
            "summary": article.standfirst or article.headline,
            "date_published": iso(article.published_at),
            "date_modified": iso(article.updated_at or article.published_at),
            "authors": [
                {"name": c.author.name,
                 "url": absolute_url(c.author.get_absolute_url(), request)}
                for c in article.credited_authors.all()
            ] or [{"name": article.staff_byline or settings.BROADSHEET_STAFF_BYLINE}],
            "tags": [topic.name for topic in article.topics.all()],
            "language": language_code(),
        }
        if full_text and article.body_html:
            item["content_html"] = absolutize_html(article.body_html, request)
        else:
            item["content_text"] = article.standfirst or article.headline
        if article.source_url:
            item["external_url"] = article.source_url
        enclosure = hero_enclosure(article, request)
        if enclosure is not None:
            item["image"] = enclosure[0]
        items.append(item)
    home = absolute_url(reverse("web:home"), request)
    feed = {
        "version": JSON_FEED_VERSION,
        "title": settings.BROADSHEET_SITE_NAME,
        "home_page_url": home,
        "feed_url": absolute_url(reverse("syndication:site-json"), request),
        "description": settings.BROADSHEET_SITE_TAGLINE,
        "language": language_code(),
        "authors": [{"name": settings.BROADSHEET_SITE_NAME, "url": home}],
        "items": items,
    }
    return JsonResponse(feed, content_type="application/feed+json; charset=utf-8",
                        json_dumps_params={"ensure_ascii": False})


site_json_view = conditional_feed("site", json_feed, "json")
