"""Sign-in with the council's identity provider (OpenID Connect, e.g. Microsoft Entra ID).

Only for staff who already have an account here: the provider's email (or its
username claim) must match exactly one active account. Nobody is created, and
nothing about a person's role or team comes from the provider.
"""

from django.contrib import messages
from django.db.models import Q
from mozilla_django_oidc.auth import OIDCAuthenticationBackend
from mozilla_django_oidc.views import OIDCAuthenticationCallbackView

# Claims that may hold a username, in the order tried (Entra ID sends the last two).
USERNAME_CLAIMS = ("preferred_username", "upn")


class CouncilAccountBackend(OIDCAuthenticationBackend):
    """Match the provider's account to one existing, active member of staff."""

    def filter_users_by_claims(self, claims):
        email = (claims.get("email") or "").strip()
        usernames = [claims[name].strip() for name in USERNAME_CLAIMS if claims.get(name)]
        match = Q(pk__in=[])
        if email:
            match |= Q(email__iexact=email)
        for username in usernames:
            match |= Q(username__iexact=username) | Q(email__iexact=username)
        return self.UserModel.objects.filter(match, is_active=True)

    def verify_claims(self, claims):
        return bool(claims.get("email") or any(claims.get(name) for name in USERNAME_CLAIMS))

    def create_user(self, claims):
        # Never reached while OIDC_CREATE_USER is False; refuse anyway if it is turned on.
        return None

    def describe_user_by_claims(self, claims):
        return f"email {claims.get('email')!r}"


class CouncilAccountCallbackView(OIDCAuthenticationCallbackView):
    """Say why a council account could not sign in, on the sign-in page."""

    def login_failure(self):
        messages.error(
            self.request,
            "Your council account is not linked to a case records account. "
            "Ask your administrator to add your work email address to your account.",
        )
        return super().login_failure()
