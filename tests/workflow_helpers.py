"""Writers and editors signed in to the admin, for the review loop's tests."""

from django.contrib.auth.models import Group, User
from django.contrib.messages import get_messages
from django.test import Client
from django.urls import reverse

from reviews.models import WriteUp

CHANGELIST = reverse("admin:reviews_writeup_changelist")
ADD = reverse("admin:reviews_writeup_add")


def change_url(writeup):
    return reverse("admin:reviews_writeup_change", args=[writeup.pk])


def signed_in(username, group):
    user = User.objects.create_user(username, f"{username}@example.com", "pw", is_staff=True)
    user.groups.add(Group.objects.get(name=group))
    client = Client()
    client.force_login(user)
    client.user = user
    return client


def messages_of(response):
    return [str(message) for message in get_messages(response.wsgi_request)]


def run_action(client, action, *writeups):
    return client.post(
        CHANGELIST, {"action": action, "_selected_action": [writeup.pk for writeup in writeups]}
    )


def state_of(writeup):
    return WriteUp.objects.values_list("status", flat=True).get(pk=writeup.pk)
