from django.apps import AppConfig


class EngagementConfig(AppConfig):
    name = "broadsheet.engagement"
    label = "engagement"
    verbose_name = "Engagement"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from . import checks  # noqa: F401  (registers the system checks)
