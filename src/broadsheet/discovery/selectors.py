"""Reads for the search page: ranked hits from the search backend, shown as article cards."""

from dataclasses import dataclass, field

from django.core.paginator import Page, Paginator

from broadsheet.content.models import Article
from broadsheet.content.selectors import article_cards

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
