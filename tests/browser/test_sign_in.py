"""Signing in and out in a real browser, with JavaScript on and off, checked with axe."""

import pytest

from tests.conftest import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

GOVUK_BLACK = "rgb(11, 12, 12)"


def test_a_worker_signs_in_and_out_through_the_form(
    live_server, page, worker, axe_check, screenshot, csp_violations
):
    page.goto(f"{live_server.url}/")
    assert page.url == f"{live_server.url}/sign-in/?next=/"
    header = page.locator(".govuk-generic-header")
    assert header.evaluate("e => getComputedStyle(e).backgroundColor") == GOVUK_BLACK, (
        "the vendored GOV.UK stylesheet loads"
    )
    # The nonce'd inline script and the app.js module both ran: the password box
    # gets its Show button only from GOV.UK Frontend's JavaScript.
    assert "govuk-frontend-supported" in page.locator("body").get_attribute("class")
    assert page.get_by_role("button", name="Show password").is_visible()
    axe_check(page)
    screenshot(page, "sign-in")

    page.get_by_label("Username").fill("worker")
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"{live_server.url}/")
    assert "sessionid" in {cookie["name"] for cookie in page.context.cookies()}

    # Any page in the layout shows who is signed in (the 404 page is one).
    page.goto(f"{live_server.url}/no-such-page/")
    navigation = page.get_by_role("region", name="Service information")
    assert navigation.get_by_text("Wendy Walker").is_visible()
    assert navigation.get_by_role("link", name="Children").is_visible()
    axe_check(page)
    screenshot(page, "signed-in-layout")

    navigation.get_by_role("button", name="Sign out").click()
    page.wait_for_url(f"{live_server.url}/sign-in/")
    page.goto(f"{live_server.url}/children/")
    assert page.url == f"{live_server.url}/sign-in/?next=/children/"
    assert csp_violations == []


def test_a_wrong_password_shows_the_error_summary(live_server, page, worker, axe_check, screenshot):
    page.goto(f"{live_server.url}/sign-in/")
    page.get_by_label("Username").fill("worker")
    page.get_by_label("Password", exact=True).fill("not-the-password")
    page.get_by_role("button", name="Sign in").click()

    summary = page.locator(".govuk-error-summary")
    assert summary.get_by_role("heading", name="There is a problem").is_visible()
    assert page.title() == "Error: Sign in - Case records"
    summary.get_by_role("link", name="Enter a correct username and password").click()
    assert page.evaluate("document.activeElement.id") == "id_username"
    assert "sessionid" not in {cookie["name"] for cookie in page.context.cookies()}
    axe_check(page)
    screenshot(page, "sign-in-error")


def test_signing_in_works_without_javascript(live_server, new_context, worker, signed_in_page):
    page = new_context(java_script_enabled=False).new_page()
    page.goto(f"{live_server.url}/sign-in/")
    assert not page.get_by_role("button", name="Show password").is_visible()
    page.get_by_label("Username").fill("worker")
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"{live_server.url}/")
    page.goto(f"{live_server.url}/no-such-page/")
    page.get_by_role("button", name="Sign out").click()
    page.wait_for_url(f"{live_server.url}/sign-in/")


def test_the_sign_in_helper_signs_a_persona_in(live_server, signed_in_page, colleague):
    page = signed_in_page(colleague, next_path="/no-such-page/")
    assert page.get_by_text("Colin Clarke").is_visible()
