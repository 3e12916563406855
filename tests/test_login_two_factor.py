"""Optional two-factor login for staff (DJANGO_ADMIN_2FA): with it on, a user with a confirmed
TOTP device must give its current code; staff without one log in and are told how to add one;
superusers add devices in the admin. Off by default: the login form has no code field."""

import pytest
from axes.models import AccessAttempt
from django.contrib.auth.models import User
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.html_tree import parse_html

LOGIN = reverse("admin:login")
PASSWORD = "a long pass phrase"

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_factor(settings):
    settings.ADMIN_2FA = True


@pytest.fixture
def editor():
    return User.objects.create_user("editor", password=PASSWORD, is_staff=True)


@pytest.fixture
def device(editor):
    return TOTPDevice.objects.create(user=editor, name="phone", confirmed=True)


def code(device, offset=0):
    """The code the device's app shows now (``offset`` steps away)."""
    value = totp(device.bin_key, device.step, device.t0, device.digits, device.drift + offset)
    return f"{value:0{device.digits}d}"


def log_in(client, token=None, password=PASSWORD):
    data = {"username": "editor", "password": password, "next": "/admin/"}
    if token is not None:
        data["otp_token"] = token
    return client.post(LOGIN, data)


def errors(response):
    return " ".join(note.text for note in parse_html(response.content).find_all(class_="errornote"))


def test_off_by_default_the_form_has_no_code_and_a_device_is_not_asked_for(client, device):
    assert "otp_token" not in client.get(LOGIN).content.decode()
    assert log_in(client).status_code == 302


def test_with_a_device_the_current_code_logs_in(client, two_factor, device):
    assert 'name="otp_token"' in client.get(LOGIN).content.decode()

    response = log_in(client, token=code(device))

    assert response.status_code == 302
    assert client.get(reverse("admin:index")).status_code == 200


def test_with_a_device_a_missing_code_is_asked_for(client, two_factor, device):
    response = log_in(client)

    assert response.status_code == 200
    assert "Enter the six-digit code from your authenticator app" in errors(response)
    assert "_auth_user_id" not in client.session


def test_with_a_device_a_wrong_code_is_refused_and_counts_as_a_failed_login(
    client, two_factor, device
):
    wrong = code(device, offset=40)  # twenty minutes away: outside any tolerance

    response = log_in(client, token=wrong)

    assert response.status_code == 200
    assert "That code is not right or has expired" in errors(response)
    assert "_auth_user_id" not in client.session
    assert AccessAttempt.objects.get(username="editor").failures_since_start == 1


def test_wrong_codes_lead_to_the_lockout(client, two_factor, device, settings):
    settings.OTP_TOTP_THROTTLE_FACTOR = 0  # django-otp's own back-off would answer first
    statuses = [log_in(client, token=code(device, offset=40 + n)).status_code for n in range(5)]

    assert statuses == [200] * 4 + [429]
    assert log_in(client, token=code(device)).status_code == 429


def test_an_unconfirmed_device_is_not_asked_for(client, two_factor, editor):
    TOTPDevice.objects.create(user=editor, name="half set up", confirmed=False)

    assert log_in(client).status_code == 302


def test_staff_without_a_device_log_in_and_are_told_how_to_add_one(client, two_factor, editor):
    response = log_in(client)
    index = client.get(response["Location"])

    assert response.status_code == 302
    assert "Ask a superuser to add a TOTP device for your account" in index.content.decode()


def test_a_superuser_adds_a_device_and_sees_its_qr_code(client, two_factor, editor):
    chief = User.objects.create_superuser("chief", password=PASSWORD)
    client.force_login(chief)

    response = client.post(
        reverse("admin:otp_totp_totpdevice_add"),
        {
            "user": editor.pk,
            "name": "phone",
            "confirmed": "on",
            "key": "3132333435363738393031323334353637383930",
            "step": 30,
            "t0": 0,
            "digits": 6,
            "tolerance": 1,
            "drift": 0,
            "throttling_failure_count": 0,
        },
    )

    assert response.status_code == 302, errors(response)
    device = TOTPDevice.objects.get(user=editor)
    qr = client.get(reverse("admin:otp_totp_totpdevice_qrcode", args=[device.pk]))
    assert qr.status_code == 200
    assert qr["Content-Type"] == "image/svg+xml"
    client.logout()
    assert log_in(client, token=code(device)).status_code == 302


def test_a_used_code_is_not_accepted_twice(client, two_factor, device):
    token = code(device)
    assert log_in(client, token=token).status_code == 302
    client.logout()

    # Within the same time step: django-otp refuses a code already used.
    assert "That code is not right" in errors(log_in(client, token=token))
