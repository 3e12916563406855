"""Markdown bodies to sanitised HTML, rendered once when a write-up is saved.

Two layers, so that neither has to be perfect alone:

1. markdown-it-py renders CommonMark plus tables and strikethrough with raw
   HTML switched off: any HTML an editor types is shown as text, never
   interpreted. A body's headings start at ``h2`` ("#" and "##" both become
   ``h2``; the page's own title is the only ``h1``) and links to other sites
   get ``rel="noopener nofollow"``.
2. nh3 (the Rust ammonia sanitiser) then keeps only an allowlist of tags and
   attributes and only relative, http, https and mailto links. Scripts, styles,
   iframes, SVG, forms, event handlers and ``javascript:``/``data:`` URLs cannot
   pass it.

A spoiler block (``:::spoiler 5-8`` … ``:::``) becomes a closed
``<details class="spoiler">``: reviews/spoilers.py.
"""

import re

import nh3
from markdown_it import MarkdownIt

from .spoilers import SPOILER_ATTRIBUTES, add_spoiler_blocks

# The longest body a write-up may have, in characters: about 5,000 words,
# five times the longest launch article. markdown-it-py is pure Python, 2 to
# 15 microseconds a character depending on the markup, and its smart quotes
# grow with the square of a paragraph's length. At this length the slowest
# input found renders in under half a second of CPU, so a save stays under
# two seconds even on a busy machine (docs/robustness.md has the figures).
MAX_BODY_CHARACTERS = 32_000

ALLOWED_TAGS = {
    "h2", "h3", "h4", "h5", "h6", "p", "br", "hr",
    "ul", "ol", "li", "blockquote", "pre", "code",
    "em", "strong", "del", "s", "a", "sup", "sub",
    "table", "thead", "tbody", "tr", "th", "td", "caption",
    "details", "summary",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title", "rel"},
    "ol": {"start"},
    "th": {"scope"},
    "details": set(SPOILER_ATTRIBUTES),
}
# ``class`` is kept on one tag, with one value: <details class="spoiler">.
ALLOWED_CLASSES = {"details": {"spoiler"}}
ALLOWED_URL_SCHEMES = {"http", "https", "mailto"}
EXTERNAL_REL = "noopener nofollow"
WORDS_PER_MINUTE = 220

_EXTERNAL = re.compile(r"^(?:[a-z][a-z0-9+.-]*:)?//", re.IGNORECASE)


def _heading_open(renderer, tokens, idx, options, env):
    token = tokens[idx]
    token.tag = f"h{max(int(token.tag[1]), 2)}"
    return renderer.renderToken(tokens, idx, options, env)


def _link_open(renderer, tokens, idx, options, env):
    token = tokens[idx]
    href = token.attrGet("href") or ""
    if _EXTERNAL.match(href) or href.lower().startswith(("http:", "https:")):
        token.attrSet("rel", EXTERNAL_REL)
    return renderer.renderToken(tokens, idx, options, env)


def _th_open(renderer, tokens, idx, options, env):
    tokens[idx].attrs.pop("style", None)
    tokens[idx].attrSet("scope", "col")
    return renderer.renderToken(tokens, idx, options, env)


def _td_open(renderer, tokens, idx, options, env):
    tokens[idx].attrs.pop("style", None)
    return renderer.renderToken(tokens, idx, options, env)


def _build_parser():
    parser = MarkdownIt("commonmark", {"html": False, "typographer": True})
    parser.enable(["table", "strikethrough", "replacements", "smartquotes"])
    parser.add_render_rule("heading_open", _heading_open)
    parser.add_render_rule("link_open", _link_open)
    parser.add_render_rule("th_open", _th_open)
    parser.add_render_rule("td_open", _td_open)
    add_spoiler_blocks(parser)
    return parser


_PARSER = _build_parser()


def _attribute_filter(tag, attribute, value):
    """An episode number on a spoiler block is digits, or it goes."""
    if attribute in SPOILER_ATTRIBUTES:
        return value if value.isascii() and value.isdigit() and len(value) <= 4 else None
    return value


def sanitize_html(html):
    """Keep only the allowlisted tags, attributes and URL schemes. Idempotent."""
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        clean_content_tags={"script", "style"},
        attributes=ALLOWED_ATTRIBUTES,
        attribute_filter=_attribute_filter,
        allowed_classes=ALLOWED_CLASSES,
        url_schemes=ALLOWED_URL_SCHEMES,
        link_rel=None,
        strip_comments=True,
    )


def render_markdown(text):
    """Markdown source to safe HTML for the page."""
    if not text:
        return ""
    return sanitize_html(_PARSER.render(text))


def parse_markdown(text):
    """The token stream of ``text``, for a pass that changes it (reviews.mentions)."""
    return _PARSER.parse(text or "")


def render_tokens(tokens):
    """Safe HTML from tokens made by ``parse_markdown``: the same as ``render_markdown``."""
    return sanitize_html(_PARSER.renderer.render(tokens, _PARSER.options, {}))


def reading_minutes(text):
    """Minutes a reader needs for the text, at 220 words a minute, at least one."""
    words = len(re.findall(r"\w+", text or ""))
    return max(1, round(words / WORDS_PER_MINUTE))
