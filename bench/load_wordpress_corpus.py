"""Load the WordPress baseline's corpus into a Broadsheet database, through the content services.

The WordPress peer (``../shared/peers/wordpress/setup.sh``) writes its synthetic news corpus to
``/var/tmp/wpbench/content.json`` and imports the same file into WordPress, so both sites serve
the same 2,000 articles. This script maps it onto Broadsheet the way an editor would build it:

    categories -> top-level sections      tags  -> topics
    authors    -> authors                 posts -> articles, published at the post's date

Post bodies become Markdown paragraphs. The file holds each post's paragraphs as plain text
(``paragraphs``); a post given as WordPress content instead (``content``: Gutenberg block HTML)
has its block comments stripped and each ``<p>`` kept as one paragraph.

    BROADSHEET_DATA_DIR=/tmp/bench-data DATABASE_URL=... \\
        .venv/bin/python bench/load_wordpress_corpus.py /var/tmp/wpbench/content.json [--reset]

Running it twice is harmless: what already exists (by slug) is kept, not duplicated.
``--reset`` first deletes the corpus's own articles, sections, topics and authors.
"""

import argparse
import html
import json
import os
import re
import secrets
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

# Runnable from a checkout without installing the package.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))

_BLOCK_COMMENT = re.compile(r"<!--.*?-->", re.S)
_PARAGRAPH = re.compile(r"<p\b[^>]*>(.*?)</p>", re.S | re.I)
_TAG = re.compile(r"<[^>]+>")
_SPACE = re.compile(r"\s+")
# Characters that would start Markdown syntax inside running text.
_INLINE_SPECIAL = re.compile(r"([\\`*_\[\]<>|~])")
# Line starts that Markdown would read as a heading, list, quote or rule.
_BLOCK_START = re.compile(r"^(#|>|[-+*](\s|$)|\d+[.)](\s|$)|=+\s*$|-{3,}\s*$)")


def slugify(text: str) -> str:
    """WordPress logins and slugs ("mara.lind") as Broadsheet slugs ("mara-lind")."""
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def markdown_escape(text: str) -> str:
    """Plain text as a Markdown paragraph that renders back to the same words."""
    text = _INLINE_SPECIAL.sub(r"\\\1", _SPACE.sub(" ", text).strip())
    return "\\" + text if _BLOCK_START.match(text) else text


def gutenberg_paragraphs(content: str) -> list[str]:
    """The text of each paragraph of Gutenberg block HTML (block comments and tags removed)."""
    content = _BLOCK_COMMENT.sub("", content)
    found = _PARAGRAPH.findall(content)
    if not found:  # classic-editor content: paragraphs are separated by blank lines
        found = re.split(r"\n\s*\n", content)
    paragraphs = (html.unescape(_TAG.sub("", p)) for p in found)
    return [p for p in (_SPACE.sub(" ", p).strip() for p in paragraphs) if p]


def post_markdown(post: dict) -> str:
    """The post's body as Markdown: one paragraph per WordPress paragraph."""
    if "paragraphs" in post:
        paragraphs = [p for p in (_SPACE.sub(" ", p).strip() for p in post["paragraphs"]) if p]
    else:
        paragraphs = gutenberg_paragraphs(post.get("content", ""))
    return "\n\n".join(markdown_escape(p) for p in paragraphs)


def post_datetime(value: str) -> datetime:
    """WordPress post_date; the peer installs WordPress with its clock on UTC."""
    when = datetime.fromisoformat(value.replace(" ", "T"))
    return when if when.tzinfo else when.replace(tzinfo=UTC)


def setup_django() -> None:
    os.environ["DJANGO_SETTINGS_MODULE"] = "broadsheet.settings.base"
    # The settings refuse to start without a key when debug is off; a loader needs none
    # that lasts, so an absent one is made up for this process only.
    os.environ.setdefault("BROADSHEET_SECRET_KEY", secrets.token_urlsafe(50))
    import django

    django.setup()


def reset(doc: dict) -> None:
    """Delete the corpus's articles, then its sections, topics and authors."""
    from broadsheet.content.models import Article, Author, Section, Topic

    # Deleting is not an editorial action with a service; it only clears a bench database.
    Article.objects.filter(slug__in=[p["slug"] for p in doc["posts"]]).delete()
    Section.objects.filter(parent__isnull=True,
                           slug__in=[c["slug"] for c in doc["categories"]]).delete()
    Topic.objects.filter(slug__in=[t["slug"] for t in doc["tags"]]).delete()
    Author.objects.filter(slug__in=[slugify(a["login"]) for a in doc["authors"]]).delete()


def load(doc: dict, *, log=print) -> dict[str, int]:
    """Create what is missing of the corpus; returns how many of each were created."""
    from django.db import transaction

    from broadsheet.content import services
    from broadsheet.content.models import Article, Author, Section, Topic

    made = {"sections": 0, "topics": 0, "authors": 0, "articles": 0}
    with transaction.atomic():
        sections = {s.slug: s for s in Section.objects.filter(parent__isnull=True)}
        for position, category in enumerate(doc["categories"]):
            if category["slug"] not in sections:
                sections[category["slug"]] = services.section_create(
                    name=category["name"], slug=category["slug"], position=position)
                made["sections"] += 1
        topics = {t.slug: t for t in Topic.objects.all()}
        for tag in doc["tags"]:
            if tag["slug"] not in topics:
                topics[tag["slug"]] = services.topic_create(name=tag["name"], slug=tag["slug"])
                made["topics"] += 1
        authors = {a.slug: a for a in Author.objects.all()}
        by_login = {}
        for author in doc["authors"]:
            slug = slugify(author["login"])
            if slug not in authors:
                authors[slug] = services.author_create(name=author["display_name"], slug=slug)
                made["authors"] += 1
            by_login[author["login"]] = authors[slug]

    existing = set(Article.objects.values_list("slug", flat=True))
    started = time.monotonic()
    todo = [p for p in doc["posts"] if p["slug"] not in existing]
    # One transaction per batch: far faster than one per article on SQLite, and an
    # interrupted load keeps what it finished.
    for start in range(0, len(todo), 250):
        with transaction.atomic():
            for post in todo[start:start + 250]:
                article = services.article_create(
                    headline=post["title"],
                    slug=post["slug"],
                    body=post_markdown(post),
                    section=sections[post["category"]],
                    authors=[by_login[post["author"]]],
                    topics=[topics[slug] for slug in post["tags"]],
                )
                services.article_publish(article=article, at=post_datetime(post["date"]))
                made["articles"] += 1
        log(f"  articles: {made['articles']}/{len(todo)} ({time.monotonic() - started:.1f}s)")
    return made


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("corpus", type=Path, help="content.json written by the WordPress peer")
    parser.add_argument("--reset", action="store_true",
                        help="delete the corpus's articles, sections, topics and authors first")
    args = parser.parse_args(argv)
    doc = json.loads(args.corpus.read_text())
    setup_django()
    from broadsheet.content.models import Article

    if args.reset:
        reset(doc)
    made = load(doc)
    live = Article.objects.live().count()
    print(f"created {made['sections']} sections, {made['topics']} topics, "
          f"{made['authors']} authors, {made['articles']} articles; {live} live articles in all")
    return 0


if __name__ == "__main__":
    sys.exit(main())
