"""Slug helpers."""

from django.db import models
from django.utils.text import slugify


def unique_slug(instance: models.Model, value: str, *, field: str = "slug", max_length: int = 200,
                scope: dict | None = None) -> str:
    """Return a slug for ``value`` that no other row of the model uses (within ``scope``)."""
    base = (slugify(value)[:max_length].strip("-")) or "item"
    queryset = type(instance)._default_manager.filter(**(scope or {}))
    if instance.pk:
        queryset = queryset.exclude(pk=instance.pk)
    candidate, counter = base, 2
    while queryset.filter(**{field: candidate}).exists():
        suffix = f"-{counter}"
        candidate = f"{base[: max_length - len(suffix)]}{suffix}"
        counter += 1
    return candidate
