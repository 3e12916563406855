"""Write-up rules the models and the database enforce: ratings, constraints, reading time."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from reviews.models import Score, WriteUp

from .factories import make_episode, make_show, make_writeup

pytestmark = pytest.mark.django_db


def reload(writeup):
    return WriteUp.objects.get(pk=writeup.pk)


class TestRating:
    def test_scores_on_their_own_scales_average_to_a_rating_out_of_ten(self):
        writeup = make_writeup(scores=[("Oppa", "4.9", "5"), ("Noona", "4.8", "5")])
        assert reload(writeup).rating == Decimal("9.70")

    def test_scores_on_different_scales_are_brought_to_the_same_scale(self):
        writeup = make_writeup(scores=[("Story", "8", "10"), ("Music", "90", "100")])
        assert reload(writeup).rating == Decimal("8.50")

    def test_a_piece_without_scores_has_no_rating(self):
        assert reload(make_writeup()).rating is None

    def test_adding_a_score_refreshes_the_rating(self):
        writeup = make_writeup(scores=[("Oppa", "4.9", "5")])
        Score.objects.create(writeup=writeup, label="Noona", value=Decimal("4.8"), scale=5)
        assert reload(writeup).rating == Decimal("9.70")

    def test_editing_a_score_refreshes_the_rating(self):
        writeup = make_writeup(scores=[("Oppa", "4.9", "5"), ("Noona", "4.8", "5")])
        score = writeup.scores.get(label="Noona")
        score.value = Decimal("2.5")
        score.save()
        assert reload(writeup).rating == Decimal("7.40")

    def test_deleting_a_score_refreshes_the_rating(self):
        writeup = make_writeup(scores=[("Oppa", "4.9", "5"), ("Noona", "4.8", "5")])
        writeup.scores.get(label="Noona").delete()
        assert reload(writeup).rating == Decimal("9.80")
        writeup.scores.get(label="Oppa").delete()
        assert reload(writeup).rating is None


class TestDatabaseConstraints:
    @pytest.mark.parametrize(
        ("value", "scale"),
        [("5.1", "5"), ("-0.5", "10"), ("0", "0"), ("1", "-5")],
        ids=["above-its-scale", "below-zero", "scale-zero", "negative-scale"],
    )
    def test_the_database_refuses_an_impossible_score(self, value, scale):
        writeup = make_writeup()
        with pytest.raises(IntegrityError), transaction.atomic():
            Score.objects.create(
                writeup=writeup, label="Story", value=Decimal(value), scale=Decimal(scale)
            )

    def test_a_score_equal_to_its_scale_is_allowed(self):
        writeup = make_writeup(scores=[("Story", "5", "5")])
        assert reload(writeup).rating == Decimal("10.00")

    def test_the_database_refuses_a_published_piece_without_a_date(self):
        with pytest.raises(IntegrityError), transaction.atomic():
            WriteUp.objects.create(
                title="Undated",
                slug="undated",
                body="x",
                show=make_show(),
                status=WriteUp.Status.PUBLISHED,
                published_at=None,
            )

    def test_a_draft_may_have_no_date(self):
        writeup = WriteUp.objects.create(title="Draft", slug="draft", body="x", show=make_show())
        assert writeup.status == WriteUp.Status.DRAFT
        assert writeup.published_at is None

    def test_the_database_refuses_a_second_piece_with_the_same_slug(self):
        make_writeup(slug="same-slug")
        with pytest.raises(IntegrityError), transaction.atomic():
            make_writeup(slug="same-slug")

    def test_the_database_refuses_a_rating_above_ten(self):
        writeup = make_writeup()
        with pytest.raises(IntegrityError), transaction.atomic():
            WriteUp.objects.filter(pk=writeup.pk).update(rating=Decimal("10.5"))


class TestValidation:
    def test_an_episode_of_another_show_is_refused(self):
        episode = make_episode(show=make_show())
        writeup = make_writeup(show=make_show(), kind=WriteUp.Kind.RECAP)
        writeup.episode = episode
        with pytest.raises(ValidationError) as raised:
            writeup.full_clean()
        assert "episode" in raised.value.message_dict

    def test_an_episode_of_the_same_show_is_accepted(self):
        show = make_show()
        writeup = make_writeup(show=show, kind=WriteUp.Kind.RECAP)
        writeup.episode = make_episode(show=show)
        writeup.full_clean()

    def test_publishing_without_a_date_in_a_form_takes_the_current_time(self):
        writeup = WriteUp(title="Now", slug="now", body="x", show=make_show())
        writeup.status = WriteUp.Status.PUBLISHED
        writeup.full_clean()
        assert writeup.published_at is not None


class TestReadingTime:
    @pytest.mark.parametrize(
        ("words", "minutes"), [(0, 1), (50, 1), (220, 1), (660, 3), (2200, 10)]
    )
    def test_reading_time_counts_220_words_a_minute_and_at_least_one(self, words, minutes):
        writeup = make_writeup(body=" ".join(["word"] * words) or "-")
        assert writeup.reading_minutes == minutes

    def test_reading_time_follows_an_edited_body(self):
        writeup = make_writeup(body="short")
        writeup.body = "word " * 1100
        writeup.save(update_fields=["body"])
        assert reload(writeup).reading_minutes == 5

    def test_the_body_is_rendered_to_html_on_save(self):
        writeup = make_writeup(body="# Heading\n\nSome *emphasis*.")
        assert reload(writeup).body_html == "<h2>Heading</h2>\n<p>Some <em>emphasis</em>.</p>\n"
