"""Idle sessions are signed out after SESSION_IDLE_TIMEOUT_MINUTES, with a warning first."""

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from config.middleware import LAST_ACTIVITY

SIGNED_IN_AT = datetime(2026, 11, 4, 9, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def idle_timeout(settings):
    settings.SESSION_IDLE_TIMEOUT_MINUTES = 30
    settings.SESSION_IDLE_WARNING_MINUTES = 5


@pytest.fixture
def clock(time_machine):
    time_machine.move_to(SIGNED_IN_AT, tick=False)
    return time_machine


def at(minutes: float) -> datetime:
    return SIGNED_IN_AT + timedelta(minutes=minutes)


def test_a_session_used_within_the_limit_stays_signed_in(clock, sign_in, worker):
    client = sign_in(worker)
    clock.move_to(at(29), tick=False)
    assert client.get("/").status_code == 200
    clock.move_to(at(58), tick=False)

    response = client.get("/")

    assert response.status_code == 200


def test_an_idle_session_is_signed_out_and_sent_to_sign_in_with_a_message(clock, sign_in, worker):
    client = sign_in(worker)
    clock.move_to(at(31), tick=False)

    response = client.get("/children/", follow=True)

    assert response.redirect_chain == [("/sign-in/?next=/children/", 302)]
    html = response.content.decode()
    assert "You were signed out because you had not used the service for 30 minutes" in html
    assert "_auth_user_id" not in client.session


def test_the_limit_is_a_setting(clock, settings, sign_in, worker):
    settings.SESSION_IDLE_TIMEOUT_MINUTES = 10
    client = sign_in(worker)
    clock.move_to(at(11), tick=False)

    assert client.get("/").status_code == 302


def test_zero_turns_the_timeout_off(clock, settings, sign_in, worker):
    settings.SESSION_IDLE_TIMEOUT_MINUTES = 0
    client = sign_in(worker)
    clock.move_to(at(300), tick=False)

    assert client.get("/").status_code == 200


def test_an_api_token_never_idles_out(clock, worker, child):
    token = Token.objects.create(user=worker)
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    api.get(f"/api/children/{child.pk}/")
    clock.move_to(at(600), tick=False)

    assert api.get(f"/api/children/{child.pk}/").status_code == 200


def test_an_idle_browser_session_loses_the_api_too(clock, sign_in, worker, child):
    client = sign_in(worker)
    assert client.get(f"/api/children/{child.pk}/").status_code == 200
    clock.move_to(at(31), tick=False)

    assert client.get(f"/api/children/{child.pk}/").status_code in {401, 403}


def test_most_requests_do_not_write_the_session(clock, sign_in, worker, django_assert_num_queries):
    client = sign_in(worker)
    clock.move_to(at(0.5), tick=False)
    # The session, the user; the idle clock was set less than a minute ago: no write.
    with django_assert_num_queries(2):
        client.post("/account/session/", HTTP_ACCEPT="application/json")
    clock.move_to(at(2), tick=False)
    # The session, the user, then the session saved with the new time (an UPDATE
    # inside a savepoint: SAVEPOINT, UPDATE, RELEASE).
    with django_assert_num_queries(5):
        client.post("/account/session/", HTTP_ACCEPT="application/json")


def test_asking_how_long_is_left_does_not_count_as_activity(clock, sign_in, worker):
    client = sign_in(worker)
    clock.move_to(at(20), tick=False)

    response = client.get("/account/session/")

    assert response.json() == {"seconds_left": 600}
    clock.move_to(at(31), tick=False)
    assert client.get("/").status_code == 302


def test_staying_signed_in_resets_the_clock(clock, sign_in, worker):
    client = sign_in(worker)
    clock.move_to(at(27), tick=False)

    response = client.post("/account/session/", HTTP_ACCEPT="application/json")

    assert response.json() == {"seconds_left": 1800}
    clock.move_to(at(50), tick=False)
    assert client.get("/").status_code == 200


def test_the_stay_signed_in_form_works_without_javascript(clock, sign_in, worker):
    client = sign_in(worker)
    clock.move_to(at(27), tick=False)

    response = client.post("/account/session/", {"next": "/children/"})

    assert response.status_code == 302
    assert response["Location"] == "/children/"


def test_the_stay_signed_in_form_never_sends_people_to_another_site(clock, sign_in, worker):
    client = sign_in(worker)

    response = client.post("/account/session/", {"next": "https://evil.example/"})

    assert response["Location"] == "/"


def test_pages_carry_the_hidden_warning_for_the_script(sign_in, worker):
    client = sign_in(worker)

    html = client.get("/").content.decode()

    assert 'data-module="app-idle-warning"' in html
    assert 'data-timeout="1800"' in html
    assert 'data-warning="300"' in html
    assert "hidden>" in html.split('data-module="app-idle-warning"')[1].split("\n")[0]
    assert "Stay signed in" in html
    assert '<script type="module" src="/static/js/session-timeout.js">' in html


def test_the_sign_in_page_has_no_warning(client, db):
    html = client.get("/sign-in/").content.decode()

    assert "app-idle-warning" not in html


def test_the_warning_script_is_a_static_file_of_ours():
    script = Path(django_settings.BASE_DIR, "static", "js", "session-timeout.js").read_text()

    assert "querySelector('[data-module=\"app-idle-warning\"]')" in script
    assert "fetch(statusUrl" in script


def test_signing_in_starts_the_idle_clock(clock, sign_in, worker):
    client = sign_in(worker)

    assert client.session[LAST_ACTIVITY] == int(SIGNED_IN_AT.timestamp())
