"""Sitemaps: an index, one article sitemap per month (with hero images), sections, topics,
authors, the home page, and a Google News sitemap for the last 48 hours.

Stories republished from elsewhere (with ``source_url``) are left out: their canonical URL
is the original's, and sitemaps list canonical URLs only.
"""

from __future__ import annotations

import re

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.contrib.sitemaps import views as sitemap_views
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.utils.http import http_date
from django.views.decorators.http import require_safe

from .links import image_url, language_code, site_root
from .selectors import (
    newest_live_time,
    news_sitemap_articles,
    sitemap_authors,
    sitemap_month_articles,
    sitemap_months,
    sitemap_sections,
    sitemap_topics,
)

SITEMAP_MAX_AGE = 600
_MONTH_SECTION = re.compile(r"^articles-(\d{4})-(\d{2})$")


class SiteSitemap(Sitemap):
    """Uses BROADSHEET_SITE_URL for the scheme and host when it is set."""

    def get_urls(self, page=1, site=None, protocol=None):
        configured = settings.BROADSHEET_SITE_URL
        if configured:
            scheme, _, host = configured.partition("://")
            return self._urls(page, scheme, host.rstrip("/"))
        return super().get_urls(page=page, site=site, protocol=protocol)


class ArticleMonthSitemap(SiteSitemap):
    """The live articles published in one month, each with its hero image."""

    limit = 50_000

    def __init__(self, year: int, month: int) -> None:
        self.year, self.month = year, month

    def items(self):
        return sitemap_month_articles(self.year, self.month)

    @property
    def paginator(self):
        # A month without articles is not a sitemap (404), unlike an empty topic list.
        return Paginator(self._items(), self.limit,
                         allow_empty_first_page=False)

    def lastmod(self, article):
        return max(filter(None, [article.modified_at, article.updated_at,
                                 article.published_at]))

    def _urls(self, page, protocol, domain):
        urls = super()._urls(page, protocol, domain)
        root = f"{protocol}://{domain}"
        for url_info in urls:
            article = url_info["item"]
            images = []
            if article.hero_image:
                location = image_url(article.hero_image)
                if location.startswith("/"):
                    location = root + location
                images.append({"loc": location})
            url_info["images"] = images
        return urls


class SectionSitemap(SiteSitemap):
    changefreq = "hourly"

    def items(self):
        return sitemap_sections()

    def lastmod(self, section):
        return section.lastmod


class TopicSitemap(SiteSitemap):
    changefreq = "daily"

    def items(self):
        return sitemap_topics()

    def lastmod(self, topic):
        return topic.lastmod


class AuthorSitemap(SiteSitemap):
    changefreq = "daily"

    def items(self):
        return sitemap_authors()

    def lastmod(self, author):
        return author.lastmod


class PageSitemap(SiteSitemap):
    changefreq = "always"

    def items(self):
        return ["web:home"]

    def location(self, name):
        return reverse(name)

    def lastmod(self, name):
        return newest_live_time()


class NewsSitemap(SiteSitemap):
    """Google News: articles published in the last 48 hours (at most 1,000)."""

    def items(self):
        return news_sitemap_articles()

    def lastmod(self, article):
        return article.updated_at or article.published_at


FIXED_SITEMAPS = {"pages": PageSitemap, "sections": SectionSitemap, "topics": TopicSitemap,
                  "authors": AuthorSitemap}


def _finish(response, last_modified=None):
    patch_cache_control(response, public=True, max_age=SITEMAP_MAX_AGE)
    if last_modified is not None and "Last-Modified" not in response.headers:
        response.headers["Last-Modified"] = http_date(last_modified.timestamp())
    return response


def _sitemap_url(name: str, request) -> str:
    path = reverse("syndication:sitemap-section", kwargs={"section": name})
    return f"{site_root(request)}{path}"


@require_safe
def sitemap_index(request):
    """The sitemap index: fixed sitemaps, the news sitemap and one per month (2 queries)."""
    months = sitemap_months()
    newest = max((lastmod for _, lastmod, _ in months if lastmod), default=None)
    entries = [{"location": _sitemap_url(name, request), "last_mod": newest}
               for name in FIXED_SITEMAPS]
    entries.append({"location": f"{site_root(request)}{reverse('syndication:news-sitemap')}",
                    "last_mod": newest})
    for month, lastmod, _count in months:
        entries.append({"location": _sitemap_url(f"articles-{month:%Y-%m}", request),
                        "last_mod": lastmod})
    response = TemplateResponse(request, "syndication/sitemap_index.xml", {"sitemaps": entries},
                                content_type="application/xml; charset=utf-8")
    return _finish(response, newest)


@require_safe
def sitemap_section(request, section: str):
    """One sitemap of the index (``pages``, ``sections``, ``topics``, ``authors`` or
    ``articles-YYYY-MM``)."""
    if section in FIXED_SITEMAPS:
        maps = {section: FIXED_SITEMAPS[section]}
    else:
        match = _MONTH_SECTION.match(section)
        if not match or not 1 <= int(match.group(2)) <= 12 or int(match.group(1)) < 1000:
            raise Http404("No such sitemap")
        maps = {section: ArticleMonthSitemap(int(match.group(1)), int(match.group(2)))}
    response = sitemap_views.sitemap(request, maps, section=section,
                                     template_name="syndication/sitemap.xml",
                                     content_type="application/xml; charset=utf-8")
    return _finish(response)


@require_safe
def news_sitemap(request):
    """The Google News sitemap (publication name and language, date, title)."""
    response = sitemap_views.sitemap(
        request, {"news": NewsSitemap}, template_name="syndication/news_sitemap.xml",
        content_type="application/xml; charset=utf-8")
    response.context_data.update(publication_name=settings.BROADSHEET_SITE_NAME,
                                 publication_language=news_language())
    return _finish(response)


def news_language() -> str:
    """ISO 639 language code as Google News wants it (zh-cn / zh-tw keep their region)."""
    code = language_code().lower()
    return code if code in {"zh-cn", "zh-tw"} else code.split("-")[0]


ROBOTS_DISALLOW = ("/admin/", "/preview/")


@require_safe
def robots_txt(request):
    """robots.txt: keep crawlers out of the admin and previews, and name the sitemaps."""
    root = site_root(request)
    lines = ["User-agent: *", *(f"Disallow: {path}" for path in ROBOTS_DISALLOW), "",
             f"Sitemap: {root}{reverse('syndication:sitemap-index')}",
             f"Sitemap: {root}{reverse('syndication:news-sitemap')}", ""]
    response = HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")
    return _finish(response)
