"""WSGI entry point with the beacon short path: ``gunicorn broadsheet.engagement.wsgi``.

The same application as ``broadsheet.wsgi`` with :class:`BeaconFastPath` in front."""

import os

from django.core.wsgi import get_wsgi_application

from broadsheet.core.workers import settle_garbage_collector

from .fastpath import BeaconFastPath

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "broadsheet.settings.base")

application = BeaconFastPath(get_wsgi_application())
settle_garbage_collector()
