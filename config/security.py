"""Sign-in extras the layout and the URL configuration need: two-factor, OIDC, idle timeout."""

from datetime import timedelta

from django.conf import settings
from django.shortcuts import render
from django.urls import include, path


def urlpatterns() -> list:
    """The account pages, and the OpenID Connect paths when a provider is configured."""
    patterns = [path("account/", include("staff.urls"))]
    if getattr(settings, "OIDC_ENABLED", False):
        patterns.append(path("oidc/", include("staff.oidc_urls")))
    return patterns


def sign_in_options(request) -> dict:
    """Template context: whether to offer council sign-in; the idle warning's timings."""
    timeout = getattr(settings, "SESSION_IDLE_TIMEOUT_MINUTES", 30) * 60
    warning = getattr(settings, "SESSION_IDLE_WARNING_MINUTES", 5) * 60
    return {
        "oidc_enabled": getattr(settings, "OIDC_ENABLED", False),
        "idle_timeout_seconds": timeout,
        "idle_warning_seconds": min(warning, timeout),
    }


def lockout_minutes() -> int:
    cool_off = settings.AXES_COOLOFF_TIME
    if not isinstance(cool_off, timedelta):
        cool_off = timedelta(hours=cool_off)
    return int(cool_off.total_seconds() // 60)


def locked_out(request, original_response=None, credentials=None):
    """The page django-axes shows (AXES_LOCKOUT_CALLABLE) when an account is locked."""
    context = {"failure_limit": settings.AXES_FAILURE_LIMIT, "minutes": lockout_minutes()}
    return render(request, "registration/locked_out.html", context, status=429)
