from django.conf import settings

from broadsheet.content.selectors import sections_for_navigation


def site(request):
    """Site name and navigation for every page (lazy: only queried when a template uses it)."""
    return {
        "site_name": settings.BROADSHEET_SITE_NAME,
        "site_tagline": settings.BROADSHEET_SITE_TAGLINE,
        "nav_sections": sections_for_navigation,
    }
