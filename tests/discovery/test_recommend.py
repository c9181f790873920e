"""The Recommended engine, editorial signals and page lists on hand-made reading logs."""

from datetime import UTC, datetime

import numpy as np
import pytest

from broadsheet.discovery.recommend.blend import OnlineBlend
from broadsheet.discovery.recommend.editorial import Action, EditorialRule, apply_editorial
from broadsheet.discovery.recommend.engine import Recommender, RecommenderConfig
from broadsheet.discovery.recommend.page import assemble_page_lists

T0 = 1_700_000_000.0
HOUR = 3600.0


def ids(results):
    return [article for article, _ in results]


def engine_with_pattern():
    """Forty readers read 'match' then 'transfer'; a crowd reads 'weather' right now."""
    engine = Recommender()
    t = T0
    for n in range(40):
        engine.ingest(f"r{n}", f"s{n}", "match", t)
        engine.ingest(f"r{n}", f"s{n}", "transfer", t + 60)
        t += 30
    for n in range(60):
        engine.ingest(f"w{n}", f"ws{n}", "weather", t + n)
    return engine, t + 120


def test_co_read_article_comes_first_for_a_reader_in_the_same_path():
    engine, now = engine_with_pattern()
    engine.ingest("me", "visit", "match", now)
    assert ids(engine.recommend("me", "visit", 3, now=now))[0] == "transfer"


def test_already_read_articles_are_excluded():
    engine, now = engine_with_pattern()
    engine.ingest("me", "visit", "match", now)
    engine.ingest("me", "visit", "transfer", now + 10)
    result = ids(engine.recommend("me", "visit", 5, now=now + 20))
    assert "match" not in result and "transfer" not in result
    assert "weather" in result
    assert "weather" not in ids(engine.recommend("me", "visit", 5, now=now + 20,
                                                 exclude={"weather"}))


def test_earlier_visits_are_excluded_and_shape_the_list():
    engine, now = engine_with_pattern()
    engine.ingest("me", "yesterday", "match", now)
    engine.ingest("me", "today", "weather", now + 2 * HOUR)
    result = ids(engine.recommend("me", "today", 5, now=now + 2 * HOUR))
    assert "match" not in result
    assert result[0] == "transfer"


def test_trending_decays_within_hours():
    engine = Recommender()
    for n in range(50):
        engine.ingest(f"a{n}", f"sa{n}", "old-news", T0 + n)
    for n in range(10):
        engine.ingest(f"b{n}", f"sb{n}", "new-story", T0 + 4 * HOUR + n)
    assert engine.trending(2, now=T0 + 4 * HOUR + 20) == ["new-story", "old-news"]
    # Days later, stories first seen over three days ago no longer trend, however read.
    for n in range(5):
        engine.ingest(f"c{n}", f"sc{n}", "old-news", T0 + 80 * HOUR + n)
    engine.ingest("d", "sd", "tiny-new", T0 + 80 * HOUR + 10)
    assert engine.trending(2, now=T0 + 80 * HOUR + 20) == ["tiny-new"]


def test_no_history_opted_out_and_dnt_get_trending_in_section_then_site_wide():
    engine = Recommender()
    engine.article_add("local-1", section="local")
    engine.article_add("local-2", section="local")
    engine.article_add("big-1", section="news")
    for n in range(30):
        engine.ingest(f"x{n}", f"sx{n}", "big-1", T0 + n)
    for n in range(5):
        engine.ingest(f"y{n}", f"sy{n}", "local-2", T0 + n)
    engine.ingest("z", "sz", "local-1", T0 + 1)
    expected = ["local-2", "local-1", "big-1"]
    assert ids(engine.recommend("stranger", "new-visit", 3, now=T0 + 60,
                                section="local")) == expected
    engine.ingest("me", "visit", "local-1", T0 + 40)
    opted_out = ids(engine.recommend("me", "visit", 3, now=T0 + 60, personal=False,
                                     section="local"))
    assert opted_out == expected  # nothing personal is used, not even this visit's reads
    assert ids(engine.recommend("stranger", "new-visit", 1, now=T0 + 60)) == ["big-1"]


def test_removed_article_is_never_recommended():
    engine, now = engine_with_pattern()
    engine.article_remove("transfer")
    engine.ingest("me", "visit", "match", now)
    assert "transfer" not in ids(engine.recommend("me", "visit", 5, now=now))
    assert "transfer" not in engine.trending(5, now=now)
    assert "transfer" not in engine


def test_content_vectors_bring_similar_unread_articles():
    engine = Recommender(RecommenderConfig(content_weight=1.0))
    vectors = {"a": [1, 0, 0], "b": [0.9, 0.1, 0], "c": [0, 0, 1]}
    for article, vector in vectors.items():
        vector = np.asarray(vector, dtype=np.float32)
        engine.article_add(article, vector=vector / np.linalg.norm(vector), published=T0)
    engine.ingest("r", "s1", "c", T0)
    engine.ingest("r2", "s2", "b", T0 + 1)
    engine.ingest("r2", "s2", "c", T0 + 2)
    engine.ingest("me", "visit", "a", T0 + 3)
    assert ids(engine.recommend("me", "visit", 1, now=T0 + 4)) == ["b"]


def test_idle_sessions_fold_into_reader_history():
    engine, now = engine_with_pattern()
    engine.ingest("me", "visit", "match", now)
    engine.ingest("other", "other-visit", "weather", now + 3 * HOUR)
    assert engine.end_idle_sessions(older_than_seconds=HOUR) >= 1
    assert engine.session_reads("visit") == []
    assert "match" not in ids(engine.recommend("me", "next-visit", 5, now=now + 3 * HOUR))


def test_blend_moves_towards_what_readers_click():
    blend = OnlineBlend({"popular": 1.0, "related": 0.0}, learning_rate=0.05)
    # Readers keep clicking the related story over the popular one.
    features = np.array([[0.0, -5.0], [-2.0, 0.0]])
    assert blend.scores(features).argmax() == 0
    for _ in range(200):
        blend.learn(features, clicked=1)
    assert blend.scores(features).argmax() == 1
    assert blend.as_dict()["related"] > 0


def test_blend_ranking_does_not_flip_with_every_click():
    blend = OnlineBlend({"popular": 0.0, "related": 0.0}, learning_rate=0.05)
    # Readers split evenly between two stories: each step alone would swap them.
    features = np.array([[0.0, -1.0], [-1.0, 0.0]])
    firsts = set()
    for n in range(400):
        blend.learn(features, clicked=n % 2)
        if n >= 300:
            firsts.add(int(blend.scores(features).argmax()))
    assert len(firsts) == 1


def engine_where_readers_never_re_read(learning_rate):
    """After 'hub', newcomers read 'old', but readers who read 'old' before read 'new'."""
    engine = Recommender(RecommenderConfig(learn_every=1, learning_rate=learning_rate))
    for n in range(150):
        t = T0 + n * 60
        engine.ingest(f"r{n}", f"r{n}-earlier", "old", t)
        for m in (2 * n, 2 * n + 1):
            engine.ingest(f"q{m}", f"q{m}", "hub", t + 1 + m % 2)
            engine.ingest(f"q{m}", f"q{m}", "old", t + 3 + m % 2)
        engine.ingest(f"r{n}", f"r{n}-later", "hub", t + 10)
        engine.ingest(f"r{n}", f"r{n}-later", "new", t + 20)
    now = T0 + 150 * 60
    engine.ingest("me", "earlier", "old", now)
    engine.ingest("me", "today", "hub", now + 10)
    return engine, now + 20


@pytest.mark.parametrize("learning_rate, expected", [(0.0, "old"), (0.01, "new")])
def test_blend_learns_from_the_stream_that_readers_rarely_re_read(learning_rate, expected):
    engine, now = engine_where_readers_never_re_read(learning_rate)
    result = ids(engine.recommend("me", "today", 2, now=now, exclude_reader_history=False))
    assert result[0] == expected


# --- editorial signals -------------------------------------------------------------------

SCORED = [("a", 5.0), ("b", 4.0), ("c", 3.0), ("d", 2.0), ("e", 1.0)]
SECTIONS = {"a": "news", "b": "sport", "c": "news", "d": "sport", "e": "culture"}
NOW = datetime(2025, 1, 1, 12, tzinfo=UTC)


def test_boost_and_bury_reorder():
    rules = [EditorialRule(Action.BOOST, article="e", factor=10),
             EditorialRule(Action.BURY, section="news", factor=0.1)]
    assert apply_editorial(SCORED, rules, k=5, now=NOW, section_of=SECTIONS) == [
        "e", "b", "d", "a", "c"]


def test_pin_takes_its_slot_even_when_not_scored_and_exclude_removes():
    rules = [EditorialRule(Action.PIN, article="z", slot=2),
             EditorialRule(Action.EXCLUDE, article="a"),
             EditorialRule(Action.EXCLUDE, section="sport")]
    assert apply_editorial(SCORED, rules, k=3, now=NOW, section_of=SECTIONS) == ["c", "z", "e"]


def test_expired_rules_are_ignored():
    expired = datetime(2024, 12, 31, tzinfo=UTC)
    rules = [EditorialRule(Action.EXCLUDE, article="a", expires_at=expired),
             EditorialRule(Action.PIN, article="e", slot=1, expires_at=expired)]
    assert apply_editorial(SCORED, rules, k=2, now=NOW) == ["a", "b"]


def test_pin_of_a_non_live_article_is_not_shown():
    rules = [EditorialRule(Action.PIN, article="draft", slot=1)]
    assert apply_editorial(SCORED, rules, k=2, now=NOW,
                           allowed=lambda a: a != "draft") == ["a", "b"]


def test_invalid_rules_are_refused():
    with pytest.raises(ValueError):
        EditorialRule(Action.PIN, article="a")
    with pytest.raises(ValueError):
        EditorialRule(Action.BOOST, article="a", factor=0.5)
    with pytest.raises(ValueError):
        EditorialRule(Action.EXCLUDE, article="a", section="news")


# --- the three lists of a page --------------------------------------------------------------

def test_page_lists_never_overlap_nor_show_current_or_non_live():
    live = {"a", "b", "c", "d", "e", "f", "g", "current"}
    lists = assemble_page_lists(
        current="current",
        lists={"related": ["current", "a", "draft", "b"],
               "most_read": ["a", "c", "scheduled", "d"],
               "recommended": ["b", "c", "e", "current"]},
        is_live=live, sizes={"related": 2, "most_read": 2, "recommended": 2},
        fallback=["f", "g"])
    assert lists == {"related": ["a", "b"], "most_read": ["c", "d"], "recommended": ["e", "f"]}
    shown = [article for items in lists.values() for article in items]
    assert len(shown) == len(set(shown))


def test_beacon_fill_skips_what_the_cached_page_shows():
    lists = assemble_page_lists(current="x", lists={"recommended": ["a", "b", "c"]},
                                is_live=lambda a: True, already_shown={"a", "b"},
                                sizes={"recommended": 2})
    assert lists == {"recommended": ["c"]}


def test_learning_steps_are_capped_per_second_of_traffic():
    """A burst of reads on a busy site teaches the blend a bounded number of times."""
    engine = Recommender(RecommenderConfig(learn_every=1, max_learning_steps_per_second=2))
    for n in range(200):  # two stories read in turn by 200 readers within ten seconds
        t = T0 + n * 0.05
        engine.ingest(f"r{n}", f"r{n}", "a", t)
        engine.ingest(f"r{n}", f"r{n}", "b", t + 0.01)
    assert 1 <= engine.blend.updates <= 2 * 10 + 1
    uncapped = Recommender(RecommenderConfig(learn_every=1, max_learning_steps_per_second=1e9))
    for n in range(200):
        t = T0 + n * 0.05
        uncapped.ingest(f"r{n}", f"r{n}", "a", t)
        uncapped.ingest(f"r{n}", f"r{n}", "b", t + 0.01)
    assert uncapped.blend.updates > 100
