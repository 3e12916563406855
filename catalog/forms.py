"""Filter forms for the public catalog lists.

The lists filter through GET forms so that a typo in the address ("year=abc",
an unknown platform) is answered with a form error the reader can fix, never
with a server error or a silently ignored filter. Each form knows how to apply
its cleaned values to a queryset, so the views stay thin.
"""

from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator

from .models import Genre, Network, Person, Show

YEAR_MESSAGE = "Enter a year between 1900 and 2100, e.g. 2022."


class ShowFilterForm(forms.Form):
    year = forms.IntegerField(
        required=False,
        min_value=1900,
        max_value=2100,
        # A text box, not type="number": browsers empty a number box holding "abc",
        # and the reader should see what was refused next to the message.
        widget=forms.TextInput(attrs={"inputmode": "numeric", "placeholder": "Any year"}),
        error_messages={
            "invalid": YEAR_MESSAGE,
            "min_value": YEAR_MESSAGE,
            "max_value": YEAR_MESSAGE,
        },
    )
    platform = forms.ChoiceField(
        required=False,
        error_messages={
            "invalid_choice": "There is no platform “%(value)s”: pick one from the list."
        },
    )
    genre = forms.ChoiceField(
        required=False,
        error_messages={"invalid_choice": "There is no genre “%(value)s”: pick one from the list."},
    )
    kind = forms.ChoiceField(
        required=False,
        choices=[("", "Any kind"), *Show.Kind.choices],
        error_messages={
            "invalid_choice": "“%(value)s” is not a kind of show: pick one from the list."
        },
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # One query each, for both the options shown and the values accepted.
        self.fields["platform"].choices = [
            ("", "Any platform"),
            *Network.objects.order_by("name").values_list("slug", "name"),
        ]
        self.fields["genre"].choices = [
            ("", "Any genre"),
            *Genre.objects.order_by("name").values_list("slug", "name"),
        ]

    @property
    def is_filtered(self):
        return self.is_valid() and any(
            value not in (None, "") for value in self.cleaned_data.values()
        )

    def filter(self, shows):
        data = self.cleaned_data
        if data["year"] is not None:
            shows = shows.filter(year=data["year"])
        if data["platform"]:
            shows = shows.filter(network__slug=data["platform"])
        if data["genre"]:
            shows = shows.filter(genres__slug=data["genre"])
        if data["kind"]:
            shows = shows.filter(kind=data["kind"])
        return shows


class PersonFilterForm(forms.Form):
    kind = forms.ChoiceField(
        required=False,
        label="Individuals or groups",
        choices=[("", "Everyone"), *Person.Kind.choices],
        error_messages={
            "invalid_choice": "“%(value)s” is not a kind of person: pick one from the list."
        },
    )

    @property
    def is_filtered(self):
        return self.is_valid() and bool(self.cleaned_data["kind"])

    def filter(self, people):
        if self.cleaned_data["kind"]:
            people = people.filter(kind=self.cleaned_data["kind"])
        return people


class WatchedForm(forms.Form):
    """ "I have watched up to episode N" on a show page (reviews_site.watched), or "forget"."""

    episode = forms.IntegerField(required=False)
    forget = forms.BooleanField(required=False)

    def __init__(self, *args, episode_count, **kwargs):
        super().__init__(*args, **kwargs)
        message = f"Give a number of episodes from 0 to {episode_count}."
        self.fields["episode"].validators += [
            MinValueValidator(0, message),
            MaxValueValidator(episode_count, message),
        ]
        self.fields["episode"].error_messages["invalid"] = message

    def clean(self):
        cleaned = super().clean()
        if not self.errors and not cleaned.get("forget") and cleaned.get("episode") is None:
            raise forms.ValidationError("Give the last episode you have watched, from 0 up.")
        return cleaned
