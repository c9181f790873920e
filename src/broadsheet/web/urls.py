from django.urls import path, re_path

from . import views

app_name = "web"

SECTION_PATH = r"(?P<path>[a-z0-9]+(?:-[a-z0-9]+)*(?:/[a-z0-9]+(?:-[a-z0-9]+)*){0,3})"

urlpatterns = [
    path("", views.home, name="home"),
    path("topics/<slug:slug>/", views.topic, name="topic"),
    path("authors/<slug:slug>/", views.author, name="author"),
    path("preview/<int:pk>/", views.article_preview, name="article_preview"),
    re_path(
        r"^(?P<section_path>[a-z0-9-]+(?:/[a-z0-9-]+){0,3})/(?P<year>\d{4})/(?P<month>\d{2})/"
        r"(?P<day>\d{2})/(?P<slug>[-a-zA-Z0-9_]+)/$",
        views.article,
        name="article",
    ),
    re_path(rf"^{SECTION_PATH}/$", views.section, name="section"),
]
