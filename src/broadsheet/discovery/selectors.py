"""Reads of the discovery engine: search results, and the reading lists of a page
(Related, Most read, Recommended) without repeats, drafts, or the current article."""

from dataclasses import dataclass, field

from django.core.paginator import Page, Paginator

from broadsheet.content.models import Article
from broadsheet.content.selectors import article_cards
from broadsheet.core.shortcache import ShortCache

from .search import SearchFilters, SearchResults, get_search_backend
from .search.backends.base import parse_query


class _Matches:
    """Stands in for the full result list so Django's Paginator knows the total."""

    def __init__(self, total: int) -> None:
        self.total = total

    def count(self) -> int:
        return self.total

    def __len__(self) -> int:
        return self.total


@dataclass
class SearchPage:
    """A page of search results as article cards, each with ``search_headline_html`` and
    ``search_snippet_html`` (escaped text with <mark> around matched words)."""

    query: str
    results: SearchResults
    page_obj: Page | None
    messages: list[str] = field(default_factory=list)

    @property
    def total(self) -> int:
        return self.results.total

    @property
    def searched(self) -> bool:
        """Whether the query had words to look for (not only symbols or exclusions)."""
        return not parse_query(self.query).is_empty


def search_articles(*, query: str, filters: SearchFilters | None = None,
                    page: int = 1, per_page: int = 20) -> SearchPage:
    """Live articles matching ``query`` in rank order, in a fixed number of queries."""
    results = get_search_backend().search(query, filters, page=page, per_page=per_page)
    if not results.hits:
        page_obj = None
        if results.total:
            page_obj = Page([], results.page, Paginator(_Matches(results.pageable), per_page))
        return SearchPage(query=results.query, results=results, page_obj=page_obj,
                          messages=list(results.messages))
    hits = {hit.article_id: hit for hit in results.hits}
    # The index is checked against the articles themselves: an article unpublished a moment
    # ago (its index task still queued) is not shown.
    found = {a.pk: a for a in article_cards(Article.objects.live().filter(pk__in=list(hits)))}
    articles = []
    for article_id, hit in hits.items():
        article = found.get(article_id)
        if article is None:
            continue
        article.search_headline_html = hit.headline_html
        article.search_snippet_html = hit.snippet_html
        article.search_score = hit.score
        articles.append(article)
    # Pages go as far as the ranked matches do; the total shown stays exact.
    paginator = Paginator(_Matches(results.pageable), per_page)
    return SearchPage(query=results.query, results=results,
                      page_obj=Page(articles, results.page, paginator),
                      messages=list(results.messages))


# --- Reading lists -------------------------------------------------------------------------


@dataclass
class ReadingLists:
    """What an article page shows around the story; no article appears twice."""

    related: list[Article]
    most_read: list


def _active_rules(scope: str, *, now, context_id: int | None = None) -> list:
    """The editors' rules in force for a list, cached until content or signals change."""
    from broadsheet.core.pagecache import page_generation

    key = f"broadsheet:rules:{page_generation()}:{scope}:{context_id or '-'}"
    rules = _generation_cached(key, lambda: _load_rules(scope, now=now, context_id=context_id))
    return [rule for rule in rules if rule.active(now.timestamp())]


# In front of the shared cache: the beacon asks for the same few keys thousands of times a
# second, and with Redis as the shared cache each ask would be a round trip. Keys name the
# page generation, so a content change is seen at once; otherwise half a minute is well within
# what the cached pages themselves show (BROADSHEET_PAGE_CACHE_SECONDS, a minute by default).
_process_memo = ShortCache(seconds=30)


def _generation_cached(key: str, load):
    """``load()`` cached for a minute in the shared cache, with this process's memo in front;
    ``key`` names the page generation, so any content change starts afresh."""
    from django.core.cache import cache

    def shared():
        value = cache.get(key)
        if value is None:
            value = load()
            cache.set(key, value, 60)
        return value

    return _process_memo.get(key, shared)


def _load_rules(scope: str, *, now, context_id: int | None) -> list:
    from django.db.models import Q

    from .models import EditorialSignal
    from .recommend.editorial import EditorialRule

    signals = EditorialSignal.objects.filter(scope=scope).filter(
        Q(expires_at__isnull=True) | Q(expires_at__gt=now))
    if context_id is not None:
        signals = signals.filter(context_id=context_id)
    section_paths = {}
    rules = []
    for signal in signals.select_related("section"):
        if signal.section_id is not None:
            section_paths[signal.section_id] = signal.section.path
        rules.append(signal)
    subsections = _subsections(section_paths)
    built = []
    for signal in rules:
        common = {"action": signal.action, "factor": signal.factor, "slot": signal.slot,
                  "expires_at": signal.expires_at}
        if signal.article_id is not None:
            built.append(EditorialRule(article=signal.article_id, **common))
        else:
            built += [EditorialRule(section=section_id, **common)
                      for section_id in subsections[signal.section_id]]
    return built


def _subsections(paths: dict[int, str]) -> dict[int, list[int]]:
    """Each section id with the ids of all sections below it (one query)."""
    if not paths:
        return {}
    from broadsheet.content.models import Section

    everything = list(Section.objects.values_list("pk", "path"))
    return {pk: [other for other, other_path in everything
                 if other_path == path or other_path.startswith(f"{path}/")]
            for pk, path in paths.items()}


def related_articles(*, article: Article, limit: int | None = None) -> list[Article]:
    """The article's Related list: the engine's ranking with the editors' pins and exclusions,
    live articles only. Three queries, whatever the list holds."""
    from django.conf import settings
    from django.utils import timezone

    from .models import RelatedList
    from .recommend.editorial import apply_editorial
    from .tasks import related_refresh_article

    limit = limit or settings.BROADSHEET_RELATED_SIZE
    now = timezone.now()
    stored = RelatedList.objects.filter(article_id=article.pk).values_list(
        "items", flat=True).first()
    if stored is None:
        # Not computed yet (e.g. a scheduled story that has just gone live): queue it; the
        # page shows the list once the page cache turns over.
        related_refresh_article.enqueue(article_id=article.pk)
        stored = []
    rules = _active_rules("related", now=now, context_id=article.pk)
    candidates = [pk for pk, _score in stored if pk != article.pk]
    wanted = set(candidates) | {rule.article for rule in rules if rule.article is not None}
    cards = Article.objects.live(now=now).filter(pk__in=wanted).select_related(
        "section").only("pk", "headline", "slug", "published_at", "created_at",
                        "section__name", "section__path", "source_published_at")
    live = {card.pk: card for card in cards} if wanted else {}
    scored = [(pk, 1.0 / (rank + 1)) for rank, pk in enumerate(candidates)]
    ids = apply_editorial(scored, rules, k=limit, now=now,
                          allowed=lambda pk: pk in live and pk != article.pk)
    return [live[pk] for pk in ids]


def article_reading_lists(*, article: Article) -> ReadingLists:
    """Related, then Most read without what Related already shows."""
    from django.conf import settings

    from .ranking import most_read

    related = related_articles(article=article)
    shown = {article.pk, *(a.pk for a in related)}
    popular = most_read(window="24h", limit=settings.BROADSHEET_RELATED_SIZE,
                        exclude_ids=shown)
    return ReadingLists(related=related, most_read=popular)


def page_list_ids(*, article_id: int) -> tuple[list[int], int | None]:
    """(ids the article page shows in Related and Most read, the article's section id),
    cached like the page itself, for the beacon to leave out of Recommended."""
    from broadsheet.core.pagecache import page_generation

    def load() -> tuple[list[int], int | None]:
        article = Article.objects.select_related("section").get(pk=article_id)
        lists = article_reading_lists(article=article)
        return ([a.pk for a in lists.related] + [r.article.pk for r in lists.most_read],
                article.section_id)

    return _generation_cached(f"broadsheet:page-lists:{page_generation()}:{article_id}", load)


@dataclass(frozen=True)
class Card:
    """What a reading list shows of an article, as the beacon sends it to the page."""

    id: int
    headline: str
    url: str
    section_id: int | None
    section: str

    def as_json(self) -> dict:
        return {"id": self.id, "headline": self.headline, "url": self.url,
                "section": self.section}


_cards = ShortCache(seconds=30, max_entries=50000)
_newest = ShortCache(seconds=10)
_MISSING = object()
NEWEST_WINDOW = 200


def live_cards(ids, *, now) -> dict[int, Card]:
    """Cards of the live articles among ``ids``; only ids this process has not seen in the
    current page generation (any edit or unpublication starts a new one) are queried."""
    from broadsheet.core.pagecache import page_generation

    generation = page_generation()
    found: dict[int, Card] = {}
    missing = []
    for pk in ids:
        card = _cards.lookup((generation, pk), default=_MISSING)
        if card is _MISSING:
            missing.append(pk)
        elif card is not None:
            found[pk] = card
    if missing:
        rows = {article.pk: _card_of(article) for article in _card_rows(
            Article.objects.live(now=now).filter(pk__in=missing))}
        for pk in missing:
            # Not live (yet): remembered too, so a pinned scheduled story costs one query
            # per process every 30 s, not one per beacon.
            _cards.put((generation, pk), rows.get(pk))
        found.update(rows)
    return found


def _card_rows(articles):
    """Only what a card shows: the bodies would cost more to load than everything else."""
    return articles.select_related("section").only(
        "pk", "headline", "slug", "published_at", "created_at", "section_id",
        "section__name", "section__path")


def _card_of(article: Article) -> Card:
    return Card(id=article.pk, headline=article.headline, url=article.get_absolute_url(),
                section_id=article.section_id,
                section=article.section.name if article.section_id else "")


def _newest_live_cards(*, now) -> list[Card]:
    """The newest live articles, for filling a list when scores run out."""
    from broadsheet.core.pagecache import page_generation

    def load() -> list[Card]:
        return [_card_of(article) for article in _card_rows(
            Article.objects.live(now=now).order_by("-published_at")[:NEWEST_WINDOW])]

    return _newest.get(page_generation(), load)


def recommended_articles(*, reader_id: str | None, current_article_id: int | None = None,
                         exclude_ids=(), section_id: int | None = None,
                         limit: int | None = None) -> list[Card]:
    """Recommended for this reader (or the non-personal list when ``reader_id`` is None),
    after the editors' signals, live articles only, never anything in ``exclude_ids``.

    Runs in every article beacon, so it reads cards and rules from per-process caches and
    usually queries nothing."""
    from django.conf import settings
    from django.utils import timezone

    from .engines import site_recommender
    from .recommend.editorial import apply_editorial

    limit = limit or settings.BROADSHEET_RECOMMENDED_SIZE
    now = timezone.now()
    recommender = site_recommender()
    if reader_id is not None and current_article_id is not None:
        recommender.read_now(reader=reader_id, article_id=current_article_id, at=now)
    banned = set(exclude_ids) | ({current_article_id} if current_article_id else set())
    # On an article page the list sits under the story just opened: ranked for a reader
    # who will have read it, not for one leaving it at once.
    scored = recommender.recommend(reader=reader_id, k=limit * 3, exclude=banned,
                                   section_id=section_id, now=now,
                                   reading_now=current_article_id is not None)
    rules = _active_rules("recommended", now=now)
    wanted = {pk for pk, _ in scored} | {r.article for r in rules if r.article is not None}
    live = live_cards(wanted - banned, now=now)
    ids = apply_editorial(scored, rules, k=limit, now=now,
                          section_of={pk: card.section_id for pk, card in live.items()},
                          allowed=live.__contains__)
    picks = [live[pk] for pk in ids]
    if len(picks) < limit:
        # Nothing read lately (a new site, a quiet night): the newest stories, never nothing.
        excluded = [r for r in rules if r.action == "exclude"]
        taken = banned | set(ids) | {r.article for r in excluded if r.article is not None}
        excluded_sections = {r.section for r in excluded if r.section}
        for card in _newest_live_cards(now=now):
            if len(picks) >= limit:
                break
            if card.id not in taken and card.section_id not in excluded_sections:
                picks.append(card)
                taken.add(card.id)
    return picks
