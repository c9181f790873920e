"""The beacon's work, apart from any response class: what to answer to one request.

Both ways in share it: the Django view (``views.beacon``) and the WSGI short path
(``fastpath.BeaconFastPath``), which writes the answer straight to the server because at
thousands of beacons a second building a ``JsonResponse`` costs more than counting.
Pages stay the same for every reader: only this private answer differs.
"""

from __future__ import annotations

import functools
import json
import logging
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.utils.module_loading import import_string

from . import conf, selectors, services
from .crawlers import is_automated
from .models import EventKind
from .visitor import parse_reader_id, visitor_from_request

logger = logging.getLogger(__name__)

EVENT_TYPES = {"view": EventKind.VIEW, "impression": EventKind.IMPRESSION,
               "click": EventKind.CLICK}


class Refused(Exception):
    """A request we answer with a 4xx and a message for the client."""

    def __init__(self, status: int, message: str, **headers: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.headers = headers


@dataclass
class Answer:
    """Status, JSON body and cookie changes of one beacon answer (always private, no-store).

    ``reader_cookie`` is the reader id to set, ``""`` to delete the cookie, None to leave it."""

    status: int
    payload: dict[str, Any]
    headers: dict[str, str] = field(default_factory=dict)
    reader_cookie: str | None = None


def cross_site(request: HttpRequest) -> bool:
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


def read_json(request: HttpRequest) -> dict:
    """The request's JSON object body, within the size limit, or :class:`Refused`."""
    limit = conf.get("BROADSHEET_BEACON_MAX_BYTES")
    try:
        declared = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        raise Refused(400, "Content-Length is not a number.") from None
    if declared > limit:
        raise Refused(413, f"The body is larger than {limit} bytes.")
    body = request.body
    if len(body) > limit:
        raise Refused(413, f"The body is larger than {limit} bytes.")
    if not body:
        raise Refused(400, "The body is empty; send a JSON object.")
    try:
        data = json.loads(body)
    except (ValueError, UnicodeDecodeError):
        raise Refused(400, "The body is not valid JSON.") from None
    if not isinstance(data, dict):
        raise Refused(400, "The body must be a JSON object.")
    return data


def positive_int(value: Any) -> int | None:
    if isinstance(value, bool) or not isinstance(value, int) or value <= 0 or value > 2**62:
        return None
    return value


@functools.lru_cache(maxsize=16)
def _contributor(dotted: str) -> Any:
    """A configured contributor, imported once rather than on every beacon."""
    return import_string(dotted)


def answer(request: HttpRequest) -> Answer:
    """Count a view (or a widget impression/click) and say what the page shows live.

    Body (JSON, at most 2 KB): ``{"article": id, "type": "view"|"impression"|"click",
    "widget": name|null, "target": id|null, "webdriver": bool}``. For a view, ``widget`` is
    the list the reader came from. The answer exists only after the event is stored durably
    by the counter backend: that is what "acknowledged" means.
    """
    try:
        return _answer(request)
    except Refused as refusal:
        return Answer(refusal.status, {"error": refusal.message}, refusal.headers)


def _answer(request: HttpRequest) -> Answer:
    if request.method != "POST":
        raise Refused(405, "Send the beacon with POST.", Allow="POST")
    if cross_site(request):
        raise Refused(403, "Cross-site beacons are not accepted.")
    data = read_json(request)

    kind = EVENT_TYPES.get(data.get("type", "view"))
    if kind is None:
        raise Refused(400, "Unknown type; use view, impression or click.")
    widget = data.get("widget") or ""
    if not isinstance(widget, str) or (widget and widget not in conf.WIDGETS):
        raise Refused(400, f"Unknown widget; use one of {', '.join(conf.WIDGETS)}.")
    webdriver = data.get("webdriver", False)
    if not isinstance(webdriver, bool):
        raise Refused(400, "webdriver must be true or false.")
    raw_article = data.get("article")
    article_id = positive_int(raw_article)
    if raw_article is not None and article_id is None:
        raise Refused(400, "article must be a positive integer id.")

    visitor = visitor_from_request(request)
    automated = is_automated(user_agent=visitor.user_agent,
                             accept_language=visitor.accept_language, webdriver=webdriver)

    if kind != EventKind.VIEW:
        if not widget:
            raise Refused(400, "Impressions and clicks need a widget.")
        raw_target = data.get("target")
        target_id = positive_int(raw_target)
        if raw_target is not None and target_id is None:
            raise Refused(400, "target must be a positive integer id.")
        if kind == EventKind.CLICK and target_id is None:
            raise Refused(400, "A click needs the target article id.")
        counted = False
        if not automated:
            counted = services.event_record(kind=kind, article_id=article_id or 0,
                                            visitor=visitor, widget=widget, target_id=target_id)
        services.counters_maybe_flush()
        return Answer(200, {"counted": counted})

    if article_id is None:
        raise Refused(400, "A view needs the article id.")
    if not selectors.article_is_live(article_id=article_id):
        raise Refused(404, "No published article has this id.")
    counted = False
    if not automated:
        counted = services.event_record(kind=kind, article_id=article_id, visitor=visitor,
                                        widget=widget)
        if counted:
            selectors.note_counted_view(article_id=article_id)
    services.counters_maybe_flush()
    # At most a couple of seconds old, and always including this reader's own view.
    snapshot = selectors.beacon_snapshot(article_id=article_id)
    voter_id = parse_reader_id(request.COOKIES.get(conf.VOTER_COOKIE))
    payload: dict[str, Any] = {
        "counted": counted,
        "views": snapshot.views,
        "reactions": snapshot.reactions,
        "mine": selectors.reaction_of(article_id=article_id, voter_id=voter_id),
    }
    if automated:
        return Answer(200, payload)
    for dotted in conf.get("BROADSHEET_BEACON_CONTRIBUTORS"):
        try:
            payload.update(_contributor(dotted)(
                request=request, article_id=article_id,
                reader_id=visitor.reader_id if visitor.history_allowed else None,
                new_reader=visitor.new_reader))
        except Exception:
            # A failing extra (e.g. recommendations) must not cost the count its answer.
            logger.exception("Beacon contributor %s failed", dotted)
    reader_cookie = None
    if visitor.history_allowed and visitor.new_reader and visitor.reader_id is not None:
        reader_cookie = visitor.reader_id.hex
    elif not visitor.history_allowed and request.COOKIES.get(conf.READER_COOKIE):
        reader_cookie = ""
    return Answer(200, payload, reader_cookie=reader_cookie)
