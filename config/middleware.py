"""Sign-in rules for every request: pages need a signed-in user, sessions idle out,
managers prove a second factor when that is switched on."""

import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.middleware import LoginRequiredMiddleware
from django.contrib.auth.models import AnonymousUser
from django.contrib.auth.signals import user_logged_in
from django.contrib.auth.views import redirect_to_login
from django.dispatch import receiver
from django.http import JsonResponse
from django.urls import reverse
from django_otp import devices_for_user


class PagesLoginRequiredMiddleware(LoginRequiredMiddleware):
    """Send visitors who are not signed in to the sign-in page.

    The API is left to Django REST framework, which answers 401/403 (with
    session or token authentication) instead of redirecting to a page.
    """

    def process_view(self, request, view_func, view_args, view_kwargs):
        if request.path_info.startswith("/api/"):
            return None
        return super().process_view(request, view_func, view_args, view_kwargs)


# When the last request was, in the session (seconds since the epoch).
LAST_ACTIVITY = "last_activity"
# Rewrite the time at most once a minute, so most requests do not save the session.
TOUCH_EVERY_SECONDS = 60


def idle_timeout_seconds() -> int:
    return getattr(settings, "SESSION_IDLE_TIMEOUT_MINUTES", 30) * 60


@receiver(user_logged_in)
def start_idle_clock(sender, request, user, **kwargs):
    """Count idle time from the moment of signing in."""
    if request is not None and hasattr(request, "session"):
        request.session[LAST_ACTIVITY] = int(time.time())


class SessionIdleTimeoutMiddleware:
    """Sign out a session that has made no request for SESSION_IDLE_TIMEOUT_MINUTES.

    The page shows a warning a few minutes before (static/js/session-timeout.js);
    this is the rule itself, so it holds without JavaScript. A request signed by an
    API token carries no session user and is not affected. A view that only asks
    how long is left sets `request.idle_clock_untouched` so asking is not activity.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        limit = idle_timeout_seconds()
        if limit <= 0 or not request.user.is_authenticated:
            return self.get_response(request)
        now = int(time.time())
        last = request.session.get(LAST_ACTIVITY)
        if last is not None and now - last > limit:
            logout(request)
            messages.info(
                request,
                "You were signed out because you had not used the service for "
                f"{limit // 60} minutes. Sign in again to carry on.",
            )
            # The API answers 401 on its own; pages go to sign-in, then back here.
            return self.get_response(request)
        response = self.get_response(request)
        if getattr(request, "idle_clock_untouched", False) or not request.user.is_authenticated:
            return response
        if last is None or now - last >= TOUCH_EVERY_SECONDS:
            request.session[LAST_ACTIVITY] = now
        return response


def idle_seconds_left(request) -> int:
    """How long the session has before it is signed out for being idle."""
    last = request.session.get(LAST_ACTIVITY, int(time.time()))
    return max(0, idle_timeout_seconds() - (int(time.time()) - last))


class ManagerTwoFactorMiddleware:
    """Make managers prove a second factor before any page, when OTP_REQUIRED_FOR_MANAGERS.

    A manager without an authenticator app is sent to set one up; one with an app
    is asked for a code. Until then the session counts as signed out for the API
    (a token from /api/auth/token/ needs the code too, see caserecords.api.TokenView).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not needs_second_factor(request.user):
            return self.get_response(request)
        if request.path_info.startswith("/api/"):
            request.user = AnonymousUser()
            return self.get_response(request)
        if request.path_info.startswith(open_paths()):
            return self.get_response(request)
        has_device = next(devices_for_user(request.user, confirmed=True), None) is not None
        target = "staff:two-factor-verify" if has_device else "staff:two-factor-setup"
        return redirect_to_login(request.get_full_path(), reverse(target))


def open_paths() -> tuple[str, ...]:
    """Where a manager may go before the second factor: the two-factor pages, signing out."""
    return (
        reverse("staff:two-factor-verify"),
        reverse("logout"),
        settings.STATIC_URL,
    )


def needs_second_factor(user) -> bool:
    """Whether `user` is a manager signed in with a password only, while two-factor is on."""
    return (
        getattr(settings, "OTP_REQUIRED_FOR_MANAGERS", False)
        and user.is_authenticated
        and user.is_manager
        and not user.is_verified()
    )


class ApiNotFoundMiddleware:
    """Answer JSON, not the HTML page, for an /api/ address that matches no route.

    Django's URL resolver answers before Django REST framework is reached, so a
    malformed id (`/api/children/abc/`) would otherwise get the GOV.UK 404 page.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if (
            response.status_code == 404
            and request.path_info.startswith("/api/")
            and response.get("Content-Type", "").startswith("text/html")
        ):
            return JsonResponse({"detail": "Not found."}, status=404)
        return response
