"""Beat's 15-minute tick and the task that decides whether the sweep is due: every quarter
hour of a working day, 07:00 on other days, in Europe/London time, once per period."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from caserecords.models import ClosureDay
from config.beat import CELERY_BEAT_SCHEDULE
from config.celery import app as celery_app
from notifications import sweep
from notifications.models import JobRun, Notification
from notifications.schedule import overdue_sweep_period, quarter_hour
from notifications.sweep import SweepResult, sweep_if_due
from notifications.tasks import overdue_sweep_tick

from .conftest import london, record_contact

UTC = ZoneInfo("UTC")


def periods() -> list[str]:
    return sorted(JobRun.objects.values_list("period", flat=True))


@pytest.mark.parametrize(
    ("moment", "period"),
    [
        (london(2026, 11, 27, 10, 15), "2026-11-27T10:15+00:00"),  # Friday: every quarter
        (london(2026, 11, 27, 10, 29, 59), "2026-11-27T10:15+00:00"),  # a late tick
        (london(2026, 11, 27, 0, 0), "2026-11-27T00:00+00:00"),
        (london(2026, 11, 28, 7, 0), "2026-11-28"),  # Saturday: once, at 07:00
        (london(2026, 11, 28, 7, 59), "2026-11-28"),  # a tick held up in the queue
        (london(2026, 11, 28, 6, 45), None),
        (london(2026, 11, 28, 8, 0), None),
        (london(2026, 11, 28, 10, 15), None),
        (london(2026, 12, 28, 10, 15), None),  # Boxing Day's substitute bank holiday
        (london(2026, 12, 28, 7, 0), "2026-12-28"),
        (london(2026, 6, 1, 9, 0), "2026-06-01T09:00+01:00"),  # British Summer Time
    ],
)
def test_the_period_of_a_tick_follows_the_working_day_calendar_in_london(db, moment, period):
    assert overdue_sweep_period(moment) == period


def test_a_local_closure_day_runs_only_at_seven(db):
    ClosureDay.objects.create(date=london(2026, 12, 29).date(), reason="Council closure")
    assert overdue_sweep_period(london(2026, 12, 29, 10, 15)) is None
    assert overdue_sweep_period(london(2026, 12, 29, 7, 0)) == "2026-12-29"


@pytest.mark.parametrize(
    ("utc", "period"),
    [
        # Sunday 29 March 2026, clocks forward at 01:00 GMT: 07:00 BST is 06:00 UTC.
        (datetime(2026, 3, 29, 5, 45, tzinfo=UTC), None),
        (datetime(2026, 3, 29, 6, 0, tzinfo=UTC), "2026-03-29"),
        (datetime(2026, 3, 29, 7, 0, tzinfo=UTC), None),
        # Sunday 25 October 2026, clocks back at 02:00 BST: 07:00 GMT is 07:00 UTC.
        (datetime(2026, 10, 25, 6, 0, tzinfo=UTC), None),
        (datetime(2026, 10, 25, 7, 0, tzinfo=UTC), "2026-10-25"),
        # The Friday before and the Monday after: quarter hours with the right offset.
        (datetime(2026, 10, 23, 9, 15, tzinfo=UTC), "2026-10-23T10:15+01:00"),
        (datetime(2026, 10, 26, 9, 15, tzinfo=UTC), "2026-10-26T09:15+00:00"),
    ],
)
def test_the_daily_run_stays_at_seven_in_london_when_the_clocks_change(db, utc, period):
    assert overdue_sweep_period(utc) == period


def test_the_repeated_hour_of_the_october_change_gives_two_quarter_hours():
    first = datetime(2026, 10, 25, 0, 15, tzinfo=UTC)  # 01:15 BST
    second = datetime(2026, 10, 25, 1, 15, tzinfo=UTC)  # 01:15 GMT
    assert quarter_hour(first) == "2026-10-25T01:15+01:00"
    assert quarter_hour(second) == "2026-10-25T01:15+00:00"


def test_a_saturday_tick_at_a_quarter_past_ten_does_not_run(worker, teamleader, child):
    record_contact(worker, child, london(2026, 11, 20, 10, 0))

    assert sweep_if_due(london(2026, 11, 28, 10, 15)) is None
    assert periods() == []
    assert not Notification.objects.exists()


def test_the_saturday_seven_oclock_tick_runs_once(worker, teamleader, child):
    record_contact(worker, child, london(2026, 11, 20, 10, 0))

    assert sweep_if_due(london(2026, 11, 28, 7, 0)) == SweepResult(1, 0, 2)
    assert sweep_if_due(london(2026, 11, 28, 7, 0)) is None, "a duplicated tick does nothing"
    assert sweep_if_due(london(2026, 11, 28, 7, 15)) is None, "nor does the next one"

    assert periods() == ["2026-11-28"]
    run = JobRun.objects.get()
    assert run.job == "overdue_sweep"
    assert run.result == {
        "overdue_recordings": 1,
        "overdue_planned_contacts": 0,
        "notifications_created": 2,
    }
    assert run.finished_at is not None
    assert Notification.objects.count() == 2


def test_each_quarter_hour_of_a_working_day_runs_once(db):
    assert sweep_if_due(london(2026, 11, 27, 10, 15)) == SweepResult(0, 0, 0)
    assert sweep_if_due(london(2026, 11, 27, 10, 16)) is None
    assert sweep_if_due(london(2026, 11, 27, 10, 30)) == SweepResult(0, 0, 0)
    assert periods() == ["2026-11-27T10:15+00:00", "2026-11-27T10:30+00:00"]


def test_a_failed_run_leaves_its_period_free_for_the_retry(db, monkeypatch):
    def broken(now):
        raise RuntimeError("the database went away")

    monkeypatch.setattr(sweep, "sweep_overdue", broken)
    with pytest.raises(RuntimeError):
        sweep_if_due(london(2026, 11, 27, 10, 15))
    assert periods() == []

    monkeypatch.undo()
    assert sweep_if_due(london(2026, 11, 27, 10, 15)) == SweepResult(0, 0, 0)


@time_machine.travel(london(2026, 11, 28, 7, 0, 3), tick=False)
def test_the_beat_task_runs_the_sweep_when_due(worker, teamleader, child):
    record_contact(worker, child, london(2026, 11, 20, 10, 0))

    assert overdue_sweep_tick.delay().get() == {
        "overdue_recordings": 1,
        "overdue_planned_contacts": 0,
        "notifications_created": 2,
    }
    assert overdue_sweep_tick.delay().get() is None


def test_the_beat_schedule_ticks_every_quarter_hour_or_daily_for_registered_tasks():
    celery_app.loader.import_default_modules()  # as a worker does: every app's tasks.py

    for name, entry in CELERY_BEAT_SCHEDULE.items():
        assert entry["task"] in celery_app.tasks, name
        schedule = entry["schedule"]
        quarter_hourly = schedule.minute == {0, 15, 30, 45}
        daily_at_seven = schedule.minute == {0} and schedule.hour == {7}
        assert quarter_hourly or daily_at_seven, name
        assert entry["options"]["expires"] < 15 * 60, name
    assert celery_app.conf.beat_schedule == CELERY_BEAT_SCHEDULE
    assert celery_app.conf.timezone == "Europe/London"
