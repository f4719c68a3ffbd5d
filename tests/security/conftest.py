"""Security fixtures: the full URL set, and clients that sign in through the real form."""

import os
import tempfile

import pytest
from django.core.cache import cache

from tests.browser.conftest import (  # noqa: F401 - the browser fixtures, for the warning
    axe_check,
    browser_type_launch_args,
    csp_violations,
    signed_in_page,
)
from tests.conftest import PASSWORD

# Hypothesis (under Schemathesis) caches what it learns in .hypothesis/ in the working
# directory; keep that out of the checkout.
os.environ.setdefault(
    "HYPOTHESIS_STORAGE_DIRECTORY", os.path.join(tempfile.gettempdir(), "caserecords-hypothesis")
)


@pytest.fixture(autouse=True)
def urls(settings):
    settings.ROOT_URLCONF = "tests.security.urls"


@pytest.fixture(autouse=True)
def fresh_throttles():
    """Throttle counts live in the cache: start each test from none."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def sign_in(client):
    """Sign `user` in through the sign-in page, as a person does."""

    def signed_in(user, password: str = PASSWORD):
        response = client.post("/sign-in/", {"username": user.username, "password": password})
        assert response.status_code == 302, response.content.decode()[:500]
        return client

    return signed_in
