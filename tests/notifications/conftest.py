"""Fixtures for the notifications tests: tasks in-process, and overdue items made through
the services (so each due date is the real working-day rule's).

`worker` holds `child` in team A, led by `teamleader`; `otherworker` is in team B.
"""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from caserecords import services
from caserecords.models import Observation, PlannedContact
from config.celery import app as celery_app

LONDON = ZoneInfo("Europe/London")


def london(*args) -> datetime:
    return datetime(*args, tzinfo=LONDON)


@pytest.fixture(autouse=True)
def tasks_in_process(request):
    """Run Celery tasks in-process, even where CELERY_BROKER_URL is set (CI's second run).

    The real-worker tests (marker celery_worker) bring their own broker and worker.
    """
    if request.node.get_closest_marker("celery_worker"):
        yield
        return
    saved = celery_app.conf.task_always_eager, celery_app.conf.task_eager_propagates
    celery_app.conf.task_always_eager = celery_app.conf.task_eager_propagates = True
    yield
    celery_app.conf.task_always_eager, celery_app.conf.task_eager_propagates = saved


def record_contact(author, child, occurred_at: datetime, **fields) -> Observation:
    """A draft observation of a home visit at `occurred_at`, through the service."""
    data = {
        "kind": "home_visit",
        "occurred_at": occurred_at,
        "location": "At the family home",
        "summary": "Visit after the school's concern",
        "child_seen": "seen_alone",
        **fields,
    }
    [observation] = services.observation_create(
        author=author, child=child, data=data, now=occurred_at
    )
    return observation


def plan_contact(user, child, planned_for: datetime, **fields) -> PlannedContact:
    """A planned home visit at `planned_for`, through the service."""
    return services.planned_contact_create(
        user=user,
        child=child,
        kind=fields.pop("kind", "home_visit"),
        planned_for=planned_for,
        now=planned_for,
        **fields,
    )
