"""Recommended, delivered per reader: in the article beacon's answer, and for the home page.

Pages stay the same for every reader; only these private JSON answers differ."""

from __future__ import annotations

import uuid

from django.http import HttpRequest, JsonResponse
from django.utils.cache import patch_cache_control
from django.views.decorators.http import require_safe

from broadsheet.core.pagecache import page_generation
from broadsheet.core.shortcache import ShortCache
from broadsheet.engagement import conf as engagement_conf
from broadsheet.engagement.visitor import parse_reader_id, refuses_tracking

from . import selectors
from .engines import site_recommender

MAX_EXCLUDED = 100


# Most beacons come from readers on their first page: their history is the one article they
# are reading, so they all get the same list, as do readers who refuse tracking. Computed once
# per article every few seconds per process instead of once per reader (the engine's trending
# order itself is refreshed only every half minute).
_shared_lists = ShortCache(seconds=15)


def recommended(*, request: HttpRequest, article_id: int, reader_id: uuid.UUID | None,
                new_reader: bool = False) -> dict:
    """Beacon contributor: the reader's Recommended list for this article page, without
    anything the page already shows in Related or Most read."""
    shown, section_id = selectors.page_list_ids(article_id=article_id)
    reader = str(reader_id) if reader_id else None

    def compute() -> list[dict]:
        picks = selectors.recommended_articles(
            reader_id=reader, current_article_id=article_id, exclude_ids=shown,
            section_id=section_id)
        return [card.as_json() for card in picks]

    if reader is not None and not new_reader:
        return {"recommended": compute()}
    if reader is not None:
        # The first read still becomes this reader's history.
        site_recommender().read_now(reader=reader, article_id=article_id)
    key = (page_generation(), article_id, reader is None)
    return {"recommended": _shared_lists.get(key, compute)}


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
