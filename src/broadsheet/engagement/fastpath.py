"""A short path for the beacon through WSGI, for sites that count many views per second.

``BeaconFastPath`` wraps the Django WSGI application and answers ``POST /beacon/`` by calling
the same view function directly, skipping URL resolution and the middleware stack, which cost
more than the beacon's own work. Everything else goes to Django unchanged. The view is the
one the tests exercise; only the framework around it is trimmed, so answers are identical.

    # broadsheet/wsgi.py
    from broadsheet.engagement.fastpath import BeaconFastPath
    application = BeaconFastPath(get_wsgi_application())
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable

from django.core import signals
from django.core.handlers.wsgi import WSGIRequest
from django.http import JsonResponse

logger = logging.getLogger(__name__)

BEACON_PATH = "/beacon/"


class BeaconFastPath:
    """WSGI middleware: the beacon straight to its view, everything else to Django."""

    def __init__(self, application: Callable, path: str = BEACON_PATH) -> None:
        self.application = application
        self.path = path

    def __call__(self, environ: dict, start_response: Callable) -> Iterable[bytes]:
        if environ.get("PATH_INFO") != self.path or environ.get("REQUEST_METHOD") != "POST":
            return self.application(environ, start_response)
        from .views import beacon

        # The request signals manage database connections (CONN_MAX_AGE, health checks).
        signals.request_started.send(sender=self.__class__, environ=environ)
        try:
            request = WSGIRequest(environ)
            response = beacon(request)
        except Exception:
            logger.exception("Beacon failed")
            response = JsonResponse({"error": "The view could not be counted; try again."},
                                    status=500)
        finally:
            signals.request_finished.send(sender=self.__class__)
        response.setdefault("X-Content-Type-Options", "nosniff")
        response.setdefault("Referrer-Policy", "same-origin")
        headers = [*response.items(), *(("Set-Cookie", c.output(header=""))
                                        for c in response.cookies.values())]
        start_response(f"{response.status_code} {response.reason_phrase}", headers)
        return [response.content]
