"""Admin helpers shared by the apps."""

from collections.abc import Callable

from django.contrib import admin
from django.db import models


def extend_registered_admin(model: type[models.Model], marker: str,
                            extend: Callable[[type[admin.ModelAdmin]], type[admin.ModelAdmin]],
                            site: admin.AdminSite = admin.site) -> None:
    """Replace the ModelAdmin registered for ``model`` with ``extend(registered class)``, once.

    Lets an app add columns or inlines to another app's admin page while the other app keeps
    importing nothing from it (dependencies point one way)."""
    if not site.is_registered(model):
        return
    base = type(site._registry[model])
    if getattr(base, marker, False):
        return
    extended = extend(base)
    setattr(extended, marker, True)
    extended.__name__, extended.__qualname__ = base.__name__, base.__qualname__
    site.unregister(model)
    site.register(model, extended)
