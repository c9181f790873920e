"""Public pages. Interface only: reads come from selectors.

Every page here is the same for every reader (no cookies, no per-reader content), so it is
marked cacheable by any proxy or CDN.
"""

from django.conf import settings
from django.contrib.admin.views.decorators import staff_member_required
from django.http import Http404, HttpResponsePermanentRedirect
from django.shortcuts import render
from django.template import loader
from django.utils.cache import patch_cache_control

from broadsheet.content import selectors
from broadsheet.core.pagecache import public_page
from broadsheet.discovery import selectors as discovery


@public_page
def home(request):
    return render(request, "web/home.html", {"page": selectors.home_page()})


@public_page
def section(request, path: str):
    found = selectors.section_get_by_path(path=path)
    if found is None:
        raise Http404("No such section")
    page = selectors.paginate(selectors.section_articles(section=found),
                              page=request.GET.get("page"),
                              per_page=settings.BROADSHEET_PAGE_SIZE)
    return render(request, "web/section.html",
                  {"section": found, "page_obj": page, "current_section": found})


@public_page
def topic(request, slug: str):
    found = selectors.topic_get(slug=slug)
    if found is None:
        raise Http404("No such topic")
    page = selectors.paginate(selectors.topic_articles(topic=found),
                              page=request.GET.get("page"),
                              per_page=settings.BROADSHEET_PAGE_SIZE)
    return render(request, "web/topic.html", {"topic": found, "page_obj": page})


@public_page
def author(request, slug: str):
    found = selectors.author_get_for_page(slug=slug)
    if found is None:
        raise Http404("No such author")
    page = selectors.paginate(selectors.author_articles(author=found),
                              page=request.GET.get("page"),
                              per_page=settings.BROADSHEET_PAGE_SIZE)
    return render(request, "web/author.html", {"author": found, "page_obj": page})


@public_page
def article(request, section_path: str, year: str, month: str, day: str, slug: str):
    found = selectors.article_get_for_page(slug=slug)
    if found is None:
        raise Http404("No such article")
    canonical_path = found.get_absolute_url()
    if request.path != canonical_path:
        # Section moved or the date was mistyped: send readers and crawlers to the one URL.
        return HttpResponsePermanentRedirect(canonical_path)
    return render(request, "web/article.html", {
        "article": found, "current_section": found.section,
        "lists": discovery.article_reading_lists(article=found)})


@staff_member_required
def article_preview(request, pk: int):
    """Editors see any article as readers will, whatever its status."""
    found = selectors.article_get_for_preview(pk=pk)
    if found is None:
        raise Http404("No such article")
    response = render(request, "web/article.html",
                      {"article": found, "preview": True, "current_section": found.section})
    patch_cache_control(response, private=True, no_store=True)
    return response


def page_not_found(request, exception=None):
    return render(request, "404.html", status=404)


def server_error(request):
    # No context processors: the database may be what failed.
    return _plain_render("500.html", status=500)


def _plain_render(template_name: str, *, status: int):
    from django.http import HttpResponse

    body = loader.get_template(template_name).render(
        {"site_name": settings.BROADSHEET_SITE_NAME})
    return HttpResponse(body, status=status)
