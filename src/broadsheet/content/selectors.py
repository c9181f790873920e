"""Every read the public pages, feeds and API lists make. Each does its own joins and
prefetches, so a page's query count does not grow with articles, topics or authors."""

from dataclasses import dataclass, field

from django.core.paginator import Page, Paginator
from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone

from .models import Article, ArticleAuthor, Author, AuthorLink, Credit, Section, Topic

# Sections are at most this deep (Home > Business > Markets > Commodities).
_SECTION_ANCESTRY = "section__parent__parent"


def _live() -> QuerySet[Article]:
    return Article.objects.live().select_related(_SECTION_ANCESTRY)


def _with_bylines(queryset: QuerySet[Article]) -> QuerySet[Article]:
    return queryset.prefetch_related(
        Prefetch("credited_authors",
                 queryset=ArticleAuthor.objects.select_related("author").order_by("position"))
    )


def article_cards(queryset: QuerySet[Article]) -> QuerySet[Article]:
    """What an article card (headline, standfirst, section, byline, time) needs."""
    return _with_bylines(queryset.select_related(_SECTION_ANCESTRY)).defer("body", "body_html")


def article_get_for_page(*, slug: str) -> Article | None:
    """A live article with everything its page shows, or None."""
    return _article_page_queryset(_live()).filter(slug=slug).first()


def article_get_for_preview(*, pk: int) -> Article | None:
    """Any article, whatever its status (editors' preview)."""
    return _article_page_queryset(Article.objects.select_related(_SECTION_ANCESTRY)).filter(
        pk=pk).first()


def _article_page_queryset(queryset: QuerySet[Article]) -> QuerySet[Article]:
    return queryset.prefetch_related(
        Prefetch("credited_authors", queryset=ArticleAuthor.objects.select_related(
            "author").prefetch_related(Prefetch("author__links",
                                                queryset=AuthorLink.objects.order_by("position")))
            .order_by("position")),
        Prefetch("topics", queryset=Topic.objects.order_by("name")),
        Prefetch("credits", queryset=Credit.objects.select_related("author").order_by("position")),
        "corrections",
    )


def articles_latest(*, limit: int = 10, exclude_ids: tuple[int, ...] = ()) -> list[Article]:
    """The newest live articles, as cards."""
    return list(article_cards(Article.objects.live().exclude(pk__in=exclude_ids))[:limit])


def sections_for_navigation() -> list[Section]:
    """Top-level sections in navigation order."""
    return list(Section.objects.filter(parent__isnull=True).order_by("position", "name"))


def section_get_by_path(*, path: str) -> Section | None:
    """The section at a slug path ("business/markets"), with its ancestors and children."""
    return (Section.objects.select_related("parent__parent")
            .prefetch_related(Prefetch("children", queryset=Section.objects.order_by(
                "position", "name")))
            .filter(path=path).first())


def _subtree_filter(section: Section) -> dict:
    # Paths nest, so "business" and "business/..." are the section and all below it.
    return {"section__path__startswith": f"{section.path}/"}


def section_articles(*, section: Section) -> QuerySet[Article]:
    """Live articles in the section and its subsections, newest first."""
    return article_cards(
        Article.objects.live().filter(Q(section=section) | Q(**_subtree_filter(section)))
    )


def topic_articles(*, topic: Topic) -> QuerySet[Article]:
    """Live articles on a topic, newest first."""
    return article_cards(Article.objects.live().filter(topics=topic))


def author_articles(*, author: Author) -> QuerySet[Article]:
    """Live articles an author is on the byline of, newest first."""
    return article_cards(Article.objects.live().filter(credited_authors__author=author))


def author_get_for_page(*, slug: str) -> Author | None:
    """An author with their profile links."""
    return Author.objects.prefetch_related(
        Prefetch("links", queryset=AuthorLink.objects.order_by("position"))
    ).filter(slug=slug).first()


def topic_get(*, slug: str) -> Topic | None:
    return Topic.objects.filter(slug=slug).first()


def paginate(queryset: QuerySet, *, page: str | int | None, per_page: int) -> Page:
    """A page of results; a bad or too-large page number gives the last page."""
    return Paginator(queryset, per_page).get_page(page)


@dataclass
class SectionBlock:
    section: Section
    articles: list[Article] = field(default_factory=list)


@dataclass
class HomePage:
    lead: Article | None
    top_stories: list[Article]
    latest: list[Article]
    section_blocks: list[SectionBlock]


def home_page(*, per_section: int = 4, top: int = 4, latest: int = 8) -> HomePage:
    """Lead story, top stories, a latest list and a block per top-level section.

    Articles appear at most once on the page. The number of queries grows with the number
    of top-level sections (one small indexed query each), never with the archive.
    """
    now = timezone.now()
    lead = article_cards(Article.objects.live(now=now).filter(featured=True)).first()
    if lead is None:
        lead = article_cards(Article.objects.live(now=now)).first()
    shown = {lead.pk} if lead else set()

    recent = list(article_cards(Article.objects.live(now=now).exclude(pk__in=shown))[
        : top + latest])
    top_stories, latest_list = recent[:top], recent[top:]
    shown.update(a.pk for a in recent)

    sections = list(Section.objects.select_related("parent__parent"))
    roots = sorted((s for s in sections if s.parent_id is None),
                   key=lambda s: (s.position, s.name))
    sections_of_root: dict[int, list[int]] = {root.pk: [] for root in roots}
    for section in sections:
        sections_of_root[section.lineage()[0].pk].append(section.pk)
    # One small id query per top-level section walks the (section, status, published_at)
    # index; ranking every live article in one window query grew with the archive.
    ids_of_root = {
        root.pk: list(Article.objects.live(now=now)
                      .filter(section_id__in=sections_of_root[root.pk])
                      .exclude(pk__in=shown).order_by("-published_at", "-id")
                      .values_list("id", flat=True)[:per_section])
        for root in roots
    }
    cards = article_cards(Article.objects.filter(
        pk__in=[pk for ids in ids_of_root.values() for pk in ids])).in_bulk()
    blocks = [SectionBlock(section=root, articles=[cards[pk] for pk in ids_of_root[root.pk]])
              for root in roots]
    return HomePage(lead=lead, top_stories=top_stories, latest=latest_list,
                    section_blocks=[b for b in blocks if b.articles])
