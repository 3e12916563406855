"""Markdown renders what editors mean: headings below the title, tables, links, text.

That no payload gets through the sanitiser is tests/test_xss_corpus.py's part:
it puts the one XSS corpus (tests/xss.py) through both layers, render_markdown
and sanitize_html, and checks the output against the allowlist.
"""

import pytest

from reviews.markdown import render_markdown

from .xss import Elements


def test_html_typed_in_markdown_is_shown_as_text():
    html = render_markdown('I love <b>bold</b> and <a href="https://x.example">links</a>.')
    assert [tag for tag, _ in Elements(html).elements] == ["p"]
    assert "&lt;b&gt;bold&lt;/b&gt;" in html


def test_body_headings_start_at_h2_below_the_page_title():
    html = render_markdown("# One\n\n## Two\n\n### Three\n\n###### Six")
    assert [tag for tag, _ in Elements(html).elements] == ["h2", "h2", "h3", "h6"]


def test_tables_render_with_column_header_scopes_and_no_inline_style():
    html = render_markdown("| Who | Score |\n|:---|---:|\n| Oppa | 4.9 |")
    elements = Elements(html).elements
    assert [tag for tag, _ in elements] == [
        "table", "thead", "tr", "th", "th", "tbody", "tr", "td", "td",
    ]  # fmt: skip
    assert [attrs for tag, attrs in elements if tag == "th"] == [[("scope", "col")]] * 2
    assert all(not attrs for tag, attrs in elements if tag == "td")


@pytest.mark.parametrize(
    "href", ["https://example.com/a", "http://example.com", "//example.com/path"]
)
def test_links_to_other_sites_get_noopener_nofollow(href):
    html = render_markdown(f"[elsewhere]({href})")
    assert Elements(html).elements[1] == ("a", [("href", href), ("rel", "noopener nofollow")])


@pytest.mark.parametrize(
    "href", ["/shows/soundtrack-1/", "#scores", "../reviews/", "mailto:editors@example.com"]
)
def test_links_within_the_site_and_mail_links_get_no_rel(href):
    html = render_markdown(f"[here]({href})")
    assert Elements(html).elements[1] == ("a", [("href", href)])


def test_ordinary_markdown_survives_the_sanitiser():
    source = (
        "Some *emphasis*, **strong**, ~~struck~~ and `code`.\n\n"
        "> A quote\n\n1. one\n2. two\n\n- a\n- b\n\n---\n\n```\nblock\n```"
    )
    tags = [tag for tag, _ in Elements(render_markdown(source)).elements]
    for tag in ("em", "strong", "s", "code", "blockquote", "ol", "ul", "li", "hr", "pre"):
        assert tag in tags
