"""The search page. Interface only: the form validates, the selector reads.

Results depend only on the URL, so the page is as cacheable as any other public page.
"""

from functools import wraps

from django.conf import settings
from django.shortcuts import render
from django.utils.cache import patch_cache_control
from django.views.decorators.http import require_safe

from broadsheet.content.models import Section

from .forms import SearchForm
from .selectors import search_articles

SEARCH_MAX_AGE = 60


def _public(view):
    @require_safe
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        if response.status_code in (200, 400):
            patch_cache_control(response, public=True, max_age=SEARCH_MAX_AGE)
        return response

    return wrapper


def _page_number(raw: str | None) -> int:
    try:
        return max(1, int(raw or 1))
    except (TypeError, ValueError):
        return 1


@_public
def search(request):
    """/search/?q=…&section=…&topic=…&author=…&from=YYYY-MM-DD&to=YYYY-MM-DD&page=N"""
    sections = list(Section.objects.select_related("parent__parent").order_by("path"))
    form = SearchForm(request.GET or None, sections=sections)
    context = {"form": form, "query": "", "search": None, "messages_list": [],
               "active_section": None, "active_topic": None, "active_author": None}
    status = 200
    if form.is_bound:
        if form.is_valid():
            query = form.cleaned_data["q"]
            context.update(query=query, active_section=form.section_obj,
                           active_topic=form.topic_obj, active_author=form.author_obj)
            if query:
                found = search_articles(query=query, filters=form.filters(),
                                        page=_page_number(request.GET.get("page")),
                                        per_page=settings.BROADSHEET_PAGE_SIZE)
                context["search"] = found
                context["query"] = found.query
                context["messages_list"] = found.messages
            else:
                context["messages_list"] = ["Type a word or phrase to search the archive."]
        else:
            status = 400
            context["query"] = (request.GET.get("q") or "")[:300]
            context["messages_list"] = form.error_messages_list
    return render(request, "discovery/search.html", context, status=status)
