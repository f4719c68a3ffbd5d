"""The Celery tasks: thin, acks_late, retried on transient failures, safe to run twice."""

import pytest
from django.db import OperationalError

from notifications import tasks
from notifications.models import Notification

from .conftest import london, record_contact


@pytest.mark.parametrize(
    "task", [tasks.overdue_sweep_tick, tasks.sweep_overdue_task, tasks.send_pending_emails_task]
)
def test_every_task_is_acknowledged_late_and_retried_on_transient_errors(task):
    assert task.acks_late is True
    assert OperationalError in task.autoretry_for
    assert task.max_retries == 5


def test_the_sweep_task_takes_its_clock_as_iso_text(worker, teamleader, child):
    record_contact(worker, child, london(2026, 11, 20, 10, 0))

    assert tasks.sweep_overdue_task.delay("2026-11-27T23:59:59").get() == {
        "overdue_recordings": 0,
        "overdue_planned_contacts": 0,
        "notifications_created": 0,
    }
    assert tasks.sweep_overdue_task.delay("2026-11-28T00:00:00+00:00").get() == {
        "overdue_recordings": 1,
        "overdue_planned_contacts": 0,
        "notifications_created": 2,
    }
    assert (
        tasks.sweep_overdue_task.delay("2026-11-28T00:00:00+00:00").get()["notifications_created"]
        == 0
    )
    assert Notification.objects.count() == 2


def test_a_transient_database_error_is_retried(monkeypatch, db):
    calls = []

    def flaky(now=None):
        calls.append(now)
        if len(calls) == 1:
            raise OperationalError("server closed the connection unexpectedly")
        return tasks.sweep.SweepResult()

    monkeypatch.setattr(tasks.sweep, "sweep_overdue", flaky)
    # Run in-process, a retry follows at once (not raised, as it would be with throw=True).
    assert tasks.sweep_overdue_task.apply(throw=False).get() == {
        "overdue_recordings": 0,
        "overdue_planned_contacts": 0,
        "notifications_created": 0,
    }
    assert len(calls) == 2
