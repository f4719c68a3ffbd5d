"""Fixtures for the absence tests: a frozen clock, Celery tasks in-process, and absences
recorded through the service.

The clock stands at Tuesday 1 December 2026, 10:00 in London. `worker` holds `child` in
team A, led by `teamleader`; `colleague` is in the same team; `otherworker` is in team B.
"""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from absence import services
from config.celery import app as celery_app

LONDON = ZoneInfo("Europe/London")
NOW = datetime(2026, 12, 1, 10, 0, tzinfo=LONDON)
TODAY = date(2026, 12, 1)


def london(*args) -> datetime:
    return datetime(*args, tzinfo=LONDON)


@pytest.fixture(autouse=True)
def tasks_in_process():
    """Run Celery tasks (the email task queued by notify) in-process."""
    saved = celery_app.conf.task_always_eager, celery_app.conf.task_eager_propagates
    celery_app.conf.task_always_eager = celery_app.conf.task_eager_propagates = True
    yield
    celery_app.conf.task_always_eager, celery_app.conf.task_eager_propagates = saved


@pytest.fixture
def now(time_machine):
    time_machine.move_to(NOW, tick=False)
    return NOW


def record_absence(user, *, by=None, starts_on=TODAY, ends_on=date(2026, 12, 4), **fields):
    """An absence of `user` through the service (sickness, covered by their team leader)."""
    absence, _away = services.absence_create(
        user=user,
        recorded_by=by or user,
        starts_on=starts_on,
        ends_on=ends_on,
        planned=fields.pop("planned", False),
        kind=fields.pop("kind", "sickness"),
        message=fields.pop("message", ""),
        now=fields.pop("now", None),
        **fields,
    )
    return absence


@pytest.fixture
def api_for():
    def client_for(user) -> APIClient:
        token, _ = Token.objects.get_or_create(user=user)
        client = APIClient()
        client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
        return client

    return client_for
