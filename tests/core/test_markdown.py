import pytest
from bs4 import BeautifulSoup

from broadsheet.core.markdown import render_markdown

DANGEROUS_TAGS = ["script", "iframe", "object", "embed", "svg", "math", "form", "input",
                  "style", "link", "meta", "base"]

HOSTILE = [
    "<script>alert(1)</script>",
    '<img src="x" onerror="alert(1)">',
    '<iframe src="https://evil.example/"></iframe>',
    "[click](javascript:alert(1))",
    "[click](JaVaScRiPt:alert(1))",
    '<a href="javascript:alert(1)">x</a>',
    "![x](javascript:alert(1))",
    '<svg onload="alert(1)"><circle r="1"/></svg>',
    '<p style="background:url(javascript:alert(1))">styled</p>',
    "[data](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    '<object data="x.swf"></object><embed src="x.swf">',
    '<form action="https://evil.example/"><input name="q"></form>',
    '<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>',
]


@pytest.mark.parametrize("payload", HOSTILE)
def test_hostile_markup_renders_inert(payload):
    html = render_markdown(f"Intro paragraph.\n\n{payload}\n\nLast paragraph.")
    soup = BeautifulSoup(html, "html.parser")
    assert soup.find_all(DANGEROUS_TAGS) == [], html
    for tag in soup.find_all(True):
        for name, value in tag.attrs.items():
            assert not name.lower().startswith("on"), html
            assert name.lower() != "style", html
            if name in ("href", "src"):
                assert not value.strip().lower().startswith(("javascript:", "data:")), html
    assert "Intro paragraph." in soup.text and "Last paragraph." in soup.text


def test_markdown_features_survive_sanitizing():
    html = render_markdown(
        "## Key figures\n\nThe **budget** is *up*.\n\n- one\n- two\n\n"
        "> A quote.\n\n[Report](https://example.org/report)\n\n| a | b |\n|---|---|\n| 1 | 2 |"
    )
    assert "<h2>Key figures</h2>" in html
    assert "<strong>budget</strong>" in html and "<em>up</em>" in html
    assert "<ul>" in html and "<blockquote>" in html and "<table>" in html
    assert 'href="https://example.org/report"' in html
    assert 'rel="noopener noreferrer"' in html


def test_body_headings_never_compete_with_the_headline():
    assert "<h1>" not in render_markdown("# Shouting\n\ntext")
    assert "<h2>Shouting</h2>" in render_markdown("# Shouting\n\ntext")


def test_empty_body_renders_empty():
    assert render_markdown("") == ""
