"""``broadsheet related rebuild``: recompute every article's Related list.

Publishing keeps the lists current one article at a time; a rebuild refits the vocabulary on
the whole archive (worth doing now and then, and after a large import) and writes the index
snapshot that new processes start from.
"""

import sys
import time

from django.core.management.base import BaseCommand, CommandError

from broadsheet.core.progress import ProgressBar
from broadsheet.discovery.services import related_rebuild


class Command(BaseCommand):
    help = "Manage the Related lists (rebuild them from the published archive)."

    def add_arguments(self, parser):
        subcommands = parser.add_subparsers(dest="subcommand", metavar="rebuild")
        subcommands.add_parser("rebuild", help="Refit the index and rewrite every list.")

    def handle(self, *args, subcommand=None, **options):
        if subcommand != "rebuild":
            raise CommandError("Say what to do: `broadsheet related rebuild`.")
        stream = self.stdout._out if hasattr(self.stdout, "_out") else sys.stdout
        bars = {"index": ProgressBar(stream, "Indexing articles"),
                "lists": ProgressBar(stream, "Ranking related")}

        def progress(stage: str, done: int, total: int) -> None:
            bars[stage](done, total)

        started = time.monotonic()
        count = related_rebuild(progress=progress)
        for bar in bars.values():
            bar.finish()
        self.stdout.write(self.style.SUCCESS(
            f"Wrote {count} Related lists in {time.monotonic() - started:.1f}s."))
