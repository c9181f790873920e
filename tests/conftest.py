import pytest


@pytest.fixture(autouse=True)
def _isolated_cache(settings, tmp_path):
    from django.core.cache import cache

    from broadsheet.core import shortcache
    from broadsheet.core.pagecache import forget_page_generation
    from broadsheet.discovery import engines

    # Each test starts with empty caches and with engines built from its own database.
    settings.BROADSHEET_RELATED_INDEX_PATH = str(tmp_path / "related-index.pickle")
    cache.clear()
    shortcache.clear_all()
    forget_page_generation()
    engines.related_index_forget()
    engines.site_recommender_forget()
    yield
    cache.clear()
    shortcache.clear_all()
    engines.related_index_forget()
    engines.site_recommender_forget()


@pytest.fixture(autouse=True)
def _isolated_redis_counters(settings):
    """With REDIS_URL set, the counters live in Redis, which a test's rollback does not undo:
    give every test keys of its own, and delete them afterwards."""
    if not settings.REDIS_URL:
        yield
        return
    import uuid

    import redis

    from broadsheet.engagement.backends import REDIS_BACKEND

    prefix = f"broadsheet-test:{uuid.uuid4().hex}"
    settings.BROADSHEET_COUNTER_BACKENDS = {"default": {
        "BACKEND": REDIS_BACKEND, "OPTIONS": {"URL": settings.REDIS_URL, "KEY_PREFIX": prefix}}}
    yield
    client = redis.Redis.from_url(settings.REDIS_URL)
    keys = list(client.scan_iter(f"{prefix}:*"))
    if keys:
        client.delete(*keys)


@pytest.fixture
def editor(django_user_model):
    return django_user_model.objects.create_user(
        username="editor", password="pw-for-tests", is_staff=True, is_superuser=True
    )
