from io import BytesIO

import pytest
from django.core.files.base import ContentFile
from PIL import Image

from broadsheet.content import services
from broadsheet.content.models import Article

pytestmark = pytest.mark.django_db


def _png(width, height):
    buffer = BytesIO()
    Image.new("RGB", (width, height), (30, 90, 160)).save(buffer, "PNG")
    return ContentFile(buffer.getvalue(), name="harbour.png")


def test_hero_image_gets_smaller_webp_copies_for_phones(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        article = services.article_create(headline="Harbour", hero_image=_png(1600, 900),
                                          hero_alt="The harbour at dawn")
    article.refresh_from_db()
    widths = [r["width"] for r in article.hero_renditions]
    assert widths == [480, 960, 1440]
    first = article.hero_renditions[0]
    assert first["height"] == 270
    with article.hero_image.storage.open(first["name"]) as handle:
        image = Image.open(handle)
        assert (image.format, image.size) == ("WEBP", (480, 270))
    srcset = article.hero_srcset
    assert srcset.endswith(f"{article.hero_image.url} 1600w")
    assert "480w" in srcset and "1440w" in srcset


def test_small_image_is_not_upscaled(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        article = services.article_create(headline="Tiny", hero_image=_png(600, 400),
                                          hero_alt="A small picture")
    article.refresh_from_db()
    assert [r["width"] for r in article.hero_renditions] == [480]


def test_replacing_the_image_replaces_its_copies(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        article = services.article_create(headline="Swap", hero_image=_png(1000, 500),
                                          hero_alt="First picture")
    with django_capture_on_commit_callbacks(execute=True):
        services.article_update(article=article, hero_image=_png(2000, 1000),
                                hero_alt="Second picture")
    article = Article.objects.get(pk=article.pk)
    assert [r["width"] for r in article.hero_renditions] == [480, 960, 1440]
    assert article.hero_width == 2000


def test_article_without_image_has_no_srcset():
    assert services.article_create(headline="Words only").hero_srcset == ""
