"""The two unsigned launch articles are credited to nobody: the site published them, it
did not write them. Their JSON-LD names only the publisher, their feed entries no author,
and their bylines leave no stray separator on the page or the cards."""

import xml.etree.ElementTree as ET

from django.test import TestCase
from django.urls import reverse

from tests.html_tree import parse_html
from tests.json_ld import json_ld
from tests.launch_fixtures import FIXTURES

ATOM = "{http://www.w3.org/2005/Atom}"
UNSIGNED = ("the-cast-of-soundtrack-1", "soundtrack-1-episode-1-recap")
SIGNED = {
    "k-drama-review-soundtrack-1-2022": ["Oppa", "Noona"],
    "the-weekend-binge-soundtrack-1": ["UzumaKushina"],
}


def writeup_url(slug):
    return reverse("reviews:writeup_detail", kwargs={"slug": slug})


class UnsignedLaunchArticlesTests(TestCase):
    fixtures = FIXTURES

    def the_article(self, slug):
        (data,) = [item for item in json_ld(self.client, writeup_url(slug)) if "headline" in item]
        return data

    def test_unsigned_articles_carry_no_author_in_json_ld_only_the_publisher(self):
        for slug in UNSIGNED:
            data = self.the_article(slug)
            assert "author" not in data, slug
            assert data["publisher"] == {
                "@type": "Organization",
                "name": "Second Lead",
                "url": "http://testserver/",
            }

    def test_signed_articles_still_name_their_authors(self):
        for slug, names in SIGNED.items():
            assert [author["name"] for author in self.the_article(slug)["author"]] == names

    def test_feed_entries_of_unsigned_articles_have_no_author_and_the_feed_none_to_lend(self):
        response = self.client.get(reverse("reviews:feed_latest"))
        root = ET.fromstring(response.content)
        assert root.find(f"{ATOM}author") is None
        by_link = {
            entry.find(f"{ATOM}link").get("href").rstrip("/").rsplit("/", 1)[-1]: entry
            for entry in root.iter(f"{ATOM}entry")
        }
        assert len(by_link) == 4
        for slug in UNSIGNED:
            assert by_link[slug].find(f"{ATOM}author") is None, slug
        signed = by_link["k-drama-review-soundtrack-1-2022"]
        assert signed.findtext(f"{ATOM}author/{ATOM}name") == "Oppa, Noona"

    def test_unsigned_article_page_has_no_empty_byline(self):
        for slug in UNSIGNED:
            page = parse_html(self.client.get(writeup_url(slug)).content)
            (meta,) = page.find_all("p", class_="writeup__meta")
            assert meta.find_all("span", class_="byline") == [], slug
            assert not meta.text.strip().startswith("·"), slug

    def test_cards_of_unsigned_articles_start_with_the_date(self):
        page = parse_html(self.client.get(reverse("reviews:writeup_list")).content)
        metas = page.find_all("p", class_="writeup-card__meta")
        assert len(metas) == 4
        for meta in metas:
            text = " ".join(meta.text.split())
            assert not text.startswith("·") and "· ·" not in text and not text.endswith("·")
