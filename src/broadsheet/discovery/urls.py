from django.urls import path

from . import views

app_name = "discovery"

urlpatterns = [
    path("search/", views.search, name="search"),
]
