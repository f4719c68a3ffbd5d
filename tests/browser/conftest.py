"""Browser tests: Debian's chromium driven by Playwright against pytest-django's live server.

Every browser test is marked `@pytest.mark.browser` and
`@pytest.mark.django_db(transaction=True)` (the live server only sees committed rows).
Without /usr/bin/chromium, or without the vendored design-system files, the tests skip
with the reason; under CI=true they fail instead, so a missing install step shows.

Helpers:
- `signed_in_page(user)`: sign a persona in through the real sign-in form; returns the page.
- `axe_check(page)`: fail on serious or critical WCAG 2.2 AA violations (axe-core).
- `screenshot(page, name)`: save test-results/<name>.png to look at.
- `csp_violations`: a list that fills with CSP violations and script errors on `page`.
"""

import os
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe

from tests.conftest import PASSWORD

# Playwright's sync API runs an event loop in this thread; the ORM calls that tests and
# fixtures make alongside it are safe here (one thread, one test at a time).
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
ROOT = Path(__file__).resolve().parents[2]
VENDORED_CSS = ROOT / "static" / "vendor" / "govuk-frontend" / "govuk-frontend.min.css"
SCREENSHOTS = ROOT / "test-results"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
AXE_FAILING_IMPACTS = {"serious", "critical"}


def _unavailable(reason: str) -> None:
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"{reason} (CI=true: browser tests must run)", pytrace=False)
    pytest.skip(reason)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    """Launch Debian's chromium (never a downloaded browser) with quiet, offline flags."""
    if not Path(CHROMIUM).exists():
        _unavailable(f"{CHROMIUM} is not installed (apt-get install chromium)")
    if not VENDORED_CSS.exists():
        _unavailable(
            "the design systems are not vendored: run `npm ci` and "
            "`.venv/bin/python scripts/vendor_static.py`"
        )
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_ARGS}


@pytest.fixture
def signed_in_page(live_server, page):
    """Return a function that signs `user` in through the sign-in form and returns the page."""

    def sign_in(user, password=PASSWORD, next_path="/"):
        page.goto(f"{live_server.url}/sign-in/?next={next_path}")
        page.get_by_label("Username").fill(user.username)
        page.get_by_label("Password", exact=True).fill(password)
        page.get_by_role("button", name="Sign in").click()
        page.wait_for_url(f"{live_server.url}{next_path}")
        return page

    return sign_in


def run_axe(page, context=None) -> None:
    """Fail the test on serious or critical WCAG 2.2 AA violations on the page as it is now."""
    options = {"runOnly": {"type": "tag", "values": AXE_TAGS}, "resultTypes": ["violations"]}
    results = Axe().run(page, context=context, options=options)
    failing = [
        violation
        for violation in results.response["violations"]
        if violation.get("impact") in AXE_FAILING_IMPACTS
    ]
    assert not failing, "Accessibility violations on {}:\n{}".format(
        page.url,
        "\n".join(
            f"- {v['id']} ({v['impact']}): {v['help']} at "
            + ", ".join(" ".join(map(str, node["target"])) for node in v["nodes"])
            for v in failing
        ),
    )


def save_screenshot(page, name: str) -> Path:
    """Save a full-page screenshot as test-results/<name>.png and return its path."""
    SCREENSHOTS.mkdir(exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


@pytest.fixture
def axe_check():
    """`axe_check(page)`: fail on serious or critical WCAG 2.2 AA violations."""
    return run_axe


@pytest.fixture
def screenshot():
    """`screenshot(page, name)`: save test-results/<name>.png."""
    return save_screenshot


@pytest.fixture
def csp_violations(page):
    """The page's Content Security Policy violations and script errors, collected as it runs."""
    problems: list[str] = []
    page.on(
        "console",
        lambda message: (
            problems.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    page.on("pageerror", lambda error: problems.append(str(error)))
    return problems
