from django.urls import path

from . import views

app_name = "engagement"

urlpatterns = [
    path("beacon/", views.beacon, name="beacon"),
    path("reactions/", views.reactions, name="reactions"),
    path("privacy/", views.privacy, name="privacy"),
    path("most-read/", views.most_read, name="most_read"),
]
