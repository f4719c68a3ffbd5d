"""config.settings read from the environment.

Each case imports the settings in a fresh Python process with a clean
environment, because settings are read once, at import.
"""

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

REPORT = """
import json
from config import settings as s
print(json.dumps({
    "DEBUG": s.DEBUG,
    "ENGINE": s.DATABASES["default"]["ENGINE"],
    "NAME": str(s.DATABASES["default"]["NAME"]),
    "EAGER": s.CELERY_TASK_ALWAYS_EAGER,
    "BROKER": s.CELERY_BROKER_URL,
    "TIME_ZONE": s.TIME_ZONE,
    "CELERY_TIMEZONE": s.CELERY_TIMEZONE,
    "USE_TZ": s.USE_TZ,
    "ALLOWED_HOSTS": s.ALLOWED_HOSTS,
    "SESSION_COOKIE_SECURE": getattr(s, "SESSION_COOKIE_SECURE", False),
    "CSRF_COOKIE_SECURE": getattr(s, "CSRF_COOKIE_SECURE", False),
    "SECURE_SSL_REDIRECT": getattr(s, "SECURE_SSL_REDIRECT", False),
    "SECURE_HSTS_SECONDS": getattr(s, "SECURE_HSTS_SECONDS", 0),
    "PASSWORD_HASHER": s.PASSWORD_HASHERS[0],
    "SESSION_IDLE_TIMEOUT_MINUTES": s.SESSION_IDLE_TIMEOUT_MINUTES,
    "OTP_REQUIRED_FOR_MANAGERS": s.OTP_REQUIRED_FOR_MANAGERS,
    "OIDC_ENABLED": s.OIDC_ENABLED,
    "BACKENDS": s.AUTHENTICATION_BACKENDS,
    "RETENTION_YEARS_AFTER_CLOSURE": s.RETENTION_YEARS_AFTER_CLOSURE,
}))
"""


def run_settings(**env: str) -> subprocess.CompletedProcess:
    """Import config.settings in a new interpreter that sees only `env` (and PATH)."""
    clean_env = {"PATH": "/usr/bin:/bin", "PYTHONDONTWRITEBYTECODE": "1", **env}
    return subprocess.run(
        [sys.executable, "-c", REPORT],
        cwd=ROOT,
        env=clean_env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def load_settings(**env: str) -> dict:
    result = run_settings(**env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_it_refuses_to_start_without_debug_or_a_secret_key():
    result = run_settings()
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "SECRET_KEY is not set" in result.stderr


def test_it_starts_in_production_mode_with_a_secret_key():
    loaded = load_settings(SECRET_KEY="a-real-secret-from-the-environment")
    assert loaded["DEBUG"] is False
    assert loaded["ALLOWED_HOSTS"] == []
    assert loaded["SESSION_COOKIE_SECURE"] is True


def test_the_demo_mode_uses_sqlite_in_var_and_runs_tasks_in_process():
    loaded = load_settings(DEBUG="1")
    assert loaded["ENGINE"] == "django.db.backends.sqlite3"
    assert loaded["NAME"] == str(ROOT / "var" / "db.sqlite3")
    assert loaded["BROKER"] == ""
    assert loaded["EAGER"] is True
    assert loaded["ALLOWED_HOSTS"] == ["127.0.0.1", "localhost"]


def test_database_url_selects_postgresql():
    loaded = load_settings(
        DEBUG="1", DATABASE_URL="postgres://case:pw@db.example.internal:5432/caserecords"
    )
    assert loaded["ENGINE"] == "django.db.backends.postgresql"
    assert loaded["NAME"] == "caserecords"


def test_a_broker_url_turns_eager_tasks_off():
    loaded = load_settings(DEBUG="1", CELERY_BROKER_URL="redis://127.0.0.1:6379/0")
    assert loaded["BROKER"] == "redis://127.0.0.1:6379/0"
    assert loaded["EAGER"] is False


def test_time_zone_and_celery_time_zone_are_london():
    loaded = load_settings(DEBUG="1")
    assert loaded["TIME_ZONE"] == "Europe/London"
    assert loaded["CELERY_TIMEZONE"] == "Europe/London"
    assert loaded["USE_TZ"] is True


def test_production_is_https_only_with_hsts_and_argon2():
    loaded = load_settings(SECRET_KEY="a-real-secret-from-the-environment")
    assert loaded["CSRF_COOKIE_SECURE"] is True
    assert loaded["SECURE_SSL_REDIRECT"] is True
    assert loaded["SECURE_HSTS_SECONDS"] == 31536000
    assert loaded["PASSWORD_HASHER"] == "django.contrib.auth.hashers.Argon2PasswordHasher"


def test_hsts_is_a_setting():
    loaded = load_settings(SECRET_KEY="a-real-secret", SECURE_HSTS_SECONDS="3600")
    assert loaded["SECURE_HSTS_SECONDS"] == 3600


def test_sign_in_defaults_suit_the_demo():
    loaded = load_settings(DEBUG="1")
    assert loaded["SESSION_IDLE_TIMEOUT_MINUTES"] == 30
    assert loaded["OTP_REQUIRED_FOR_MANAGERS"] is False
    assert loaded["OIDC_ENABLED"] is False
    assert "staff.oidc.CouncilAccountBackend" not in loaded["BACKENDS"]
    assert loaded["RETENTION_YEARS_AFTER_CLOSURE"] == 25


def test_two_factor_and_the_idle_timeout_are_read_from_the_environment():
    loaded = load_settings(
        DEBUG="1", OTP_REQUIRED_FOR_MANAGERS="1", SESSION_IDLE_TIMEOUT_MINUTES="15"
    )
    assert loaded["OTP_REQUIRED_FOR_MANAGERS"] is True
    assert loaded["SESSION_IDLE_TIMEOUT_MINUTES"] == 15


def test_an_oidc_client_id_turns_council_sign_in_on():
    loaded = load_settings(
        DEBUG="1",
        OIDC_RP_CLIENT_ID="case-records",
        OIDC_RP_CLIENT_SECRET="secret",
        OIDC_OP_AUTHORIZATION_ENDPOINT="https://login.example/authorize",
        OIDC_OP_TOKEN_ENDPOINT="https://login.example/token",
        OIDC_OP_USER_ENDPOINT="https://login.example/userinfo",
        OIDC_OP_JWKS_ENDPOINT="https://login.example/keys",
    )
    assert loaded["OIDC_ENABLED"] is True
    assert loaded["BACKENDS"][-1] == "staff.oidc.CouncilAccountBackend"


def test_an_oidc_client_id_without_its_endpoints_refuses_to_start():
    result = run_settings(DEBUG="1", OIDC_RP_CLIENT_ID="case-records")
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "council sign-in needs OIDC_RP_CLIENT_SECRET, OIDC_OP_AUTHORIZATION_ENDPOINT" in (
        result.stderr
    )
