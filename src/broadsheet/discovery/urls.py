from django.urls import path

from . import beacon, views

app_name = "discovery"

urlpatterns = [
    path("search/", views.search, name="search"),
    path("recommended/", beacon.recommended_for_page, name="recommended"),
]
