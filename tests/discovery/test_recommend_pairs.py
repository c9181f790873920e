"""Per-pair corrections: what readers of one article click, against what the blend expects."""

from datetime import timedelta

import pytest

from broadsheet.discovery.recommend.engine import Recommender, RecommenderConfig

T0 = 1_700_000_000.0


def _single_reads(engine, article, count, start):
    for n in range(count):
        engine.ingest(f"{article}-fan-{n}", f"{article}-fan-{n}", article, start + n)


def test_readers_who_pass_over_the_favourite_teach_a_correction():
    engine = Recommender()
    _single_reads(engine, "hot", 50, T0)  # the story everybody is reading right now
    _single_reads(engine, "quiet", 2, T0 + 50)
    engine.ingest("r0", "r0", "a", T0 + 60)
    # Just after "a", the blend ranks the trending story first...
    assert engine.recommend("r0", "r0", 2, now=T0 + 61)[0][0] == "hot"
    engine.ingest("r0", "r0", "quiet", T0 + 65)  # ...but this reader of "a" chose "quiet"
    corrections = engine.pair_corrections("a")
    assert corrections["quiet"] > 0 > corrections["hot"]
    assert engine.pair_corrections("hot") == {} and engine.pair_corrections("nope") == {}
    for n in range(1, 30):  # and so do the next readers of "a"
        engine.ingest(f"r{n}", f"r{n}", "a", T0 + 60 + 10 * n)
        engine.ingest(f"r{n}", f"r{n}", "quiet", T0 + 65 + 10 * n)
    assert engine.recommend("new", "new-visit", 1, now=T0 + 400,
                            exclude=["a"])[0][0] == "hot"  # not after "a": trending leads
    engine.ingest("new", "new-visit", "a", T0 + 400)
    assert engine.recommend("new", "new-visit", 1, now=T0 + 401)[0][0] == "quiet"


def test_corrections_kept_per_article_are_bounded():
    engine = Recommender(RecommenderConfig(max_neighbours=3))
    for n in range(40):
        _single_reads(engine, f"next-{n}", 1, T0 - 100 + n)
    for n in range(40):  # each reader of "a" goes on to a different story
        engine.ingest(f"r{n}", f"r{n}", "a", T0 + 10 * n)
        engine.ingest(f"r{n}", f"r{n}", f"next-{n}", T0 + 10 * n + 5)
    corrections = engine.pair_corrections("a")
    assert 3 <= len(corrections) <= 6


def test_reads_before_learning_from_teach_the_blend_nothing():
    engine = Recommender()
    engine.learning_from = T0 + 1000
    _single_reads(engine, "c", 5, T0 - 10)  # something else to rank against "b"
    for n in range(10):
        engine.ingest(f"r{n}", f"r{n}", "a", T0 + 10 * n)
        engine.ingest(f"r{n}", f"r{n}", "b", T0 + 10 * n + 5)
    assert engine.blend.updates == 0 and engine.pair_corrections("a") == {}
    assert engine.recommend("x", "x", 1, now=T0 + 200, exclude=["a"])  # counted all the same
    for n in range(10):
        engine.ingest(f"s{n}", f"s{n}", "a", T0 + 1000 + 10 * n)
        engine.ingest(f"s{n}", f"s{n}", "b", T0 + 1005 + 10 * n)
    assert engine.blend.updates >= 9 and engine.pair_corrections("a")["b"] > 0


@pytest.mark.django_db
def test_a_starting_process_learns_only_from_the_last_day_of_its_replay():
    from django.utils import timezone

    from broadsheet.discovery.engines import site_recommender
    from broadsheet.engagement.models import ReadEvent
    from tests.factories import ArticleFactory

    now = timezone.now()
    first = ArticleFactory(published_at=now - timedelta(days=5))
    second = ArticleFactory(published_at=now - timedelta(days=5))
    events = []
    for n, age in enumerate([timedelta(days=3)] * 6 + [timedelta(hours=2)] * 6):
        reader = f"00000000-0000-0000-0000-{n:012d}"
        start = now - age + timedelta(minutes=n)  # readers one after another
        events += [ReadEvent(reader_id=reader, article=first, occurred_at=start),
                   ReadEvent(reader_id=reader, article=second,
                             occurred_at=start + timedelta(seconds=30))]
    ReadEvent.objects.bulk_create(events)
    engine = site_recommender().engine
    assert engine.events == 24  # every read of the replay is counted
    # The six visits of two hours ago teach; without the bound, those of three days ago
    # would have taught five more times (all but the first, which had nothing to rank).
    assert engine.blend.updates == 6


def test_a_story_readers_pass_over_everywhere_loses_its_correction_within_hours():
    engine = Recommender()
    _single_reads(engine, "hot", 50, T0)
    _single_reads(engine, "quiet", 2, T0 + 50)
    for n in range(20):  # readers of many different stories all pass over "hot"
        engine.ingest(f"r{n}", f"r{n}", f"story-{n}", T0 + 60 + 10 * n)
        engine.ingest(f"r{n}", f"r{n}", "quiet", T0 + 65 + 10 * n)
    now = T0 + 300
    assert engine.candidate_correction("quiet", now) > 0 > engine.candidate_correction("hot", now)
    # No pair says so for a story nobody has read yet, but the candidate's correction does.
    engine.ingest("new", "new-visit", "fresh-story", now)
    assert engine.pair_corrections("fresh-story") == {}
    first = engine.recommend("new", "new-visit", 1, now=now + 1)[0][0]
    assert first == "quiet"
    # The correction fades with a one-hour half-life: what a headline drew this morning
    # says little about this afternoon.
    hour = engine.config.candidate_correction_half_life_hours * 3600
    assert engine.candidate_correction("hot", now + hour) == pytest.approx(
        engine.candidate_correction("hot", now) / 2)
    assert engine.candidate_correction("unknown") == 0.0
