"""The launch fixtures hold the four source articles and every fact they name.

The first class checks the loaded rows (what the catalog knows); the second
reads the public pages a visitor sees after ``make run``, so a fact that is in
the database but missing from its page fails here too. Both load the two
fixture files once per class.
"""

import datetime
import html
import re
from html.parser import HTMLParser

from django.conf import settings
from django.test import TestCase
from django.urls import reverse

from catalog.models import Credit, Episode, Person, Show, ShowRelation, Song, SongCredit
from catalog.names import fold
from reviews.models import WriteUp

FIXTURES = [
    str(settings.BASE_DIR / "fixtures" / name) for name in ("catalog.json", "writeups.json")
]

# Navigation and teasers of the sites the articles were copied from, one a line.
CHROME = """
Don't miss
Read more:
Also Read
top of page
Writer's picture
Comments
bottom of page
Leave a Reply
Follow us
Next Story
Candy: Was She Found Guilty
Who Killed Sara
The Perfect Family
Katt Williams
Toscana
Still From Soundtrack No1 Episode 1
soundtrack #1 episode 1
Stevie Wonder
Kelsea Ballerini
Thirty Nine
Twenty Five Twenty One
Forecasting Love and Weather
Parallels Review
GwenchaNoona The Weekend Binge
A GwenchaNoona K-drama Review
Park Hyung-sik and Han So-hee in "Soundtrack #1"
4.9 || 4.8
""".strip().splitlines()

SOUNDTRACK_CAST = {
    # person slug: (billing, character, aliases)
    "park-hyung-sik": (
        "lead",
        "Han Seon-woo",
        "Seon-woo; Han Seon Woo; Seon Woo; Sun-woo; Han Sun-woo",
    ),
    "han-so-hee": ("lead", "Lee Eun-soo", "Eun-soo; Lee Eun Soo; Eun Soo; Lee Eun-so"),
    "kim-joo-hun": ("supporting", "Kang Woo-il", ""),
    "lee-jung-eun": (
        "supporting",
        "Eun-soo's mom",
        "Eun-soo's mother; Eun-soo's Mom; Eun Soo's mom",
    ),
    "yoon-byung-hee": ("supporting", "Dong-hyeon", "Dong-hyun"),
    "park-hoon": ("supporting", "", ""),
    "park-min-jung": ("supporting", "", ""),
    "seo-in-guk": ("cameo", "Jay Jun", ""),
}

ALTERNATIVE_NAMES = {
    "park-hyung-sik": {"Park Hyung Sik", "Park Hyung-Sik"},
    "han-so-hee": {"Han So Hee"},
    "kim-joo-hun": {"Kim Joo Hun", "Kim Joo-heon"},
    "lee-jung-eun": {"Lee Jung Eun"},
    "yoon-byung-hee": {"Yoon Byung Hee"},
    "seo-in-guk": {"Seo In Guk"},
    "park-min-jung": {"Park Min Jung"},
}

# The only years the sources give; every other show's year stays empty.
YEARS = {
    "soundtrack-1": 2022,
    "soundtrack-2": 2023,
    "the-heirs": 2013,
    "happiness": 2021,
    "the-world-of-the-married": 2020,
    "my-name": 2021,
}


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


class LaunchFixtureRowsTests(TestCase):
    fixtures = FIXTURES

    def test_fixture_files_hold_no_site_chrome(self):
        for path in FIXTURES:
            with open(path, encoding="utf-8") as handle:
                raw = handle.read()
            for chrome in CHROME:
                assert chrome not in raw, f"{chrome!r} in {path}"

    def test_soundtrack_1_has_every_fact_the_sources_give(self):
        show = Show.objects.select_related("network").get(slug="soundtrack-1")
        assert (show.native_title, show.kind, show.network.name) == (
            "사운드트랙#1",
            "series",
            "Disney+",
        )
        assert show.premiere_date == datetime.date(2022, 3, 23)
        assert (show.year, show.episode_count, show.runtime_minutes) == (2022, 4, 45)
        assert set(show.genres.values_list("name", flat=True)) == {"Romance", "Music drama"}
        assert set(show.alternative_titles.values_list("title", "kind")) == {
            ("Why Did You Come To My House?", "working"),
            ("Soundtrack No1", "spelling"),
        }
        runtimes = show.episodes.values_list("number", "runtime_minutes")
        assert list(runtimes) == [(1, 45), (2, None), (3, None), (4, None)]

    def test_soundtrack_1_cast_and_crew(self):
        cast = {
            credit.person.slug: (credit.billing, credit.character_name, credit.character_aliases)
            for credit in Credit.objects.cast()
            .filter(show__slug="soundtrack-1")
            .select_related("person")
        }
        assert cast == SOUNDTRACK_CAST
        crew = set(
            Credit.objects.crew()
            .filter(show__slug="soundtrack-1")
            .values_list("person__slug", "role")
        )
        assert crew == {("kim-hee-won", "director"), ("chae-yoon", "writer")}

    def test_people_keep_every_spelling_the_articles_use(self):
        for slug, names in ALTERNATIVE_NAMES.items():
            person = Person.objects.get(slug=slug)
            assert set(person.alternative_names.values_list("name", flat=True)) == names, slug
        assert not Person.objects.exclude(native_name="").exists()
        assert Person.objects.matching(fold("Kim Joo Heon")).get().slug == "kim-joo-hun"

    def test_other_works_carry_only_the_years_and_roles_the_articles_give(self):
        assert dict(Show.objects.exclude(year=None).values_list("slug", "year")) == YEARS
        films = Show.objects.filter(kind="film").values_list("slug", flat=True)
        assert set(films) == {"parasite", "train-to-busan", "juror-8", "a-taxi-driver"}
        described = set(
            Credit.objects.exclude(show__slug="soundtrack-1")
            .exclude(character_name="")
            .values_list("person__slug", "show__slug", "character_name")
        )
        assert ("kim-joo-hun", "its-okay-to-not-be-okay", "Publisher") in described
        assert ("kim-joo-hun", "big-mouth", "Mayor") in described
        assert ("lee-jung-eun", "parasite", "Housekeeper") in described
        directed = Credit.objects.filter(person__slug="kim-hee-won", role="director")
        directed = set(directed.values_list("show__slug", flat=True))
        assert directed == {"soundtrack-1", "vincenzo", "little-women"}
        for left_out in ("Before Sunrise", "Thirty Nine", "Twenty Five Twenty One", "Candy"):
            assert not Show.objects.filter(title__icontains=left_out).exists(), left_out

    def test_soundtrack_2_is_an_anthology_follow_up(self):
        relation = ShowRelation.objects.get(show__slug="soundtrack-1")
        assert (relation.related_show.slug, relation.kind) == ("soundtrack-2", "anthology")
        sequel = relation.related_show
        assert (sequel.kind, sequel.year) == ("anthology", 2023)
        cast = set(sequel.credits.values_list("person__slug", "billing"))
        assert cast == {("geum-sae-rok", ""), ("steve-noh", "")}

    def test_ost_songs_singers_and_makers(self):
        songs = {
            (song.title, str(song.release_date), song.part_number, song.performers.get().slug)
            for song in Song.objects.filter(show__slug="soundtrack-1")
        }
        assert songs == {
            ("Love Beyond Words", "2021-12-30", None, "kyuhyun"),
            ("Want to Be Happy", "2022-01-06", None, "park-bo-ram"),
            ("Your Tender Heart Hurts Me", "2022-01-20", None, "davichi"),
            ("My Love", "None", None, "kim-jong-kook"),
        }
        assert set(SongCredit.objects.values_list("song__slug", "person__slug", "role")) == {
            ("love-beyond-words", "doko", "producer"),
            ("want-to-be-happy", "park-bo-ram", "lyricist"),
            ("your-tender-heart-hurts-me", "doko", "producer"),
        }
        assert Person.objects.get(slug="kyuhyun").groups.get().slug == "super-junior"
        assert Person.objects.get(slug="davichi").is_group
        lee_hi = Person.objects.get(slug="lee-hi")
        assert not lee_hi.performances.exists()
        assert "Soundtrack #1" in lee_hi.bio

    def test_writeups_carry_their_metadata(self):
        writeups = {writeup.kind: writeup for writeup in WriteUp.objects.exclude(kind="review")}
        feature, recap = writeups["feature"], writeups["recap"]
        assert (feature.title, feature.standfirst) == ("The Cast of Soundtrack #1", "")
        assert feature.outlet is None
        assert not feature.authors.exists()
        assert recap.episode == Episode.objects.get(show__slug="soundtrack-1", number=1)
        assert recap.has_spoilers
        assert recap.standfirst.endswith("cute and entertaining, with hints of heaviness.")

        blog = WriteUp.objects.get(slug="k-drama-review-soundtrack-1-2022")
        assert blog.title == "K Drama Review: Soundtrack #1 (2022)"
        assert blog.published_at.date() == datetime.date(2022, 4, 16)
        assert [a.name for a in blog.authors.order_by("bylines__order")] == ["Oppa", "Noona"]
        scores = [(s.label, str(s.value), str(s.scale)) for s in blog.scores.all()]
        assert scores == [("Oppa", "4.90", "5.00"), ("Noona", "4.80", "5.00")]

        binge = WriteUp.objects.get(slug="the-weekend-binge-soundtrack-1")
        assert binge.title == 'The Weekend Binge: "Soundtrack #1"'
        assert binge.standfirst.endswith("Will longtime BFFs fall in love—or fall apart?")
        assert binge.outlet.name == "GwenchaNoona"
        assert [author.name for author in binge.authors.all()] == ["UzumaKushina"]
        assert binge.verdict_watch.startswith("You want a short but sweet romantic TV series.")
        assert binge.verdict_skip == "You want more drama and unpredictability in your romance."
        assert not binge.scores.exists()

        assert all(writeup.is_published for writeup in WriteUp.objects.all())
        for writeup in WriteUp.objects.all():
            assert {"friends to lovers", "romance", "unrequited love"} <= set(writeup.tags.names())

    def test_bodies_are_the_article_text_as_markdown(self):
        bodies = {writeup.slug: writeup.body for writeup in WriteUp.objects.all()}
        feature, recap = bodies["the-cast-of-soundtrack-1"], bodies["soundtrack-1-episode-1-recap"]
        table = "## Quick Cast Breakdown\n\n| Actor | Character | Role/Vibe |\n|---|---|---|\n"
        assert table in feature
        assert "\n- Kim Joo-hun appears as Kang Woo-il." in feature
        assert "Sun-woo rushes off to meet Sun-woo at a restaurant." in recap
        assert "## Final Thoughts: Soundtrack No1 Episode 1" in recap
        assert "## Other Characters" in bodies["k-drama-review-soundtrack-1-2022"]
        assert "16 April 2022" not in bodies["k-drama-review-soundtrack-1-2022"]
        assert "## The Plot" in bodies["the-weekend-binge-soundtrack-1"]
        assert "Stream If" not in bodies["the-weekend-binge-soundtrack-1"]
        for slug, body in bodies.items():
            assert "\u00a0" not in body, slug
            assert not re.search(r" +\n", body), (
                f"trailing spaces would become line breaks in {slug}"
            )


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
            ("reviews:home",),
            ("reviews:writeup_list",),
            ("catalog:show_detail", "soundtrack-1"),
        ]
        for name, *args in pages:
            _, markup = self.page(name, *args)
            for chrome in CHROME:
                assert chrome not in markup, (name, args, chrome)
