"""Anonymous readers get whole pages from the cache, and never a stale one.

Every content change retires every stored page at once (reviews_site.cache),
so an edit shows everywhere its data appears; a scheduled piece appears when
its time comes; staff, previews and responses that set a cookie are never
stored; a stored page answers If-None-Match with 304. A cache hit runs no
query, which is how these tests tell a stored page from a fresh one.

This module is also the URLconf of the tests marked ``urls``: two tiny views
that say how often they ran.
"""

import itertools
from datetime import timedelta
from unittest import mock

import pytest
from django.contrib.auth.models import Permission, User
from django.core import checks
from django.core.management.sql import emit_post_migrate_signal
from django.db import connection
from django.http import HttpResponse
from django.test.utils import CaptureQueriesContext
from django.urls import path, reverse
from django.utils import timezone

from catalog.models import Credit
from reviews_site import cache as page_cache

from .factories import (
    make_credit,
    make_draft,
    make_episode,
    make_genre,
    make_person,
    make_scheduled,
    make_show,
    make_song,
    make_writeup,
)
from .redis_servers import REDIS_URL, cache_settings

pytestmark = pytest.mark.django_db

_calls = itertools.count(1)


def counting_view(request):
    return HttpResponse(f"call {next(_calls)}")


def cookie_view(request):
    response = HttpResponse(f"call {next(_calls)}")
    response.set_cookie("seen", "yes")
    return response


def editing_view(request):
    """A page during whose rendering an editor saves: its content may be the old one."""
    response = HttpResponse(f"call {next(_calls)}")
    page_cache.invalidate()
    return response


urlpatterns = [
    path("counting/", counting_view),
    path("cookie/", cookie_view),
    path("editing/", editing_view),
]


def get(client, url, **extra):
    """GET ``url``; return the response and whether it came from the cache (no query ran)."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, **extra)
    return response, len(queries) == 0


@pytest.fixture
def site():
    """A show whose lead also sings on its soundtrack, with a review and an episode."""
    lead = make_person(name="Park Hyung-sik", slug="park-hyung-sik")
    show = make_show(title="Soundtrack #1", slug="soundtrack-1")
    make_credit(show=show, person=lead, billing=Credit.Billing.LEAD, character_name="Han Seon-woo")
    episode = make_episode(show=show, number=1)
    song = make_song(title="Love Me", slug="love-me", show=show, performers=[lead])
    review = make_writeup(title="A quiet love story", slug="a-quiet-love-story", show=show)
    return {"lead": lead, "show": show, "episode": episode, "song": song, "review": review}


def pages_showing_the_lead(site):
    return [
        site["show"].get_absolute_url(),
        site["lead"].get_absolute_url(),
        site["review"].get_absolute_url(),
        site["song"].get_absolute_url(),
        f"{reverse('reviews:search')}?q=Hyungsik",
    ]


def pages_showing_the_show(site):
    return [
        reverse("home"),
        reverse("reviews:writeup_list"),
        reverse("catalog:show_list"),
        site["show"].get_absolute_url(),
        site["episode"].get_absolute_url(),
        site["review"].get_absolute_url(),
        site["song"].get_absolute_url(),
        site["lead"].get_absolute_url(),
    ]


def test_a_second_anonymous_request_is_served_from_the_cache(client, site):
    for url in pages_showing_the_show(site):
        first, first_cached = get(client, url)
        second, second_cached = get(client, url)
        assert first.status_code == second.status_code == 200
        assert (first_cached, second_cached) == (False, True), url
        assert second.content == first.content
        assert second["ETag"] == first["ETag"]


def test_renaming_a_person_changes_every_page_that_shows_them_at_once(client, site):
    urls = pages_showing_the_lead(site)
    for url in urls:
        assert "Park Hyung-sik" in get(client, url)[0].content.decode(), url

    site["lead"].name = "Park Hyeong-sik"
    site["lead"].save()

    for url in urls:
        response, cached = get(client, url)
        html = response.content.decode()
        assert not cached, url
        assert "Park Hyeong-sik" in html, url
        assert "Park Hyung-sik" not in html, url


def test_renaming_a_show_changes_every_page_that_shows_it_at_once(client, site):
    urls = pages_showing_the_show(site)
    for url in urls:
        assert "Soundtrack #1" in get(client, url)[0].content.decode(), url

    site["show"].title = "Soundtrack No. 1"
    site["show"].save()

    for url in urls:
        html = get(client, url)[0].content.decode()
        assert "Soundtrack No. 1" in html, url
        assert "Soundtrack #1" not in html, url


def test_a_many_to_many_change_and_a_tag_rename_retire_stored_pages(client, site):
    show_url, review_url = site["show"].get_absolute_url(), site["review"].get_absolute_url()
    get(client, show_url)
    site["show"].genres.add(make_genre(name="Musical"))
    assert "Musical" in get(client, show_url)[0].content.decode()

    site["review"].tags.add("slow burn")
    assert "slow burn" in get(client, review_url)[0].content.decode()
    tag = site["review"].tags.get()
    tag.name = "slow-burn romance"
    tag.save()
    assert "slow-burn romance" in get(client, review_url)[0].content.decode()


def test_a_scheduled_write_up_appears_when_its_time_comes(client, site):
    scheduled = make_scheduled(title="Coming on Friday", show=site["show"])
    urls = [
        reverse("home"),
        reverse("reviews:writeup_list"),
        site["show"].get_absolute_url(),
    ]
    for url in urls:
        assert "Coming on Friday" not in get(client, url)[0].content.decode()
    assert get(client, urls[0])[1], "stored while nothing changes"

    later = scheduled.published_at + timedelta(seconds=1)
    with mock.patch("django.utils.timezone.now", return_value=later):
        for url in urls:
            response, cached = get(client, url)
            assert not cached, url
            assert "Coming on Friday" in response.content.decode(), url
        assert get(client, scheduled.get_absolute_url())[0].status_code == 200


def test_a_piece_scheduled_after_a_page_was_stored_still_appears_on_time(client, site):
    home = reverse("home")
    get(client, home)
    scheduled = make_scheduled(title="Added later")
    get(client, home)
    with mock.patch(
        "django.utils.timezone.now", return_value=scheduled.published_at + timedelta(seconds=1)
    ):
        assert "Added later" in get(client, home)[0].content.decode()


@pytest.fixture
def staff_client(client):
    user = User.objects.create_user("editor", password="x", is_staff=True)
    user.user_permissions.add(Permission.objects.get(codename="view_writeup"))
    client.force_login(user)
    return client


def test_staff_pages_are_private_and_never_stored(staff_client, site):
    url = site["show"].get_absolute_url()
    get(staff_client, url)
    second, second_cached = get(staff_client, url)
    assert not second_cached
    assert "private" in second["Cache-Control"]
    assert "public" not in second["Cache-Control"]

    staff_client.logout()
    assert not get(staff_client, url)[1], "the staff copy was not stored for readers"


def test_a_preview_is_never_stored_and_readers_still_get_404(staff_client, site, client):
    draft = make_draft(title="Half-written", show=site["show"])
    preview, _ = get(staff_client, draft.get_absolute_url())
    assert preview.status_code == 200
    assert "no-store" in preview["Cache-Control"]

    staff_client.logout()
    assert get(staff_client, draft.get_absolute_url())[0].status_code == 404


def test_a_reader_with_a_session_is_never_served_a_stored_page(client, site):
    url = site["show"].get_absolute_url()
    get(client, url)
    assert get(client, url)[1]
    client.force_login(User.objects.create_user("reader", password="x"))
    assert not get(client, url)[1]


def cache_control(response):
    return {directive.strip() for directive in response["Cache-Control"].split(",")}


def test_anonymous_pages_are_revalidated_by_browsers_and_kept_by_shared_caches_as_long_as_here(
    client, site, settings
):
    """Issue 12: browsers ask every time (a 304 while the ETag holds), shared caches keep a
    page only as long as the page cache does."""
    for url in (site["show"].get_absolute_url(), reverse("home")):
        for response in (get(client, url)[0], get(client, url)[0]):
            assert cache_control(response) == {
                "public",
                "max-age=0",
                f"s-maxage={settings.PAGE_CACHE_SECONDS}",
                "must-revalidate",
            }, url
            assert "Cookie" in response["Vary"], url


def test_signed_in_readers_pages_are_private_on_catalog_and_reviews_pages(client, site):
    client.force_login(User.objects.create_user("reader", password="x"))
    for url in (site["show"].get_absolute_url(), reverse("home")):
        response = get(client, url)[0]
        assert cache_control(response) == {"private", "max-age=0", "must-revalidate"}, url


def test_if_none_match_is_answered_304_from_a_stored_page(client, site):
    url = site["review"].get_absolute_url()
    first, _ = get(client, url)
    etag = first["ETag"]

    response, cached = get(client, url, HTTP_IF_NONE_MATCH=etag)
    assert cached
    assert response.status_code == 304
    assert response.content == b""

    site["review"].title = "A louder love story"
    site["review"].save()
    assert get(client, url, HTTP_IF_NONE_MATCH=etag)[0].status_code == 200


def test_a_head_request_is_served_from_a_stored_page(client, site):
    url = site["show"].get_absolute_url()
    get(client, url)
    with CaptureQueriesContext(connection) as queries:
        response = client.head(url)
    assert response.status_code == 200
    assert len(queries) == 0


def test_errors_are_not_stored(client, db):
    for _ in range(2):
        response, cached = get(client, "/shows/no-such-show/")
        assert response.status_code == 404
        assert not cached


def test_an_unknown_host_is_refused_not_an_error(client, db):
    assert client.get("/", HTTP_HOST="elsewhere.example").status_code == 400


@pytest.mark.urls(__name__)
def test_a_response_that_sets_a_cookie_is_not_stored(client):
    assert client.get("/cookie/").content != client.get("/cookie/").content
    # The same view without its cookie is stored, so the comparison above can fail.
    assert client.get("/counting/").content == client.get("/counting/").content


@pytest.mark.urls(__name__)
def test_a_page_is_stored_under_the_generation_its_request_began_in(client):
    """An edit saved while a page renders retires that page too, though it is stored after."""
    assert client.get("/editing/").content != client.get("/editing/").content


def test_a_reader_with_cookies_but_no_session_shares_the_stored_page(client, site):
    """Cookies other than the session (a consent banner, a proxy's) are not in the key."""
    url = site["show"].get_absolute_url()
    get(client, url)
    for number in range(3):
        client.cookies["consent"] = f"reader-{number}"
        response, cached = get(client, url)
        assert cached
        assert "Cookie" in response["Vary"]


def test_migrate_and_flush_retire_every_stored_page(client, site):
    url = site["show"].get_absolute_url()
    get(client, url)
    assert get(client, url)[1]
    emit_post_migrate_signal(verbosity=0, interactive=False, db="default")
    assert not get(client, url)[1]


def test_an_edit_in_a_transaction_retires_pages_again_when_it_commits(
    client, site, django_capture_on_commit_callbacks
):
    """A page made from data not yet committed is stored under a generation already retired."""
    url = site["show"].get_absolute_url()
    with django_capture_on_commit_callbacks(execute=True):
        site["show"].title = "Soundtrack No. 1"
        site["show"].save()
        get(client, url)
        assert get(client, url)[1], "stored before the commit"
    assert not get(client, url)[1]


@pytest.mark.urls(__name__)
def test_page_cache_seconds_zero_turns_the_cache_off(client, settings):
    settings.PAGE_CACHE_SECONDS = 0
    first, second = client.get("/counting/"), client.get("/counting/")
    assert first.content != second.content
    assert "max-age=0" in second["Cache-Control"]


def test_robots_txt_is_made_afresh_without_a_query(client, db):
    get(client, "/robots.txt")
    response, no_query = get(client, "/robots.txt")
    assert no_query
    assert "Cache-Control" not in response


def deploy_warnings():
    # W001 only: the cache and media checks have tests of their own (tests/test_deploy_checks.py).
    return [
        message.id
        for message in checks.run_checks(include_deployment_checks=True)
        if message.id == "reviews_site.W001"
    ]


def test_deploy_check_warns_about_a_per_process_page_cache(settings):
    settings.DEBUG = False
    assert deploy_warnings() == ["reviews_site.W001"]

    settings.PAGE_CACHE_SECONDS = 0
    assert deploy_warnings() == []

    settings.PAGE_CACHE_SECONDS = 300
    settings.CACHES = cache_settings(REDIS_URL)
    assert deploy_warnings() == []


def test_time_passing_without_a_schedule_keeps_pages_stored(client, site):
    url = reverse("home")
    get(client, url)
    with mock.patch("django.utils.timezone.now", return_value=timezone.now() + timedelta(days=9)):
        assert get(client, url)[1]
