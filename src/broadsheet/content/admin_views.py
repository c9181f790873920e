"""Views the editors' admin calls from its pages (wrapped by ``AdminSite.admin_view``, so
only logged-in staff reach them, with CSRF protection)."""

import math
from html import unescape

from django.http import HttpRequest, JsonResponse
from django.utils.html import strip_tags
from django.utils.translation import gettext as _

from broadsheet.core.markdown import render_markdown

# A long feature is ~60 KB of Markdown; anything far larger is a paste gone wrong.
MARKDOWN_PREVIEW_MAX_BYTES = 200 * 1024
WORDS_PER_MINUTE = 230


def reading_stats(html: str) -> dict[str, int]:
    """Word count of rendered ``html`` (so Markdown marks and link addresses do not count)
    and reading time in whole minutes, at least one for any text."""
    words = len(unescape(strip_tags(html)).split())
    return {"words": words, "minutes": math.ceil(words / WORDS_PER_MINUTE) if words else 0}


def markdown_preview(request: HttpRequest, *, model_admin) -> JsonResponse:
    """Render the posted Markdown (``text``) exactly as the article page will show it."""
    if request.method != "POST":
        response = JsonResponse({"error": _("Send the text with POST.")}, status=405)
        response["Allow"] = "POST"
        return response
    if not (model_admin.has_add_permission(request)
            or model_admin.has_change_permission(request)):
        return JsonResponse({"error": _("You cannot edit articles.")}, status=403)
    text = request.POST.get("text")
    if text is None:
        return JsonResponse({"error": _("No text was sent.")}, status=400)
    size = len(text.encode("utf-8"))
    if size > MARKDOWN_PREVIEW_MAX_BYTES:
        return JsonResponse({"error": _(
            "The text is too long to preview (%(size)d KB; the limit is %(limit)d KB).") % {
            "size": size // 1024, "limit": MARKDOWN_PREVIEW_MAX_BYTES // 1024}}, status=400)
    html = render_markdown(text)
    response = JsonResponse({"html": html, **reading_stats(html)})
    response["Cache-Control"] = "private, no-store"
    return response
