"""The four launch articles link every catalog name a reader would expect, and nothing else.

The expected targets come from reading the articles (/work/shared/seeds): every
person, show and character of Soundtrack #1 they name that the catalog holds.
Each article's body must link exactly these, its "In this article" list must
name exactly these, and every link's text must be a recorded spelling of what
it links to.
"""

from io import StringIO

from django.core.management import call_command
from django.test import TestCase

from catalog.models import Credit, Person, Show
from catalog.names import fold
from reviews.models import WriteUp
from tests.html_tree import parse_html
from tests.launch_fixtures import FIXTURES

CAST = "/shows/soundtrack-1/#cast"

EXPECTED = {
    "the-cast-of-soundtrack-1": {
        "people": {
            *("han-so-hee", "park-hyung-sik", "kim-joo-hun", "lee-jung-eun", "yoon-byung-hee"),
            *("seo-in-guk", "kim-hee-won", "kyuhyun", "davichi", "lee-hi", "geum-sae-rok"),
            "steve-noh",
        },
        "shows": {
            *("soundtrack-1", "strong-girl-bong-soon", "happiness", "the-world-of-the-married"),
            *("my-name", "its-okay-to-not-be-okay", "big-mouth", "parasite", "vincenzo"),
            *("little-women", "soundtrack-2", "gyeongseong-creature"),
        },
        "characters": {
            *("Han Seon-woo", "Lee Eun-soo", "Kang Woo-il", "Eun-soo's mom", "Dong-hyeon"),
            "Jay Jun",
        },
    },
    "k-drama-review-soundtrack-1-2022": {
        "people": {
            *("park-hyung-sik", "han-so-hee", "yoon-byung-hee", "kim-joo-hun", "lee-jung-eun"),
            *("seo-in-guk", "park-hoon", "park-min-jung"),
        },
        "shows": {
            *("soundtrack-1", "happiness", "suits", "strong-girl-bong-soon", "high-society"),
            *("what-happens-to-my-family", "juror-8", "she-was-pretty", "nevertheless"),
            *("my-name", "vincenzo", "hospital-playlist", "hot-stove-league", "mr-sunshine"),
            *("now-we-are-breaking-up", "encounter", "train-to-busan", "start-up"),
            *("do-do-sol-sol-la-la-sol", "parasite", "a-taxi-driver", "hometown-cha-cha-cha"),
            *("monthly-magazine-home", "law-school", "ms-hammurabi", "fight-for-my-way"),
            *("reply-1997", "reply-1994", "descendants-of-the-sun"),
        },
        "characters": {"Han Seon-woo", "Lee Eun-soo", "Eun-soo's mom", "Jay Jun"},
    },
    "the-weekend-binge-soundtrack-1": {
        "people": {"park-hyung-sik", "han-so-hee", "seo-in-guk", "kim-joo-hun", "lee-jung-eun"},
        "shows": {
            *("soundtrack-1", "snowdrop", "rookie-cops", "grid", "crazy-love", "happiness"),
            *("my-name", "doom-at-your-service", "juvenile-justice", "our-blues", "the-heirs"),
            "the-world-of-the-married",
        },
        "characters": {"Han Seon-woo", "Lee Eun-soo", "Jay Jun", "Kang Woo-il", "Eun-soo's mom"},
    },
    "soundtrack-1-episode-1-recap": {
        "people": {"kim-hee-won", "han-so-hee", "park-hyung-sik", "kim-joo-hun", "lee-jung-eun"},
        "shows": {"soundtrack-1", "our-beloved-summer", "my-name", "nevertheless"},
        "characters": {"Lee Eun-soo", "Han Seon-woo", "Dong-hyeon"},
    },
}


def expected_hrefs(expected):
    return {
        *(f"/people/{slug}/" for slug in expected["people"]),
        *(f"/shows/{slug}/" for slug in expected["shows"]),
        CAST,
    }


class LaunchArticleMentionTests(TestCase):
    fixtures = FIXTURES

    def page(self, slug):
        response = self.client.get(f"/reviews/{slug}/")
        self.assertEqual(response.status_code, 200)
        return parse_html(response.content.decode())

    def body_links(self, slug):
        return self.page(slug).find("div", class_="writeup__body").links()

    def test_each_article_links_exactly_the_names_a_reader_expects(self):
        for slug, expected in EXPECTED.items():
            with self.subTest(slug):
                hrefs = {href for href, _ in self.body_links(slug)}
                self.assertEqual(hrefs, expected_hrefs(expected))

    def test_in_this_article_lists_exactly_the_linked_people_shows_and_characters(self):
        for slug, expected in EXPECTED.items():
            with self.subTest(slug):
                box = self.page(slug).find("section", class_="in-article")
                links = box.links()
                hrefs = {href for href, _ in links if href != CAST}
                self.assertEqual(hrefs, expected_hrefs(expected) - {CAST})
                characters = {text.split(" in ")[0] for href, text in links if href == CAST}
                self.assertEqual(characters, expected["characters"])

    def test_every_link_text_is_a_recorded_spelling_of_its_target(self):
        names = {
            **{f"/people/{p.slug}/": p.search_names for p in Person.objects.all()},
            **{f"/shows/{s.slug}/": s.search_names for s in Show.objects.all()},
            CAST: "".join(c.search_names for c in Credit.objects.filter(show__slug="soundtrack-1")),
        }
        for slug in EXPECTED:
            for href, text in self.body_links(slug):
                with self.subTest(slug=slug, text=text):
                    self.assertIn(f"|{fold(text)}|", names[href])

    def test_headings_are_never_linked(self):
        for slug in EXPECTED:
            body = self.page(slug).find("div", class_="writeup__body")
            for heading in body.find_all("h2"):
                self.assertEqual(heading.find_all("a"), [], heading.text)

    def test_link_mentions_again_changes_nothing(self):
        before = {slug: self.body_links(slug) for slug in EXPECTED}
        call_command("link_mentions", stdout=StringIO())
        self.assertEqual({slug: self.body_links(slug) for slug in EXPECTED}, before)

    def mentioned_in(self, url):
        response = self.client.get(url)
        self.assertEqual(response.status_code, 200)
        page = parse_html(response.content.decode())
        sections = page.find_all("section", aria_labelledby="mentioned-in-heading")
        if not sections:
            return []
        return [href for href, _ in sections[0].links() if href.startswith("/reviews/")]

    def newest_first(self, slugs):
        writeups = WriteUp.objects.published().filter(slug__in=slugs)
        return [writeup.get_absolute_url() for writeup in writeups.order_by("-published_at")]

    def test_person_and_show_pages_list_the_articles_that_mention_them_newest_first(self):
        for kind, slug in [("people", "park-hyung-sik"), ("people", "lee-hi"), ("shows", "grid")]:
            with self.subTest(slug):
                key = "people" if kind == "people" else "shows"
                mentioning = [name for name, expected in EXPECTED.items() if slug in expected[key]]
                self.assertTrue(mentioning)
                self.assertEqual(
                    self.mentioned_in(f"/{kind}/{slug}/"), self.newest_first(mentioning)
                )

    def test_a_show_page_does_not_list_its_own_write_ups_again_as_mentions(self):
        self.assertEqual(self.mentioned_in("/shows/soundtrack-1/"), [])
