"""The public pages a visitor sees after ``make run`` show every fact of the launch fixtures,
so a fact that is in the database but missing from its page fails here.
"""

import html
import re
from html.parser import HTMLParser

from django.test import TestCase
from django.urls import reverse

from catalog.models import Person, Song
from reviews.models import WriteUp
from tests.launch_fixtures import CHROME, FIXTURES


class PageText(HTMLParser):
    """The visible text of a page, whole and split into sections by heading."""

    def __init__(self, markup):
        super().__init__(convert_charrefs=True)
        self.parts, self.sections, self.tables = [], {}, []
        self._heading, self._current, self._skip, self._cell = None, None, 0, None
        self.feed(markup)
        self.text = _squash(" ".join(self.parts))

    def handle_starttag(self, tag, attrs):
        if tag in {"script", "style", "head"}:
            self._skip += 1
        elif re.fullmatch(r"h[1-6]", tag):
            self._heading = []
        elif tag == "table":
            self.tables.append([])
        elif tag == "tr" and self.tables:
            self.tables[-1].append([])
        elif tag in {"td", "th"}:
            self._cell = []
        self.parts.append(" ")

    def handle_endtag(self, tag):
        if tag in {"script", "style", "head"}:
            self._skip -= 1
        elif re.fullmatch(r"h[1-6]", tag) and self._heading is not None:
            self._current = _squash(" ".join(self._heading))
            self.sections.setdefault(self._current, "")
            self._heading = None
        elif tag in {"td", "th"} and self._cell is not None and self.tables:
            self.tables[-1][-1].append(_squash(" ".join(self._cell)))
            self._cell = None
        self.parts.append(" ")

    def handle_data(self, data):
        if self._skip:
            return
        self.parts.append(data)
        if self._cell is not None:
            self._cell.append(data)
        if self._heading is not None:
            self._heading.append(data)
        elif self._current is not None:
            self.sections[self._current] += " " + _squash(data)


def _squash(text):
    return " ".join(text.split())


def in_order(text, *needles):
    """Whether the needles occur in the text one after another."""
    position = 0
    for needle in needles:
        position = text.find(needle, position)
        if position == -1:
            return False
        position += len(needle)
    return True


class LaunchFixturePagesTests(TestCase):
    fixtures = FIXTURES

    def page(self, name, *args):
        url = reverse(name, args=args)
        response = self.client.get(url)
        assert response.status_code == 200, url
        return PageText(response.content.decode()), html.unescape(response.content.decode())

    def test_show_page_lists_cast_by_billing_with_characters(self):
        page, _ = self.page("catalog:show_detail", "soundtrack-1")
        lead, supporting, cameo = (
            page.sections[label] for label in ("Lead", "Supporting", "Cameo")
        )
        assert in_order(lead, "Park Hyung-sik", "Han Seon-woo", "Han So-hee", "Lee Eun-soo")
        assert in_order(supporting, "Kim Joo-hun", "Kang Woo-il", "Lee Jung-eun", "Eun-soo's mom")
        assert in_order(supporting, "Yoon Byung-hee", "Dong-hyeon", "Park Hoon", "Park Min-jung")
        assert in_order(cameo, "Seo In-guk", "Jay Jun")

    def test_show_page_gives_the_facts_of_the_show(self):
        page, markup = self.page("catalog:show_detail", "soundtrack-1")
        for fact in (
            "사운드트랙#1",
            "Disney+",
            "23 March 2022",
            "Why Did You Come To My House?",
            "45 min",
        ):
            assert fact in page.text, fact
        assert in_order(page.text, "Director", "Kim Hee-won", "Writer", "Chae Yoon")
        assert in_order(page.text, "Episodes", "4")
        for number in range(1, 5):
            assert reverse("catalog:episode_detail", args=["soundtrack-1", number]) in markup
        for song in Song.objects.filter(show__slug="soundtrack-1"):
            assert song.get_absolute_url() in markup and song.title in page.text, song.title
        assert reverse("catalog:show_detail", args=["soundtrack-2"]) in markup

    def test_person_pages_list_their_whole_filmography(self):
        for person in Person.objects.filter(credits__isnull=False).distinct():
            page, markup = self.page("catalog:person_detail", person.slug)
            for credit in person.credits.select_related("show"):
                assert credit.show.get_absolute_url() in markup, (person.slug, credit.show.slug)
                assert credit.show.title in page.text, (person.slug, credit.show.title)
                if credit.character_name:
                    assert credit.character_name in page.text, (person.slug, credit.character_name)

    def test_person_pages_name_roles_and_spellings(self):
        joo_hun, _ = self.page("catalog:person_detail", "kim-joo-hun")
        assert in_order(joo_hun.text, "It's Okay to Not Be Okay", "Publisher")
        assert in_order(joo_hun.text, "Big Mouth", "Mayor")
        assert "Kim Joo-heon" in joo_hun.text
        hee_won, _ = self.page("catalog:person_detail", "kim-hee-won")
        assert in_order(hee_won.text, "Little Women", "Director")
        assert in_order(hee_won.text, "Vincenzo", "Director")
        kyuhyun, _ = self.page("catalog:person_detail", "kyuhyun")
        assert "Super Junior" in kyuhyun.text and "Love Beyond Words" in kyuhyun.text

    def test_song_page_gives_singer_date_and_producer(self):
        page, _ = self.page("catalog:song_detail", "love-beyond-words")
        for fact in ("Kyuhyun", "30 December 2021", "DOKO", "Producer", "Soundtrack #1"):
            assert fact in page.text, fact

    def test_blog_review_page_shows_both_scores_date_and_bylines(self):
        page, _ = self.page("reviews:writeup_detail", "k-drama-review-soundtrack-1-2022")
        assert in_order(page.text, "Oppa", "4.9 / 5")
        assert in_order(page.text, "Noona", "4.8 / 5")
        assert "16 April 2022" in page.text
        assert in_order(page.text, "By", "Oppa", "Noona")

    def test_weekend_binge_page_shows_verdict_byline_and_outlet(self):
        page, _ = self.page("reviews:writeup_detail", "the-weekend-binge-soundtrack-1")
        assert "Will longtime BFFs fall in love—or fall apart?" in page.text
        assert in_order(page.text, "UzumaKushina", "GwenchaNoona")
        assert "You want a short but sweet romantic TV series." in page.text
        assert "You want more drama and unpredictability in your romance." in page.text

    def test_recap_page_warns_of_spoilers_before_the_text_and_names_episode_1(self):
        page, markup = self.page("reviews:writeup_detail", "soundtrack-1-episode-1-recap")
        first_line = "is a Korean drama TV series directed by Kim Hee-won"
        notice = page.text.lower().find("spoiler")
        assert -1 < notice < page.text.find(first_line)
        assert reverse("catalog:episode_detail", args=["soundtrack-1", 1]) in markup
        assert re.search(r"episode 1\b", page.text, re.IGNORECASE)

    def test_feature_page_renders_the_cast_breakdown_as_a_table(self):
        page, _ = self.page("reviews:writeup_detail", "the-cast-of-soundtrack-1")
        header = ["Actor", "Character", "Role/Vibe"]
        tables = [table for table in page.tables if table and table[0] == header]
        assert len(tables) == 1
        assert [row[:2] for row in tables[0][1:]] == [
            ["Park Hyung-sik", "Han Seon-woo"],
            ["Han So-hee", "Lee Eun-soo"],
            ["Kim Joo-hun", "Kang Woo-il"],
            ["Lee Jung-eun", "Eun-soo\u2019s Mom"],
            ["Seo In-guk", "Jay Jun"],
        ]
        assert "The Core Duo: Han So-hee and Park Hyung-sik" in page.sections
        assert "What Happened to Soundtrack #2?" in page.sections

    def test_no_page_shows_site_chrome(self):
        pages = [("reviews:writeup_detail", writeup.slug) for writeup in WriteUp.objects.all()]
        pages += [
            ("home",),
            ("reviews:writeup_list",),
            ("catalog:show_detail", "soundtrack-1"),
        ]
        for name, *args in pages:
            _, markup = self.page(name, *args)
            for chrome in CHROME:
                assert chrome not in markup, (name, args, chrome)
