"""docker-compose.yml, README.md and config/settings.py agree on the environment.

Docker cannot run on these machines, so the compose file is checked by reading it:
every variable web, worker and beat set is documented in the README's table, and
every variable that table documents is one the settings module reads.
"""

import re
import shlex
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
APP_SERVICES = ("web", "worker", "beat")

# How config/settings.py reads a variable: os.environ.get("X"), env_bool("X"), ...
SETTINGS_READ = re.compile(
    r"""(?:os\.environ\.get\(|os\.environ\[|os\.getenv\(|env_bool\(|env_list\()\s*["']([A-Z][A-Z0-9_]*)["']"""
)


@pytest.fixture(scope="module")
def compose() -> dict:
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text())


def environment(service: dict) -> dict[str, str]:
    """A service's environment as a dict, whichever of the two compose forms it uses."""
    env = service.get("environment") or {}
    if isinstance(env, list):
        return dict(item.split("=", 1) if "=" in item else (item, "") for item in env)
    return {name: "" if value is None else str(value) for name, value in env.items()}


def command_words(service: dict) -> list[str]:
    command = service.get("command") or []
    return shlex.split(command) if isinstance(command, str) else [str(word) for word in command]


def readme_variables() -> set[str]:
    """The names in the first column of the README's "Environment variables" table."""
    text = (ROOT / "README.md").read_text()
    section = re.search(r"^## Environment variables\n(.*?)(?=^## |\Z)", text, re.M | re.S)
    assert section, "README.md has no '## Environment variables' section"
    rows = [line for line in section.group(1).splitlines() if line.startswith("|")]
    names = set()
    for row in rows[2:]:  # skip the header and the |---| line
        first_cell = row.strip("|").split("|")[0]
        names.update(re.findall(r"`([A-Z][A-Z0-9_]*)`", first_cell))
    return names


def settings_variables() -> set[str]:
    source = (ROOT / "config" / "settings.py").read_text()
    names = set(SETTINGS_READ.findall(source))
    if "dj_database_url.config(" in source:
        names.add("DATABASE_URL")  # dj-database-url's config() reads DATABASE_URL
    return names


def test_it_describes_web_worker_beat_postgresql_and_redis(compose):
    services = compose["services"]
    assert set(services) >= {"web", "worker", "beat", "db", "redis"}
    assert services["db"]["image"].startswith("postgres:15")
    assert services["redis"]["image"].startswith("redis:7")


def test_web_worker_and_beat_share_the_database_broker_and_secret(compose):
    envs = [environment(compose["services"][name]) for name in APP_SERVICES]
    for env in envs:
        assert {"DATABASE_URL", "CELERY_BROKER_URL", "SECRET_KEY"} <= set(env)
        assert env["DATABASE_URL"].startswith("postgres://")
        assert "@db:5432/" in env["DATABASE_URL"]
        assert env["CELERY_BROKER_URL"].startswith("redis://redis:6379/")
    assert envs[0] == envs[1] == envs[2]


def test_no_secret_is_written_in_the_compose_file(compose):
    services = compose["services"]
    for name in APP_SERVICES:
        env = environment(services[name])
        assert re.fullmatch(r"\$\{SECRET_KEY(:?\?[^}]*)?\}", env["SECRET_KEY"]), env["SECRET_KEY"]
        assert "${POSTGRES_PASSWORD" in env["DATABASE_URL"]
    assert environment(services["db"])["POSTGRES_PASSWORD"].startswith("${POSTGRES_PASSWORD")


def test_worker_and_beat_run_the_config_celery_app(compose):
    for name, role in (("worker", "worker"), ("beat", "beat")):
        words = command_words(compose["services"][name])
        assert words[0] == "celery"
        assert "-A" in words
        assert words[words.index("-A") + 1] == "config"
        assert role in words


def test_web_serves_the_wsgi_app_with_gunicorn(compose):
    command = " ".join(command_words(compose["services"]["web"]))
    assert "gunicorn config.wsgi" in command


def test_the_readme_documents_the_core_variables():
    assert {"DATABASE_URL", "CELERY_BROKER_URL", "SECRET_KEY", "DEBUG", "ALLOWED_HOSTS"} <= (
        readme_variables()
    )


def test_every_variable_the_app_services_set_is_documented_in_the_readme(compose):
    documented = readme_variables()
    for name in APP_SERVICES:
        undocumented = set(environment(compose["services"][name])) - documented
        assert not undocumented, f"{name} sets {undocumented}, which README.md does not document"


def test_every_variable_the_readme_documents_is_read_by_settings():
    unread = readme_variables() - settings_variables()
    assert not unread, f"README.md documents variables config/settings.py never reads: {unread}"
