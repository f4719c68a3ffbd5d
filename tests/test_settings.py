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
