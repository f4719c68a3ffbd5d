"""Two-factor sign-in (an authenticator app) for managers, when OTP_REQUIRED_FOR_MANAGERS."""

import re

import pytest
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from rest_framework.test import APIClient

from tests.conftest import PASSWORD

SET_UP = "/account/two-factor/set-up/"
VERIFY = "/account/two-factor/"


@pytest.fixture
def required(settings):
    settings.OTP_REQUIRED_FOR_MANAGERS = True


def code_for(device: TOTPDevice) -> str:
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"


@pytest.fixture
def app_of(db):
    """A confirmed authenticator app for `user`."""

    def confirmed(user) -> TOTPDevice:
        return TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=True)

    return confirmed


def test_with_two_factor_off_a_manager_signs_in_with_a_password(sign_in, teamleader):
    client = sign_in(teamleader)

    assert client.get("/").status_code == 200


def test_a_manager_without_an_app_is_sent_to_set_one_up(required, sign_in, teamleader):
    client = sign_in(teamleader)

    response = client.get("/children/")

    assert response.status_code == 302
    assert response["Location"] == f"{SET_UP}?next=/children/"


def test_the_set_up_page_shows_a_qr_code_and_the_key(required, sign_in, teamleader):
    client = sign_in(teamleader)

    response = client.get(SET_UP)

    html = response.content.decode()
    assert response.status_code == 200
    assert "Set up two-factor sign-in" in html
    assert 'src="data:image/svg+xml' in html
    device = TOTPDevice.objects.get(user=teamleader, confirmed=False)
    key = re.search(r'id="secret-key">([A-Z2-7 ]+)<', html).group(1)
    assert key.replace(" ", "").startswith(device.config_url.split("secret=")[1][:16])


def test_a_wrong_code_is_refused_with_an_error_summary(required, sign_in, teamleader):
    client = sign_in(teamleader)
    client.get(SET_UP)

    response = client.post(SET_UP, {"token": "000000"})

    html = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in html
    assert "The code is not right" in html
    assert not TOTPDevice.objects.filter(user=teamleader, confirmed=True).exists()


def test_a_code_that_is_not_six_digits_is_refused(required, sign_in, teamleader):
    client = sign_in(teamleader)

    response = client.post(SET_UP, {"token": "12ab"})

    assert "Enter the code as 6 digits" in response.content.decode()


def test_the_right_code_confirms_the_app_and_opens_the_page_asked_for(
    required, sign_in, teamleader
):
    client = sign_in(teamleader)
    client.get(SET_UP)
    device = TOTPDevice.objects.get(user=teamleader)

    response = client.post(SET_UP, {"token": code_for(device), "next": "/children/"})

    assert response.status_code == 302
    assert response["Location"] == "/children/"
    device.refresh_from_db()
    assert device.confirmed
    assert client.get("/children/").status_code == 200


def test_a_manager_with_an_app_is_asked_for_a_code_at_each_sign_in(
    required, sign_in, teamleader, app_of
):
    device = app_of(teamleader)
    client = sign_in(teamleader)

    asked = client.get("/")
    right = client.post(VERIFY, {"token": code_for(device), "next": "/"})

    assert asked["Location"] == f"{VERIFY}?next=/"
    assert right["Location"] == "/"
    assert client.get("/").status_code == 200


def test_wrong_codes_are_refused_and_then_slowed_down(required, sign_in, teamleader, app_of):
    device = app_of(teamleader)
    client = sign_in(teamleader)

    wrong = client.post(VERIFY, {"token": "000000"})
    too_soon = client.post(VERIFY, {"token": code_for(device)})

    assert "The code is not right" in wrong.content.decode()
    assert "Too many wrong codes" in too_soon.content.decode()
    assert client.get("/").status_code == 302


def test_a_manager_with_an_app_cannot_set_up_another_before_the_code(
    required, sign_in, teamleader, app_of
):
    app_of(teamleader)
    client = sign_in(teamleader)

    response = client.get(SET_UP)

    assert response["Location"] == VERIFY


def test_a_social_worker_is_not_asked(required, sign_in, worker):
    client = sign_in(worker)

    assert client.get("/").status_code == 200


def test_every_manager_role_is_asked(required, sign_in, pgl, headofservice, director):
    for manager in (pgl, headofservice, director):
        client = sign_in(manager)
        assert client.get("/").status_code == 302, manager.role
        client.post("/sign-out/")


def test_a_manager_can_sign_out_before_the_code(required, sign_in, teamleader):
    client = sign_in(teamleader)

    response = client.post("/sign-out/")

    assert response.status_code == 302
    assert "_auth_user_id" not in client.session


def test_the_session_gives_no_api_access_before_the_code(required, sign_in, teamleader, child):
    client = sign_in(teamleader)

    assert client.get(f"/api/children/{child.pk}/").status_code in {401, 403}


def test_a_managers_api_token_needs_the_code(required, teamleader, app_of):
    device = app_of(teamleader)
    api = APIClient()
    credentials = {"username": "teamleader", "password": PASSWORD}

    without = api.post("/api/auth/token/", credentials, format="json")
    right = api.post(
        "/api/auth/token/", {**credentials, "otp_token": code_for(device)}, format="json"
    )

    assert without.status_code == 400
    assert "otp_token" in without.json()
    assert right.status_code == 200
    assert "token" in right.json()


def test_with_two_factor_off_a_managers_token_needs_no_code(teamleader):
    response = APIClient().post(
        "/api/auth/token/", {"username": "teamleader", "password": PASSWORD}, format="json"
    )

    assert response.status_code == 200
