"""``broadsheet engagement flush|prune|status``: operate the engagement counters."""

from django.core.management.base import BaseCommand

from ... import services
from ...backends import counter_backends


class Command(BaseCommand):
    help = "Fold buffered views into the counters, prune old reading history, or show status."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        sub.add_parser("flush", help="Fold every buffered event into the counters.")
        prune = sub.add_parser("prune", help="Delete reading history past its keeping period.")
        prune.add_argument("--days", type=int, default=None,
                           help="Keep this many days (default BROADSHEET_HISTORY_DAYS).")
        sub.add_parser("status", help="How many events wait to be folded, per backend.")

    def handle(self, *args, action, **options):
        if action == "flush":
            folded = services.counters_flush()
            self.stdout.write(f"Folded {folded} events.")
        elif action == "prune":
            deleted = services.history_prune(days=options.get("days"))
            self.stdout.write(f"Deleted {deleted} reading events.")
        else:
            for alias in counter_backends:
                backend = counter_backends[alias]
                self.stdout.write(f"{alias} ({type(backend).__name__}): "
                                  f"{backend.pending_total()} events waiting")
