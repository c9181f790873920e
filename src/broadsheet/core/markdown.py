"""Markdown source in, sanitized HTML out (markdown-it-py renders, nh3 sanitizes)."""

from functools import lru_cache

import nh3
from markdown_it import MarkdownIt

ALLOWED_TAGS = {
    "p", "br", "hr", "h2", "h3", "h4", "h5", "h6", "blockquote", "ul", "ol", "li",
    "strong", "em", "b", "i", "s", "del", "ins", "sub", "sup", "code", "pre", "a",
    "table", "thead", "tbody", "tr", "th", "td", "figure", "figcaption", "img", "abbr",
}
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"src", "alt", "title", "width", "height"},
    "abbr": {"title"},
    "th": {"align", "scope"},
    "td": {"align"},
    "ol": {"start"},
}
ALLOWED_URL_SCHEMES = {"http", "https", "mailto", "tel"}


@lru_cache(maxsize=1)
def _parser() -> MarkdownIt:
    # "commonmark" with tables and strikethrough; raw HTML is escaped by markdown-it
    # itself (html=False) and nh3 then removes anything that still slipped through.
    return MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": True}).enable(
        ["table", "strikethrough", "replacements", "smartquotes"]
    )


def sanitize_html(html: str) -> str:
    """Strip every tag, attribute and URL scheme that is not on the allow-list."""
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=ALLOWED_URL_SCHEMES,
        link_rel="noopener noreferrer",
        strip_comments=True,
    )


def render_markdown(source: str) -> str:
    """Render Markdown ``source`` to HTML that is safe to embed in a page."""
    # Headline is the page's only h1: demote any "# Heading" in the body to h2.
    html = _parser().render(source or "")
    html = html.replace("<h1>", "<h2>").replace("</h1>", "</h2>")
    return sanitize_html(html)
