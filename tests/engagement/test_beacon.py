"""The view beacon: counting, crawlers, de-duplication, bad input, privacy choices."""

import json
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from broadsheet.engagement import services
from broadsheet.engagement.crawlers import is_automated
from broadsheet.engagement.models import ArticleStats, PendingEvent, ReadEvent, WidgetStat
from broadsheet.engagement.visitor import visitor_hash
from tests.factories import ArticleFactory

from .conftest import BROWSER_HEADERS, CHROME

pytestmark = pytest.mark.django_db

URL = "/beacon/"

CRAWLERS = [
    "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
    "Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)",
    "Mozilla/5.0 AppleWebKit/537.36 (KHTML, like Gecko; compatible; GPTBot/1.2; "
    "+https://openai.com/gptbot)",
    "Mozilla/5.0 AppleWebKit/537.36 (KHTML, like Gecko; compatible; ClaudeBot/1.0; "
    "+claudebot@anthropic.com)",
    "Mozilla/5.0 (compatible; YandexBot/3.0; +http://yandex.com/bots)",
    "Mozilla/5.0 (compatible; AhrefsBot/7.0; +http://ahrefs.com/robot/)",
    "facebookexternalhit/1.1 (+http://www.facebook.com/externalhit_uatext.php)",
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) "
    "Version/17.5 Safari/605.1.15 (Applebot/0.1; +http://www.apple.com/go/applebot)",
    "python-requests/2.31.0",
    "curl/8.5.0",
    "Wget/1.21.4",
    "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "HeadlessChrome/126.0.0.0 Safari/537.36",
    "Mozilla/5.0 (Windows NT 6.1) AppleWebKit/534.34 (KHTML, like Gecko) PhantomJS/1.9.8 "
    "Safari/534.34",
    "",
]
BROWSERS = [
    CHROME,
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like "
    "Gecko) Version/17.5 Mobile/15E148 Safari/604.1",
    "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0",
    "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/126.0.0.0 Mobile Safari/537.36",
]


def send(client, payload, **headers):
    body = payload if isinstance(payload, (str, bytes)) else json.dumps(payload)
    return client.post(URL, body, content_type="application/json", **headers)


def test_view_is_counted_and_answer_carries_live_counts(database_counters, browser_client,
                                                        article):
    response = send(browser_client, {"article": article.pk, "type": "view"})
    assert response.status_code == 200
    data = response.json()
    assert data["counted"] is True
    assert data["views"] == 1
    assert data["reactions"] == {"very_good": 0, "insightful": 0, "surprising": 0, "sad": 0,
                                 "angry": 0}
    assert data["mine"] is None
    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]
    cookie = response.cookies["bs_rid"]
    assert cookie["samesite"] == "Lax" and cookie["httponly"]
    # Acknowledged means stored: the journal row exists before anything is folded.
    assert PendingEvent.objects.filter(article_id=article.pk).count() == 1


def test_same_visitor_is_counted_once_in_the_window(database_counters, browser_client,
                                                    article):
    assert send(browser_client, {"article": article.pk}).json()["views"] == 1
    again = send(browser_client, {"article": article.pk}).json()
    assert again == {**again, "counted": False, "views": 1}
    other = send(browser_client, {"article": article.pk}, REMOTE_ADDR="10.1.2.3").json()
    assert other["counted"] is True and other["views"] == 2


def test_dedupe_window_reopens_after_thirty_minutes(database_counters, article):
    from broadsheet.engagement.visitor import Visitor

    visitor = Visitor(hash="h1", reader_id=None, history_allowed=False, new_reader=False,
                      user_agent=CHROME, accept_language="en")
    start = timezone.now()
    record = services.event_record
    assert record(kind=1, article_id=article.pk, visitor=visitor, now=start)
    assert not record(kind=1, article_id=article.pk, visitor=visitor,
                      now=start + timedelta(minutes=29, seconds=59))
    assert record(kind=1, article_id=article.pk, visitor=visitor,
                  now=start + timedelta(minutes=30))


def test_dedupe_holds_across_processes_through_the_database(database_counters, article):
    """The claim is one SQL statement, not a per-process cache: a second backend instance
    (another gunicorn worker) sees the first one's claim."""
    from broadsheet.engagement.backends.base import Event
    from broadsheet.engagement.backends.database import DatabaseCounterBackend

    worker_a = DatabaseCounterBackend(alias="a", options={})
    worker_b = DatabaseCounterBackend(alias="b", options={})
    event = Event(kind=1, article_id=article.pk, occurred_at=timezone.now())
    assert worker_a.record(event, dedupe_key="k", window=timedelta(minutes=30))
    assert not worker_b.record(event, dedupe_key="k", window=timedelta(minutes=30))


def test_visitor_hash_rotates_daily_and_hides_the_address():
    day1 = timezone.now().replace(hour=12)
    first = visitor_hash(ip="203.0.113.9", user_agent=CHROME, now=day1)
    assert first == visitor_hash(ip="203.0.113.9", user_agent=CHROME,
                                 now=day1 + timedelta(hours=1))
    assert first != visitor_hash(ip="203.0.113.9", user_agent=CHROME,
                                 now=day1 + timedelta(days=1))
    assert "203.0.113.9" not in first and len(first) == 32


@pytest.mark.parametrize("user_agent", CRAWLERS)
def test_crawlers_and_headless_browsers_are_not_counted(database_counters, client, article,
                                                        user_agent):
    response = send(client, {"article": article.pk}, HTTP_USER_AGENT=user_agent,
                    HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    assert response.json()["counted"] is False
    assert PendingEvent.objects.count() == 0
    assert "bs_rid" not in response.cookies


@pytest.mark.parametrize("user_agent", BROWSERS)
def test_real_browsers_are_not_mistaken_for_crawlers(user_agent):
    assert not is_automated(user_agent=user_agent, accept_language="en-GB")


def test_webdriver_flag_and_missing_accept_language_are_automation(database_counters, client,
                                                                   article):
    driven = send(client, {"article": article.pk, "webdriver": True}, **BROWSER_HEADERS)
    assert driven.json()["counted"] is False
    bare = send(client, {"article": article.pk}, HTTP_USER_AGENT=CHROME)
    assert bare.json()["counted"] is False
    assert PendingEvent.objects.count() == 0


@pytest.mark.parametrize(("body", "status", "message"), [
    ("{not json", 400, "not valid JSON"),
    ("[1, 2]", 400, "JSON object"),
    ("", 400, "empty"),
    ({"article": "12"}, 400, "positive integer"),
    ({"article": -3}, 400, "positive integer"),
    ({"article": True}, 400, "positive integer"),
    ({}, 400, "needs the article"),
    ({"article": 1, "type": "like"}, 400, "Unknown type"),
    ({"article": 1, "widget": "sidebar"}, 400, "Unknown widget"),
    ({"article": 1, "webdriver": "yes"}, 400, "webdriver"),
    ({"type": "impression"}, 400, "need a widget"),
    ({"type": "click", "widget": "related"}, 400, "target"),
    ({"type": "click", "widget": "related", "target": "x"}, 400, "target"),
    ({"article": 999999}, 404, "No published article"),
    ({"article": 1, "pad": "x" * 3000}, 413, "larger than"),
])
def test_bad_beacons_get_a_4xx_with_a_message(browser_client, article, body, status, message):
    response = send(browser_client, body)
    assert response.status_code == status
    assert message in response.json()["error"]


def test_unpublished_and_scheduled_articles_are_not_counted(browser_client):
    draft = ArticleFactory()
    scheduled = ArticleFactory(published_at=timezone.now() + timedelta(days=1))
    for target in (draft, scheduled):
        assert send(browser_client, {"article": target.pk}).status_code == 404


def test_beacon_only_accepts_post(browser_client):
    response = browser_client.get(URL)
    assert response.status_code == 405 and response["Allow"] == "POST"


def test_cross_site_beacon_is_refused(browser_client, article):
    response = send(browser_client, {"article": article.pk}, HTTP_SEC_FETCH_SITE="cross-site")
    assert response.status_code == 403
    response = send(browser_client, {"article": article.pk}, HTTP_ORIGIN="https://evil.example")
    assert response.status_code == 403


def test_same_origin_beacon_with_text_plain_body_is_accepted(database_counters, browser_client,
                                                             article):
    """navigator.sendBeacon sends text/plain; the JSON inside is what counts."""
    response = browser_client.post(URL, json.dumps({"article": article.pk}),
                                   content_type="text/plain", HTTP_ORIGIN="http://testserver",
                                   HTTP_SEC_FETCH_SITE="same-origin")
    assert response.status_code == 200 and response.json()["counted"] is True


def test_reader_history_is_kept_for_a_reader_who_allows_it(database_counters, browser_client,
                                                           article):
    first = send(browser_client, {"article": article.pk, "widget": "related"})
    reader_id = first.cookies["bs_rid"].value
    second_article = ArticleFactory(published=True)
    again = send(browser_client, {"article": second_article.pk})
    assert "bs_rid" not in again.cookies  # the same reader id is kept, not replaced
    services.counters_flush()
    events = list(ReadEvent.objects.order_by("occurred_at").values_list(
        "reader_id", "article_id", "widget"))
    assert [(str(r.hex), a, w) for r, a, w in events] == [
        (reader_id, article.pk, "related"), (reader_id, second_article.pk, "")]


@pytest.mark.parametrize("refusal", [
    {"HTTP_DNT": "1"}, {"HTTP_SEC_GPC": "1"}, {"opt_out_cookie": True},
])
def test_do_not_track_gpc_and_opt_out_are_counted_but_keep_no_history(
        database_counters, browser_client, article, refusal):
    headers = dict(refusal)
    if headers.pop("opt_out_cookie", False):
        browser_client.cookies["bs_optout"] = "1"
    browser_client.cookies["bs_rid"] = "0123456789abcdef0123456789abcdef"
    response = send(browser_client, {"article": article.pk}, **headers)
    assert response.json()["counted"] is True
    # An existing reader cookie is removed, and no new one is set.
    assert response.cookies["bs_rid"].value == ""
    services.counters_flush()
    assert ArticleStats.objects.get(article=article).views == 1
    assert ReadEvent.objects.count() == 0


def test_widget_impressions_and_clicks_reach_daily_stats(database_counters, browser_client,
                                                         article):
    target = ArticleFactory(published=True)
    assert send(browser_client, {"type": "impression", "widget": "most_read"}).json() == {
        "counted": True}
    send(browser_client, {"article": article.pk, "type": "impression", "widget": "related"})
    send(browser_client, {"article": article.pk, "type": "click", "widget": "related",
                          "target": target.pk})
    # A repeated impression of the same list by the same visitor counts once.
    send(browser_client, {"article": article.pk, "type": "impression", "widget": "related"})
    services.counters_flush()
    stats = {s.widget: (s.impressions, s.clicks) for s in WidgetStat.objects.all()}
    assert stats == {"most_read": (1, 0), "related": (1, 1)}


def test_beacon_shows_views_folded_and_pending(database_counters, client, article):
    for n in range(3):
        send(client, {"article": article.pk}, REMOTE_ADDR=f"10.0.0.{n}", **BROWSER_HEADERS)
    services.counters_flush()
    data = send(client, {"article": article.pk}, REMOTE_ADDR="10.0.0.9",
                **BROWSER_HEADERS).json()
    assert data["views"] == 4


def test_beacon_does_a_fixed_number_of_queries(database_counters, client, article, settings,
                                               django_assert_max_num_queries):
    # The counting path alone; what contributors (Recommended) add is measured with them.
    settings.BROADSHEET_BEACON_CONTRIBUTORS = []
    send(client, {"article": article.pk}, REMOTE_ADDR="10.0.0.1", **BROWSER_HEADERS)
    with django_assert_max_num_queries(9):
        send(client, {"article": article.pk}, REMOTE_ADDR="10.0.0.2", **BROWSER_HEADERS)


def test_forwarded_address_is_trusted_only_from_a_trusted_proxy(rf, settings):
    from broadsheet.engagement.visitor import client_ip

    settings.BROADSHEET_TRUSTED_PROXIES = ["127.0.0.1"]
    behind_proxy = rf.get("/", REMOTE_ADDR="127.0.0.1",
                          HTTP_X_FORWARDED_FOR="198.51.100.7, 127.0.0.1")
    assert client_ip(behind_proxy) == "198.51.100.7"
    direct = rf.get("/", REMOTE_ADDR="203.0.113.5", HTTP_X_FORWARDED_FOR="198.51.100.7")
    assert client_ip(direct) == "203.0.113.5"


def test_contributors_extend_the_answer_and_cannot_break_it(database_counters, settings,
                                                            browser_client, article):
    settings.BROADSHEET_BEACON_CONTRIBUTORS = [
        "tests.engagement.test_beacon.recommend_nothing",
        "tests.engagement.test_beacon.broken_contributor",
    ]
    data = send(browser_client, {"article": article.pk}).json()
    assert data["recommended"] == [] and data["views"] == 1


def recommend_nothing(*, request, article_id, reader_id, new_reader):
    return {"recommended": []}


def broken_contributor(*, request, article_id, reader_id, new_reader):
    raise RuntimeError("recommender down")


def test_reverse_names():
    assert reverse("engagement:beacon") == URL


def test_beacons_fold_buffered_counts_every_few_seconds(database_counters, settings, client,
                                                        article, monkeypatch):
    from broadsheet.engagement import services as engagement_services

    settings.BROADSHEET_COUNTER_FLUSH_SECONDS = 5
    monkeypatch.setattr(engagement_services, "_last_flush", 0.0)
    send(client, {"article": article.pk}, REMOTE_ADDR="10.0.0.1", **BROWSER_HEADERS)
    assert ArticleStats.objects.get(article=article).views == 1  # folded by that request
    send(client, {"article": article.pk}, REMOTE_ADDR="10.0.0.2", **BROWSER_HEADERS)
    # Within the interval the next one stays buffered (and is still shown).
    assert PendingEvent.objects.count() == 1
