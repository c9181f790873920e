from django.apps import AppConfig


class SyndicationConfig(AppConfig):
    name = "broadsheet.syndication"
    label = "syndication"
    verbose_name = "Syndication (feeds, sitemaps, structured data)"
