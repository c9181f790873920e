"""Background tasks (django-tasks): fold buffered counts, prune old reading history."""

from django_tasks import task

from . import services


@task()
def flush_counters() -> int:
    """Fold buffered engagement events into the counters."""
    return services.counters_flush()


@task()
def prune_history() -> int:
    """Delete reading history older than ``BROADSHEET_HISTORY_DAYS``."""
    return services.history_prune()
