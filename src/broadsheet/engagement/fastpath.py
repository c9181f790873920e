"""A short path for the beacon through WSGI, for sites that count many views per second.

``BeaconFastPath`` wraps the Django WSGI application and answers ``POST /beacon/`` itself:
it hands Django's request object to :func:`broadsheet.engagement.beacon.answer`, the same
function the Django view calls, and writes the JSON answer straight to the server. URL
resolution, the middleware stack, the response classes and the per-request signals cost
more than counting the view; everything else goes to Django unchanged.

    # broadsheet/wsgi.py
    from broadsheet.engagement.fastpath import BeaconFastPath
    application = BeaconFastPath(get_wsgi_application())
"""

from __future__ import annotations

import functools
import logging
import threading
import time
from collections.abc import Callable, Iterable
from http import HTTPStatus

from django.conf import settings
from django.core import signals
from django.core.handlers.wsgi import WSGIRequest
from django.core.serializers.json import DjangoJSONEncoder
from django.utils.http import http_date

from . import conf

logger = logging.getLogger(__name__)

BEACON_PATH = "/beacon/"
#: How often each server thread sends Django's request signals, which Django sends twice per
#: request: they close database connections past CONN_MAX_AGE, or broken (after an error, the
#: next beacon's upkeep runs at once).
CONNECTION_UPKEEP_SECONDS = 1.0
_JSON = DjangoJSONEncoder()


class BeaconFastPath:
    """WSGI middleware: the beacon answered here, everything else by Django."""

    def __init__(self, application: Callable, path: str = BEACON_PATH) -> None:
        # Imported here, not at the top: the models behind it need Django's apps loaded,
        # which happens when the wrapped application is created.
        from . import beacon

        self.application = application
        self.path = path
        self.beacon = beacon
        self._upkeep = threading.local()

    def __call__(self, environ: dict, start_response: Callable) -> Iterable[bytes]:
        if environ.get("PATH_INFO") != self.path or environ.get("REQUEST_METHOD") != "POST":
            return self.application(environ, start_response)
        self._connection_upkeep(environ)
        try:
            result = self.beacon.answer(WSGIRequest(environ))
        except Exception:
            logger.exception("Beacon failed")
            result = self.beacon.Answer(500, {"error": "The view could not be counted; try again."})
            self._upkeep.last = 0.0
        body = _JSON.encode(result.payload).encode()
        headers = [
            ("Content-Type", "application/json"),
            ("Content-Length", str(len(body))),
            ("Cache-Control", "private, no-store"),
            ("X-Content-Type-Options", "nosniff"),
            ("Referrer-Policy", settings.SECURE_REFERRER_POLICY or "same-origin"),
            *result.headers.items(),
        ]
        if result.reader_cookie is not None:
            headers.append(("Set-Cookie", reader_cookie_header(result.reader_cookie)))
        start_response(_status_line(result.status), headers)
        return [body]

    def _connection_upkeep(self, environ: dict) -> None:
        now = time.monotonic()
        if now - getattr(self._upkeep, "last", 0.0) >= CONNECTION_UPKEEP_SECONDS:
            self._upkeep.last = now
            signals.request_finished.send(sender=self.__class__)
            signals.request_started.send(sender=self.__class__, environ=environ)


def reader_cookie_header(value: str) -> str:
    """The Set-Cookie value the Django view would send for the reader id ("" deletes it)."""
    if value:
        max_age = conf.reader_cookie_max_age()
        expires = _http_date_at(int(time.time()) + max_age)
        attributes = f"; HttpOnly; Max-Age={max_age}"
    else:
        expires, attributes, value = http_date(0), "; Max-Age=0", '""'
    secure = "; Secure" if value != '""' and conf.cookie_secure() else ""
    return (f"{conf.READER_COOKIE}={value}; expires={expires}{attributes}; Path=/; "
            f"SameSite=Lax{secure}")


@functools.lru_cache(maxsize=4)
def _http_date_at(epoch_second: int) -> str:
    """An HTTP date, formatted once per second rather than once per new reader."""
    return http_date(epoch_second)


@functools.lru_cache(maxsize=32)
def _status_line(status: int) -> str:
    return f"{status} {HTTPStatus(status).phrase}"
