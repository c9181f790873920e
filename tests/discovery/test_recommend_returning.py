"""Returning readers: what readers of their earlier reads read on later visits."""

from broadsheet.discovery.recommend.engine import Recommender, RecommenderConfig

T0 = 1_700_000_000.0
GROUPS = ("sport", "politics")
ROUNDS = 150


def _trained_engine() -> Recommender:
    """Each round, returning readers open the front-page story and then take their own
    group's new story. The two new stories are read, co-read and clicked after the front
    page story equally often, so only the readers' earlier visits (an archive story of
    their group, read an hour before) tell them apart. In the last round three readers of
    each group have come back so far, and "me-sport" and "me-politics" have just opened
    its front-page story."""
    events = []
    for n in range(ROUNDS + 1):
        t = T0 + 3600 + 60 * n
        for m in range(4 if n < ROUNDS else 3):
            for g, group in enumerate(GROUPS):
                reader = f"{group}-{n}-{m}"
                events.append((reader, f"{reader}-a", f"{group}-archive", t - 3600))
                clicked_at = t + 10 * m + 5 * g
                events.append((reader, f"{reader}-b", f"front{n}", clicked_at))
                events.append((reader, f"{reader}-b", f"{group}{n}", clicked_at + 2))
    t = T0 + 3600 + 60 * ROUNDS
    for group in GROUPS:
        events.append((f"me-{group}", f"me-{group}-a", f"{group}-archive", t - 3000))
        events.append((f"me-{group}", f"me-{group}-b", f"front{ROUNDS}", t + 40))
    engine = Recommender(RecommenderConfig(learning_rate=0.02))
    for reader, session, article, t in sorted(events, key=lambda event: event[3]):
        engine.ingest(reader, session, article, t)
    return engine


def test_a_returning_reader_gets_the_new_story_that_readers_like_them_came_back_for():
    engine = _trained_engine()
    picks = {group: [a for a, _ in engine.recommend(f"me-{group}", f"me-{group}-b", 1,
                                                   now=engine.now + 30)]
             for group in GROUPS}
    assert picks == {"sport": [f"sport{ROUNDS}"], "politics": [f"politics{ROUNDS}"]}
    assert engine.blend.as_dict()["returning"] > 0.1


def test_only_reads_of_earlier_visits_are_linked_to_later_ones():
    engine = Recommender()
    engine.ingest("new", "visit", "a", T0)
    engine.ingest("new", "visit", "b", T0 + 30)
    assert engine._returning[engine._index["a"]] == {}
    # The same reader's next visit links both earlier reads to what it reads.
    engine.ingest("new", "next visit", "c", T0 + 7200)
    assert set(engine._returning[engine._index["a"]]) == {engine._index["c"]}
    assert set(engine._returning[engine._index["b"]]) == {engine._index["c"]}
