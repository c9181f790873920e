"""The WSGI short path answers beacons exactly like the Django view, and nothing else."""

import io
import json
from http.cookies import SimpleCookie

import pytest
from django.core.wsgi import get_wsgi_application

from broadsheet.engagement.fastpath import BeaconFastPath
from broadsheet.engagement.models import PendingEvent
from tests.factories import ArticleFactory

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


def _cookie(raw_headers):
    """The Set-Cookie headers of an answer, as name -> attributes (expires aside: it is the
    time of sending)."""
    jar = SimpleCookie()
    for name, value in raw_headers:
        if name.lower() == "set-cookie":
            jar.load(value)
    return {key: (morsel.value, {k: v for k, v in morsel.items() if v and k != "expires"})
            for key, morsel in jar.items()}


CASES = {
    "new reader": ({"article": "live"}, {}),
    "returning reader": ({"article": "live"}, {"HTTP_COOKIE": "bs_rid=" + "ab" * 16}),
    "opted out with an old reader cookie": (
        {"article": "live"}, {"HTTP_COOKIE": "bs_optout=1; bs_rid=" + "cd" * 16}),
    "do not track": ({"article": "live"}, {"HTTP_DNT": "1"}),
    "crawler": ({"article": "live"}, {"HTTP_USER_AGENT": "Googlebot/2.1"}),
    "impression": ({"article": "live", "type": "impression", "widget": "related"}, {}),
    "draft": ({"article": "draft"}, {}),
    "bad json": (b"{oops", {}),
    "not an object": (b"[1]", {}),
    "too big": (b"{" + b" " * 5000 + b"}", {}),
    "unknown type": ({"article": "live", "type": "like"}, {}),
    "cross-site": ({"article": "live"}, {"HTTP_SEC_FETCH_SITE": "cross-site"}),
    "other origin": ({"article": "live"}, {"HTTP_ORIGIN": "https://elsewhere.example"}),
    "own origin": ({"article": "live"}, {"HTTP_ORIGIN": "http://testserver",
                                         "HTTP_SEC_FETCH_SITE": "same-origin"}),
}


@pytest.mark.parametrize("case", CASES)
def test_short_path_answers_exactly_like_the_django_view(database_counters, client, case,
                                                         settings):
    settings.BROADSHEET_BEACON_CONTRIBUTORS = []  # Recommended has its own tests
    payload, extra = CASES[case]
    answers = []
    apps = {"django": get_wsgi_application(),
            "short path": BeaconFastPath(get_wsgi_application())}
    for way in apps:
        ids = {"live": ArticleFactory(published=True).pk,
               "draft": ArticleFactory(published=False).pk}
        body = payload if isinstance(payload, bytes) else json.dumps(
            {k: ids.get(v, v) if k == "article" else v for k, v in payload.items()}).encode()
        env = environ("/beacon/", body=body, **extra)
        status, headers, raw, answer = call(apps[way], env)
        answers.append((status, headers.get("Content-Type"), headers.get("Cache-Control"),
                        json.loads(answer), _cookie(raw)))
    django_answer, short_answer = answers
    # Reader ids are random: compare that a cookie is set, not its value.
    for answer in answers:
        for name, (value, attributes) in answer[4].items():
            answer[4][name] = ("<id>" if len(value) == 32 else value, attributes)
    assert short_answer == django_answer
