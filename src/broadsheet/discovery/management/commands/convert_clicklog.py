"""``broadsheet convert_clicklog DIR --out FILE.jsonl``: the Globo G1 click log as events."""

from django.core.management.base import BaseCommand, CommandError

from broadsheet.discovery.evaluation.loaders import EvaluationInputError, convert_globo


class Command(BaseCommand):
    help = ("Convert the Globo G1 hourly click files (clicks_hour_*.csv.gz) into reading "
            "events JSONL ({reader, session, article, ts}) in time order.")

    def add_arguments(self, parser):
        parser.add_argument("directory", help="folder with the click files (or its clicks/)")
        parser.add_argument("--out", required=True, help="events JSONL file to write")

    def handle(self, *args, directory, out, **options):
        try:
            count = convert_globo(directory, out)
        except (EvaluationInputError, OSError) as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(f"Wrote {count:,} events to {out}")
