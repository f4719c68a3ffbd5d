"""When a scheduled job is due, and the record that it ran once.

Beat only ticks (every 15 minutes, config/beat.py). The job's task works out, in
Europe/London time and against the working-day calendar, which period the tick
belongs to, and claims that period in `JobRun`: the unique key (job, period) makes a
duplicated, repeated or concurrent tick do nothing. Local times are never handed
to beat, so the clocks changing in March and October cannot move or double a run.
"""

from datetime import datetime, time

from django.db import IntegrityError, transaction
from django.utils import timezone

from caserecords import workingdays

from .models import JobRun

TICK_MINUTES = 15
# On a day that is not a working day the sweep runs once, at 07:00; a tick held up
# in the queue until before 08:00 still makes that day's run.
DAILY_RUN_FROM = time(7, 0)
DAILY_RUN_UNTIL = time(8, 0)


def quarter_hour(now: datetime) -> str:
    """The local quarter hour `now` falls in, with its UTC offset: "2026-11-27T10:15+00:00".

    The offset keeps apart the two 01:15s of the last Sunday in October.
    """
    local = timezone.localtime(now)
    start = local.replace(
        minute=local.minute - local.minute % TICK_MINUTES, second=0, microsecond=0
    )
    return start.isoformat(timespec="minutes")


def overdue_sweep_period(now: datetime) -> str | None:
    """The period the sweep runs for at a tick at `now`, or None when no run is due.

    Every quarter hour of a working day; on other days one run, at 07:00 (DESIGN.md
    "Scheduled work").
    """
    local = timezone.localtime(now)
    if workingdays.is_working_day(local.date()):
        return quarter_hour(now)
    if DAILY_RUN_FROM <= local.time() < DAILY_RUN_UNTIL:
        return local.date().isoformat()
    return None


def job_run_claim(*, job: str, period: str) -> JobRun | None:
    """Claim the run of `job` for `period`; None if it is already claimed.

    Call it inside the transaction that does the job's work: if the work fails, the
    claim is rolled back with it and a retry may run. A concurrent claim waits for
    that transaction and then finds the period taken.
    """
    try:
        with transaction.atomic():
            return JobRun.objects.create(job=job, period=period)
    except IntegrityError:
        return None


def job_run_finish(run: JobRun, *, result: dict) -> None:
    run.finished_at = timezone.now()
    run.result = result
    run.save(update_fields=["finished_at", "result"])
