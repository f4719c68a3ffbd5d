"""Security headers on every page: CSP with no inline script, no sniffing, no framing,
no referrer leaving the service, cookies out of reach of scripts."""

import re

import pytest


def directives(policy: str) -> dict[str, list[str]]:
    parts = (part.split() for part in policy.split(";") if part.strip())
    return {name: values for name, *values in parts}


@pytest.fixture
def page(client, worker):
    client.force_login(worker)
    return client.get("/")


def test_the_csp_allows_only_our_own_scripts_and_styles(page):
    policy = directives(page["Content-Security-Policy"])

    assert policy["default-src"] == ["'self'"]
    assert policy["script-src"] == ["'self'"]
    assert policy["style-src"] == ["'self'"]
    assert policy["frame-ancestors"] == ["'none'"]
    assert policy["form-action"] == ["'self'"]
    assert policy["object-src"] == ["'none'"]
    assert policy["base-uri"] == ["'self'"]


def test_pages_have_no_inline_script_or_style(page):
    html = page.content.decode()

    assert re.findall(r"<script(?![^>]*\bsrc=)[^>]*>", html) == []
    assert "<style" not in html
    assert not re.search(r"\sstyle=", html)
    assert not re.search(r"\son[a-z]+=", html), "no inline event handlers"


def test_pages_are_not_sniffed_framed_or_referred(page):
    assert page["X-Content-Type-Options"] == "nosniff"
    assert page["X-Frame-Options"] == "DENY"
    assert page["Referrer-Policy"] == "same-origin"


def test_the_session_and_csrf_cookies_are_out_of_reach_of_scripts(client, worker):
    response = client.post("/sign-in/", {"username": "worker", "password": "password"})

    session = response.cookies["sessionid"]
    assert session["httponly"]
    assert session["samesite"] == "Lax"
    page = client.get("/")
    csrf = page.cookies.get("csrftoken") or client.cookies["csrftoken"]
    assert csrf["httponly"]


def test_the_api_sends_the_same_headers(client, worker):
    client.force_login(worker)

    response = client.get("/api/children/")

    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "DENY"
    assert "Content-Security-Policy" in response


def test_an_api_address_that_matches_nothing_answers_json(client, worker):
    client.force_login(worker)

    response = client.get("/api/children/not-a-number/")

    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"detail": "Not found."}


def test_a_page_address_that_matches_nothing_answers_the_govuk_page(client, worker):
    client.force_login(worker)

    response = client.get("/no-such-page/")

    assert response.status_code == 404
    assert "Page not found" in response.content.decode()
