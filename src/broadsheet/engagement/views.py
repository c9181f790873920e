"""The beacon, reactions, privacy and Most read endpoints. Interface only: they validate the
request and call services and selectors.

Pages stay the same for every reader: nothing here puts a token or per-reader content into
HTML. The beacon and reaction responses are JSON marked ``private, no-store``.
"""

from __future__ import annotations

import json
import logging
import uuid
from typing import Any

from django.conf import settings
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
from django.utils.module_loading import import_string
from django.views.decorators.csrf import csrf_exempt

from broadsheet.core.pagecache import public_page
from broadsheet.content.models import Section
from broadsheet.discovery import ranking

from . import conf, selectors, services
from .crawlers import is_automated
from .models import EventKind
from .visitor import Visitor, parse_reader_id, visitor_from_request

logger = logging.getLogger(__name__)

EVENT_TYPES = {"view": EventKind.VIEW, "impression": EventKind.IMPRESSION,
               "click": EventKind.CLICK}
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


def _cross_site(request: HttpRequest) -> bool:
    """True when a browser tells us the request comes from another site.

    Browsers send Sec-Fetch-Site and Origin on POSTs; a page elsewhere can neither remove
    nor fake them, which is what stands in for a CSRF token here."""
    fetch_site = request.META.get("HTTP_SEC_FETCH_SITE")
    if fetch_site is not None and fetch_site not in ("same-origin", "none"):
        return True
    origin = request.META.get("HTTP_ORIGIN")
    if origin is not None:
        own = f"{request.scheme}://{request.get_host()}"
        return origin != own and origin not in getattr(settings, "CSRF_TRUSTED_ORIGINS", [])
    return False


def _read_json(request: HttpRequest) -> tuple[dict | None, JsonResponse | None]:
    limit = conf.get("BROADSHEET_BEACON_MAX_BYTES")
    try:
        declared = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return None, _error(400, "Content-Length is not a number.")
    if declared > limit:
        return None, _error(413, f"The body is larger than {limit} bytes.")
    body = request.body
    if len(body) > limit:
        return None, _error(413, f"The body is larger than {limit} bytes.")
    if not body:
        return None, _error(400, "The body is empty; send a JSON object.")
    try:
        data = json.loads(body)
    except (ValueError, UnicodeDecodeError):
        return None, _error(400, "The body is not valid JSON.")
    if not isinstance(data, dict):
        return None, _error(400, "The body must be a JSON object.")
    return data, None


def _positive_int(value: Any) -> int | None:
    if isinstance(value, bool) or not isinstance(value, int) or value <= 0 or value > 2**62:
        return None
    return value


def _set_cookie(response: HttpResponse, name: str, value: str, *, max_age: int,
                httponly: bool = True) -> None:
    response.set_cookie(name, value, max_age=max_age, samesite="Lax", httponly=httponly,
                        secure=conf.cookie_secure())


def _reader_cookie(response: HttpResponse, request: HttpRequest, visitor: Visitor) -> None:
    if visitor.history_allowed and visitor.new_reader and visitor.reader_id is not None:
        _set_cookie(response, conf.READER_COOKIE, visitor.reader_id.hex,
                    max_age=int(conf.get("BROADSHEET_HISTORY_DAYS")) * 24 * 3600)
    elif not visitor.history_allowed and request.COOKIES.get(conf.READER_COOKIE):
        response.delete_cookie(conf.READER_COOKIE, samesite="Lax")


def _voter_id(request: HttpRequest) -> uuid.UUID | None:
    return parse_reader_id(request.COOKIES.get(conf.VOTER_COOKIE))


@csrf_exempt
def beacon(request: HttpRequest) -> HttpResponse:
    """Count a view (or a widget impression/click) and return what the page shows live.

    Body (JSON, at most 2 KB): ``{"article": id, "type": "view"|"impression"|"click",
    "widget": name|null, "target": id|null, "webdriver": bool}``. For a view, ``widget`` is
    the list the reader came from. The response is acknowledged only after the event is
    stored durably by the counter backend.
    """
    if request.method != "POST":
        return _error(405, "Send the beacon with POST.", Allow="POST")
    if _cross_site(request):
        return _error(403, "Cross-site beacons are not accepted.")
    data, problem = _read_json(request)
    if problem is not None:
        return problem

    kind = EVENT_TYPES.get(data.get("type", "view"))
    if kind is None:
        return _error(400, "Unknown type; use view, impression or click.")
    widget = data.get("widget") or ""
    if not isinstance(widget, str) or (widget and widget not in conf.WIDGETS):
        return _error(400, f"Unknown widget; use one of {', '.join(conf.WIDGETS)}.")
    webdriver = data.get("webdriver", False)
    if not isinstance(webdriver, bool):
        return _error(400, "webdriver must be true or false.")
    raw_article = data.get("article")
    article_id = _positive_int(raw_article)
    if raw_article is not None and article_id is None:
        return _error(400, "article must be a positive integer id.")

    visitor = visitor_from_request(request)
    automated = is_automated(user_agent=visitor.user_agent,
                             accept_language=visitor.accept_language, webdriver=webdriver)

    if kind != EventKind.VIEW:
        if not widget:
            return _error(400, "Impressions and clicks need a widget.")
        raw_target = data.get("target")
        target_id = _positive_int(raw_target)
        if raw_target is not None and target_id is None:
            return _error(400, "target must be a positive integer id.")
        if kind == EventKind.CLICK and target_id is None:
            return _error(400, "A click needs the target article id.")
        counted = False
        if not automated:
            counted = services.event_record(kind=kind, article_id=article_id or 0,
                                            visitor=visitor, widget=widget, target_id=target_id)
        services.counters_maybe_flush()
        return _private_json({"counted": counted})

    if article_id is None:
        return _error(400, "A view needs the article id.")
    if not selectors.article_is_live(article_id=article_id):
        return _error(404, "No published article has this id.")
    counted = False
    if not automated:
        counted = services.event_record(kind=kind, article_id=article_id, visitor=visitor,
                                        widget=widget)
        if counted:
            selectors.note_counted_view(article_id=article_id)
    services.counters_maybe_flush()
    # At most a couple of seconds old, and always including this reader's own view.
    snapshot = selectors.beacon_snapshot(article_id=article_id)

    payload: dict[str, Any] = {
        "counted": counted,
        "views": snapshot.views,
        "reactions": snapshot.reactions,
        "mine": selectors.reaction_of(article_id=article_id, voter_id=_voter_id(request)),
    }
    if not automated:
        for dotted in conf.get("BROADSHEET_BEACON_CONTRIBUTORS"):
            try:
                payload.update(import_string(dotted)(
                    request=request, article_id=article_id,
                    reader_id=visitor.reader_id if visitor.history_allowed else None,
                    new_reader=visitor.new_reader))
            except Exception:
                # A failing extra (e.g. recommendations) must not cost the count its answer.
                logger.exception("Beacon contributor %s failed", dotted)
    response = _private_json(payload)
    if not automated:
        _reader_cookie(response, request, visitor)
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
    if _cross_site(request):
        return _error(403, "Cross-site reactions are not accepted.")
    data, problem = _read_json(request)
    if problem is not None:
        return problem
    article_id = _positive_int(data.get("article"))
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
        if _cross_site(request) or (action == "opt-in" and not has_site_headers):
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
