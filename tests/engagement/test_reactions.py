"""Reactions: one per reader per article, changeable, removable, CSRF-safe, rate-limited."""

import json

import pytest
from django.test import Client

from broadsheet.engagement.models import Reaction

from .conftest import BROWSER_HEADERS

pytestmark = pytest.mark.django_db

URL = "/reactions/"


def react(client, article, reaction, **headers):
    return client.post(URL, json.dumps({"article": article.pk, "reaction": reaction}),
                       content_type="application/json", **headers)


def test_react_change_and_remove(browser_client, article):
    first = react(browser_client, article, "insightful")
    assert first.status_code == 200
    assert first.json()["mine"] == "insightful"
    assert first.json()["reactions"]["insightful"] == 1
    assert first.cookies["bs_vid"]["samesite"] == "Lax"
    assert "no-store" in first["Cache-Control"]

    changed = react(browser_client, article, "sad").json()
    assert changed["mine"] == "sad"
    assert changed["reactions"]["insightful"] == 0 and changed["reactions"]["sad"] == 1

    removed = react(browser_client, article, None).json()
    assert removed["mine"] is None and sum(removed["reactions"].values()) == 0


def test_one_reaction_per_reader_per_article(browser_client, article):
    react(browser_client, article, "very_good")
    react(browser_client, article, "very_good")
    assert Reaction.objects.filter(article=article).count() == 1
    # Another reader (no cookie) adds their own.
    other = react(Client(**BROWSER_HEADERS), article, "very_good", REMOTE_ADDR="10.9.9.9").json()
    assert other["reactions"]["very_good"] == 2


def test_the_beacon_tells_the_reader_their_own_reaction(database_counters, browser_client,
                                                        article):
    react(browser_client, article, "surprising")
    data = browser_client.post("/beacon/", json.dumps({"article": article.pk}),
                               content_type="application/json").json()
    assert data["mine"] == "surprising" and data["reactions"]["surprising"] == 1


@pytest.mark.parametrize(("payload", "status", "message"), [
    ({"article": 1, "reaction": "love"}, 400, "Unknown reaction"),
    ({"article": "x", "reaction": "sad"}, 400, "positive integer"),
    ({"article": 99999, "reaction": "sad"}, 404, "No published article"),
])
def test_bad_reactions_get_a_4xx_with_a_message(browser_client, article, payload, status,
                                                message):
    response = browser_client.post(URL, json.dumps(payload), content_type="application/json")
    assert response.status_code == status and message in response.json()["error"]


def test_a_cross_site_form_cannot_react(browser_client, article):
    form = browser_client.post(URL, {"article": article.pk, "reaction": "sad"})
    assert form.status_code == 415
    cross = react(browser_client, article, "sad", HTTP_ORIGIN="https://evil.example")
    assert cross.status_code == 403
    fetch_meta = react(browser_client, article, "sad", HTTP_SEC_FETCH_SITE="cross-site")
    assert fetch_meta.status_code == 403
    same = react(browser_client, article, "sad", HTTP_ORIGIN="http://testserver",
                 HTTP_SEC_FETCH_SITE="same-origin")
    assert same.status_code == 200
    assert Reaction.objects.count() == 1


def test_crawlers_cannot_react(client, article):
    response = react(client, article, "angry", HTTP_USER_AGENT="Googlebot/2.1",
                     HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 403 and not Reaction.objects.exists()


def test_reactions_are_rate_limited_per_visitor(settings, browser_client, article):
    settings.BROADSHEET_REACTION_RATE_LIMIT_PER_MINUTE = 3
    statuses = [react(browser_client, article, kind).status_code
                for kind in ("sad", "angry", "sad", "angry")]
    assert statuses == [200, 200, 200, 429]


def test_reactions_only_by_post(browser_client):
    assert browser_client.get(URL).status_code == 405
