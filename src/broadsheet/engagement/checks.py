"""System checks: the reaction types and the counter backend configuration are usable."""

from django.core import checks

from . import conf


@checks.register()
def check_reactions(app_configs=None, **kwargs):
    errors = []
    try:
        types = conf.reaction_types()
    except (KeyError, TypeError, AttributeError):
        return [checks.Error(
            "BROADSHEET_REACTIONS must be a list of {'key', 'label', 'emoji'} dicts.",
            id="engagement.E001")]
    keys = [t.key for t in types]
    if len(set(keys)) != len(keys):
        errors.append(checks.Error("BROADSHEET_REACTIONS has duplicate keys.",
                                   id="engagement.E002"))
    for key in keys:
        if not key or len(key) > 30 or not key.replace("_", "").isalnum():
            errors.append(checks.Error(
                f"Reaction key {key!r} must be 1-30 letters, digits or underscores.",
                id="engagement.E003"))
    return errors


@checks.register()
def check_counter_backends(app_configs=None, **kwargs):
    from broadsheet.core.backends import InvalidBackendError

    from .backends import counter_backends

    try:
        for alias in counter_backends:
            counter_backends.create(alias)
    except InvalidBackendError as error:
        return [checks.Error(str(error), id="engagement.E004")]
    return []
