"""The filters readers apply to the list of write-ups, parsed and checked by a form.

Everything comes from the query string, so every value is untrusted: an
unknown kind, sort order or slug is a form error (the page answers 400 with
the message), never an exception.
"""

from django import forms
from django.db.models import Exists, OuterRef

from catalog.models import Show

from .models import Author, WriteUp

# How the list's heading names each kind of write-up.
KIND_PLURALS = {
    WriteUp.Kind.REVIEW: "Reviews",
    WriteUp.Kind.RECAP: "Episode recaps",
    WriteUp.Kind.FEATURE: "Features",
}


class SlugChoiceField(forms.ModelChoiceField):
    """A choice of one row by its slug, with a message that names the bad value."""

    def __init__(self, queryset, noun, **kwargs):
        super().__init__(
            queryset,
            to_field_name="slug",
            required=False,
            widget=forms.HiddenInput,
            error_messages={"invalid_choice": f"There is no {noun} “%(value)s”."},
            **kwargs,
        )


class WriteUpFilterForm(forms.Form):
    """Kind, tag, show and author filters and the sort order of /reviews/.

    Show, tag and author are picked by following links (a card's show, a tag,
    a byline), so the form carries them as hidden fields: changing the kind or
    the order keeps them.
    """

    NEWEST = "newest"
    RATING = "rating"

    kind = forms.ChoiceField(
        choices=[("", "All kinds"), *WriteUp.Kind.choices],
        required=False,
        error_messages={
            "invalid_choice": "There is no kind of write-up “%(value)s”: "
            "choose a review, an episode recap or a feature."
        },
    )
    sort = forms.ChoiceField(
        label="Order",
        choices=[(NEWEST, "Newest first"), (RATING, "Highest rated first")],
        required=False,
        error_messages={
            "invalid_choice": "Write-ups can be ordered by newest or by rating, not “%(value)s”."
        },
    )
    # Tags and authors are set per form: published() reads the clock when it is called.
    tag = SlugChoiceField(None, "tag")
    show = SlugChoiceField(Show.objects.all(), "show")
    author = SlugChoiceField(None, "author")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Only tags and authors readers can see: one found on drafts alone is "unknown",
        # as its page is a 404.
        published = WriteUp.objects.published()
        self.fields["tag"].queryset = published.tag_counts()
        signed = published.filter(bylines__author=OuterRef("pk"))
        self.fields["author"].queryset = Author.objects.filter(Exists(signed))

    def filter(self, writeups):
        """The write-ups that match the valid filters, in the chosen order."""
        data = self.cleaned_data
        if data["kind"]:
            writeups = writeups.filter(kind=data["kind"])
        if data["show"]:
            writeups = writeups.filter(show=data["show"])
        if data["author"]:
            writeups = writeups.filter(bylines__author=data["author"])
        if data["tag"]:
            writeups = writeups.filter(tagged_items__tag=data["tag"])
        if data["sort"] == self.RATING:
            writeups = writeups.by_rating()
        return writeups

    def active_filters(self):
        """Each filter in use as (label, value shown, query string without it).

        The query string keeps the other filters and the order, and drops the
        page number, which would point past the end of the wider list.
        """
        if not self.is_valid():
            return []
        data = self.cleaned_data
        shown = {
            "kind": lambda kind: WriteUp.Kind(kind).label,
            "show": lambda show: show.title,
            "tag": lambda tag: tag.name,
            "author": lambda author: author.name,
        }
        active = []
        for name, describe in shown.items():
            if data[name]:
                remaining = self.data.copy()
                for key in (name, "page"):
                    remaining.pop(key, None)
                query = remaining.urlencode()
                active.append((self[name].label, describe(data[name]), f"?{query}"))
        return active

    def heading(self):
        """The page's title in words: "Reviews on Soundtrack #1 tagged “romance”"."""
        if not self.is_valid():
            return "Write-ups"
        data = self.cleaned_data
        words = [KIND_PLURALS[data["kind"]] if data["kind"] else "Write-ups"]
        if data["show"]:
            words.append(f"on {data['show'].title}")
        if data["author"]:
            words.append(f"by {data['author'].name}")
        if data["tag"]:
            words.append(f"tagged “{data['tag'].name}”")
        heading = " ".join(words)
        return f"{heading}, highest rated first" if data["sort"] == self.RATING else heading
