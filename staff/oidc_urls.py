"""The OpenID Connect sign-in paths, open to people who are not signed in yet.

Mounted at /oidc/ only when OIDC_RP_CLIENT_ID is set (see config/urls.py).
"""

from django.contrib.auth.decorators import login_not_required
from django.urls import path
from mozilla_django_oidc.views import OIDCAuthenticationRequestView

from .oidc import CouncilAccountCallbackView

urlpatterns = [
    path(
        "callback/",
        login_not_required(CouncilAccountCallbackView.as_view()),
        name="oidc_authentication_callback",
    ),
    path(
        "authenticate/",
        login_not_required(OIDCAuthenticationRequestView.as_view()),
        name="oidc_authentication_init",
    ),
]
