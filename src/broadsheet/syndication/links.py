"""Absolute URLs for feeds, sitemaps and structured data.

``BROADSHEET_SITE_URL`` (e.g. ``https://news.example.org``) wins when set, so links are right
behind proxies and in cached copies; otherwise the request's scheme and host are used.
"""

from urllib.parse import urljoin

from django.conf import settings
from django.http import HttpRequest
from django.templatetags.static import static
from django.utils import timezone

PUBLISHER_LOGO = "syndication/publisher-logo.png"
PUBLISHER_LOGO_SIZE = (600, 60)


def site_root(request: HttpRequest | None = None) -> str:
    """Scheme and host of the site, without a trailing slash ("" when unknown)."""
    configured = (settings.BROADSHEET_SITE_URL or "").rstrip("/")
    if configured:
        return configured
    if request is not None:
        return f"{request.scheme}://{request.get_host()}"
    return ""


def absolute_url(location: str, request: HttpRequest | None = None) -> str:
    """``location`` (a path or URL) as an absolute URL."""
    if not location or location.startswith(("http://", "https://", "//")):
        return location
    root = site_root(request)
    return urljoin(root + "/", location) if root else location


def publisher_logo_url(request: HttpRequest | None = None) -> str:
    """The publisher logo (600×60, as Google asks for news publishers)."""
    path = getattr(settings, "BROADSHEET_PUBLISHER_LOGO", "") or static(PUBLISHER_LOGO)
    return absolute_url(path, request)


def iso(value) -> str | None:
    """ISO 8601 in the site's time zone, with its offset ("2024-05-01T09:30:00+01:00")."""
    if value is None:
        return None
    return timezone.localtime(value).isoformat(timespec="seconds")


def language_code() -> str:
    """The site language as a BCP 47 tag ("en-GB")."""
    parts = settings.LANGUAGE_CODE.split("-")
    return "-".join([parts[0].lower(), *(p.upper() if len(p) == 2 else p for p in parts[1:])])


def image_url(field, request: HttpRequest | None = None) -> str:
    """Absolute URL of a stored image, or "" when there is none."""
    if not field:
        return ""
    try:
        return absolute_url(field.url, request)
    except ValueError:
        return ""
