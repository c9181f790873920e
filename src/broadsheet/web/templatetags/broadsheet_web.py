"""Presentation helpers for the public site: times, bylines, credits, breadcrumbs, sharing.

Everything here only formats objects the selectors already loaded; nothing queries the
database, so a page's query count stays fixed however many authors or credits it shows.
"""

import json
from collections.abc import Iterable, Sequence
from datetime import datetime
from urllib.parse import quote, urlencode

from django import template
from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.utils.dateformat import format as format_date
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString, mark_safe

register = template.Library()

TIME_FORMATS = {
    # "29 November 2026, 14:05 GMT": the zone name tells readers abroad which clock it is.
    "long": "j F Y, H:i T",
    "short": "j M Y, H:i",
    "date": "j F Y",
}

# Characters that could end a <script> element or open a comment inside JSON-LD.
_JSON_SCRIPT_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


def _local(value: datetime) -> datetime:
    return timezone.localtime(value) if timezone.is_aware(value) else value


@register.filter
def iso_datetime(value: datetime | None) -> str:
    """ISO 8601 with the site time zone's offset, to the second (2026-11-29T14:05:00+00:00)."""
    if not value:
        return ""
    return _local(value).replace(microsecond=0).isoformat()


@register.simple_tag
def timestamp(value: datetime | None, style: str = "long") -> str:
    """A <time> element: machine-readable datetime, human text in the site time zone."""
    if not value:
        return ""
    local = _local(value)
    return format_html('<time datetime="{}">{}</time>', iso_datetime(local),
                       format_date(local, TIME_FORMATS.get(style, TIME_FORMATS["long"])))


def join_human(parts: Sequence[str]) -> SafeString:
    """"A", "A and B", "A, B and C" (no Oxford comma); parts are escaped unless safe."""
    escaped = [conditional_escape(part) for part in parts]
    if not escaped:
        return mark_safe("")  # noqa: S308 - empty string
    if len(escaped) == 1:
        return mark_safe(escaped[0])  # noqa: S308 - escaped above
    return mark_safe(f"{', '.join(escaped[:-1])} and {escaped[-1]}")  # noqa: S308 - escaped


@register.filter
def human_list(items: Iterable) -> SafeString:
    """Join names as readers write them: "A, B and C"."""
    return join_human([str(item) for item in items])


def _author_link(author) -> SafeString:
    return format_html('<a href="{}">{}</a>', author.get_absolute_url(), author.name)


def article_authors(article) -> list:
    """The byline authors in order (from the prefetched through rows)."""
    return [row.author for row in article.credited_authors.all()]


@register.simple_tag
def byline(article, link: bool = True) -> SafeString:
    """"By A and B" with links to author pages, or the staff byline when no one is named."""
    authors = article_authors(article)
    if authors:
        names = [_author_link(a) if link else a.name for a in authors]
        return format_html("By {}", join_human(names))
    return conditional_escape(article.staff_byline or settings.BROADSHEET_STAFF_BYLINE)


@register.simple_tag
def credit_lines(article) -> list[SafeString]:
    """One sentence per contribution, in the order editors listed them:
    "Ana Ruiz and Tom Lee contributed reporting." """
    groups: dict[str, list] = {}
    labels: dict[str, str] = {}
    for credit in article.credits.all():
        groups.setdefault(credit.contribution, []).append(
            _author_link(credit.author) if credit.author_id and credit.author else credit.name)
        labels[credit.contribution] = credit.get_contribution_display()
    return [format_html("{} {}.", join_human(names), labels[key]) for key, names in groups.items()]


@register.simple_tag
def breadcrumb_trail(section=None) -> list[dict[str, str]]:
    """Home followed by the section's lineage: [{"name": ..., "url": ...}, ...]."""
    trail = [{"name": "Home", "url": reverse("web:home")}]
    if section is not None:
        trail += [{"name": s.name, "url": s.get_absolute_url()} for s in section.lineage()]
    return trail


def _json_ld(data: dict) -> SafeString:
    payload = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return format_html('<script type="application/ld+json">{}</script>',
                       mark_safe(payload.translate(_JSON_SCRIPT_ESCAPES)))  # noqa: S308


@register.simple_tag(takes_context=True)
def breadcrumb_json_ld(context, trail: list[dict[str, str]]) -> SafeString:
    """schema.org BreadcrumbList for the trail, with absolute URLs."""
    request = context["request"]
    return _json_ld({
        "@context": "https://schema.org",
        "@type": "BreadcrumbList",
        "itemListElement": [
            {"@type": "ListItem", "position": position, "name": crumb["name"],
             "item": request.build_absolute_uri(crumb["url"])}
            for position, crumb in enumerate(trail, start=1)
        ],
    })


@register.simple_tag(takes_context=True)
def website_json_ld(context) -> SafeString:
    """schema.org WebSite for the front page."""
    return _json_ld({"@context": "https://schema.org", "@type": "WebSite",
                     "name": settings.BROADSHEET_SITE_NAME,
                     "url": context["request"].build_absolute_uri("/")})


@register.simple_tag(takes_context=True)
def canonical_url(context, article) -> str:
    """The article's canonical link (the original for syndicated stories)."""
    return article.canonical_url(context["request"])


@register.simple_tag(takes_context=True)
def absolute_url(context, path: str) -> str:
    """The absolute form of a site path, for canonical and share links."""
    return context["request"].build_absolute_uri(path)


@register.simple_tag(takes_context=True)
def share_links(context, article) -> dict[str, str]:
    """Plain share URLs (no third-party script): the page URL encoded for each service."""
    url = context["request"].build_absolute_uri(article.get_absolute_url())
    title = article.headline
    return {
        "url": url,
        "x": "https://x.com/intent/post?" + urlencode({"url": url, "text": title}),
        "facebook": "https://www.facebook.com/sharer/sharer.php?" + urlencode({"u": url}),
        "linkedin": "https://www.linkedin.com/sharing/share-offsite/?" + urlencode({"url": url}),
        "email": f"mailto:?subject={quote(title)}&body={quote(url)}",
    }


@register.simple_tag
def page_numbers(page_obj) -> list:
    """Page numbers around the current one, with the ellipsis marker between gaps."""
    return list(page_obj.paginator.get_elided_page_range(page_obj.number, on_each_side=1,
                                                         on_ends=1))


@register.filter
def is_ellipsis(value) -> bool:
    from django.core.paginator import Paginator

    return value == Paginator.ELLIPSIS
