"""The Recommended engine learns what the time spent on the last read says about the next."""

from broadsheet.discovery.recommend.engine import Recommender, RecommenderConfig

T0 = 1_700_000_000.0


def _trained_engine() -> Recommender:
    """Readers who come back within seconds take the hot story; who stay, the story's link.
    Two readers in three stay.

    Each reader starts from a different story, and the hot story changes every ten readers,
    so nothing about the articles tells the two groups apart: only the time spent on the
    story does."""
    events = []
    for n in range(400):
        t = T0 + 30 * n
        hot = f"hot{n // 10}"
        events += [(f"h{n}-{m}", hot, t + m) for m in range(3)]  # what everyone reads now
        # Earlier readers of story n went on to its link (its co-read and next-click list).
        events += [(f"e{n}", f"story{n}", t - 250), (f"e{n}", f"link{n}", t - 10),
                   (f"r{n}", f"story{n}", t + 5)]
        if n % 3 == 0:  # back after five seconds: browsing
            events.append((f"r{n}", hot, t + 10))
        else:  # after four minutes: finished the story and followed its link
            events.append((f"r{n}", f"link{n}", t + 245))
    engine = Recommender(RecommenderConfig(learning_rate=0.02))
    for reader, article, t in sorted(events, key=lambda event: event[2]):
        engine.ingest(reader, reader, article, t)
    t = engine.now + 30
    engine.ingest("e-me", "e-me", "story-me", t + 10)
    engine.ingest("e-me", "e-me", "link-me", t + 20)
    engine.ingest("me", "visit", "story-me", t + 30)
    return engine


def test_time_on_the_last_read_decides_between_the_hot_story_and_the_link():
    engine = _trained_engine()
    read_at = engine.now
    soon = [a for a, _ in engine.recommend("me", "visit", 1, now=read_at + 5)]
    later = [a for a, _ in engine.recommend("me", "visit", 1, now=read_at + 240)]
    assert (soon, later) == (["hot39"], ["link-me"])  # the hot story of the last ten readers
    weights = engine.blend.as_dict()
    assert weights["trending@dwell"] < 0 < weights["co_last@dwell"] + weights["next_click@dwell"]


def test_a_list_shown_under_the_story_just_opened_is_ranked_for_the_typical_reader():
    engine = _trained_engine()
    read_at = engine.now
    # log(1 + minutes) averaged over the reads that followed another: 5 s for one in three
    # of the r readers, 4 minutes for all the others.
    assert 1.3 < engine.typical_dwell < 1.4
    # Asked the moment the story opens, as a reader leaving it at once...
    assert [a for a, _ in engine.recommend("me", "visit", 1, now=read_at)] == ["hot39"]
    # ...but the article page shows the list under the story, to a reader who will have read
    # it: most readers here stay, so their link comes first.
    assert [a for a, _ in engine.recommend("me", "visit", 1, now=read_at,
                                           reading_now=True)] == ["link-me"]
