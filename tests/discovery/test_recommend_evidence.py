"""The Recommended engine weighs the last read's lists by the reads behind them."""

import math

import pytest

from broadsheet.discovery.recommend.engine import Recommender, RecommenderConfig

T0 = 1_700_000_000.0
HOUR = 3600.0


def test_evidence_counts_the_recent_clicks_behind_the_last_reads_list():
    engine = Recommender()
    for n in range(3):
        engine.ingest(f"r{n}", f"s{n}", "story", T0 + n)
        engine.ingest(f"r{n}", f"s{n}", "follow-up", T0 + 30)
    story = engine._index["story"]
    _, clicks = engine._evidence(story, T0 + 30)
    assert clicks == pytest.approx(math.log1p(3), rel=1e-3)
    # The next-click list has a one-hour half-life: an hour later half the evidence is left.
    _, clicks_later = engine._evidence(story, T0 + 30 + HOUR)
    assert clicks_later == pytest.approx(math.log1p(1.5), rel=1e-3)
    assert engine._evidence(None, T0) == (0.0, 0.0)


def test_every_feature_has_its_column_and_weight():
    engine = Recommender()
    engine.ingest("r", "s", "a", T0)
    engine.ingest("r", "s", "b", T0 + 30)
    _, features = engine._candidates([engine._index["a"]], None, T0 + 60, set())
    assert features.shape[1] == len(Recommender.FEATURES)
    assert engine.blend.names[: len(Recommender.FEATURES)] == list(Recommender.FEATURES)


def test_blend_trusts_a_busy_storys_next_clicks_and_trending_after_a_quiet_one():
    """After the busy story readers take its link; after a barely read one, the hot story.

    The link and the other page look alike from where the reader is (each is its story's
    only next click, each half as read as the hot story): only the reads behind the
    list tell them apart."""
    engine = Recommender(RecommenderConfig(learn_every=1))
    t = T0
    for n in range(300):
        t += 20
        engine.ingest(f"h{n}", f"h{n}", "hot", t)  # the story everyone reads right now
        engine.ingest(f"b{n}", f"b{n}", "busy", t + 1)
        engine.ingest(f"b{n}", f"b{n}", "link", t + 2)
        # A story read twice: one reader went on to another page, the next to the hot one.
        engine.ingest(f"x{n}", f"x{n}", f"quiet{n}", t + 3)
        engine.ingest(f"x{n}", f"x{n}", "other", t + 4)
        engine.ingest(f"y{n}", f"y{n}", f"quiet{n}", t + 5)
        engine.ingest(f"y{n}", f"y{n}", "hot", t + 6)
    now = t + 20
    engine.ingest("me", "busy-visit", "busy", now)
    assert [a for a, _ in engine.recommend("me", "busy-visit", 1, now=now)] == ["link"]
    engine.ingest("x-new", "x-new", "quiet-new", now + 1)
    engine.ingest("x-new", "x-new", "other", now + 2)
    engine.ingest("you", "quiet-visit", "quiet-new", now + 3)
    assert [a for a, _ in engine.recommend("you", "quiet-visit", 1, now=now + 3)] == ["hot"]
