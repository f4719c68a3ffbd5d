"""Fixtures for the escalation tests: tasks in-process, a clock in London, and concerns
raised through the services.

`worker` holds `child` in team A of service A, whose PGL is `pgl` and head of service
`headofservice`; `director` sees everything; `otherworker` is in service B.
"""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from caserecords import services
from config.celery import app as celery_app
from notifications import escalations
from notifications.models import EscalationReason

LONDON = ZoneInfo("Europe/London")
# Codes of reasons loaded by the data migration.
CAT_A = "looked_after_death_or_serious_injury"
CAT_B = "cp_plan_homeless"


def london(*args) -> datetime:
    return datetime(*args, tzinfo=LONDON)


@pytest.fixture(autouse=True)
def tasks_in_process():
    """Run Celery tasks (the emails the notices queue) in-process."""
    saved = celery_app.conf.task_always_eager, celery_app.conf.task_eager_propagates
    celery_app.conf.task_always_eager = celery_app.conf.task_eager_propagates = True
    yield
    celery_app.conf.task_always_eager, celery_app.conf.task_eager_propagates = saved


def full_briefing(**overrides) -> dict:
    return {
        "nature_of_concern": "Amelia was taken to hospital with a head injury at her placement.",
        "action_being_taken": "Strategy discussion at 14:00; placement visited.",
        "update_expected_on": london(2027, 6, 4).date(),
        "who_to_contact": "Wendy Walker, social worker, 0161 000 0000",
        **overrides,
    }


def raise_concern(user, *, child=None, code=CAT_A, at=None, short=False, **briefing):
    """Raise a concern through the service, at `at` (London)."""
    reason = EscalationReason.objects.get(code=code)
    return escalations.escalation_raise(
        user=user,
        reason=reason,
        child=child,
        briefing=full_briefing(**briefing),
        short_briefing=short,
        now=at,
        raised_at=at,
    ).escalation


def looked_after(child, worker, started_on=None):
    return services.legal_status_start(
        child=child,
        kind="lac",
        lac_legal_status="C2",
        started_on=started_on or london(2026, 3, 1).date(),
        user=worker,
    )


def cp_plan(child, worker, started_on=None):
    return services.legal_status_start(
        child=child,
        kind="cp",
        cp_category="NEG",
        started_on=started_on or london(2026, 3, 1).date(),
        user=worker,
    )
