import pytest
from django.test import override_settings

from broadsheet.core.backends import BackendHandler, InvalidBackendError


class Greeter:
    def __init__(self, *, alias, options):
        self.alias = alias
        self.greeting = options.get("greeting", "hello")


class Shouter(Greeter):
    pass


class NotAGreeter:
    def __init__(self, *, alias, options):
        pass


GREETER = f"{__name__}.Greeter"
SHOUTER = f"{__name__}.Shouter"


def _default():
    return {"default": {"BACKEND": GREETER, "OPTIONS": {"greeting": "default hi"}}}


@pytest.fixture
def handler():
    return BackendHandler("BROADSHEET_TEST_GREETERS", default_config=_default,
                          depends_on=("BROADSHEET_TEST_MOOD",), base_class=Greeter)


def test_default_config_is_used_when_setting_missing(handler):
    backend = handler["default"]
    assert isinstance(backend, Greeter)
    assert backend.greeting == "default hi"
    assert backend.alias == "default"


def test_instances_are_cached_per_alias(handler):
    with override_settings(BROADSHEET_TEST_GREETERS={
        "default": {"BACKEND": GREETER},
        "loud": {"BACKEND": SHOUTER, "OPTIONS": {"greeting": "HEY"}},
    }):
        assert handler["default"] is handler["default"]
        assert handler["loud"] is handler.all()[1]
        assert handler["loud"].greeting == "HEY"
        assert list(handler) == ["default", "loud"]


def test_cache_is_reset_when_the_setting_changes(handler):
    before = handler["default"]
    with override_settings(BROADSHEET_TEST_GREETERS={
            "default": {"BACKEND": SHOUTER, "OPTIONS": {"greeting": "HEY"}}}):
        inside = handler["default"]
        assert isinstance(inside, Shouter)
        assert inside.greeting == "HEY"
    after = handler["default"]
    assert after is not before and after is not inside
    assert after.greeting == "default hi"


def test_cache_is_reset_when_a_setting_it_depends_on_changes(handler):
    before = handler.default
    with override_settings(BROADSHEET_TEST_MOOD="grumpy"):
        assert handler.default is not before


def test_unrelated_setting_changes_keep_the_cache(handler):
    before = handler.default
    with override_settings(BROADSHEET_SITE_NAME="Elsewhere"):
        assert handler.default is before


@pytest.mark.parametrize("config, message", [
    ({"other": {"BACKEND": GREETER}}, "'default' alias"),
    ({"default": {"OPTIONS": {}}}, "needs a 'BACKEND'"),
    ({"default": {"BACKEND": "no.such.module.Backend"}}, "cannot import"),
    ({"default": {"BACKEND": f"{__name__}.NotAGreeter"}}, "not a Greeter subclass"),
])
def test_bad_configuration_is_explained(handler, config, message):
    with (override_settings(BROADSHEET_TEST_GREETERS=config),
          pytest.raises(InvalidBackendError, match=message)):
        handler["default"]


def test_unknown_alias_is_explained(handler):
    with pytest.raises(InvalidBackendError, match="no backend called 'missing'"):
        handler["missing"]


def test_search_backend_follows_the_database_engine(settings):
    from broadsheet.discovery.search import get_search_backend, search_backends
    from broadsheet.discovery.search.backends.postgresql import PostgresSearchBackend
    from broadsheet.discovery.search.backends.sqlite import SQLiteFTSBackend

    settings.BROADSHEET_SEARCH_BACKENDS = None
    engine = settings.DATABASES["default"]["ENGINE"]
    expected = PostgresSearchBackend if "postgresql" in engine else SQLiteFTSBackend
    assert isinstance(get_search_backend(), expected)
    search_backends.reset()
