"""``broadsheet simulate_traffic --days 7``: a realistic, deterministic week of readers.

Views follow a daily rhythm (quiet nights, morning and evening peaks), a long-tail
popularity (a few stories get most reads) that fades as stories age, and readers with
favourite sections whose reads become reading history; some reads arrive from the reading
lists, which also get impressions and clicks; a share of readers react. Everything is
written through the engagement services, so every list on the demo site has real data.
"""

from __future__ import annotations

import random
import uuid
from datetime import timedelta

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from broadsheet.content.models import Article

from ... import conf, services
from ...aggregation import hour_start
from ...backends.base import Event
from ...models import EventKind

# Share of a day's views in each local hour (0-23): night trough, 8 h and 20 h peaks.
HOURLY_RHYTHM = [1, 0.6, 0.4, 0.3, 0.3, 0.5, 1.5, 3.5, 5, 4.5, 4, 3.8,
                 4.2, 4, 3.5, 3.4, 3.6, 4, 4.5, 5, 5.2, 4.5, 3, 1.8]
WIDGET_CTR = {"related": 0.07, "most_read": 0.05, "recommended": 0.09}
REACTION_RATE = 0.012


class Command(BaseCommand):
    help = "Simulate a realistic period of reader traffic through the engagement services."

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=7)
        parser.add_argument("--views-per-day", type=int, default=None,
                            help="Average views per day (default: 40 per live article).")
        parser.add_argument("--readers", type=int, default=1500,
                            help="Readers who keep a history (the rest are anonymous).")
        parser.add_argument("--seed", type=int, default=20240601)
        parser.add_argument("--reset", action="store_true",
                            help="Delete existing counts, reactions and history first.")

    def handle(self, *args, days, views_per_day, readers, seed, reset, **options):
        if days < 1 or days > 60:
            raise CommandError("--days must be between 1 and 60.")
        rng = random.Random(seed)
        now = timezone.now()
        articles = list(Article.objects.live(now=now).order_by("published_at", "pk")
                        .values_list("pk", "published_at", "section_id"))
        if not articles:
            self.stdout.write("No published articles: nothing to simulate.")
            return
        if reset:
            services.engagement_data_delete_all()
        per_day = views_per_day or 40 * len(articles)

        # Long tail: a Zipf-like appeal, assigned in random order so it is not the newest.
        appeal = {pk: 1.0 / (rank + 1) ** 1.1 for rank, (pk, _, _) in
                  enumerate(rng.sample(articles, len(articles)))}
        sections = sorted({sid for _, _, sid in articles if sid is not None})
        reader_ids = [uuid.UUID(int=rng.getrandbits(128), version=4) for _ in range(readers)]
        favourite = {rid: rng.choice(sections) if sections else None for rid in reader_ids}
        by_section: dict[int | None, list[int]] = {}

        events: list[Event] = []
        views_by_article: dict[int, int] = {}
        rhythm_total = sum(HOURLY_RHYTHM)
        start = hour_start(now) - timedelta(days=days)
        hours = days * 24
        for offset in range(hours + 1):
            hour = start + timedelta(hours=offset)
            local_hour = timezone.localtime(hour).hour
            expected = per_day * HOURLY_RHYTHM[local_hour] / rhythm_total
            count = max(0, int(rng.gauss(expected, expected ** 0.5)))
            published = [(pk, sid) for pk, when, sid in articles if when <= hour]
            if not published or not count:
                continue
            # Interest halves every 30 hours after publication.
            weights = []
            for pk, when, _ in articles:
                if when <= hour:
                    age = (hour - when).total_seconds() / 3600
                    weights.append(appeal[pk] * 0.5 ** (age / 30) + 1e-4)
            by_section.clear()
            for pk, sid in published:
                by_section.setdefault(sid, []).append(pk)
            chosen = rng.choices([pk for pk, _ in published], weights=weights, k=count)
            clicks_this_hour = dict.fromkeys(WIDGET_CTR, 0)
            for article_id in chosen:
                moment = hour + timedelta(seconds=rng.randrange(3600))
                if moment > now:
                    moment = now - timedelta(seconds=rng.randrange(1, 60))
                reader = None
                if rng.random() < 0.45:
                    reader = rng.choice(reader_ids)
                    pool = by_section.get(favourite[reader])
                    if pool and rng.random() < 0.5:
                        article_id = rng.choice(pool)
                widget = ""
                if rng.random() < 0.18:
                    widget = rng.choices(list(WIDGET_CTR), weights=[5, 4, 3])[0]
                    clicks_this_hour[widget] += 1
                    events.append(Event(kind=EventKind.CLICK, article_id=article_id,
                                        occurred_at=moment, widget=widget,
                                        target_id=article_id))
                events.append(Event(kind=EventKind.VIEW, article_id=article_id,
                                    occurred_at=moment, widget=widget, reader_id=reader))
                views_by_article[article_id] = views_by_article.get(article_id, 0) + 1
            # Impressions consistent with the clicks above and each list's click-through rate.
            for widget, ctr in WIDGET_CTR.items():
                for _ in range(int(clicks_this_hour[widget] / ctr)):
                    events.append(Event(kind=EventKind.IMPRESSION, article_id=0,
                                        occurred_at=hour + timedelta(seconds=rng.randrange(3600)),
                                        widget=widget))
            if len(events) > 20000:
                services.counts_add_bulk(events=events)
                events = []
        services.counts_add_bulk(events=events)

        reactions = 0
        kinds = conf.reaction_keys()
        for article_id, views in sorted(views_by_article.items()):
            # Each story has its own mood: a few reaction types dominate.
            mood = [rng.random() ** 3 for _ in kinds]
            for _ in range(int(views * REACTION_RATE)):
                services.reaction_set(article_id=article_id,
                                      voter_id=uuid.UUID(int=rng.getrandbits(128), version=4),
                                      kind=rng.choices(kinds, weights=mood)[0])
                reactions += 1
        total = sum(views_by_article.values())
        self.stdout.write(f"Simulated {total} views of {len(views_by_article)} articles over "
                          f"{days} days, {reactions} reactions, {readers} readers with history.")
