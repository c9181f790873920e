import os
import uuid

import pytest
import redis

from broadsheet.engagement.backends import DATABASE_BACKEND, REDIS_BACKEND
from tests.factories import ArticleFactory

CHROME = ("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
          "Chrome/126.0.0.0 Safari/537.36")
BROWSER_HEADERS = {"HTTP_USER_AGENT": CHROME, "HTTP_ACCEPT_LANGUAGE": "en-GB,en;q=0.9"}


def test_redis_url() -> str:
    return (os.environ.get("BROADSHEET_TEST_REDIS_URL") or os.environ.get("REDIS_URL")
            or "redis://127.0.0.1:6379/11")


test_redis_url.__test__ = False


def redis_reachable(url: str) -> bool:
    try:
        redis.Redis.from_url(url, socket_timeout=0.5, socket_connect_timeout=0.5).ping()
    except redis.RedisError:
        return False
    return True


@pytest.fixture(autouse=True)
def _no_opportunistic_flush(settings):
    """Beacons fold buffered counts every few seconds; tests fold explicitly instead."""
    settings.BROADSHEET_COUNTER_FLUSH_SECONDS = 0


@pytest.fixture
def redis_prefix(settings):
    """A Redis counter backend on keys of its own, deleted afterwards."""
    url = test_redis_url()
    if not redis_reachable(url):
        pytest.skip(f"Redis is not reachable at {url}")
    prefix = f"broadsheet-test:{uuid.uuid4().hex}"
    yield url, prefix
    client = redis.Redis.from_url(url)
    keys = list(client.scan_iter(f"{prefix}:*"))
    if keys:
        client.delete(*keys)


@pytest.fixture(params=["database", "redis"])
def counter_backend(request, settings):
    """Each counter backend in turn, configured as the default."""
    from broadsheet.engagement.backends import get_counter_backend

    if request.param == "database":
        settings.BROADSHEET_COUNTER_BACKENDS = {"default": {"BACKEND": DATABASE_BACKEND}}
    else:
        url, prefix = request.getfixturevalue("redis_prefix")
        settings.BROADSHEET_COUNTER_BACKENDS = {"default": {
            "BACKEND": REDIS_BACKEND, "OPTIONS": {"URL": url, "KEY_PREFIX": prefix}}}
    return get_counter_backend()


@pytest.fixture
def database_counters(settings):
    """Pin the database backend (whatever REDIS_URL says) for tests about the journal."""
    settings.BROADSHEET_COUNTER_BACKENDS = {"default": {"BACKEND": DATABASE_BACKEND}}


@pytest.fixture
def article(db):
    return ArticleFactory(published=True)


@pytest.fixture
def browser_client(client):
    client.defaults.update(BROWSER_HEADERS)
    return client
