"""One contract for every search backend: it runs against the backend of the database in use
(SQLite FTS5 under SQLite, PostgreSQL full text under PostgreSQL); CI runs both."""

from datetime import date, datetime, timedelta

import pytest
from django.db import connection
from django.utils import timezone

from broadsheet.content import services
from broadsheet.discovery.search import SearchFilters, get_search_backend
from broadsheet.discovery.search.backends.base import MAX_QUERY_CHARS
from tests.factories import ArticleFactory, AuthorFactory, SectionFactory, TopicFactory

pytestmark = pytest.mark.django_db

HOSTILE_QUERIES = [
    "",
    "   ",
    '"',
    '""',
    '"unbalanced quote',
    "(((",
    "budget)",
    "((budget",
    "budget AND OR NOT",
    "NOT",
    "OR",
    "-",
    "--",
    "-budget",
    "- - -",
    "*",
    "budget*",
    "^budget",
    "headline:budget",
    "NEAR(budget council, 2)",
    "budget NEAR council",
    "{headline}: budget",
    "'; DROP TABLE content_article; --",
    "' OR 1=1 --",
    "%",
    "%%",
    "%s",
    "_",
    "\\",
    "\\\\x00",
    "budget\x00council",
    "\x01\x02\x1f",
    "\ue000budget\ue001",
    "<script>alert(1)</script>",
    "&amp; &lt;",
    "🙂",
    "🙂🙂 budget 🎉",
    "👨‍👩‍👧‍👦",
    "Москва",
    "東京都",
    "مرحبا بالعالم",
    "हिन्दी समाचार",
    "Ελλάδα",
    "naïve café",
    "a" * 10_000,
    "budget " * 2_000,
    '"' * 5_000,
    "(" * 5_000,
    "-" * 5_000,
    "OR " * 3_000,
    "x" * 301,
    "1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20 21 22 23 24 25 26 27 28 29 30 31 32 33",
    "a:b:c",
    "budget:",
    "+budget",
    "budget~",
    "!budget",
    "@#$%^&*()",
    "tab\tseparated\nnew line",
    "\u200b\u200d",
    "\ufeffbudget",
    "\udcff",
    "budget\udcff council",
    "\ud83d budget",
]


@pytest.fixture
def backend():
    return get_search_backend()


def _index(*articles):
    backend = get_search_backend()
    for article in articles:
        backend.index_article(article.pk)


def _ids(results):
    return [hit.article_id for hit in results.hits]


def test_finds_words_in_every_field(backend):
    author = AuthorFactory(name="Philippa Quarrington")
    topic = TopicFactory(name="Hydrology")
    by_headline = ArticleFactory(published=True, headline="Reservoir levels fall")
    by_standfirst = ArticleFactory(published=True, standfirst="Ferryboats stop running.")
    by_body = ArticleFactory(published=True, body="The glassblowers went on strike.")
    by_topic = ArticleFactory(published=True, topics=[topic])
    by_author = ArticleFactory(published=True, authors=[author])
    _index(by_headline, by_standfirst, by_body, by_topic, by_author)

    assert _ids(backend.search("reservoir")) == [by_headline.pk]
    assert _ids(backend.search("ferryboats")) == [by_standfirst.pk]
    assert _ids(backend.search("glassblowers")) == [by_body.pk]
    assert _ids(backend.search("hydrology")) == [by_topic.pk]
    assert _ids(backend.search("Quarrington")) == [by_author.pk]
    assert backend.search("reservoir").total == 1


def test_words_must_all_match(backend):
    both = ArticleFactory(published=True, headline="Tramway extension approved",
                          body="Funding for the tramway is agreed.")
    one = ArticleFactory(published=True, headline="Tramway fares rise")
    _index(both, one)
    assert _ids(backend.search("tramway funding")) == [both.pk]
    assert set(_ids(backend.search("tramway"))) == {both.pk, one.pk}


def test_matching_is_case_and_word_form_insensitive(backend):
    article = ArticleFactory(published=True, headline="Councils approve new budgets")
    _index(article)
    assert _ids(backend.search("COUNCIL budget")) == [article.pk]


def test_headline_match_outranks_body_match(backend):
    in_body = ArticleFactory(published=True, headline="Weekly round-up",
                             body="Among other things, the lighthouse reopened.")
    in_headline = ArticleFactory(published=True, headline="Lighthouse reopens after repairs",
                                 body="Visitors returned on Monday.")
    _index(in_body, in_headline)
    assert _ids(backend.search("lighthouse")) == [in_headline.pk, in_body.pk]


def test_recent_story_wins_a_tie_but_not_against_relevance(backend):
    now = timezone.now()
    old = ArticleFactory(published_at=now - timedelta(days=400),
                         headline="Harbour dredging begins", body="Work starts.")
    new = ArticleFactory(published_at=now - timedelta(hours=2),
                         headline="Harbour dredging begins", body="Work starts.")
    old_but_relevant = ArticleFactory(
        published_at=now - timedelta(days=700), headline="Dredging the harbour: dredging plan",
        standfirst="Dredging explained.", body="Dredging, dredging and more dredging.")
    new_but_weak = ArticleFactory(published_at=now - timedelta(hours=1),
                                  headline="Weekend events", body="A talk on dredging.")
    _index(old, new, old_but_relevant, new_but_weak)
    ranked = _ids(backend.search("harbour dredging"))
    assert ranked.index(new.pk) < ranked.index(old.pk)
    ranked = _ids(backend.search("dredging"))
    assert ranked.index(old_but_relevant.pk) < ranked.index(new_but_weak.pk)


def test_scheduled_article_is_found_only_from_its_time(backend):
    at = timezone.now() + timedelta(hours=3)
    article = ArticleFactory(published_at=at, headline="Embargoed quarterly figures")
    _index(article)
    assert backend.search("embargoed").total == 0
    assert _ids(backend.search("embargoed", now=at + timedelta(minutes=1))) == [article.pk]


def test_drafts_are_never_indexed(backend):
    draft = ArticleFactory(headline="Unfinished zeppelin story")
    assert backend.index_article(draft.pk) is False
    assert backend.search("zeppelin").total == 0


def test_index_follows_publish_update_unpublish(backend, django_capture_on_commit_callbacks):
    article = ArticleFactory(headline="Observatory opens to public")
    with django_capture_on_commit_callbacks(execute=True):
        services.article_publish(article=article)
    assert _ids(backend.search("observatory")) == [article.pk]

    with django_capture_on_commit_callbacks(execute=True):
        services.article_update(article=article, headline="Planetarium opens to public")
    assert backend.search("observatory").total == 0
    assert _ids(backend.search("planetarium")) == [article.pk]

    topic = TopicFactory(name="Astronomy")
    with django_capture_on_commit_callbacks(execute=True):
        services.article_set_topics(article=article, topics=[topic])
    assert _ids(backend.search("astronomy")) == [article.pk]

    with django_capture_on_commit_callbacks(execute=True):
        services.article_unpublish(article=article)
    assert backend.search("planetarium").total == 0
    assert backend.indexed_count() == 0

    with django_capture_on_commit_callbacks(execute=True):
        services.article_publish(article=article)
    assert _ids(backend.search("planetarium")) == [article.pk]


def test_deleted_article_leaves_the_index(backend, django_capture_on_commit_callbacks):
    article = ArticleFactory(published=True, headline="Temporary bridge story")
    _index(article)
    with django_capture_on_commit_callbacks(execute=True):
        article.delete()
    assert backend.indexed_count() == 0
    assert backend.search("bridge").total == 0


def test_rebuild_indexes_everything_published_and_reports_progress(backend):
    published = [ArticleFactory(published=True, headline=f"Canal lock {i}") for i in range(3)]
    ArticleFactory(headline="Canal draft")
    calls = []
    assert backend.rebuild(progress=lambda done, total: calls.append((done, total))) == 3
    assert calls[0] == (0, 3) and calls[-1] == (3, 3)
    assert set(_ids(backend.search("canal"))) == {a.pk for a in published}
    assert backend.indexed_count() == 3


def test_rebuild_picks_up_renamed_authors(backend):
    author = AuthorFactory(name="Bartholomew Oddlington")
    article = ArticleFactory(published=True, authors=[author])
    backend.rebuild()
    author.name = "Bartholomew Evenshaw"
    author.save()
    backend.rebuild()
    assert backend.search("Oddlington").total == 0
    assert _ids(backend.search("Evenshaw")) == [article.pk]


def test_filters_by_section_including_subsections(backend):
    business = SectionFactory(name="Business")
    markets = SectionFactory(name="Markets", parent=business)
    sport = SectionFactory(name="Sport")
    in_business = ArticleFactory(published=True, section=business, headline="Turbine orders")
    in_markets = ArticleFactory(published=True, section=markets, headline="Turbine shares")
    in_sport = ArticleFactory(published=True, section=sport, headline="Turbine FC wins")
    _index(in_business, in_markets, in_sport)
    found = backend.search("turbine", SearchFilters(section_path=business.path))
    assert set(_ids(found)) == {in_business.pk, in_markets.pk}
    assert found.total == 2
    found = backend.search("turbine", SearchFilters(section_path=markets.path))
    assert _ids(found) == [in_markets.pk]


def test_filters_by_topic_author_and_dates(backend):
    topic = TopicFactory(name="Rail")
    author = AuthorFactory(name="Ines Carvalho")
    now = timezone.localtime()
    on_topic = ArticleFactory(published_at=now - timedelta(days=1), topics=[topic],
                              headline="Signal failure delays trains")
    by_author = ArticleFactory(published_at=now - timedelta(days=10), authors=[author],
                               headline="Signal upgrade finished")
    old = ArticleFactory(published_at=now - timedelta(days=40), headline="Signal box listed")
    _index(on_topic, by_author, old)
    assert _ids(backend.search("signal", SearchFilters(topic_id=topic.pk))) == [on_topic.pk]
    assert _ids(backend.search("signal", SearchFilters(author_id=author.pk))) == [by_author.pk]
    recent = SearchFilters(date_from=(now - timedelta(days=15)).date())
    assert set(_ids(backend.search("signal", recent))) == {on_topic.pk, by_author.pk}
    window = SearchFilters(date_from=(now - timedelta(days=15)).date(),
                           date_to=(now - timedelta(days=5)).date())
    assert _ids(backend.search("signal", window)) == [by_author.pk]
    day = (now - timedelta(days=40)).date()
    assert _ids(backend.search("signal", SearchFilters(date_from=day, date_to=day))) == [old.pk]
    assert backend.search("signal", SearchFilters(date_to=date(2000, 1, 1))).total == 0


def test_snippets_mark_matches_and_escape_html(backend):
    article = ArticleFactory(
        published=True, headline="Allotment <b>holders</b> protest",
        standfirst="Plot rents double.",
        body="The allotment society met <script>alert(1)</script> & voted on Friday.")
    _index(article)
    hit = backend.search("allotment").hits[0]
    assert "<mark>" in hit.headline_html and "<mark>" in hit.snippet_html
    assert "allotment" in hit.snippet_html.lower()
    for fragment in (hit.headline_html, hit.snippet_html):
        stripped = fragment.replace("<mark>", "").replace("</mark>", "")
        assert "<" not in stripped, fragment
    assert "&lt;b&gt;" in hit.headline_html
    assert "alert(1)" in hit.snippet_html


def test_snippet_falls_back_to_standfirst_when_body_does_not_match(backend):
    article = ArticleFactory(published=True, standfirst="The ombudsman reports today.",
                             body="Nothing relevant here.")
    _index(article)
    hit = backend.search("ombudsman").hits[0]
    assert "<mark>" in hit.snippet_html
    assert "reports today" in hit.snippet_html


def test_quoted_phrase_and_exclusion(backend):
    phrase = ArticleFactory(published=True, headline="Red kite returns to the valley")
    scattered = ArticleFactory(published=True, headline="Kite festival in red weather")
    _index(phrase, scattered)
    assert _ids(backend.search('"red kite"')) == [phrase.pk]
    assert set(_ids(backend.search("red kite"))) == {phrase.pk, scattered.pk}
    assert _ids(backend.search("kite -festival")) == [phrase.pk]


def test_pagination(backend):
    articles = [ArticleFactory(published=True, headline=f"Orchard report {i}") for i in range(5)]
    _index(*articles)
    first = backend.search("orchard", page=1, per_page=2)
    second = backend.search("orchard", page=2, per_page=2)
    beyond = backend.search("orchard", page=99, per_page=2)
    assert first.total == second.total == 5
    assert len(first.hits) == 2 and len(second.hits) == 2
    assert not set(_ids(first)) & set(_ids(second))
    assert beyond.page == 3 and len(beyond.hits) == 1


def test_other_scripts_are_searchable(backend):
    cyrillic = ArticleFactory(published=True, headline="Москва и область")
    greek = ArticleFactory(published=True, headline="Εκλογές στην Ελλάδα")
    accented = ArticleFactory(published=True, headline="Café owners welcome naïve tourists")
    _index(cyrillic, greek, accented)
    assert _ids(backend.search("Москва")) == [cyrillic.pk]
    assert _ids(backend.search("Ελλάδα")) == [greek.pk]
    assert _ids(backend.search("café")) == [accented.pk]


def test_emoji_around_words_is_ignored(backend):
    article = ArticleFactory(published=True, headline="Budget 🎉 passes")
    _index(article)
    assert _ids(backend.search("🙂 budget 🎉")) == [article.pk]
    only_emoji = backend.search("🙂")
    assert only_emoji.total == 0 and only_emoji.messages


def test_long_query_is_shortened_with_a_message(backend):
    article = ArticleFactory(published=True, headline="Aqueduct restored")
    _index(article)
    results = backend.search("aqueduct " + "x" * 10_000)
    assert results.messages and str(MAX_QUERY_CHARS) in results.messages[0]
    assert len(results.query) <= MAX_QUERY_CHARS
    assert _ids(backend.search("aqueduct " * 100)) == [article.pk]


@pytest.mark.parametrize("query", HOSTILE_QUERIES, ids=range(len(HOSTILE_QUERIES)))
def test_hostile_queries_never_fail(backend, query):
    article = ArticleFactory(published=True, headline="Council budget approved",
                             body="The council voted on the budget.")
    _index(article)
    results = backend.search(query, SearchFilters(section_path=article.section.path))
    assert results.total >= 0
    assert isinstance(results.messages, list)
    assert all("<mark>" in h.headline_html or h.headline_html for h in results.hits)
    # The database connection is still usable afterwards (no aborted transaction).
    assert backend.search("budget").total == 1
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")


def test_query_times_use_the_site_time_zone(backend, settings):
    settings.TIME_ZONE = "Pacific/Auckland"
    late = timezone.make_aware(datetime(2024, 3, 10, 23, 30), timezone.get_default_timezone())
    article = ArticleFactory(published_at=late, headline="Midnight ferry")
    _index(article)
    assert _ids(backend.search("ferry", SearchFilters(date_from=date(2024, 3, 10),
                                                      date_to=date(2024, 3, 10)))) == [article.pk]
    assert backend.search("ferry", SearchFilters(date_from=date(2024, 3, 11))).total == 0


def test_very_common_queries_rank_the_newest_matches_and_page_that_far(backend):
    capped = type(backend)(options={"max_ranked": 3})
    articles = [ArticleFactory(published=True, headline=f"Weather update {i}") for i in range(5)]
    oldest_but_best = articles[0]
    services.article_update(article=oldest_but_best, headline="Weather weather weather")
    _index(*articles)
    results = capped.search("weather", per_page=2)
    assert results.total == 5
    assert results.num_pages == 2
    shown = set(_ids(results)) | set(_ids(capped.search("weather", page=2, per_page=2)))
    assert shown == {a.pk for a in articles[2:]}
    # Without the cap the strongest match wins.
    assert _ids(backend.search("weather"))[0] == oldest_but_best.pk


def test_counting_can_stop_early(backend):
    capped = type(backend)(options={"count_cap": 2})
    _index(*[ArticleFactory(published=True, headline=f"Regatta day {i}") for i in range(4)])
    results = capped.search("regatta")
    assert (results.total, results.total_exact) == (2, False)
    assert len(results.hits) == 2
    assert backend.search("regatta").total_exact is True


def test_phrase_found_beyond_the_newest_articles_with_its_words(backend):
    phrase = ArticleFactory(published=True, headline="Golden eagle nests on the cliff")
    scattered = [ArticleFactory(published=True, headline=f"Eagle count {i}: golden hour")
                 for i in range(3)]
    _index(phrase, *scattered)
    results = backend.search('"golden eagle"')
    assert _ids(results) == [phrase.pk]
    assert (results.total, results.total_exact) == (1, True)


def test_phrase_checked_among_newest_candidates_reports_a_lower_bound(backend):
    windowed = type(backend)(options={"phrase_window": 2})
    oldest = ArticleFactory(published=True, headline="Barn owl seen at dusk")
    scattered = ArticleFactory(published=True, headline="Owl survey: barn doors open")
    newer = [ArticleFactory(published=True, headline=f"Barn owl chicks {i}") for i in range(2)]
    _index(oldest, scattered, *newer)
    results = windowed.search('"barn owl"')
    assert (results.total, results.total_exact) == (2, False)
    assert set(_ids(results)) == {a.pk for a in newer}
    everything = backend.search('"barn owl"')
    assert (everything.total, everything.total_exact) == (3, True)
    assert set(_ids(everything)) == {oldest.pk, *(a.pk for a in newer)}


def test_phrase_window_never_admits_scattered_words_and_ranks_by_place(backend):
    windowed = type(backend)(options={"phrase_window": 3})
    now = timezone.now()
    in_body = ArticleFactory(published_at=now - timedelta(days=3), headline="Coastal notes",
                             body="A sea eagle was seen near the cliffs.")
    in_headline = ArticleFactory(published_at=now - timedelta(days=2),
                                 headline="Sea eagle returns", body="Birdwatchers cheered.")
    scattered = [ArticleFactory(published_at=now - timedelta(hours=i + 1),
                                headline=f"Eagle festival {i}", body="The sea was calm.")
                 for i in range(3)]
    _index(in_body, in_headline, *scattered)
    # The window + 1 newest articles with both words are checked: one has the phrase.
    results = windowed.search('"sea eagle"')
    assert _ids(results) == [in_headline.pk]
    assert (results.total, results.total_exact) == (1, False)
    everything = backend.search('"sea eagle"')
    assert _ids(everything) == [in_headline.pk, in_body.pk]
    assert (everything.total, everything.total_exact) == (2, True)
    assert "<mark>" in everything.hits[0].headline_html
    assert "<mark>" in everything.hits[1].snippet_html


def test_phrase_in_headline_outranks_its_words_apart_in_a_headline(backend):
    now = timezone.now()
    in_headline = ArticleFactory(published_at=now - timedelta(days=30),
                                 headline="Red kite returns to the valley", body="Good news.")
    words_apart = ArticleFactory(published_at=now - timedelta(days=1),
                                 headline="Kite festival under red skies",
                                 body="One red kite flew over the fliers.")
    _index(in_headline, words_apart)
    assert _ids(backend.search('"red kite"')) == [in_headline.pk, words_apart.pk]


def test_common_word_ranking_prefers_relevant_then_recent_within_the_newest(backend):
    now = timezone.now()
    capped = type(backend)(options={"max_ranked": 4, "count_cap": 5})
    oldest_best = ArticleFactory(published_at=now - timedelta(days=300),
                                 headline="Weather, weather everywhere", body="Weather.")
    articles = [ArticleFactory(published_at=now - timedelta(days=10 - i),
                               headline=f"Market report {i}", body="The weather was mild.")
                for i in range(4)]
    strong = ArticleFactory(published_at=now - timedelta(days=20),
                            headline="Weather warning issued", body="Weather service warns.")
    _index(oldest_best, *articles, strong)
    results = capped.search("weather")
    assert (results.total, results.total_exact) == (5, False)
    ranked = _ids(results)
    # Ranked among the four newest matches by id: the strongest of those first, then ties
    # broken by recency; the oldest article is not among them.
    assert ranked[0] == strong.pk
    assert ranked[1:] == [a.pk for a in reversed(articles[1:])]
    assert oldest_best.pk not in ranked


def test_postgres_walk_over_newest_articles_matches_the_index_answer(backend):
    if connection.vendor != "postgresql":
        pytest.skip("the walk over the newest articles is PostgreSQL's")
    from django.test.utils import CaptureQueriesContext

    options = {"max_ranked": 3, "count_cap": 3}
    walking = type(backend)(options={**options, "walk_cost_ratio": 1e-9})
    indexed = type(backend)(options={**options, "walk_cost_ratio": 0})
    now = timezone.now()
    articles = [ArticleFactory(published_at=now - timedelta(days=i),
                               headline=f"Ferry timetable {i}",
                               body="Ferry times change." * (1 + i % 3)) for i in range(6)]
    ArticleFactory(published=True, headline="Bus timetable")
    scheduled = ArticleFactory(published_at=now + timedelta(days=1), headline="Ferry strike")
    _index(*articles, scheduled)
    for query in ("ferry", "ferry timetable", '"ferry timetable"', "ferry -strike"):
        with CaptureQueriesContext(connection) as walked:
            by_walk = walking.search(query, per_page=2)
        by_index = indexed.search(query, per_page=2)
        walk = "SELECT article_id, published_at, document FROM discovery_search_document ORDER BY"
        assert any(walk in q["sql"] and q["sql"].startswith("WITH") for q in walked), query
        assert (by_walk.total, by_walk.total_exact) == (by_index.total, by_index.total_exact)
        assert _ids(by_walk) == _ids(by_index), query
        assert scheduled.pk not in _ids(by_walk)
    assert (by_walk.total, by_walk.total_exact) == (3, False)
    filtered = walking.search("ferry", SearchFilters(section_path=articles[0].section.path))
    assert _ids(filtered) == [articles[0].pk]


def test_search_leaves_database_settings_as_they_were(backend):
    article = ArticleFactory(published=True, headline="Lantern parade tonight")
    _index(article)
    with connection.cursor() as cursor:
        before = _planner_settings(cursor)
        assert _ids(backend.search("lantern")) == [article.pk]
        backend.search('"lantern parade"')
        assert _planner_settings(cursor) == before


def _planner_settings(cursor):
    if connection.vendor != "postgresql":
        return None
    cursor.execute("SELECT current_setting('enable_seqscan'), current_setting('enable_indexscan')")
    return cursor.fetchone()


def _postgres_only():
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL's phrase check (SQLite's FTS5 index holds positions)")


def test_postgres_phrase_check_stops_after_enough_matches(backend):
    _postgres_only()
    now = timezone.now()
    older = [ArticleFactory(published_at=now - timedelta(days=10 + i),
                            headline=f"Harbour seal pups {i}") for i in range(2)]
    scattered = ArticleFactory(published_at=now - timedelta(days=5),
                               headline="Seal the harbour gates")
    newest = [ArticleFactory(published_at=now - timedelta(days=i),
                             headline=f"Harbour seal spotted {i}") for i in range(2)]
    _index(*older, scattered, *newest)
    stopping = type(backend)(options={"phrase_hits": 2, "phrase_walk": 0})
    results = stopping.search('"harbour seal"', per_page=1)
    # The two newest articles holding the phrase are found; the older ones are not checked.
    assert (results.total, results.total_exact) == (2, False)
    assert set(_ids(results)) < {a.pk for a in newest}
    # Paging on checks further: a reader is never stopped at the first stopping point.
    deeper = stopping.search('"harbour seal"', per_page=1, page=3)
    assert deeper.page == 3 and deeper.total >= 3
    assert set(_ids(deeper)) < {a.pk for a in older}
    everything = type(backend)(options={"phrase_walk": 0}).search('"harbour seal"')
    assert (everything.total, everything.total_exact) == (4, True)
    assert set(_ids(everything)) == {a.pk for a in (*older, *newest)}


def test_postgres_phrase_walk_over_newest_articles_matches_the_index_answer(backend):
    _postgres_only()
    from django.test.utils import CaptureQueriesContext

    now = timezone.now()
    articles = [ArticleFactory(published_at=now - timedelta(days=i),
                               headline=f"Tide tables {i}" if i % 2 else f"Tables of the tide {i}",
                               body="Tide tables change with the moon." if i % 3
                               else "Calm seas.")
                for i in range(8)]
    scheduled = ArticleFactory(published_at=now + timedelta(days=1), headline="Tide tables soon")
    _index(*articles, scheduled)
    options = {"phrase_hits": 3, "phrase_walk_cost_ratio": 1e-9}
    walking = type(backend)(options=options)
    indexed = type(backend)(options={**options, "phrase_walk": 0})
    walk = "SELECT article_id, published_at, document FROM discovery_search_document ORDER BY"
    for query in ('"tide tables"', '"tide tables" -calm', '"tide tables" OR "moon"'):
        with CaptureQueriesContext(connection) as walked:
            by_walk = walking.search(query, per_page=2)
        assert any(walk in q["sql"] and q["sql"].startswith("WITH") for q in walked), query
        by_index = indexed.search(query, per_page=2)
        assert (by_walk.total, by_walk.total_exact) == (by_index.total, by_index.total_exact)
        assert _ids(by_walk) == _ids(by_index), query
        assert [h.snippet_html for h in by_walk.hits] == [h.snippet_html for h in by_index.hits]
        assert scheduled.pk not in _ids(by_walk)
    assert (by_walk.total, by_walk.total_exact) == (3, False)
    # A walk that finds too few (the phrase in fewer than phrase_hits articles) gives way
    # to the index, whose answer is then exact.
    rare = type(backend)(options={**options, "phrase_hits": 20}).search('"tide tables"')
    assert (rare.total, rare.total_exact) == (6, True)
    assert set(_ids(rare)) == {a.pk for i, a in enumerate(articles) if i % 2 or i % 3}


def test_postgres_phrase_search_over_newest_range_falls_back_when_short(backend):
    _postgres_only()
    from django.test.utils import CaptureQueriesContext

    now = timezone.now()
    oldest = ArticleFactory(published_at=now - timedelta(days=9), headline="Night heron roost")
    newer = [ArticleFactory(published_at=now - timedelta(days=i),
                            headline=f"Heron at night {i}") for i in range(5)]
    _index(oldest, *newer)
    options = {"phrase_window": 2, "phrase_walk": 0}
    # The statement is first restricted to the newest article or two: too few candidates.
    ranged = type(backend)(options={**options, "phrase_range_factor": 0.01})
    with CaptureQueriesContext(connection) as queries:
        results = ranged.search('"night heron"')
    assert any("article_id + 0 >=" in q["sql"] for q in queries)
    unranged = type(backend)(options={**options, "phrase_range_factor": 0}).search(
        '"night heron"')
    # No match among the newest window (three candidates): every candidate is checked.
    assert _ids(results) == _ids(unranged) == [oldest.pk]
    assert (results.total, results.total_exact) == (unranged.total, unranged.total_exact)
