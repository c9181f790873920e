from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "broadsheet.web"
    label = "web"
    verbose_name = "Public site"

    def ready(self) -> None:
        from . import signals

        signals.connect()
