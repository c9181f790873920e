"""Abstract models shared by every app."""

from django.db import models


class TimeStampedModel(models.Model):
    """Technical creation and modification times (never shown to readers as story times)."""

    created_at = models.DateTimeField(auto_now_add=True, editable=False)
    modified_at = models.DateTimeField(auto_now=True, editable=False)

    class Meta:
        abstract = True
