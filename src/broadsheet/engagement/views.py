"""The beacon, reactions, privacy and Most read endpoints. Interface only: they validate the
request and call services and selectors.

Pages stay the same for every reader: nothing here puts a token or per-reader content into
HTML. The beacon and reaction responses are JSON marked ``private, no-store``.
"""

from __future__ import annotations

import logging
import uuid
from typing import Any

from django.http import (
    HttpRequest,
    HttpResponse,
    HttpResponseBadRequest,
    HttpResponseRedirect,
    JsonResponse,
)
from django.shortcuts import render
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.views.decorators.csrf import csrf_exempt

from broadsheet.content.models import Section
from broadsheet.core.pagecache import public_page
from broadsheet.discovery import ranking

from . import conf, selectors, services
from .beacon import Refused, cross_site, positive_int, read_json
from .beacon import answer as beacon_answer
from .crawlers import is_automated
from .visitor import parse_reader_id, visitor_from_request

logger = logging.getLogger(__name__)

PUBLIC_MAX_AGE = 60
YEAR = 365 * 24 * 3600


def _error(status: int, message: str, **headers: str) -> JsonResponse:
    response = JsonResponse({"error": message}, status=status)
    for name, value in headers.items():
        response[name] = value
    patch_cache_control(response, private=True, no_store=True)
    return response


def _private_json(data: dict[str, Any]) -> JsonResponse:
    response = JsonResponse(data)
    patch_cache_control(response, private=True, no_store=True)
    return response


def _set_cookie(response: HttpResponse, name: str, value: str, *, max_age: int,
                httponly: bool = True) -> None:
    response.set_cookie(name, value, max_age=max_age, samesite="Lax", httponly=httponly,
                        secure=conf.cookie_secure())


def _voter_id(request: HttpRequest) -> uuid.UUID | None:
    return parse_reader_id(request.COOKIES.get(conf.VOTER_COOKIE))


@csrf_exempt
def beacon(request: HttpRequest) -> HttpResponse:
    """Count a view (or a widget impression/click) and return what the page shows live
    (see :func:`broadsheet.engagement.beacon.answer`)."""
    result = beacon_answer(request)
    response = JsonResponse(result.payload, status=result.status)
    for name, value in result.headers.items():
        response[name] = value
    patch_cache_control(response, private=True, no_store=True)
    if result.reader_cookie:
        _set_cookie(response, conf.READER_COOKIE, result.reader_cookie,
                    max_age=conf.reader_cookie_max_age())
    elif result.reader_cookie == "":
        response.delete_cookie(conf.READER_COOKIE, samesite="Lax")
    return response


@csrf_exempt
def reactions(request: HttpRequest) -> HttpResponse:
    """Set, change or remove the sender's reaction: ``{"article": id, "reaction": key|null}``.

    CSRF-safe without a token in the page: the body must be JSON (a cross-site form cannot
    send that content type, and a cross-site fetch that does needs a CORS preflight we never
    grant), and Sec-Fetch-Site/Origin must name this site when the browser sends them."""
    if request.method != "POST":
        return _error(405, "Send reactions with POST.", Allow="POST")
    if request.content_type != "application/json":
        return _error(415, "Send reactions as application/json.")
    if cross_site(request):
        return _error(403, "Cross-site reactions are not accepted.")
    try:
        data = read_json(request)
    except Refused as refusal:
        return _error(refusal.status, refusal.message)
    article_id = positive_int(data.get("article"))
    if article_id is None:
        return _error(400, "article must be a positive integer id.")
    kind = data.get("reaction")
    if kind is not None and (not isinstance(kind, str) or kind not in conf.reaction_keys()):
        return _error(400, f"Unknown reaction; use one of {', '.join(conf.reaction_keys())} "
                           "or null to remove yours.")
    if not selectors.article_is_live(article_id=article_id):
        return _error(404, "No published article has this id.")
    visitor = visitor_from_request(request)
    if is_automated(user_agent=visitor.user_agent, accept_language=visitor.accept_language,
                    webdriver=bool(data.get("webdriver", False))):
        return _error(403, "Automated clients cannot react.")
    if services.reaction_rate_limited(visitor_hash=visitor.hash):
        return _error(429, "Too many reactions; wait a minute.", **{"Retry-After": "60"})

    voter_id = _voter_id(request)
    new_voter = voter_id is None
    if new_voter:
        voter_id = uuid.uuid4()
    mine = services.reaction_set(article_id=article_id, voter_id=voter_id, kind=kind)
    selectors.forget_cached(article_id=article_id)
    response = _private_json({"reactions": selectors.reaction_counts(article_id=article_id),
                              "mine": mine})
    if new_voter:
        _set_cookie(response, conf.VOTER_COOKIE, voter_id.hex, max_age=YEAR)
    return response


def _public(response: HttpResponse) -> HttpResponse:
    if response.status_code == 200:
        patch_cache_control(response, public=True, max_age=PUBLIC_MAX_AGE,
                            stale_while_revalidate=PUBLIC_MAX_AGE * 5)
    return response


PRIVACY_MESSAGES = {
    "opted-out": "Done: this browser is opted out and its reading history is deleted.",
    "opted-in": "Done: this browser may keep a reading history again.",
}


@csrf_exempt
def privacy(request: HttpRequest) -> HttpResponse:
    """What is counted and kept, and a button to opt out of (or back into) reading history.

    The page is the same for every reader. The form posts without a CSRF token: opting out
    only deletes the sender's own history and sets a cookie, so a forged opt-out harms no
    one; opting back in requires the browser to show the request comes from this site."""
    if request.method == "POST":
        action = request.POST.get("action", "")
        if action not in ("opt-out", "opt-in"):
            return HttpResponseBadRequest("Unknown action; use opt-out or opt-in.",
                                          content_type="text/plain; charset=utf-8")
        has_site_headers = ("HTTP_ORIGIN" in request.META
                            or "HTTP_SEC_FETCH_SITE" in request.META)
        if cross_site(request) or (action == "opt-in" and not has_site_headers):
            return HttpResponse("This request did not come from this site.", status=403,
                                content_type="text/plain; charset=utf-8")
        done = "opted-out" if action == "opt-out" else "opted-in"
        response = HttpResponseRedirect(f"{reverse('engagement:privacy')}?done={done}")
        response.status_code = 303
        patch_cache_control(response, private=True, no_store=True)
        if action == "opt-out":
            reader_id = parse_reader_id(request.COOKIES.get(conf.READER_COOKIE))
            if reader_id is not None:
                services.reader_history_delete(reader_id=reader_id)
            # Readable by the page's script, which shows the reader their current choice.
            _set_cookie(response, conf.OPT_OUT_COOKIE, "1", max_age=5 * YEAR, httponly=False)
            response.delete_cookie(conf.READER_COOKIE, samesite="Lax")
        else:
            response.delete_cookie(conf.OPT_OUT_COOKIE, samesite="Lax")
        return response
    if request.method not in ("GET", "HEAD"):
        response = HttpResponse("Use GET or POST.", status=405,
                                content_type="text/plain; charset=utf-8")
        response["Allow"] = "GET, HEAD, POST"
        return response
    return _public(render(request, "engagement/privacy.html", {
        "message": PRIVACY_MESSAGES.get(request.GET.get("done", "")),
        "history_days": conf.get("BROADSHEET_HISTORY_DAYS"),
        "dedupe_minutes": conf.get("BROADSHEET_VIEW_DEDUPE_MINUTES"),
    }))


@public_page
def most_read(request: HttpRequest) -> HttpResponse:
    """The Most read page, with a switch between the last hour, day, week and month."""
    window = request.GET.get("window", ranking.DEFAULT_WINDOW)
    if window not in ranking.WINDOWS:
        return HttpResponseBadRequest(
            f"Unknown window; use one of {', '.join(ranking.WINDOWS)}.",
            content_type="text/plain; charset=utf-8")
    section = None
    section_path = request.GET.get("section")
    if section_path:
        section = Section.objects.filter(path=section_path).select_related(
            "parent__parent").first()
        if section is None:
            return HttpResponse("No such section.", status=404,
                                content_type="text/plain; charset=utf-8")
    items = ranking.most_read(window=window, section=section, limit=20)
    windows = [{"key": key, "label": label, "current": key == window}
               for key, label in ranking.WINDOW_LABELS.items()]
    return render(request, "engagement/most_read.html", {
        "items": items, "window": window, "window_label": ranking.WINDOW_LABELS[window],
        "windows": windows, "section": section, "current_section": section,
    })
