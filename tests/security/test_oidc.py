"""Optional sign-in with the council's identity provider (OpenID Connect, e.g. Entra ID).

It signs in only staff who already have an account, matched by email or username;
it never creates one.
"""

from urllib.parse import parse_qs, urlsplit

import pytest
from django.core.exceptions import SuspiciousOperation

from staff.models import User
from staff.oidc import CouncilAccountBackend
from tests.factories import UserFactory

PROVIDER = "https://login.example-council.test/tenant/oauth2/v2.0"


@pytest.fixture
def oidc(settings):
    settings.OIDC_ENABLED = True
    settings.OIDC_RP_CLIENT_ID = "case-records"
    settings.OIDC_RP_CLIENT_SECRET = "not-a-real-secret"
    settings.OIDC_OP_AUTHORIZATION_ENDPOINT = f"{PROVIDER}/authorize"
    settings.OIDC_OP_TOKEN_ENDPOINT = f"{PROVIDER}/token"
    settings.OIDC_OP_USER_ENDPOINT = "https://graph.example-council.test/oidc/userinfo"
    settings.OIDC_OP_JWKS_ENDPOINT = f"{PROVIDER}/keys"
    settings.OIDC_RP_SIGN_ALGO = "RS256"
    settings.OIDC_RP_SCOPES = "openid email profile"
    settings.OIDC_CREATE_USER = False
    settings.OIDC_USE_PKCE = True
    settings.LOGIN_REDIRECT_URL_FAILURE = "/sign-in/"
    settings.AUTHENTICATION_BACKENDS = [
        *settings.AUTHENTICATION_BACKENDS,
        "staff.oidc.CouncilAccountBackend",
    ]


def matched(claims: dict):
    """The account the backend signs in for these claims from the provider (None: nobody;
    `authenticate` turns the backend's SuspiciousOperation into None too)."""
    backend = CouncilAccountBackend()
    backend.get_userinfo = lambda access_token, id_token, payload: claims
    try:
        return backend.get_or_create_user("access", "id", {})
    except SuspiciousOperation:
        return None


def test_the_sign_in_page_offers_the_council_account_when_configured(oidc, client):
    html = client.get("/sign-in/?next=/children/").content.decode()

    assert "Sign in with your council account" in html
    assert 'href="/oidc/authenticate/?next=/children/"' in html


def test_the_sign_in_page_offers_only_passwords_without_a_provider(client, db):
    html = client.get("/sign-in/").content.decode()

    assert "council account" not in html


def test_the_council_sign_in_goes_to_the_provider(oidc, client, db):
    response = client.get("/oidc/authenticate/")

    assert response.status_code == 302
    location = urlsplit(response["Location"])
    query = parse_qs(location.query)
    assert f"{location.scheme}://{location.netloc}{location.path}" == f"{PROVIDER}/authorize"
    assert query["client_id"] == ["case-records"]
    assert query["scope"] == ["openid email profile"]
    assert "code_challenge" in query


def test_a_refused_sign_in_comes_back_to_sign_in_with_a_reason(oidc, client, db):
    response = client.get("/oidc/callback/?error=access_denied", follow=True)

    assert response.redirect_chain[-1][0] == "/sign-in/"
    assert "Your council account is not linked" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_staff_are_matched_by_email_whatever_its_case(oidc, worker):
    worker.email = "wendy.walker@example-council.gov.uk"
    worker.save(update_fields=["email"])

    assert matched({"email": "Wendy.Walker@Example-Council.gov.uk"}) == worker


def test_staff_are_matched_by_username(oidc, worker):
    assert matched({"preferred_username": "worker"}) == worker


def test_an_unknown_person_gets_no_account(oidc, worker):
    before = User.objects.count()

    assert matched({"email": "someone.new@example-council.gov.uk"}) is None
    assert User.objects.count() == before


def test_a_member_of_staff_who_has_left_is_not_signed_in(oidc, worker):
    worker.email = "wendy.walker@example-council.gov.uk"
    worker.is_active = False
    worker.save(update_fields=["email", "is_active"])

    assert matched({"email": "wendy.walker@example-council.gov.uk"}) is None


def test_two_accounts_with_one_email_sign_in_neither(oidc, db):
    UserFactory(username="a", email="shared@example-council.gov.uk")
    UserFactory(username="b", email="shared@example-council.gov.uk")

    assert matched({"email": "shared@example-council.gov.uk"}) is None


def test_claims_without_email_or_username_are_refused(oidc, worker):
    assert matched({"name": "Wendy Walker"}) is None


@pytest.fixture
def provider_says(monkeypatch):
    """Stand in for the provider's token and userinfo endpoints: it vouches for `claims`."""

    def vouch(claims: dict) -> None:
        monkeypatch.setattr(
            CouncilAccountBackend,
            "get_token",
            lambda self, payload: {"id_token": "id", "access_token": "at"},
        )
        monkeypatch.setattr(
            CouncilAccountBackend, "verify_token", lambda self, token, **kw: {"sub": "1"}
        )
        monkeypatch.setattr(
            CouncilAccountBackend, "get_userinfo", lambda self, access, id_token, payload: claims
        )

    return vouch


def come_back_from_the_provider(client):
    started = client.get("/oidc/authenticate/?next=/children/")
    state = parse_qs(urlsplit(started["Location"]).query)["state"][0]
    return client.get(f"/oidc/callback/?code=a-code&state={state}")


def test_a_matched_council_account_signs_in_and_goes_to_the_page_asked_for(
    oidc, client, worker, provider_says
):
    provider_says({"email": "", "preferred_username": "worker"})

    response = come_back_from_the_provider(client)

    assert response.status_code == 302
    assert response["Location"] == "/children/"
    assert client.session["_auth_user_id"] == str(worker.pk)
    assert client.get("/children/").status_code == 200


def test_an_unmatched_council_account_is_told_and_not_signed_in(
    oidc, client, worker, provider_says
):
    provider_says({"email": "stranger@example-council.gov.uk"})

    response = come_back_from_the_provider(client)

    assert response["Location"] == "/sign-in/"
    assert "_auth_user_id" not in client.session
    assert "not linked to a case records account" in client.get("/sign-in/").content.decode()
