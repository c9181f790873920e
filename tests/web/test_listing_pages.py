from datetime import UTC, datetime, timedelta

import pytest
from bs4 import BeautifulSoup

from tests.factories import ArticleFactory, AuthorFactory, SectionFactory, TopicFactory

pytestmark = pytest.mark.django_db


def soup_of(response):
    return BeautifulSoup(response.content, "html.parser")


def headings_in_order(soup) -> list[int]:
    return [int(h.name[1]) for h in soup.find_all(["h1", "h2", "h3", "h4", "h5", "h6"])]


def assert_no_heading_jumps(soup):
    levels = headings_in_order(soup)
    assert levels[0] == 1 and levels.count(1) == 1, levels
    for before, after in zip(levels, levels[1:], strict=False):
        assert after <= before + 1, levels


def test_home_shows_lead_top_stories_latest_and_section_blocks(client):
    news, sport = SectionFactory(name="News", position=0), SectionFactory(name="Sport", position=1)
    lead = ArticleFactory(headline="The lead story", section=news, featured=True,
                          published_at=datetime(2026, 1, 1, 9, 0, tzinfo=UTC))
    for i in range(14):
        ArticleFactory(headline=f"Story {i}", section=news if i % 2 else sport,
                       published_at=datetime(2026, 1, 2, 9, 0, tzinfo=UTC) + timedelta(hours=i))
    response = client.get("/")
    soup = soup_of(response)
    assert response.status_code == 200
    assert soup.title.string == "The Test Courier — Independent news, first-party and fast"
    lead_card = soup.find(class_="card--lead")
    assert lead_card.find("h2").get_text(strip=True) == "The lead story"
    assert lead_card.find("a", href=lead.get_absolute_url())
    top = soup.find(class_="front-top")
    assert [h.get_text(strip=True) for h in top.find_all("h3")] == [
        "Story 13", "Story 12", "Story 11", "Story 10"]
    assert len(soup.find(class_="latest-list").find_all("li")) == 8
    blocks = soup.find_all(class_="section-block")
    # The two oldest stories fill the section blocks, in navigation order.
    assert [b.h2.get_text(strip=True).rstrip("›").strip() for b in blocks] == ["News", "Sport"]
    assert [h.get_text(strip=True) for b in blocks for h in b.find_all("h3")] == [
        "Story 1", "Story 0"]
    # Each story appears once on the front page.
    headlines = [a.get_text(strip=True) for a in soup.select("main h2 a, main h3 a")
                 if a.find_parent(class_="card") or a.find_parent(class_="latest-list")]
    assert len(headlines) == len(set(headlines)) == 15
    assert_no_heading_jumps(soup)


def test_home_without_stories_says_so(client):
    soup = soup_of(client.get("/"))
    assert "Nothing published yet" in soup.get_text()
    assert_no_heading_jumps(soup)


def test_cards_show_section_byline_standfirst_and_time(client):
    section = SectionFactory(name="Politics")
    author = AuthorFactory(name="Rita Vance")
    ArticleFactory(headline="Vote passes", standfirst="A narrow win.", section=section,
                   authors=[author], published_at=datetime(2026, 1, 15, 14, 5, tzinfo=UTC))
    card = soup_of(client.get(section.get_absolute_url())).find(class_="card")
    assert card.find(class_="card-headline").get_text(strip=True) == "Vote passes"
    assert card.find(class_="card-standfirst").get_text(strip=True) == "A narrow win."
    assert card.find(class_="card-label").get_text(strip=True) == "Politics"
    assert card.find(class_="card-byline").get_text(strip=True) == "By Rita Vance"
    assert card.time["datetime"] == "2026-01-15T14:05:00+00:00"


def test_section_page_has_breadcrumb_subsections_and_pagination(client, settings):
    settings.BROADSHEET_PAGE_SIZE = 2
    business = SectionFactory(name="Business")
    markets = SectionFactory(name="Markets", parent=business)
    SectionFactory(name="Companies", parent=business)
    for i in range(5):
        ArticleFactory(section=markets if i % 2 else business, headline=f"Business story {i}",
                       published_at=datetime(2026, 1, 1, tzinfo=UTC) + timedelta(hours=i))
    soup = soup_of(client.get("/business/"))
    assert soup.title.string == "Business — The Test Courier"
    assert soup.h1.get_text() == "Business"
    assert [a.get_text() for a in soup.find("nav", class_="subnav").find_all("a")] == [
        "Companies", "Markets"]
    pagination = soup.find("nav", class_="pagination")
    assert "Page 1 of 3" in pagination.get_text()
    assert pagination.find("a", rel="next")["href"] == "?page=2"
    assert pagination.find("a", rel="prev") is None
    assert_no_heading_jumps(soup)

    soup = soup_of(client.get("/business/?page=2"))
    pagination = soup.find("nav", class_="pagination")
    assert "Page 2 of 3" in pagination.get_text()
    assert pagination.find("a", rel="prev")["href"] == "/business/"
    assert pagination.find("a", rel="next")["href"] == "?page=3"
    assert pagination.find("a", attrs={"aria-current": "page"}).get_text() == "2"
    assert soup.title.string == "Business, page 2 — The Test Courier"
    assert soup.find("link", rel="canonical")["href"] == "http://testserver/business/?page=2"

    sub = soup_of(client.get("/business/markets/"))
    crumbs = [a.get_text() for a in sub.find("nav", class_="breadcrumb").find_all("a")]
    assert crumbs == ["Home", "Business", "Markets"]
    assert sub.find("nav", class_="breadcrumb").find("a", attrs={"aria-current": "page"})


@pytest.mark.parametrize("page", ["abc", "999999", "0", "-1", "2.5", ""])
def test_bad_page_numbers_do_not_fail(client, settings, page):
    settings.BROADSHEET_PAGE_SIZE = 2
    section = SectionFactory(name="World")
    topic = TopicFactory(name="Trade")
    author = AuthorFactory(name="Ivo Marsh")
    for _ in range(3):
        ArticleFactory(published=True, section=section, topics=[topic], authors=[author])
    for url in ("/world/", "/topics/trade/", "/authors/ivo-marsh/"):
        response = client.get(f"{url}?page={page}")
        assert response.status_code == 200, (url, page)
        assert "Page " in soup_of(response).find("nav", class_="pagination").get_text()


def test_topic_page_lists_its_stories(client):
    topic = TopicFactory(name="Climate", description="Heat, floods and the response.")
    ArticleFactory(published=True, headline="Floods return", topics=[topic])
    ArticleFactory(published=True, headline="Unrelated budget story")
    soup = soup_of(client.get(topic.get_absolute_url()))
    assert soup.title.string == "Climate — The Test Courier"
    assert soup.h1.get_text() == "Climate"
    assert "Heat, floods and the response." in soup.get_text()
    assert [h.get_text(strip=True) for h in soup.find_all(class_="card-headline")] == [
        "Floods return"]
    assert_no_heading_jumps(soup)


def test_author_page_shows_profile_and_their_stories(client):
    author = AuthorFactory(name="Nia Cole", role="Health editor", organisation="The Test Courier",
                           bio="Nia writes about hospitals.", email="nia@example.org",
                           links=["https://bsky.app/profile/nia.example.org"])
    ArticleFactory(published=True, headline="Waiting lists fall", authors=[author])
    ArticleFactory(published=True, headline="Somebody else's story")
    soup = soup_of(client.get(author.get_absolute_url()))
    assert soup.title.string == "Nia Cole — The Test Courier"
    assert soup.h1.get_text() == "Nia Cole"
    assert soup.find(class_="profile-role").get_text() == "Health editor, The Test Courier"
    assert soup.find(class_="profile-bio").get_text() == "Nia writes about hospitals."
    links = {a.get_text(): a["href"] for a in soup.find(class_="author-links").find_all("a")}
    assert links == {"Bluesky": "https://bsky.app/profile/nia.example.org",
                     "nia@example.org": "mailto:nia@example.org"}
    assert [h.get_text(strip=True) for h in soup.find_all(class_="card-headline")] == [
        "Waiting lists fall"]
    assert_no_heading_jumps(soup)


def test_navigation_lists_top_level_sections_and_marks_the_current_one(client):
    news = SectionFactory(name="News", position=0)
    SectionFactory(name="Sport", position=1)
    SectionFactory(name="Local", parent=news)
    soup = soup_of(client.get("/news/local/"))
    nav = soup.find("nav", class_="site-nav")
    assert [a.get_text() for a in nav.find_all("a")] == ["Home", "News", "Sport", "Search"]
    assert nav.find("a", attrs={"aria-current": True}).get_text() == "News"


def test_every_page_has_landmarks_skip_link_and_language(client, full_article):
    for url in ("/", "/business/", "/topics/housing/", "/authors/ana-ruiz/",
                full_article.get_absolute_url()):
        soup = soup_of(client.get(url))
        assert soup.html["lang"] == "en-gb"
        assert soup.find("header") and soup.find("nav") and soup.find("footer")
        main = soup.find("main", id="main")
        assert main is not None
        assert soup.find("a", class_="skip-link")["href"] == "#main"
        assert soup.find("link", rel="icon")["href"].endswith(".svg")
        for img in soup.find_all("img"):
            assert img.has_attr("alt"), img


@pytest.mark.parametrize("url", [
    "/no-such-section/",
    "/news/no-such-sub/",
    "/topics/no-such-topic/",
    "/authors/no-such-author/",
    "/news/2026/01/15/no-such-article/",
    "/preview/999999/",
])
def test_unknown_addresses_give_the_friendly_404(client, editor, url):
    SectionFactory(name="News")
    if url.startswith("/preview/"):
        client.force_login(editor)
    response = client.get(url)
    assert response.status_code == 404
    soup = soup_of(response)
    assert soup.title.string == "Page not found — The Test Courier"
    assert soup.find("main").find("a", href="/")
    assert soup.find("ul", class_="error-sections").find("a", href="/news/")


def test_server_error_page_renders_without_the_database(rf):
    # No `db` fixture: any query here would raise, as it would with the database down.
    from broadsheet.web.views import server_error

    response = server_error(rf.get("/"))
    assert response.status_code == 500
    soup = BeautifulSoup(response.content, "html.parser")
    assert soup.title.string == "Something went wrong — The Test Courier"
    assert soup.find("a", href="/")
