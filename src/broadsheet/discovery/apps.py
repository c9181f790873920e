from django.apps import AppConfig


class DiscoveryConfig(AppConfig):
    name = "broadsheet.discovery"
    label = "discovery"
    verbose_name = "Discovery"

    def ready(self) -> None:
        # Keeps the search index in step with publishing (receivers queue tasks).
        from . import receivers  # noqa: F401
