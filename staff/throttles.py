from django.conf import settings
from rest_framework.throttling import SimpleRateThrottle


class SignInRateThrottle(SimpleRateThrottle):
    """At most API_SIGN_IN_RATE attempts at a token from one address (e.g. "10/minute")."""

    scope = "sign-in"

    def get_rate(self) -> str:
        return getattr(settings, "API_SIGN_IN_RATE", "10/minute")

    def get_cache_key(self, request, view) -> str:
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}
