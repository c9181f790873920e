from datetime import UTC, datetime

import pytest

from broadsheet.content import services
from tests.factories import ArticleFactory, AuthorFactory, SectionFactory, TopicFactory

# A winter time (GMT, offset zero in London) so expected strings are easy to read.
PUBLISHED = datetime(2026, 1, 15, 14, 5, tzinfo=UTC)


@pytest.fixture
def full_article(db):
    """A published article with everything its page shows: subsection, kind, two authors
    with links, topics, credits (one linked), a correction and an update time."""
    parent = SectionFactory(name="Business")
    child = SectionFactory(name="Markets", parent=parent)
    ana = AuthorFactory(name="Ana Ruiz", role="Economics correspondent",
                        organisation="The Test Courier", bio="Ana covers the economy.",
                        email="ana@example.org",
                        links=["https://x.com/anaruiz", "https://example.net/ana"])
    tom = AuthorFactory(name="Tom Lee", role="Markets reporter", bio="Tom covers markets.")
    sam = AuthorFactory(name="Sam Ode", role="Researcher")
    rates = TopicFactory(name="Interest rates")
    housing = TopicFactory(name="Housing")
    article = ArticleFactory(
        headline="Bank holds rates as inflation eases",
        standfirst="The decision was closer than expected.",
        body="The bank kept its main rate unchanged.\n\n## What next\n\nMarkets expect a cut.",
        kind="analysis", dateline="London", section=child, authors=[ana, tom],
        topics=[rates, housing],
        credits=[("Kim Park", "reporting"), ("Lou Bell", "reporting"), ("Sam Ode", "research")],
        published_at=PUBLISHED,
    )
    # Link the researcher's credit to their author page, as editors do in the admin.
    article.credits.filter(name="Sam Ode").update(author=sam)
    services.article_update(article=article, updated_at=datetime(2026, 1, 16, 9, 30, tzinfo=UTC))
    services.correction_add(article=article, text="An earlier version misstated the rate.",
                            at=datetime(2026, 1, 17, 8, 0, tzinfo=UTC))
    return article
