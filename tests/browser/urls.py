"""The site's URLs plus uploaded media, so the browser test shows hero images."""

from django.conf import settings
from django.urls import re_path
from django.views.static import serve

from broadsheet.urls import handler404, handler500  # noqa: F401
from broadsheet.urls import urlpatterns as site_urlpatterns

urlpatterns = [
    re_path(r"^media/(?P<path>.*)$", serve, {"document_root": settings.MEDIA_ROOT}),
    *site_urlpatterns,
]
