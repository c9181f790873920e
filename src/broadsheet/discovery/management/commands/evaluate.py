"""``broadsheet evaluate related|similarity|recommendations``: the engines' figures."""

from django.core.management.base import BaseCommand, CommandError

from broadsheet.discovery.evaluation import runner


class Command(BaseCommand):
    help = ("Measure the Related and Recommended engines on files (isolated from the site's "
            "database): related --articles F.jsonl, similarity --pairs F.csv, "
            "recommendations --events F.jsonl.")

    def add_arguments(self, parser):
        runner.add_arguments(parser)

    def handle(self, *args, **options):
        status = runner.execute(options, out=self.stdout, err=self.stderr)
        if status:
            raise CommandError("evaluation failed (see the message above)", returncode=status)
