"""Related and Recommended on the site: precomputed, editable, never repeating each other."""

import json
import uuid
from datetime import timedelta

import pytest
from bs4 import BeautifulSoup
from django.core.cache import cache
from django.core.management import call_command
from django.utils import timezone

from broadsheet.content import services as content
from broadsheet.content.models import Article
from broadsheet.discovery import selectors, services
from broadsheet.discovery.models import EditorialSignal, RelatedList
from broadsheet.engagement.conf import READER_COOKIE
from broadsheet.engagement.models import ReadEvent
from tests.factories import ArticleFactory, SectionFactory

pytestmark = pytest.mark.django_db

CHROME = ("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
          "Chrome/126.0.0.0 Safari/537.36")
BROWSER = {"HTTP_USER_AGENT": CHROME, "HTTP_ACCEPT_LANGUAGE": "en-GB"}

FERRY = ("The Eastport ferry contract was delayed again after the harbour authority ordered "
         "a cost review of the Skerrin crossing, and islanders fear another winter without a "
         "reliable ferry service to the mainland.")
OTHERS = [
    "The national football league title race tightened after Lowenby Albion lost at home.",
    "Astronomers at the Brennock observatory catalogued a comet visible next spring.",
    "Bakers in the old quarter say flour prices have doubled since the harvest failed.",
    "The orchestra announced a season of new symphonies by young composers.",
    "A new cycle lane opened along the river embankment after two years of works.",
    "Schools will teach coding from the age of seven under the new curriculum.",
]


def _publish(headline, body, *, hours_ago, section):
    return ArticleFactory(headline=headline, body=body, section=section,
                          published_at=timezone.now() - timedelta(hours=hours_ago))


@pytest.fixture
def newsroom(django_capture_on_commit_callbacks):
    news, sport = SectionFactory(name="News"), SectionFactory(name="Sport")
    with django_capture_on_commit_callbacks(execute=True):
        original = _publish("Eastport ferry contract delayed after cost review", FERRY,
                            hours_ago=30, section=news)
        others = [_publish(f"Story {i}: {body[:40]}", body, hours_ago=20 - i,
                           section=sport if i % 2 else news) for i, body in enumerate(OTHERS)]
        follow_up = _publish("Skerrin islanders fear winter without Eastport ferry",
                             FERRY + " The harbour authority said the review would end soon.",
                             hours_ago=2, section=news)
    return {"original": original, "follow_up": follow_up, "others": others}


def test_coverage_of_the_same_story_comes_first_and_follows_publication(newsroom):
    original, follow_up = newsroom["original"], newsroom["follow_up"]
    assert selectors.related_articles(article=original)[0] == follow_up
    assert selectors.related_articles(article=follow_up)[0] == original
    assert RelatedList.objects.filter(article=original).exists()


def test_unpublished_and_scheduled_stories_never_appear(newsroom,
                                                        django_capture_on_commit_callbacks):
    original, follow_up = newsroom["original"], newsroom["follow_up"]
    with django_capture_on_commit_callbacks(execute=True):
        content.article_unpublish(article=follow_up)
        later = ArticleFactory(headline="Eastport ferry deal to be signed next week", body=FERRY,
                               section=original.section,
                               published_at=timezone.now() + timedelta(days=1))
    shown = selectors.related_articles(article=original)
    assert follow_up not in shown and later not in shown and original not in shown
    assert not RelatedList.objects.filter(article=follow_up).exists()


def test_editors_pin_and_exclude(newsroom):
    original, follow_up = newsroom["original"], newsroom["follow_up"]
    pinned = newsroom["others"][3]
    services.editorial_signal_create(scope="related", action="exclude", context=original,
                                     article=follow_up)
    services.editorial_signal_create(scope="related", action="pin", context=original,
                                     article=pinned, slot=1)
    shown = selectors.related_articles(article=original)
    assert shown[0] == pinned
    assert follow_up not in shown


def test_expired_signals_lapse(newsroom):
    original, follow_up = newsroom["original"], newsroom["follow_up"]
    services.editorial_signal_create(scope="related", action="exclude", context=original,
                                     article=follow_up,
                                     expires_at=timezone.now() - timedelta(minutes=1))
    assert selectors.related_articles(article=original)[0] == follow_up


def test_a_signal_that_makes_no_sense_is_refused_with_a_reason(newsroom):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as error:
        services.editorial_signal_create(scope="related", action="boost", context=newsroom[
            "original"], article=newsroom["follow_up"], factor=2)
    assert "action" in error.value.message_dict
    with pytest.raises(ValidationError):
        services.editorial_signal_create(scope="recommended", action="pin",
                                         section=newsroom["original"].section, slot=1)


def test_article_page_lists_never_repeat_or_show_the_story_itself(client, newsroom):
    original = newsroom["original"]
    for article in [newsroom["follow_up"], *newsroom["others"]]:
        for _ in range(3):
            _view(client, article)
    from broadsheet.engagement.services import counters_flush

    counters_flush()
    cache.clear()  # the Most read list is cached for a minute
    soup = BeautifulSoup(client.get(original.get_absolute_url()).content, "html.parser")
    related = [a["data-article-id"]
               for a in soup.select("[data-widget=related] a[data-article-id]")]
    popular = [a["data-article-id"] for a in soup.select(
        ".reading-list--most-read a[data-article-id]")]
    assert related and popular
    assert not set(related) & set(popular)
    assert str(original.pk) not in related + popular


def _view(client, article, **headers):
    return client.post("/beacon/", json.dumps({"article": article.pk, "type": "view"}),
                       content_type="application/json", **{**BROWSER, **headers})


def test_beacon_brings_recommendations_that_skip_what_the_page_shows(client, newsroom):
    original = newsroom["original"]
    answer = _view(client, original).json()
    page = selectors.article_reading_lists(article=original)
    on_page = {a.pk for a in page.related} | {r.article.pk for r in page.most_read}
    recommended = {item["id"] for item in answer["recommended"]}
    assert recommended, "a reader always gets a list (trending when nothing personal)"
    assert original.pk not in recommended
    assert not recommended & on_page
    assert all(item["url"].endswith("/") and item["headline"] for item in answer["recommended"])


def test_readers_who_refuse_tracking_get_the_non_personal_list(client, newsroom):
    answer = _view(client, newsroom["original"], HTTP_DNT="1").json()
    assert answer["recommended"]
    assert not ReadEvent.objects.exists()
    assert "bs_rid" not in answer and "bs_rid" not in client.cookies


def test_reading_history_shapes_the_list(client, newsroom, settings):
    settings.BROADSHEET_RECOMMEND_SYNC_SECONDS = 0
    original, follow_up = newsroom["original"], newsroom["follow_up"]
    sport_story = newsroom["others"][1]
    # Many readers went from the original to one sports story: readers of the original
    # should be offered it.
    now = timezone.now()
    ReadEvent.objects.bulk_create(
        [ReadEvent(reader_id=f"00000000-0000-0000-0000-{i:012d}", article=a,
                   occurred_at=now - timedelta(minutes=50 - i % 40) + timedelta(seconds=s))
         for i in range(40) for s, a in enumerate([original, sport_story])])
    answer = _view(client, original).json()
    ids = [item["id"] for item in answer["recommended"]]
    assert sport_story.pk in ids[:2] or sport_story.pk in {
        a.pk for a in selectors.article_reading_lists(article=original).related}
    assert follow_up.pk not in ids or follow_up.pk not in {
        a.pk for a in selectors.related_articles(article=original)}


def test_home_page_recommendations_endpoint(client, newsroom):
    excluded = newsroom["others"][0].pk
    response = client.get(f"/recommended/?exclude={excluded}", **BROWSER)
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    assert excluded not in {item["id"] for item in response.json()["recommended"]}
    for bad in ("1,x", ",".join(["1"] * 101)):
        response = client.get(f"/recommended/?exclude={bad}")
        assert response.status_code == 400 and "error" in response.json()
    assert client.post("/recommended/").status_code == 405


def test_rebuild_command_writes_every_live_list(newsroom, capsys):
    RelatedList.objects.all().delete()
    call_command("related", "rebuild")
    assert RelatedList.objects.count() == 2 + len(OTHERS)
    assert "Wrote 8 Related lists" in capsys.readouterr().out


def test_admin_pins_a_related_story_on_the_article_page(admin_client, newsroom):
    original, pinned = newsroom["original"], newsroom["others"][2]
    page = admin_client.get(f"/admin/content/article/{original.pk}/change/")
    assert page.status_code == 200 and b"Related list: pins and exclusions" in page.content
    signal = services.editorial_signal_create(scope="related", action="pin", context=original,
                                              article=pinned, slot=1)
    assert EditorialSignal.objects.filter(pk=signal.pk).exists()
    listing = admin_client.get("/admin/discovery/editorialsignal/")
    assert listing.status_code == 200 and pinned.headline.encode() in listing.content


def test_recommended_signals_boost_bury_and_exclude_a_section(client, newsroom):
    sport = newsroom["others"][1].section
    services.editorial_signal_create(scope="recommended", action="exclude", section=sport)
    boosted = newsroom["others"][2]
    services.editorial_signal_create(scope="recommended", action="pin", article=boosted, slot=1)
    picks = selectors.recommended_articles(reader_id=None, limit=4)
    assert picks[0].id == boosted.pk
    assert all(card.section_id != sport.pk for card in picks)


def test_beacon_with_recommendations_costs_the_same_as_the_site_grows(client, newsroom,
                                                                     settings):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from broadsheet.core.pagecache import forget_page_generation
    from broadsheet.core.shortcache import clear_all as clear_short_caches

    settings.BROADSHEET_RECOMMEND_SYNC_SECONDS = 0

    def beacon_queries(article, address):
        # Cold caches (shared and per-process) in both measurements, however long apart.
        cache.clear()
        clear_short_caches()
        forget_page_generation()
        with CaptureQueriesContext(connection) as queries:
            _view(client, article, REMOTE_ADDR=address)
        return len(queries)

    original = newsroom["original"]
    _view(client, original, REMOTE_ADDR="10.0.0.1")  # first use builds the engines
    section = original.section
    # An article published since the last look at the catalogue costs one query to add
    # to the recommender, however many there are. Publish one before each measurement,
    # or the count depends on whether the newsroom's own articles are still recent.
    ArticleFactory(published=True, section=section)
    small = beacon_queries(original, "10.0.0.2")
    now = timezone.now()
    extra = [ArticleFactory(published=True, section=section) for _ in range(15)]
    ReadEvent.objects.bulk_create(
        [ReadEvent(reader_id=f"00000000-0000-0000-0000-{i:012d}", article=a,
                   occurred_at=now - timedelta(minutes=i % 50)) for i, a in
         enumerate(extra * 10)])
    assert beacon_queries(original, "10.0.0.3") == small


def test_reads_folded_by_any_process_reach_the_recommender_once(newsroom):
    from broadsheet.discovery.engines import SiteRecommender

    recommender = SiteRecommender()
    recommender.sync(force=True)
    reader, now = uuid.uuid4(), timezone.now()
    original, other = newsroom["original"], newsroom["others"][0]
    visit = recommender.read_now(reader=str(reader), article_id=original.pk, at=now)
    # The same read once folded, and a later one this process never saw (another worker's).
    ReadEvent.objects.create(reader_id=reader, article=original, occurred_at=now)
    ReadEvent.objects.create(reader_id=reader, article=other,
                             occurred_at=now + timedelta(minutes=1))
    events = recommender.engine.events
    recommender.sync(force=True)
    assert recommender.engine.events == events + 1
    assert recommender.engine.session_reads(visit) == [original.pk, other.pk]
    recommender.sync(force=True)
    assert recommender.engine.events == events + 1


def test_a_visit_ends_after_half_an_hour_and_idle_visits_are_forgotten(newsroom):
    from broadsheet.discovery.engines import SiteRecommender

    recommender = SiteRecommender()
    recommender.sync(force=True)
    start = timezone.now() - timedelta(hours=3)
    first = recommender.read_now(reader="r1", article_id=newsroom["original"].pk, at=start)
    same = recommender.read_now(reader="r1", article_id=newsroom["others"][0].pk,
                                at=start + timedelta(minutes=20))
    later = recommender.read_now(reader="r1", article_id=newsroom["others"][1].pk,
                                 at=start + timedelta(minutes=90))
    assert first == same != later
    recommender._idle_swept = 0.0
    recommender._end_idle_visits()
    assert "r1" not in recommender._visits  # its last read was 90 minutes ago


def test_recommended_drops_an_unpublished_story_at_once_despite_cached_cards(
        newsroom, django_capture_on_commit_callbacks):
    """Cards are cached per process for speed; an unpublication must still show at once."""
    before = selectors.recommended_articles(reader_id=None, limit=6)
    gone = before[0]
    with django_capture_on_commit_callbacks(execute=True):
        content.article_unpublish(article=Article.objects.get(pk=gone.id))
    after = selectors.recommended_articles(reader_id=None, limit=6)
    assert gone.id not in {card.id for card in after}
    assert len(after) == 6  # the list is refilled, not left short


def test_recommended_cards_follow_an_edited_headline(newsroom, django_capture_on_commit_callbacks):
    before = selectors.recommended_articles(reader_id=None, limit=3)
    article = Article.objects.get(pk=before[0].id)
    with django_capture_on_commit_callbacks(execute=True):
        content.article_update(article=article, headline="Harbour board names new chair")
    after = {card.id: card for card in selectors.recommended_articles(reader_id=None, limit=3)}
    assert after[article.pk].headline == "Harbour board names new chair"


def test_first_time_readers_of_a_story_share_one_list_and_each_read_is_kept(client, newsroom):
    """A first-time reader's list depends only on the story they are reading, so it is
    computed once for all of them; each one's read still becomes their history."""
    from broadsheet.discovery.engines import site_recommender

    story = newsroom["others"][0]
    first = _view(client, story, REMOTE_ADDR="10.1.0.1").json()["recommended"]
    client.cookies.clear()
    second_response = _view(client, story, REMOTE_ADDR="10.1.0.2")
    second = second_response.json()["recommended"]
    assert first and first == second
    reader = second_response.cookies[READER_COOKIE].value
    recommender = site_recommender()
    # The second reader's read reached the recommender although their list came from the
    # shared one: their next list leaves the story out as already read.
    scored = recommender.recommend(reader=str(uuid.UUID(hex=reader)), k=50)
    assert story.pk not in {pk for pk, _ in scored}


def test_article_pages_rank_for_a_reader_of_the_story_the_home_page_for_one_who_left(
        client, newsroom, monkeypatch):
    from broadsheet.discovery.recommend.engine import Recommender

    asked = []
    recommend = Recommender.recommend

    def spy(self, *args, **kwargs):
        asked.append(kwargs.get("reading_now", False))
        return recommend(self, *args, **kwargs)

    monkeypatch.setattr(Recommender, "recommend", spy)
    _view(client, newsroom["original"])
    _view(client, newsroom["follow_up"])
    client.get("/recommended/", **BROWSER)
    assert asked and asked[-1] is False and True in asked[:-1]
