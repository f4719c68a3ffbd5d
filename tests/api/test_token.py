"""POST /api/auth/token/: a token for a username and password."""

from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from tests.conftest import PASSWORD


def test_it_returns_a_token_for_the_right_password(anonymous, worker):
    response = anonymous.post(
        "/api/auth/token/", {"username": "worker", "password": PASSWORD}, format="json"
    )

    assert response.status_code == 200
    assert response.json() == {"token": Token.objects.get(user=worker).key}


def test_the_token_it_returns_signs_the_worker_in(anonymous, worker, child):
    token = anonymous.post(
        "/api/auth/token/", {"username": "worker", "password": PASSWORD}, format="json"
    ).json()["token"]
    anonymous.credentials(HTTP_AUTHORIZATION=f"Token {token}")

    response = anonymous.get(f"/api/children/{child.pk}/")

    assert response.status_code == 200


def test_a_wrong_password_gets_400_with_a_message_and_no_token(anonymous, worker):
    response = anonymous.post(
        "/api/auth/token/", {"username": "worker", "password": "wrong"}, format="json"
    )

    assert response.status_code == 400
    assert "token" not in response.json()
    assert response.json()["non_field_errors"] == ["Unable to log in with provided credentials."]
    assert not Token.objects.filter(user=worker).exists()


def test_a_missing_password_is_named(anonymous, worker):
    response = anonymous.post("/api/auth/token/", {"username": "worker"}, format="json")

    assert response.status_code == 400
    assert "password" in response.json()


def test_an_inactive_account_gets_no_token(anonymous, worker):
    worker.is_active = False
    worker.save(update_fields=["is_active"])

    response = anonymous.post(
        "/api/auth/token/", {"username": "worker", "password": PASSWORD}, format="json"
    )

    assert response.status_code == 400
    assert "token" not in response.json()


def test_a_browser_signed_in_by_session_gets_a_token_without_a_csrf_token(worker):
    browser = APIClient(enforce_csrf_checks=True)
    browser.force_login(worker)

    response = browser.post(
        "/api/auth/token/", {"username": "worker", "password": PASSWORD}, format="json"
    )

    assert response.status_code == 200
    assert "token" in response.json()
