"""The search backend interface and what every implementation shares.

A backend keeps an index of published articles (scheduled ones included: the index stores
``published_at`` and a query only sees articles whose time has come) and answers queries with
ranked article ids, highlighted snippets and a total count. Reader input never reaches a query
language unchecked: it is cleaned and shortened here, then each backend turns it into a query
its engine cannot misread.
"""

from __future__ import annotations

import html
import math
import re
import unicodedata
from abc import ABC, abstractmethod
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any

from django.db import connections
from django.db.models import Q
from django.utils import timezone
from django.utils.html import strip_tags

from broadsheet.content.models import Article, ArticleAuthor

MAX_QUERY_CHARS = 300
MAX_QUERY_TERMS = 32
# Private-use characters mark highlighted words inside the engine's output; they are removed
# from indexed text, so they can only come from the engine, and become <mark> after escaping.
MARK_START = "\ue000"
MARK_END = "\ue001"
REBUILD_BATCH_SIZE = 500

ProgressCallback = Callable[[int, int], None]

# Control characters, lone surrogates (not encodable, a database driver would fail on them)
# and our highlight markers.
_UNWANTED_CHARS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff\ue000\ue001]")


def clean_text(text: str) -> str:
    """Text without control characters or the highlight markers (safe to index or query)."""
    return _UNWANTED_CHARS.sub(" ", text or "")


def _is_word_char(char: str) -> bool:
    # Letters, digits and combining marks (so Devanagari or Thai words stay whole); what
    # the FTS5 unicode61 tokenizer also treats as part of a token.
    return char.isalnum() or unicodedata.category(char).startswith("M")


def split_words(text: str) -> list[str]:
    """Words of ``text`` as a tokenizer sees them (punctuation, symbols and emoji separate)."""
    words, current = [], []
    for char in text:
        if _is_word_char(char):
            current.append(char)
        elif current:
            words.append("".join(current))
            current = []
    if current:
        words.append("".join(current))
    return words


@dataclass(frozen=True)
class QueryClause:
    """A word or a "quoted phrase" (its words in order); ``negated`` for -exclusions."""

    words: tuple[str, ...]
    negated: bool = False


@dataclass(frozen=True)
class ParsedQuery:
    """The reader's query as alternatives (OR) of clause lists that must all hold (AND)."""

    text: str
    alternatives: tuple[tuple[QueryClause, ...], ...]

    @property
    def is_empty(self) -> bool:
        return not any(any(not c.negated for c in group) for group in self.alternatives)


_QUERY_PIECE = re.compile(r'(-?)"([^"]*)"?|(\S+)')


def parse_query(text: str) -> ParsedQuery:
    """Parse web-search syntax: words, "quoted phrases", -exclusions and OR.

    Unbalanced quotes close at the end of the input; anything that is not a word is dropped.
    """
    alternatives: list[list[QueryClause]] = [[]]
    terms = 0
    for match in _QUERY_PIECE.finditer(text):
        negation, phrase, bare = match.group(1), match.group(2), match.group(3)
        if bare is not None:
            if bare == "OR":
                if alternatives[-1]:
                    alternatives.append([])
                continue
            negated = bare.startswith("-") and len(bare) > 1
            words = split_words(bare[1:] if negated else bare)
        else:
            negated = bool(negation)
            words = split_words(phrase)
        if not words or terms >= MAX_QUERY_TERMS:
            continue
        terms += len(words)
        alternatives[-1].append(QueryClause(words=tuple(words), negated=negated))
    groups = tuple(
        tuple(group) for group in alternatives if any(not clause.negated for clause in group)
    )
    return ParsedQuery(text=text, alternatives=groups)


def normalize_query(raw: str | None) -> tuple[str, bool]:
    """Cleaned query text and whether it had to be shortened."""
    text = " ".join(clean_text(unicodedata.normalize("NFC", raw or "")).split())
    if len(text) <= MAX_QUERY_CHARS:
        return text, False
    shortened = text[:MAX_QUERY_CHARS]
    # Do not cut a word in half.
    if " " in shortened and not text[MAX_QUERY_CHARS].isspace():
        shortened = shortened.rsplit(" ", 1)[0]
    return shortened, True


def marked_to_html(text: str | None) -> str:
    """Engine output with highlight markers → HTML-escaped text with <mark> elements only."""
    escaped = html.escape(text or "", quote=False)
    # Unbalanced markers (an engine cutting a snippet mid-mark) must not leave an open tag.
    result, open_mark = [], False
    for piece in re.split(f"([{MARK_START}{MARK_END}])", escaped):
        if piece == MARK_START:
            if not open_mark:
                result.append("<mark>")
                open_mark = True
        elif piece == MARK_END:
            if open_mark:
                result.append("</mark>")
                open_mark = False
        else:
            result.append(piece)
    if open_mark:
        result.append("</mark>")
    return "".join(result)


def has_mark(text: str | None) -> bool:
    return bool(text) and MARK_START in text


@dataclass(frozen=True)
class SearchFilters:
    """Narrowing a search: a section (with its subsections), topic, author, date range."""

    section_path: str | None = None
    topic_id: int | None = None
    author_id: int | None = None
    date_from: date | None = None
    date_to: date | None = None

    @property
    def is_empty(self) -> bool:
        return not (self.section_path or self.topic_id or self.author_id or self.date_from
                    or self.date_to)


@dataclass(frozen=True)
class SearchHit:
    """One result: the article, its score, and HTML (escaped text + <mark>) to show."""

    article_id: int
    score: float
    headline_html: str
    snippet_html: str


@dataclass
class SearchResults:
    """A page of hits in rank order, the total number of matches and notes for the reader."""

    query: str
    hits: list[SearchHit] = field(default_factory=list)
    total: int = 0
    page: int = 1
    per_page: int = 20
    messages: list[str] = field(default_factory=list)
    #: How many of the matches can be paged through (see SearchBackend.max_ranked).
    pageable: int = 0
    #: False when ``total`` is a lower bound ("more than …"; see SearchBackend.count_cap).
    total_exact: bool = True

    @property
    def article_ids(self) -> list[int]:
        return [hit.article_id for hit in self.hits]

    @property
    def num_pages(self) -> int:
        return max(1, math.ceil(self.pageable / self.per_page)) if self.per_page else 1


@dataclass(frozen=True)
class SearchDocument:
    """What the index holds for one article."""

    article_id: int
    published_at: datetime
    headline: str
    standfirst: str
    topics: str
    authors: str
    body: str


def load_documents(article_ids: Iterable[int]) -> list[SearchDocument]:
    """Index documents for the given articles that are published or scheduled (3 queries)."""
    ids = list(article_ids)
    if not ids:
        return []
    articles = list(
        Article.objects.filter(pk__in=ids, status=Article.Status.PUBLISHED,
                               published_at__isnull=False)
        .only("pk", "headline", "standfirst", "body_html", "staff_byline", "published_at")
        .order_by("pk")
    )
    if not articles:
        return []
    found = [a.pk for a in articles]
    names: dict[int, list[str]] = {}
    for article_id, name in (ArticleAuthor.objects.filter(article_id__in=found)
                             .order_by("article_id", "position", "id")
                             .values_list("article_id", "author__name")):
        names.setdefault(article_id, []).append(name)
    topics: dict[int, list[str]] = {}
    through = Article.topics.through
    for article_id, name in (through.objects.filter(article_id__in=found)
                             .order_by("article_id", "topic__name")
                             .values_list("article_id", "topic__name")):
        topics.setdefault(article_id, []).append(name)
    return [
        SearchDocument(
            article_id=a.pk,
            published_at=a.published_at,
            headline=clean_text(a.headline),
            standfirst=clean_text(a.standfirst),
            topics=clean_text(" · ".join(topics.get(a.pk, []))),
            authors=clean_text(" · ".join(names.get(a.pk, []) or [a.staff_byline])),
            body=clean_text(html.unescape(strip_tags(a.body_html))),
        )
        for a in articles
    ]


def indexable_article_ids() -> Iterator[list[int]]:
    """Ids of every published or scheduled article, in batches."""
    ids = list(Article.objects.filter(status=Article.Status.PUBLISHED, published_at__isnull=False)
               .order_by("pk").values_list("pk", flat=True))
    for start in range(0, len(ids), REBUILD_BATCH_SIZE):
        yield ids[start:start + REBUILD_BATCH_SIZE]


def count_indexable() -> int:
    return Article.objects.filter(status=Article.Status.PUBLISHED,
                                  published_at__isnull=False).count()


def day_bounds(day_from: date | None, day_to: date | None) -> tuple[datetime | None,
                                                                     datetime | None]:
    """Aware [start, end) datetimes covering whole days in the site's time zone."""
    tz = timezone.get_default_timezone()
    start = timezone.make_aware(datetime.combine(day_from, time.min), tz) if day_from else None
    end = (timezone.make_aware(datetime.combine(day_to + timedelta(days=1), time.min), tz)
           if day_to else None)
    return start, end


class SearchBackend(ABC):
    """Interface of a search backend; ``search`` is shared, engines implement the parts."""

    #: Relevance is multiplied by 1 + RECENCY_WEIGHT * h / (h + age in days), h the half-life:
    #: a story from today gets up to +25 %, one from a year ago about +2 %.
    recency_weight = 0.25
    recency_half_life_days = 30.0
    #: A query matching more articles than this (a very common word) is ranked among its
    #: newest matches only, and pages stop there: ranking every one of 100,000 matches would
    #: cost hundreds of milliseconds, and no reader pages that far. The total stays exact.
    max_ranked = 2000
    #: Stop counting matches here (None: count them all) and say "more than …" instead.
    count_cap: int | None = None

    def __init__(self, *, alias: str = "default", options: dict[str, Any] | None = None) -> None:
        self.alias = alias
        self.options = dict(options or {})
        self.database = self.options.get("DATABASE", self.options.get("database", "default"))
        self.recency_weight = float(self.options.get("recency_weight", self.recency_weight))
        self.recency_half_life_days = float(
            self.options.get("recency_half_life_days", self.recency_half_life_days))
        self.max_ranked = int(self.options.get("max_ranked", self.max_ranked))
        cap = self.options.get("count_cap", self.count_cap)
        self.count_cap = int(cap) if cap else None

    @property
    def connection(self):
        return connections[self.database]

    # --- index maintenance ---
    def index_article(self, article_id: int) -> bool:
        """Index (or re-index) one article; remove it if it is not published. True if indexed."""
        return article_id in self.index_articles([article_id])

    def index_articles(self, article_ids: Sequence[int]) -> set[int]:
        """Index the published ones of ``article_ids``, remove the others; the indexed ids."""
        documents = load_documents(article_ids)
        indexed = {d.article_id for d in documents}
        self.write_documents(documents, remove_ids=[i for i in article_ids if i not in indexed])
        return indexed

    def remove_article(self, article_id: int) -> None:
        """Take an article out of the index (no error if it was not there)."""
        self.write_documents([], remove_ids=[article_id])

    def rebuild(self, progress: ProgressCallback | None = None) -> int:
        """Empty the index and index every published article; returns how many."""
        total = count_indexable()
        done = 0
        if progress:
            progress(0, total)
        with self.rebuilding():
            for batch in indexable_article_ids():
                documents = load_documents(batch)
                self.write_documents(documents, remove_ids=())
                done += len(documents)
                if progress:
                    progress(done, max(total, done))
        return done

    @abstractmethod
    def write_documents(self, documents: Sequence[SearchDocument], *,
                        remove_ids: Iterable[int]) -> None:
        """Insert or replace ``documents`` and delete ``remove_ids`` from the index."""

    @abstractmethod
    def rebuilding(self):
        """A context manager: empties the index on entry, makes the new one visible on exit."""

    @abstractmethod
    def indexed_count(self) -> int:
        """How many documents the index holds (scheduled ones included)."""

    # --- querying ---
    def search(self, query: str | None, filters: SearchFilters | None = None, *, page: int = 1,
               per_page: int = 20, now: datetime | None = None) -> SearchResults:
        """Ranked results for a reader's query: never raises on odd input, explains instead."""
        text, shortened = normalize_query(query)
        results = SearchResults(query=text, page=1, per_page=max(1, int(per_page)))
        if shortened:
            results.messages.append(
                f"Your search was long, so only its first {MAX_QUERY_CHARS} characters "
                "were used.")
        parsed = parse_query(text)
        if parsed.is_empty:
            if text:
                results.messages.append(
                    "Search needs at least one word or number (not only excluded words, "
                    "symbols or emoji).")
            return results
        filters = filters or SearchFilters()
        now = now or timezone.now()
        restriction = self.filter_subquery(filters, now)
        with self.searching():
            self.fill_page(results, parsed, restriction, now, page=page)
            if results.total == 0 and results.total_exact:
                hint = self.empty_result_hint(parsed)
                if hint:
                    results.messages.append(hint)
        return results

    def fill_page(self, results: SearchResults, parsed: ParsedQuery,
                  restriction: tuple[str, list] | None, now: datetime, *, page: int) -> None:
        """Set ``total``, ``total_exact``, ``pageable``, ``page`` and ``hits`` of ``results``
        (``page`` as asked; kept within the pages there are). A backend may answer all of it
        at once; this one counts, then fetches the page."""
        results.total, results.total_exact = self.count_bounded(parsed, restriction, now)
        if results.total == 0:
            return
        results.pageable = min(results.total, self.max_ranked)
        results.page = min(max(1, int(page or 1)), results.num_pages)
        offset = (results.page - 1) * results.per_page
        newest_only = self.max_ranked if results.total > self.max_ranked else None
        limit = min(results.per_page, results.pageable - offset)
        results.hits = self.fetch_hits(parsed, restriction, now, offset=offset,
                                       limit=limit, newest_only=newest_only)

    def searching(self) -> AbstractContextManager:
        """Context for the queries of one search (a backend may set planner options)."""
        return nullcontext()

    def count_bounded(self, parsed: ParsedQuery, restriction: tuple[str, list] | None,
                      now: datetime) -> tuple[int, bool]:
        """The number of matches and whether it is exact (False: a lower bound)."""
        total = self.count_matches(parsed, restriction, now)
        if self.count_cap and total > self.count_cap:
            return self.count_cap, False
        return total, True

    def filter_subquery(self, filters: SearchFilters, now: datetime) -> tuple[str, list] | None:
        """SQL (with params) selecting the ids of live articles that pass ``filters``."""
        if filters.is_empty:
            return None
        condition = Q(status=Article.Status.PUBLISHED, published_at__lte=now)
        if filters.section_path:
            condition &= (Q(section__path=filters.section_path)
                          | Q(section__path__startswith=f"{filters.section_path}/"))
        if filters.topic_id:
            condition &= Q(topics__id=filters.topic_id)
        if filters.author_id:
            condition &= Q(credited_authors__author_id=filters.author_id)
        start, end = day_bounds(filters.date_from, filters.date_to)
        if start:
            condition &= Q(published_at__gte=start)
        if end:
            condition &= Q(published_at__lt=end)
        queryset = Article.objects.using(self.database).filter(condition).values("pk")
        sql, params = queryset.query.get_compiler(using=self.database).as_sql()
        return sql, list(params)

    def empty_result_hint(self, parsed: ParsedQuery) -> str:
        """A message for a query that matched nothing (may query the engine)."""
        return ""

    def recency_factor_sql(self, age_days_sql: str) -> str:
        weight = float(self.recency_weight)
        half_life = float(self.recency_half_life_days)
        return f"(1.0 + {weight!r} * {half_life!r} / ({half_life!r} + {age_days_sql}))"

    @staticmethod
    def best_snippet(standfirst_marked: str | None, body_marked: str | None) -> str:
        """The body excerpt when the match is there, else the standfirst."""
        if has_mark(body_marked):
            return marked_to_html(body_marked)
        if standfirst_marked:
            return marked_to_html(standfirst_marked)
        return marked_to_html(body_marked)

    @abstractmethod
    def count_matches(self, parsed: ParsedQuery, restriction: tuple[str, list] | None,
                      now: datetime) -> int:
        """How many live indexed articles match (may stop just past ``count_cap``)."""

    @abstractmethod
    def fetch_hits(self, parsed: ParsedQuery, restriction: tuple[str, list] | None,
                   now: datetime, *, offset: int, limit: int,
                   newest_only: int | None = None) -> list[SearchHit]:
        """One page of hits in rank order (ranked among the ``newest_only`` newest matches,
        by article id, when given)."""
