"""The idle-session warning in a real browser: shown before the end, dismissed by
"Stay signed in" without leaving the page, and the page signs out at the end."""

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def short_timeout(settings):
    # Warned from the first second: the whole minute is the warning.
    settings.SESSION_IDLE_TIMEOUT_MINUTES = 1
    settings.SESSION_IDLE_WARNING_MINUTES = 1


def test_the_warning_shows_and_stay_signed_in_keeps_the_typing(
    short_timeout, live_server, signed_in_page, worker, axe_check, csp_violations
):
    page = signed_in_page(worker, next_path="/children/")
    warning = page.get_by_role("region", name="Important")

    warning.wait_for(state="visible")
    assert "You will be signed out in" in warning.inner_text()
    axe_check(page)
    search = page.locator("input[type=text], input[type=search]").first
    search.fill("half-typed")

    with page.expect_response(
        lambda answer: answer.url.endswith("/account/session/") and answer.request.method == "POST"
    ) as kept:
        warning.get_by_role("button", name="Stay signed in").click()

    assert kept.value.json() == {"seconds_left": 60}

    assert page.url == f"{live_server.url}/children/"
    assert search.input_value() == "half-typed"
    assert csp_violations == []


def test_without_javascript_the_warning_stays_hidden(short_timeout, browser, live_server, worker):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{live_server.url}/sign-in/")
    page.get_by_label("Username").fill("worker")
    page.get_by_label("Password", exact=True).fill("password")
    page.get_by_role("button", name="Sign in").click()

    assert page.locator('[data-module="app-idle-warning"]').is_hidden()
    context.close()
