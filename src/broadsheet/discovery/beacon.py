"""Recommended, delivered per reader: in the article beacon's answer, and for the home page.

Pages stay the same for every reader; only these private JSON answers differ."""

from __future__ import annotations

import uuid

from django.http import HttpRequest, JsonResponse
from django.utils.cache import patch_cache_control
from django.views.decorators.http import require_safe

from broadsheet.engagement import conf as engagement_conf
from broadsheet.engagement.visitor import parse_reader_id, refuses_tracking

from . import selectors

MAX_EXCLUDED = 100


def recommended(*, request: HttpRequest, article_id: int,
                reader_id: uuid.UUID | None) -> dict:
    """Beacon contributor: the reader's Recommended list for this article page, without
    anything the page already shows in Related or Most read."""
    shown, section_id = selectors.page_list_ids(article_id=article_id)
    picks = selectors.recommended_articles(
        reader_id=str(reader_id) if reader_id else None, current_article_id=article_id,
        exclude_ids=shown, section_id=section_id)
    return {"recommended": [card.as_json() for card in picks]}


@require_safe
def recommended_for_page(request: HttpRequest) -> JsonResponse:
    """``GET /recommended/?exclude=1,2,3``: Recommended for a page that is not an article
    (the home page), leaving out the articles that page already shows."""
    raw = request.GET.get("exclude", "")
    try:
        excluded = [int(part) for part in raw.split(",") if part.strip()]
    except ValueError:
        return _private(JsonResponse(
            {"error": "exclude must be a comma-separated list of article ids."}, status=400))
    if len(excluded) > MAX_EXCLUDED:
        return _private(JsonResponse(
            {"error": f"exclude takes at most {MAX_EXCLUDED} ids."}, status=400))
    reader = None
    if not refuses_tracking(request):
        reader_id = parse_reader_id(request.COOKIES.get(engagement_conf.READER_COOKIE))
        reader = str(reader_id) if reader_id else None
    picks = selectors.recommended_articles(reader_id=reader, exclude_ids=excluded)
    return _private(JsonResponse({"recommended": [card.as_json() for card in picks]}))


def _private(response: JsonResponse) -> JsonResponse:
    patch_cache_control(response, private=True, no_store=True)
    return response
