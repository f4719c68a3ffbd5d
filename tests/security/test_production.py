"""Production settings (DEBUG off): `check --deploy` is clean, HTTPS only, strict headers.

Each case runs in a fresh interpreter with a production environment, because settings
are read once, at import.
"""

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent.parent

PRODUCTION = {
    "SECRET_KEY": "k3Yq9-production-like-secret-of-fifty-or-more-characters-Zx81",
    "ALLOWED_HOSTS": "records.example.gov.uk",
    "DATABASE_URL": "sqlite://:memory:",
}

REQUESTS = """
import json, django
django.setup()
from django.test import Client
client = Client(HTTP_HOST="records.example.gov.uk")
plain = client.get("/api/auth/token/")
secure = client.get("/api/auth/token/", secure=True)
print(json.dumps({
    "plain": [plain.status_code, plain.headers.get("Location")],
    "secure": dict(secure.headers),
}))
"""


def run(args: list[str], **env: str) -> subprocess.CompletedProcess:
    clean_env = {
        "PATH": "/usr/bin:/bin",
        "PYTHONDONTWRITEBYTECODE": "1",
        "DJANGO_SETTINGS_MODULE": "config.settings",
        **PRODUCTION,
        **env,
    }
    return subprocess.run(
        [sys.executable, *args],
        cwd=ROOT,
        env=clean_env,
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )


def test_check_deploy_reports_nothing_with_production_settings():
    result = run(["manage.py", "check", "--deploy", "--fail-level", "WARNING"])

    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_check_deploy_notices_a_production_site_served_over_plain_http():
    result = run(
        ["manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        SECURE_SSL_REDIRECT="0",
        SECURE_COOKIES="0",
    )

    assert result.returncode != 0
    assert "security.W008" in result.stderr
    assert "security.W012" in result.stderr


@pytest.fixture(scope="module")
def answers() -> dict:
    result = run(["-c", REQUESTS])
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_plain_http_is_sent_to_https(answers):
    assert answers["plain"] == [301, "https://records.example.gov.uk/api/auth/token/"]


def test_https_answers_carry_hsts_for_a_year_with_subdomains(answers):
    hsts = answers["secure"]["Strict-Transport-Security"]

    assert hsts == "max-age=31536000; includeSubDomains; preload"


def test_https_answers_carry_the_other_security_headers(answers):
    headers = answers["secure"]

    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "same-origin"
    assert headers["X-Frame-Options"] == "DENY"
    assert headers["Cross-Origin-Opener-Policy"] == "same-origin"
    assert "script-src 'self'" in headers["Content-Security-Policy"]
