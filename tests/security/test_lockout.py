"""Lockout after repeated failed sign-ins (django-axes), on the sign-in page and the
token endpoint alike, and the token endpoint's throttle."""

from datetime import UTC, datetime, timedelta

import pytest
from rest_framework.test import APIClient

from tests.conftest import PASSWORD

TOKEN_URL = "/api/auth/token/"
NOW = datetime(2026, 11, 4, 12, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def axes_on(settings):
    settings.AXES_ENABLED = True
    settings.AXES_FAILURE_LIMIT = 5


def fail_on_page(client, username: str, times: int):
    for _ in range(times):
        response = client.post("/sign-in/", {"username": username, "password": "wrong"})
    return response


def fail_on_api(api: APIClient, username: str, times: int):
    for _ in range(times):
        response = api.post(TOKEN_URL, {"username": username, "password": "wrong"}, format="json")
    return response


def test_four_wrong_passwords_still_let_the_right_one_sign_in(client, worker):
    response = fail_on_page(client, "worker", 4)
    assert response.status_code == 200
    assert "Enter a correct username and password" in response.content.decode()

    response = client.post("/sign-in/", {"username": "worker", "password": PASSWORD})

    assert response.status_code == 302


def test_the_fifth_wrong_password_locks_the_account_with_a_clear_page(client, worker):
    response = fail_on_page(client, "worker", 5)

    assert response.status_code == 429
    html = response.content.decode()
    assert "Your account is locked" in html
    assert "entered wrongly 5 times" in html
    assert "for 30 minutes" in html


def test_a_locked_account_cannot_sign_in_even_with_the_right_password(client, worker):
    fail_on_page(client, "worker", 5)

    response = client.post("/sign-in/", {"username": "worker", "password": PASSWORD})

    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_the_lock_ends_after_the_cool_off(client, worker, time_machine):
    time_machine.move_to(NOW, tick=False)
    fail_on_page(client, "worker", 5)
    time_machine.move_to(NOW + timedelta(minutes=31), tick=False)

    response = client.post("/sign-in/", {"username": "worker", "password": PASSWORD})

    assert response.status_code == 302


def test_a_successful_sign_in_clears_the_failures(client, worker):
    fail_on_page(client, "worker", 4)
    client.post("/sign-in/", {"username": "worker", "password": PASSWORD})
    client.post("/sign-out/")

    response = fail_on_page(client, "worker", 4)

    assert response.status_code == 200


def test_locking_one_account_leaves_a_colleagues_alone(client, worker, colleague):
    fail_on_page(client, "worker", 5)

    response = client.post("/sign-in/", {"username": "worker2", "password": PASSWORD})

    assert response.status_code == 302


def test_the_token_endpoint_locks_out_after_five_wrong_passwords(worker):
    api = APIClient()

    fourth = fail_on_api(api, "worker", 4)
    fifth = fail_on_api(api, "worker", 1)
    right = api.post(TOKEN_URL, {"username": "worker", "password": PASSWORD}, format="json")

    assert fourth.status_code == 400
    assert fifth.status_code == 429
    assert "locked" in fifth.json()["detail"]
    assert right.status_code == 429
    assert "token" not in right.json()


def test_failures_on_the_page_and_the_api_count_together(client, worker):
    fail_on_page(client, "worker", 3)
    fail_on_api(APIClient(), "worker", 2)

    page = client.post("/sign-in/", {"username": "worker", "password": PASSWORD})
    api = APIClient().post(TOKEN_URL, {"username": "worker", "password": PASSWORD}, format="json")

    assert page.status_code == 429
    assert api.status_code == 429


def test_a_token_sign_in_clears_the_failures(worker):
    api = APIClient()
    fail_on_api(api, "worker", 4)
    assert api.post(TOKEN_URL, {"username": "worker", "password": PASSWORD}).status_code == 200

    response = fail_on_api(api, "worker", 4)

    assert response.status_code == 400


def test_the_token_endpoint_is_throttled_per_address(settings, worker):
    settings.API_SIGN_IN_RATE = "3/minute"
    settings.AXES_ENABLED = False
    api = APIClient()

    answers = [fail_on_api(api, "worker", 1).status_code for _ in range(3)]
    throttled = api.post(TOKEN_URL, {"username": "worker", "password": PASSWORD}, format="json")

    assert answers == [400, 400, 400]
    assert throttled.status_code == 429
    assert "Retry-After" in throttled
