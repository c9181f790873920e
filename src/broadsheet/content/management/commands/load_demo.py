"""``load_demo``: fill an empty site with the fictional demo newsroom."""

from datetime import datetime

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from broadsheet.content.demo.generator import DEFAULT_ARTICLES, DEFAULT_DAYS, DEFAULT_SEED
from broadsheet.content.demo.loader import ForeignContentError, load_demo


def _positive(value: str) -> int:
    number = int(value)
    if number < 1:
        raise ValueError(value)
    return number


def _moment(value: str) -> datetime:
    moment = datetime.fromisoformat(value)
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment)
    return moment


class Command(BaseCommand):
    help = ("Load the demo newsroom: sections, topics, authors and a few hundred fictional "
            "articles. Does nothing if it is already loaded; --reset deletes ALL content "
            "(articles, sections, topics, authors; not users) and loads it again.")

    def add_arguments(self, parser):
        parser.add_argument("--reset", action="store_true",
                            help="delete all content first, then load the demo")
        parser.add_argument("--articles", type=_positive, default=DEFAULT_ARTICLES,
                            help=f"how many articles (default {DEFAULT_ARTICLES})")
        parser.add_argument("--days", type=_positive, default=DEFAULT_DAYS,
                            help=f"spread them over this many past days (default {DEFAULT_DAYS})")
        parser.add_argument("--seed", type=int, default=DEFAULT_SEED,
                            help="the same seed gives the same newsroom")
        parser.add_argument("--now", type=_moment, default=None,
                            help="ISO time to lay the timeline back from (default: the start "
                                 "of the current hour)")

    def handle(self, *args, reset=False, articles=DEFAULT_ARTICLES, days=DEFAULT_DAYS,
               seed=DEFAULT_SEED, now=None, **options):
        try:
            result = load_demo(seed=seed, articles=articles, days=days, reset=reset, now=now,
                               progress=self.stdout.write)
        except ForeignContentError as error:
            raise CommandError(str(error)) from error
        if not result.loaded:
            self.stdout.write("The demo newsroom is already loaded; nothing to do "
                              "(use --reset to rebuild it).")
            return
        self.stdout.write(self.style.SUCCESS(
            f"Demo newsroom loaded in {result.seconds:.1f}s: {result.sections} sections, "
            f"{result.topics} topics, {result.authors} authors, {result.articles} articles "
            f"({result.scheduled} scheduled, {result.syndicated} syndicated, "
            f"{result.updated} updated, {result.corrected} corrected, "
            f"{result.with_images} with images, {result.featured} featured)."))
