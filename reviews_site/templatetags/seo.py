"""Template tags for what search engines and social sites read in a page's <head>.

- ``{% metatext as name %}…{% endmetatext %}`` renders a block once as plain
  text, so that <title>, the meta description, og:* and twitter:* all say the
  same thing without the block being written twice.
- ``{% canonical_url %}`` is the page's own address without query noise.
- ``{% social_image %}`` and ``{% absolute_url %}`` give absolute addresses.
- ``|json_ld`` writes JSON-LD inside a <script> element that no string in the
  data can close; the ``*_json_ld`` tags build it for the catalog pages from
  the objects their views already loaded.
"""

import html
import re
from urllib.parse import urlencode

from django import template
from django.core.exceptions import DisallowedHost
from django.utils.encoding import iri_to_uri
from django.utils.html import format_html, strip_tags
from django.utils.safestring import mark_safe

from catalog import structured_data as catalog_data
from reviews import structured_data as reviews_data
from reviews_site import structured_data as site_data

register = template.Library()

# The longest meta description search engines show without cutting it.
DESCRIPTION_LENGTH = 160
# A sentence ends at . ! ? or … followed by a space.
_SENTENCE_END = re.compile(r"(?<=[.!?…])\s+")
# og:type for each kind of show (Open Graph's video.* types).
SHOW_OG_TYPES = {"TVSeries": "video.tv_show", "Movie": "video.movie"}


def shorten(text, limit=DESCRIPTION_LENGTH):
    """At most two whole sentences that fit in ``limit`` characters.

    When even the first sentence is too long it is cut at the last word
    that fits, with an ellipsis. Text that already fits is kept whole.
    """
    if len(text) <= limit:
        return text
    kept = ""
    for sentence in _SENTENCE_END.split(text)[:2]:
        longer = f"{kept} {sentence}".strip()
        if len(longer) > limit:
            break
        kept = longer
    if kept:
        return kept
    cut = text[: limit - 1]
    if " " in cut:
        cut = cut.rsplit(" ", 1)[0]
    return cut.rstrip(" ,;:-\u2013\u2014") + "…"


class MetaTextNode(template.Node):
    def __init__(self, nodelist, target, max_length):
        self.nodelist = nodelist
        self.target = target
        self.max_length = max_length

    def render(self, context):
        # The rendered block is escaped HTML: drop any tag, decode the entities,
        # and let autoescaping encode the text again wherever it is written.
        text = " ".join(html.unescape(strip_tags(self.nodelist.render(context))).split())
        if self.max_length:
            text = shorten(text, self.max_length)
        context[self.target] = text
        return ""


@register.tag
def metatext(parser, token):
    """``{% metatext as name [max_length] %}…{% endmetatext %}``: store a block's text.

    The content (usually a ``{% block %}`` that child templates fill) is
    rendered once, reduced to plain single-spaced text, shortened to
    ``max_length`` characters when one is given, and stored as ``name``.
    """
    bits = token.split_contents()
    if len(bits) not in (3, 4) or bits[1] != "as" or not all(bit.isdigit() for bit in bits[3:]):
        raise template.TemplateSyntaxError(
            f"Use {{% {bits[0]} as name [max_length] %}}…{{% end{bits[0]} %}}."
        )
    max_length = int(bits[3]) if len(bits) == 4 else None
    nodelist = parser.parse((f"end{bits[0]}",))
    parser.delete_first_token()
    return MetaTextNode(nodelist, bits[2], max_length)


@register.simple_tag(takes_context=True)
def canonical_url(context):
    """The absolute address of this page, keeping only what makes it this page.

    Kept: the page number when it is above 1 (as the paginator read it, so
    ``?page=last`` becomes its number), and the fields of the page's filter
    or search form that the reader set, normalised by the form, in the
    form's order. Dropped: everything else in the query string (tracking
    parameters, unknown keys, empty values), and every filter when the form
    refused them: the page then points to the list itself.
    """
    request = context.get("request")
    if request is None:
        return ""
    params = []
    form = context.get("form")
    if form is not None and form.is_bound and form.is_valid():
        for name, field in form.fields.items():
            if name not in request.GET:
                continue
            value = field.prepare_value(form.cleaned_data.get(name))
            if value not in (None, ""):
                params.append((name, value))
    page = context.get("page_obj")
    if page is not None and page.number > 1:
        params.append(("page", page.number))
    try:
        url = request.build_absolute_uri(request.path)
    except DisallowedHost:
        # The 400 page answering a request for a host this site does not serve
        # has no trustworthy address to give: the path alone must do.
        url = iri_to_uri(request.path)
    return f"{url}?{urlencode(params)}" if params else url


@register.simple_tag(takes_context=True)
def absolute_url(context, url):
    """An address on this site made absolute (Open Graph wants absolute addresses)."""
    return site_data.absolute(context["request"], url)


@register.simple_tag(takes_context=True)
def social_image(context, image):
    """``{"url", "width", "height"}`` of the image to show in shared links, or None."""
    shared = site_data.shared_image(image)
    if shared is None:
        return None
    url, width, height = shared
    return {"url": site_data.absolute(context["request"], url), "width": width, "height": height}


@register.filter
def og_type(show):
    """The Open Graph type of a show's page: video.tv_show, or video.movie for a film."""
    return SHOW_OG_TYPES.get(catalog_data.show_type(show), "video.other")


@register.filter(is_safe=True)
def json_ld(data):
    """JSON-LD data as a complete <script type="application/ld+json"> element.

    Nothing for empty data. <, > and & are written as JSON escapes, so no
    string in the data ("</script><script>…") can end the element early;
    JSON-LD is data, not script, so the Content-Security-Policy allows it.
    """
    if not data:
        return ""
    return format_html(
        '<script type="application/ld+json">{}</script>', mark_safe(site_data.script_json(data))
    )


@register.simple_tag(takes_context=True)
def website_json_ld(context):
    return json_ld(site_data.website(context["request"]))


@register.simple_tag(takes_context=True)
def show_json_ld(context, show, cast_sections=(), crew_sections=(), episodes=(), external_ids=()):
    """The show page's TVSeries or Movie, from its grouped cast and crew, episodes and IDs."""
    credits = [credit for _, group in (*cast_sections, *crew_sections) for credit in group]
    data = catalog_data.show_data(
        show, context["request"], credits=credits, episodes=episodes, external_ids=external_ids
    )
    return json_ld(data)


@register.simple_tag(takes_context=True)
def episode_json_ld(context, episode, show):
    return json_ld(catalog_data.episode_data(episode, show, context["request"]))


@register.simple_tag(takes_context=True)
def person_json_ld(context, person, groups=(), members=(), external_ids=()):
    data = catalog_data.person_data(
        person, context["request"], groups=groups, members=members, external_ids=external_ids
    )
    return json_ld(data)


@register.simple_tag(takes_context=True)
def song_json_ld(context, song):
    return json_ld(catalog_data.song_data(song, context["request"]))


@register.simple_tag(takes_context=True)
def author_json_ld(context, author):
    return json_ld(reviews_data.author_data(author, context["request"]))
