"""The editors' login: throttled by django-axes, with optional two-factor codes (django-otp).

Axes counts failed logins in the database (so it works with the cache down)
per user name and per address, and after AXES_FAILURE_LIMIT failures
refuses both for AXES_COOLOFF_TIME; ``lockout_response`` is the page it
answers then. A superuser lifts a lockout in the admin (Axes > Access
attempts) or with ``manage.py axes_reset``.

With ADMIN_2FA on, ``AdminLoginForm`` asks for the six-digit code of a
confirmed TOTP device when the user has one; a wrong code counts as a failed
login. Staff without a device still log in and are told how to get one
(superusers add devices in the admin: Otp_Totp > TOTP devices, whose QR
code an authenticator app scans).
"""

import ipaddress
import math

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.dispatch import receiver
from django.shortcuts import render
from django.utils.cache import add_never_cache_headers
from django_otp.plugins.otp_totp.models import TOTPDevice


def client_ip(request):
    """The client's address: REMOTE_ADDR, or behind the proxy (DJANGO_BEHIND_PROXY) the
    address the nearest proxy added to X-Forwarded-For.

    Proxies append the address they were called from, so of the last
    PROXY_COUNT entries the first is the client as our outermost proxy saw
    it; anything left of it came from the client and may be forged (which is
    why this is not django-ipware, whose default takes the first public
    address of the header).
    """
    remote = request.META.get("REMOTE_ADDR")
    if not settings.BEHIND_PROXY:
        return remote
    entries = [entry.strip() for entry in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    if len(entries) < settings.PROXY_COUNT or not entries[-1]:
        return remote
    candidate = entries[-settings.PROXY_COUNT]
    try:
        return str(ipaddress.ip_address(candidate))
    except ValueError:
        return remote


def lockout_response(request, original_response=None, credentials=None):
    """Too many failed logins: our page, 429, with the wait in minutes and Retry-After."""
    seconds = int(settings.AXES_COOLOFF_TIME.total_seconds())
    context = {"minutes": math.ceil(seconds / 60), "failure_limit": settings.AXES_FAILURE_LIMIT}
    response = render(request, "registration/lockout.html", context, status=429)
    response["Retry-After"] = str(seconds)
    add_never_cache_headers(response)
    return response


class AdminLoginForm(AdminAuthenticationForm):
    """The admin's login form, with the authenticator code when two-factor login is on."""

    otp_token = forms.CharField(
        label="Authenticator code",
        required=False,
        max_length=10,
        help_text="The six digits your authenticator app shows, if you have set one up.",
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "size": 10}
        ),
    )
    error_messages = {
        **AdminAuthenticationForm.error_messages,
        "token_required": (
            "Enter the six-digit code from your authenticator app: two-factor login is on "
            "for your account."
        ),
        "invalid_token": (
            "That code is not right or has expired: enter the code your authenticator app "
            "shows now."
        ),
        "token_throttled": "Too many wrong codes in a row: wait a minute, then try again.",
    }

    def __init__(self, request=None, *args, **kwargs):
        super().__init__(request, *args, **kwargs)
        if not settings.ADMIN_2FA:
            del self.fields["otp_token"]

    def clean(self):
        cleaned_data = super().clean()
        user = self.get_user()
        if "otp_token" in self.fields and user is not None:
            devices = list(TOTPDevice.objects.devices_for_user(user, confirmed=True))
            if devices:
                self.verify_token(user, devices)
        return cleaned_data

    def verify_token(self, user, devices):
        token = "".join(self.cleaned_data.get("otp_token", "").split())
        if not token:
            raise forms.ValidationError(
                self.error_messages["token_required"], code="token_required"
            )
        allowed = [device for device in devices if device.verify_is_allowed()[0]]
        for device in allowed:
            if device.verify_token(token):
                user.otp_device = device
                return
        # A wrong code is a failed login: django-axes counts it toward the lockout.
        user_login_failed.send(
            sender=__name__,
            credentials={"username": self.cleaned_data.get("username")},
            request=self.request,
        )
        code = "invalid_token" if allowed else "token_throttled"
        raise forms.ValidationError(self.error_messages[code], code=code)


@receiver(user_logged_in)
def suggest_an_authenticator(sender, request, user, **kwargs):
    """Staff without a device log in as before, and are told how to add one."""
    if not (settings.ADMIN_2FA and user.is_staff):
        return
    if TOTPDevice.objects.devices_for_user(user, confirmed=True).exists():
        return
    who = (
        "Add one for yourself in TOTP devices (Add, then open its QR code)"
        if user.is_superuser
        else "Ask a superuser to add a TOTP device for your account in the admin"
    )
    messages.warning(
        request,
        f"Two-factor login is on, and your account has no authenticator yet. {who} and "
        "scan the QR code with an authenticator app; from then on the login asks for its "
        "six-digit code.",
        fail_silently=True,
    )
