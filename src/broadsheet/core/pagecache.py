"""Whole-page caching for public pages, which are the same for every reader.

A cached page is keyed by its absolute URL and the "pages" cache generation. Any change to
published content bumps the generation (``bump_page_generation``), so readers never see a
page older than the last edit for longer than the generation memo below; pages also expire
after ``BROADSHEET_PAGE_CACHE_SECONDS``, which bounds how late a scheduled story or a
reading list may appear.
"""

import hashlib
import time
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models import F
from django.http import HttpResponse
from django.utils.cache import patch_cache_control
from django.views.decorators.http import require_safe

from .models import CacheGeneration

GENERATION = "pages"
# How long a process trusts the generation it last read. Bumps in this process take effect
# at once; bumps elsewhere within this many seconds.
GENERATION_MEMO_SECONDS = 1.0
_HEADERS_KEPT = ("Content-Type", "Content-Language", "Cache-Control", "Link")
_memo = {"value": None, "read_at": 0.0}


def page_generation() -> int:
    """The current page generation (read from the database at most once a second)."""
    now = time.monotonic()
    if _memo["value"] is None or now - _memo["read_at"] > GENERATION_MEMO_SECONDS:
        _memo["value"] = (CacheGeneration.objects.filter(name=GENERATION)
                          .values_list("value", flat=True).first() or 0)
        _memo["read_at"] = now
    return _memo["value"]


def bump_page_generation() -> None:
    """Retire every cached page: call when anything a public page shows has changed."""
    if not CacheGeneration.objects.filter(name=GENERATION).update(value=F("value") + 1):
        CacheGeneration.objects.get_or_create(name=GENERATION, defaults={"value": 1})
    forget_page_generation()
    # Readers in this process must not re-cache the old generation's value after commit.
    transaction.on_commit(forget_page_generation)


def forget_page_generation() -> None:
    """Read the generation from the database next time (after a bump; tests)."""
    _memo["value"] = None


def _cache_key(request) -> str:
    url = f"{request.scheme}://{request.get_host()}{request.get_full_path()}"
    digest = hashlib.sha256(url.encode()).hexdigest()[:32]
    return f"broadsheet:page:{page_generation()}:{digest}"


def _cacheable(response) -> bool:
    return (response.status_code == 200 and not response.cookies
            and not getattr(response, "streaming", False)
            and "cookie" not in response.get("Vary", "").lower())


def public_page(view=None, *, max_age: int = 60):
    """GET/HEAD only; marked cacheable by shared caches, and cached whole on the server."""

    def decorate(view):
        @require_safe
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            seconds = settings.BROADSHEET_PAGE_CACHE_SECONDS
            key = _cache_key(request) if seconds > 0 else None
            if key is not None:
                stored = cache.get(key)
                if stored is not None:
                    content, headers = stored
                    response = HttpResponse(content)
                    for name, value in headers:
                        response[name] = value
                    return response
            response = view(request, *args, **kwargs)
            if response.status_code == 200:
                patch_cache_control(response, public=True, max_age=max_age,
                                    stale_while_revalidate=max_age * 5)
                if key is not None and _cacheable(response):
                    headers = [(h, response[h]) for h in _HEADERS_KEPT if response.has_header(h)]
                    cache.set(key, (response.content, headers), seconds)
            return response

        return wrapper

    return decorate(view) if view is not None else decorate
