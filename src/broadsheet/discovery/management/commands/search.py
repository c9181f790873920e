"""``broadsheet search rebuild``: rebuild the search index from the published articles.

Run it after renaming authors or topics (their names are part of many articles' index
entries), after restoring a database, or when switching search backends.
"""

import sys
import time

from django.core.management.base import BaseCommand, CommandError

from broadsheet.core.progress import ProgressBar
from broadsheet.discovery.search import search_backends


class Command(BaseCommand):
    help = "Manage the search index (rebuild it from the published articles)."

    def add_arguments(self, parser):
        subcommands = parser.add_subparsers(dest="subcommand", metavar="rebuild")
        rebuild = subcommands.add_parser(
            "rebuild", help="Empty the search index and index every published article.")
        rebuild.add_argument("--backend", action="append", dest="aliases", metavar="ALIAS",
                             help="Only this search backend alias (repeatable).")

    def handle(self, *args, subcommand=None, aliases=None, **options):
        if subcommand != "rebuild":
            raise CommandError("Say what to do: `broadsheet search rebuild`.")
        configured = list(search_backends)
        for alias in aliases or []:
            if alias not in configured:
                raise CommandError(f"No search backend called “{alias}” "
                                   f"(configured: {', '.join(configured)}).")
        for alias in aliases or configured:
            backend = search_backends[alias]
            stream = self.stdout._out if hasattr(self.stdout, "_out") else sys.stdout
            bar = ProgressBar(stream, f"Indexing ({alias}, {type(backend).__name__})")
            started = time.monotonic()
            count = backend.rebuild(progress=bar)
            bar.finish()
            self.stdout.write(self.style.SUCCESS(
                f"Indexed {count} article{'s' if count != 1 else ''} in the “{alias}” search "
                f"index in {time.monotonic() - started:.1f} s."))
