"""The real site in headless Chromium, on a phone and a desktop, with screenshots to look at.

Screenshots go to ./screenshots/ (git-ignored). Skipped when Chromium or Playwright is missing.
"""

import io
from datetime import timedelta
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from broadsheet.content import services
from tests.factories import ArticleFactory, AuthorFactory, SectionFactory, TopicFactory

pytestmark = pytest.mark.browser

CHROMIUM = "/usr/bin/chromium"
SCREENSHOTS = Path(__file__).resolve().parents[2] / "screenshots"
VIEWPORTS = {"phone": {"width": 390, "height": 844}, "desktop": {"width": 1366, "height": 900}}
LAUNCH_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
               "--disable-component-update", "--disable-sync", "--no-first-run"]

BODY = "\n\n".join([
    "The council voted on Tuesday evening after a debate that ran for more than four hours.",
    "Supporters said the plan would bring homes within walking distance of the station; "
    "opponents said too few of them would be affordable.",
    "## What happens next",
    "Construction is due to start next spring, subject to a review of the transport plan.",
    "> The test is whether people who grew up here can afford to stay.",
    "Opposition councillors said they would keep pressing for more social housing.",
])


def hero_png(color=(38, 84, 124), size=(1600, 1000)) -> SimpleUploadedFile:
    from PIL import Image, ImageDraw

    image = Image.new("RGB", size, color)
    draw = ImageDraw.Draw(image)
    for i in range(6):
        left = 120 + i * 240
        draw.rectangle([left, size[1] - 250 - i * 70, left + 160, size[1]], fill=(20, 28, 40))
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    return SimpleUploadedFile("hero.png", buffer.getvalue(), content_type="image/png")


@pytest.fixture
def browser_site(settings, tmp_path):
    settings.ROOT_URLCONF = "tests.browser.urls"
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.STORAGES = {
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture
def newsroom(browser_site, transactional_db):
    news = SectionFactory(name="News", position=0,
                          description="What is happening across the region.")
    local = SectionFactory(name="Local", parent=news)
    business = SectionFactory(name="Business", position=1, description="Companies and work.")
    SectionFactory(name="Culture", position=2)
    housing, transport = TopicFactory(name="Housing"), TopicFactory(name="Transport")
    writer = AuthorFactory(name="Amara Okafor", role="City correspondent",
                           bio="Amara covers housing and the council.",
                           email="amara@example.org", links=["https://x.com/amara"])
    now = timezone.now()
    lead = ArticleFactory(
        headline="Council approves 4,000 homes on the old rail yards",
        standfirst="The vote ends months of argument over who will be able to live there.",
        body=BODY, section=local, authors=[writer], topics=[housing, transport], kind="analysis",
        featured=True, dateline="Leeds", hero_image=hero_png(),
        hero_alt="The disused rail yards seen from the canal bridge",
        hero_caption="The site from the canal bridge.", hero_credit="Photo: Courier",
        credits=[("Tom Lee", "reporting"), ("Sam Ode", "research")],
        published_at=now - timedelta(hours=1))
    services.correction_add(article=lead, text="An earlier version misstated the number of homes.")
    for i in range(20):
        ArticleFactory(headline=f"Business story number {i} about the local economy",
                       section=business if i % 2 else news, body=BODY, authors=[writer],
                       hero_image=hero_png((120 + i * 8, 90, 60)) if i % 3 == 0 else "",
                       hero_alt="Illustration" if i % 3 == 0 else "",
                       published_at=now - timedelta(hours=2 + i))
    return {"lead": lead, "section": business}


def _launch(playwright):
    if not Path(CHROMIUM).exists():
        pytest.skip(f"{CHROMIUM} is not installed")
    try:
        return playwright.chromium.launch(executable_path=CHROMIUM, args=LAUNCH_ARGS)
    except Exception as error:  # noqa: BLE001 - any launch failure means "cannot test here"
        pytest.skip(f"Chromium cannot start: {error}")


def _load_lazy_images(page):
    # Lazy images below the fold would be blank in a full-page screenshot: load them all.
    page.evaluate("""() => Promise.all([...document.images].map(img => {
        img.loading = "eager";
        return img.complete ? null : new Promise(resolve => {
            img.addEventListener("load", resolve); img.addEventListener("error", resolve);
            setTimeout(resolve, 5000);
        });
    }))""")


def test_pages_on_phone_and_desktop(newsroom, live_server):
    playwright_api = pytest.importorskip("playwright.sync_api")
    pages = {
        "home": ("/", None),
        "section": (newsroom["section"].get_absolute_url(), "Business"),
        "article": (newsroom["lead"].get_absolute_url(), newsroom["lead"].headline),
        "not-found": ("/no-such-page/", "We can’t find that page"),
    }
    SCREENSHOTS.mkdir(exist_ok=True)
    # No database access from here on: Playwright's sync API runs an event loop in this thread.
    with playwright_api.sync_playwright() as playwright:
        browser = _launch(playwright)
        try:
            for device, viewport in VIEWPORTS.items():
                context = browser.new_context(viewport=viewport)
                page = context.new_page()
                failed = []
                page.on("response",
                        lambda r, failed=failed: failed.append(r.url) if r.status >= 400 else None)
                for name, (path, heading) in pages.items():
                    response = page.goto(live_server.url + path)
                    expected = 404 if name == "not-found" else 200
                    assert response.status == expected, path
                    if expected == 404:
                        failed.remove(response.url)
                    assert page.locator("link[rel=stylesheet]").count() == 1
                    # The stylesheet really applied (not just linked).
                    assert page.evaluate(
                        "getComputedStyle(document.querySelector('.site-footer'))"
                        ".backgroundColor") == "rgb(18, 18, 18)"
                    h1 = page.locator("h1")
                    if heading:
                        assert h1.inner_text() == heading
                        assert h1.is_visible()
                    lead = page.locator("main h1, main h2").first
                    assert lead.is_visible()
                    _load_lazy_images(page)
                    widths = page.evaluate("[document.documentElement.scrollWidth,"
                                           " document.documentElement.clientWidth]")
                    assert widths[0] <= widths[1], f"{name} scrolls sideways on {device}: {widths}"
                    page.screenshot(path=str(SCREENSHOTS / f"{name}-{device}.png"), full_page=True)
                assert not failed, failed
                page.goto(live_server.url + pages["article"][0])
                hero = page.locator("figure.hero img")
                # The browser picked a size from the srcset and it loaded.
                assert hero.evaluate("img => img.complete && img.naturalWidth > 0")
                assert hero.evaluate(
                    "img => img.srcset.includes(new URL(img.currentSrc).pathname)")
                context.close()
        finally:
            browser.close()


def test_share_button_appears_only_with_web_share(newsroom, live_server):
    playwright_api = pytest.importorskip("playwright.sync_api")
    url = live_server.url + newsroom["lead"].get_absolute_url()
    with playwright_api.sync_playwright() as playwright:
        browser = _launch(playwright)
        try:
            page = browser.new_page()
            page.goto(url)
            native = page.locator("[data-share-native]")
            has_share = page.evaluate("typeof navigator.share === 'function'")
            assert native.is_visible() == has_share
            page.add_init_script("navigator.share = async () => { window.__shared = true; };")
            page.goto(url)
            native.click()
            assert page.evaluate("window.__shared") is True
        finally:
            browser.close()

