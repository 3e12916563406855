"""The README's curl examples work against the launch content, and show what they promise."""

import re

from django.conf import settings
from django.test import TestCase

from tests.launch_fixtures import FIXTURES

README = (settings.BASE_DIR / "README.md").read_text()
EXAMPLES = sorted(
    set(
        re.findall(
            r"curl -s[^ ]* (?:-H '[^']*' )?'?http://127\.0\.0\.1:8000(/api/v1/[^'\s]*)", README
        )
    )
)


class ReadmeExamplesTests(TestCase):
    fixtures = FIXTURES

    def test_the_readme_shows_examples_of_the_api(self):
        assert len(EXAMPLES) >= 6, EXAMPLES

    def test_every_example_answers_200(self):
        for url in EXAMPLES:
            with self.subTest(url=url):
                assert self.client.get(url).status_code == 200

    def test_soundtrack_1_is_found_by_year_and_platform(self):
        shows = self.client.get("/api/v1/shows/?year=2022&platform=disney-plus").json()
        assert "soundtrack-1" in [show["slug"] for show in shows["results"]]

    def test_park_hyung_sik_is_found_by_another_spelling(self):
        found = self.client.get("/api/v1/search/", {"q": "Hyungsik", "type": "people"}).json()
        assert "park-hyung-sik" in [p["slug"] for p in found["results"]["people"]["items"]]

    def test_soundtrack_1_is_found_by_its_hangul_title(self):
        found = self.client.get("/api/v1/search/", {"q": "사운드트랙", "type": "shows"}).json()
        assert "soundtrack-1" in [s["slug"] for s in found["results"]["shows"]["items"]]

    def test_the_launch_writeups_are_listed_with_their_tags(self):
        pieces = self.client.get("/api/v1/writeups/?page_size=10").json()["results"]
        assert len(pieces) == 4
        assert any(tag["slug"] == "romance" for piece in pieces for tag in piece["tags"])
