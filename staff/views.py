"""Account pages: two-factor set-up and sign-in for managers, and keeping a session alive."""

from base64 import b32encode

import segno
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods
from django_otp import login as otp_login

from config.middleware import idle_seconds_left, idle_timeout_seconds
from frontend.pages import show_errors

from . import twofactor
from .forms import OneTimeCodeForm


def _next_url(request: HttpRequest) -> str:
    url = request.POST.get("next") or request.GET.get("next") or ""
    if url and url_has_allowed_host_and_scheme(
        url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return url
    return "/"


@require_http_methods(["GET", "POST"])
def two_factor_setup(request: HttpRequest) -> HttpResponse:
    """Show the QR code of a new authenticator app, and confirm it with its first code."""
    if twofactor.has_confirmed_device(request.user) and not request.user.is_verified():
        return redirect("staff:two-factor-verify")
    device = twofactor.totp_device_for_setup(user=request.user)
    form = OneTimeCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            device = twofactor.totp_confirm(user=request.user, token=form.cleaned_data["token"])
        except ValidationError as error:
            show_errors(form, error)
        else:
            otp_login(request, device)
            messages.success(request, "Your authenticator app is set up")
            return redirect(_next_url(request))
    context = {
        "form": form,
        "qr_code": segno.make(device.config_url, error="m").svg_data_uri(scale=4),
        "secret": _grouped(device.bin_key),
        "next": _next_url(request),
    }
    return render(request, "staff/two_factor_setup.html", context)


@require_http_methods(["GET", "POST"])
def two_factor_verify(request: HttpRequest) -> HttpResponse:
    """Ask a manager for the code from their authenticator app."""
    if not twofactor.has_confirmed_device(request.user):
        return redirect("staff:two-factor-setup")
    form = OneTimeCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            device = twofactor.totp_verify(user=request.user, token=form.cleaned_data["token"])
        except ValidationError as error:
            show_errors(form, error)
        else:
            otp_login(request, device)
            return redirect(_next_url(request))
    return render(
        request, "staff/two_factor_verify.html", {"form": form, "next": _next_url(request)}
    )


@require_http_methods(["GET", "POST"])
def session_status(request: HttpRequest) -> HttpResponse:
    """How long before the idle session is signed out; a POST (a request) resets the clock.

    Asked by static/js/session-timeout.js; without JavaScript the warning's form posts
    here and comes back to the page.
    """
    if request.method == "GET":
        request.idle_clock_untouched = True
        return JsonResponse({"seconds_left": idle_seconds_left(request)})
    if request.headers.get("Accept") == "application/json":
        # Reset by the middleware on the way out: this answer counts as activity.
        return JsonResponse({"seconds_left": idle_timeout_seconds()})
    return redirect(_next_url(request))


def _grouped(key: bytes) -> str:
    """The secret as people type it into an app: base32 in groups of four."""
    text = b32encode(key).decode()
    return " ".join(text[i : i + 4] for i in range(0, len(text), 4))
