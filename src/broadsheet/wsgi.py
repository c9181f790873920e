import os

from django.core.wsgi import get_wsgi_application

from broadsheet.core.workers import settle_garbage_collector

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "broadsheet.settings.base")
application = get_wsgi_application()
settle_garbage_collector()
