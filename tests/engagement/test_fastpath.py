"""The WSGI short path answers beacons exactly like the Django view, and nothing else."""

import io
import json

import pytest
from django.core.wsgi import get_wsgi_application

from broadsheet.engagement.fastpath import BeaconFastPath
from broadsheet.engagement.models import PendingEvent

from .conftest import CHROME

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _keep_the_test_connection():
    """As Django's test client does: a request must not close the test's transaction."""
    from django.core import signals
    from django.db import close_old_connections

    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


def environ(path, method="POST", body=b"", **extra):
    return {
        "REQUEST_METHOD": method, "PATH_INFO": path, "SERVER_NAME": "testserver",
        "SERVER_PORT": "80", "HTTP_HOST": "testserver", "wsgi.input": io.BytesIO(body),
        "CONTENT_LENGTH": str(len(body)), "CONTENT_TYPE": "application/json",
        "REMOTE_ADDR": "192.0.2.10", "HTTP_USER_AGENT": CHROME, "HTTP_ACCEPT_LANGUAGE": "en",
        "wsgi.url_scheme": "http", "wsgi.errors": io.StringIO(), "SERVER_PROTOCOL": "HTTP/1.1",
        **extra,
    }


def call(app, env):
    seen = {}

    def start_response(status, headers):
        seen["status"], seen["headers"] = status, headers

    body = b"".join(app(env, start_response))
    return seen["status"], dict(seen["headers"]), seen["headers"], body


def test_beacon_through_the_short_path(database_counters, article):
    app = BeaconFastPath(get_wsgi_application())
    status, headers, raw, body = call(app, environ(
        "/beacon/", body=json.dumps({"article": article.pk}).encode()))
    assert status == "200 OK"
    assert json.loads(body)["counted"] is True and json.loads(body)["views"] == 1
    assert headers["Cache-Control"] == "private, no-store"
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert any(k == "Set-Cookie" and "bs_rid=" in v and "SameSite=Lax" in v for k, v in raw)
    assert PendingEvent.objects.count() == 1

    status, _, _, body = call(app, environ("/beacon/", body=b"{oops"))
    assert status.startswith("400") and b"not valid JSON" in body


def test_other_requests_go_to_django(article):
    app = BeaconFastPath(get_wsgi_application())
    status, _, _, body = call(app, environ("/beacon/", method="GET"))
    assert status.startswith("405")
    status, _, _, body = call(app, environ("/privacy/", method="GET"))
    assert status == "200 OK" and b"What we count" in body
