from django.conf import settings
from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("admin/", admin.site.urls),
    # Before the public site: its section pattern would otherwise catch these paths.
    path("", include("broadsheet.discovery.urls")),
    path("", include("broadsheet.syndication.urls")),
    path("", include("broadsheet.engagement.urls")),
    path("", include("broadsheet.web.urls")),
]

if settings.BROADSHEET_SERVE_MEDIA:
    from django.urls import re_path
    from django.views.static import serve

    urlpatterns.insert(0, re_path(r"^media/(?P<path>.*)$", serve,
                                  {"document_root": settings.MEDIA_ROOT}))

handler404 = "broadsheet.web.views.page_not_found"
handler500 = "broadsheet.web.views.server_error"
