import pytest


@pytest.fixture(autouse=True)
def _isolated_cache(settings, tmp_path):
    from django.core.cache import cache

    from broadsheet.discovery import engines

    # Each test starts with empty caches and with engines built from its own database.
    settings.BROADSHEET_RELATED_INDEX_PATH = str(tmp_path / "related-index.pickle")
    cache.clear()
    engines.related_index_forget()
    engines.site_recommender_forget()
    yield
    cache.clear()
    engines.related_index_forget()
    engines.site_recommender_forget()


@pytest.fixture
def editor(django_user_model):
    return django_user_model.objects.create_user(
        username="editor", password="pw-for-tests", is_staff=True, is_superuser=True
    )
