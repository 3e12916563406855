"""The launch fixtures hold the four source articles and every fact they name.

These tests check the loaded rows (what the catalog knows); test_fixture_pages
reads the public pages a visitor sees after ``make run``. The two fixture files
are loaded once per class.
"""

import datetime
import re

from django.test import TestCase

from catalog.models import Credit, Episode, Person, Show, ShowRelation, Song, SongCredit
from catalog.names import fold
from reviews.models import WriteUp
from tests.launch_fixtures import CHROME, FIXTURES

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
            Credit.objects.exclude(role=Credit.Role.CAST)
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
