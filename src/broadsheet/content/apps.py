from django.apps import AppConfig


class ContentConfig(AppConfig):
    name = "broadsheet.content"
    label = "content"
    verbose_name = "Newsroom"
