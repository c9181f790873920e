"""The privacy page, opt-out, the Most read page, the page partials and history pruning."""

import json
from datetime import timedelta

import pytest
from bs4 import BeautifulSoup
from django.core.management import call_command
from django.template import Context, Template
from django.utils import timezone

from broadsheet.engagement import selectors, services
from broadsheet.engagement.aggregation import hour_start
from broadsheet.engagement.models import ArticleStats, HourlyViews, Reaction, ReadEvent
from tests.factories import ArticleFactory, SectionFactory

pytestmark = pytest.mark.django_db


def beacon(client, article):
    return client.post("/beacon/", json.dumps({"article": article.pk}),
                       content_type="application/json")


def test_privacy_page_is_the_same_for_everyone_and_cacheable(client):
    anonymous = client.get("/privacy/")
    client.cookies["bs_rid"] = "0" * 32
    client.cookies["bs_optout"] = "1"
    known = client.get("/privacy/")
    assert anonymous.status_code == 200
    assert anonymous.content == known.content
    assert "public" in anonymous["Cache-Control"]
    assert not anonymous.cookies
    assert b'value="opt-out"' in anonymous.content and b"90 days" in anonymous.content


def test_opting_out_deletes_history_and_stops_keeping_it(database_counters, browser_client,
                                                         article):
    reader = beacon(browser_client, article).cookies["bs_rid"].value
    services.counters_flush()
    assert ReadEvent.objects.filter(reader_id=reader).count() == 1

    response = browser_client.post("/privacy/", {"action": "opt-out"},
                                   HTTP_ORIGIN="http://testserver")
    assert response.status_code == 303 and response["Location"] == "/privacy/?done=opted-out"
    assert response.cookies["bs_optout"].value == "1"
    assert response.cookies["bs_rid"].value == ""
    assert ReadEvent.objects.count() == 0

    other = ArticleFactory(published=True)
    counted = beacon(browser_client, other)
    assert counted.json()["counted"] is True and "bs_rid" not in counted.cookies
    services.counters_flush()
    assert ReadEvent.objects.count() == 0
    assert ArticleStats.objects.get(article=other).views == 1
    assert b"opted out" in browser_client.get("/privacy/?done=opted-out").content


def test_opt_out_deletes_reads_still_buffered(database_counters, browser_client, article):
    beacon(browser_client, article)  # not folded yet
    browser_client.post("/privacy/", {"action": "opt-out"})
    services.counters_flush()
    assert ReadEvent.objects.count() == 0


def test_opting_back_in_needs_proof_of_same_site(browser_client):
    browser_client.cookies["bs_optout"] = "1"
    assert browser_client.post("/privacy/", {"action": "opt-in"}).status_code == 403
    forged = browser_client.post("/privacy/", {"action": "opt-in"},
                                 HTTP_ORIGIN="https://evil.example")
    assert forged.status_code == 403
    ok = browser_client.post("/privacy/", {"action": "opt-in"}, HTTP_ORIGIN="http://testserver")
    assert ok.status_code == 303 and ok.cookies["bs_optout"].value == ""
    assert browser_client.post("/privacy/", {"action": "delete-all"}).status_code == 400


def test_history_is_pruned_after_the_configured_period(settings, article):
    settings.BROADSHEET_HISTORY_DAYS = 90
    now = timezone.now()
    for days in (1, 89, 91, 200):
        ReadEvent.objects.create(reader_id="0" * 32, article=article,
                                 occurred_at=now - timedelta(days=days))
    assert services.history_prune(now=now) == 2
    assert sorted((now - e.occurred_at).days for e in ReadEvent.objects.all()) == [1, 89]
    call_command("engagement", "prune", "--days", "30")
    assert ReadEvent.objects.count() == 1


def test_read_events_replay_in_time_order(article):
    now = timezone.now()
    for minutes in (5, 1, 3):
        ReadEvent.objects.create(reader_id="1" * 32, article=article,
                                 occurred_at=now - timedelta(minutes=minutes))
    replayed = [e.occurred_at for e in selectors.read_events_replay(chunk_size=2)]
    assert replayed == sorted(replayed) and len(replayed) == 3


def _views(article, hours_ago, views, now):
    HourlyViews.objects.create(article=article, hour=hour_start(now) - timedelta(hours=hours_ago),
                               views=views)


def test_most_read_page_switches_windows(client):
    now = timezone.now()
    recent = ArticleFactory(published=True, headline="Recent hit")
    older = ArticleFactory(published=True, headline="Week-long favourite",
                           published_at=now - timedelta(days=6))
    _views(recent, 0, 50, now)
    _views(older, 100, 500, now)
    day = BeautifulSoup(client.get("/most-read/").content, "html.parser")
    assert [a.text for a in day.select("ol.ranked-list a")] == ["Recent hit"]
    week = client.get("/most-read/?window=7d")
    soup = BeautifulSoup(week.content, "html.parser")
    assert [a.text for a in soup.select("ol.ranked-list a")] == ["Week-long favourite",
                                                                 "Recent hit"]
    assert soup.select_one('[aria-current="page"]').text == "Last 7 days"
    assert soup.select_one('a[href="?window=1h"]') is not None
    assert "public" in week["Cache-Control"]
    assert client.get("/most-read/?window=1y").status_code == 400
    assert client.get("/most-read/?section=nowhere").status_code == 404


def test_most_read_page_query_count_does_not_grow(client, django_assert_max_num_queries):
    now = timezone.now()
    section = SectionFactory()
    for n in range(12):
        _views(ArticleFactory(published=True, section=section), 1, n + 1, now)
    with django_assert_max_num_queries(8):
        assert client.get(f"/most-read/?window=24h&section={section.path}").status_code == 200


def test_article_partial_renders_last_known_counts_for_everyone(article,
                                                                django_assert_num_queries):
    ArticleStats.objects.create(article=article, views=1234)
    Reaction.objects.create(article=article, voter_id="2" * 32, kind="sad")
    template = Template('{% include "engagement/_article_engagement.html" %}')
    with django_assert_num_queries(2):
        html = template.render(Context({"article": article}))
    soup = BeautifulSoup(html, "html.parser")
    assert soup.select_one("#view-count [data-views]").text == "1,234"
    assert soup.select_one("#view-count")["data-engagement-article"] == str(article.pk)
    assert soup.select_one('[data-reaction-count="sad"]').text == "1"
    assert all(b["aria-pressed"] == "false" for b in soup.select("[data-reaction]"))


def test_most_read_list_tag_leaves_out_the_current_article(article):
    now = timezone.now()
    other = ArticleFactory(published=True, headline="The other story")
    _views(article, 0, 100, now)
    _views(other, 0, 10, now)
    html = Template("{% load engagement_tags %}{% most_read_list article=article %}").render(
        Context({"article": article}))
    soup = BeautifulSoup(html, "html.parser")
    assert [a.text for a in soup.select("a[data-article-id]")] == ["The other story"]
    assert soup.select_one("[data-widget]")["data-widget"] == "most_read"


def test_simulate_traffic_fills_every_list(settings):
    now = timezone.now()
    sections = [SectionFactory(), SectionFactory()]
    for n in range(20):
        ArticleFactory(published_at=now - timedelta(hours=n * 9 + 1),
                       section=sections[n % 2])
    call_command("simulate_traffic", "--days", "7", "--readers", "50", "--views-per-day", "800")
    from broadsheet.discovery import ranking
    from broadsheet.engagement.models import WidgetStat

    totals = ArticleStats.objects.values_list("views", flat=True)
    assert 4500 < sum(totals) < 7000
    assert len(ranking.most_read(window="24h", now=now)) == 10
    assert len(ranking.trending(now=now)) == 10
    assert ReadEvent.objects.values("reader_id").distinct().count() > 30
    assert Reaction.objects.count() > 20
    assert {w.widget for w in WidgetStat.objects.all()} == {"related", "most_read",
                                                            "recommended"}
    # Each list's click-through rate is plausible: a few percent of impressions.
    for stat in WidgetStat.objects.filter(impressions__gte=500):
        assert 0.02 < stat.ctr < 0.15
    # Nights are quieter than evenings.
    by_hour = {}
    for bucket in HourlyViews.objects.all():
        local = timezone.localtime(bucket.hour).hour
        by_hour[local] = by_hour.get(local, 0) + bucket.views
    assert by_hour[3] * 4 < by_hour[20]
    # Deterministic: the same seed gives the same counts.
    first = sorted(totals)
    call_command("simulate_traffic", "--days", "7", "--readers", "50", "--views-per-day", "800",
                 "--reset")
    assert sorted(ArticleStats.objects.values_list("views", flat=True)) == first
