"""Abstract models shared by every app."""

from django.db import models


class TimeStampedModel(models.Model):
    """Technical creation and modification times (never shown to readers as story times)."""

    created_at = models.DateTimeField(auto_now_add=True, editable=False)
    modified_at = models.DateTimeField(auto_now=True, editable=False)

    class Meta:
        abstract = True


class CacheGeneration(models.Model):
    """A counter bumped whenever what it covers changes; cache keys include it, so a bump
    retires every cached copy at once without knowing their keys."""

    name = models.CharField(max_length=50, primary_key=True)
    value = models.PositiveBigIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.name}={self.value}"
