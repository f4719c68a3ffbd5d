"""The Celery beat schedule: every scheduled job, in one place (DESIGN.md "Scheduled work").

Run exactly one beat process (`make beat`). Beat only ticks: local times (07:00,
17:00, working days) are decided by each job's task in Europe/London time against the
working-day calendar, and each run is recorded under a unique key (job, local period)
in notifications.JobRun, so a duplicated or late tick does nothing and the clocks
changing cannot move or double a run (reference/toolchain.md, "Celery").

`expires` drops a tick still queued when the next one is due, and keeps every task
well inside Redis's one-hour visibility timeout.
"""

from celery.schedules import crontab

QUARTER_HOUR = crontab(minute="*/15")
TICK_EXPIRES = 14 * 60  # seconds

CELERY_BEAT_SCHEDULE = {
    # Overdue recordings sweep (notifications/sweep.py): every 15 minutes on working days,
    # and at 07:00 on other days; notifies author (or cover) and team leaders once.
    "overdue-sweep": {
        "task": "notifications.tasks.overdue_sweep_tick",
        "schedule": QUARTER_HOUR,
        "options": {"expires": TICK_EXPIRES},
    },
    # Emails of notices not sent yet: the sweep queues this itself after inserting; the
    # tick catches anything whose queueing was lost (broker down at that moment).
    "pending-emails": {
        "task": "notifications.tasks.send_pending_emails_task",
        "schedule": QUARTER_HOUR,
        "options": {"expires": TICK_EXPIRES},
    },
    # Need to Know end-of-day rule (notifications/escalation_jobs.py): unanswered category A
    # briefings go to the Director at the end of the working day they arose
    # (ESCALATION_END_OF_DAY, on a quarter hour), and passed update dates are noticed; once.
    "escalate-unanswered": {
        "task": "notifications.tasks.escalate_unanswered_task",
        "schedule": QUARTER_HOUR,
        "options": {"expires": TICK_EXPIRES},
    },
    # Missing children (notifications/escalation_jobs.py): escalations at 48 h looked after,
    # 72 h on a CP plan, and at once for serious risk; one per episode and category.
    "check-missing": {
        "task": "notifications.tasks.check_missing_task",
        "schedule": QUARTER_HOUR,
        "options": {"expires": TICK_EXPIRES},
    },
    # Absence start and end (notifications/return_summary.py): starts and ends cover, writes
    # "worker unavailable" on the children's chronologies, sends return summaries; once each.
    "apply-absences": {
        "task": "notifications.return_summary.apply_absences_task",
        "schedule": QUARTER_HOUR,
        "options": {"expires": TICK_EXPIRES},
    },
    # Monthly unallocated cases report (caserecords/services/oversight.py, seed 003 App. 7,
    # 3.2): daily at 07:00; from the month's first working day each head of service gets
    # the month's report once (dedupe key per service and month), so a missed day is made up.
    "unallocated-report": {
        "task": "caserecords.tasks.unallocated_report_tick",
        "schedule": crontab(minute=0, hour=7),
        "options": {"expires": TICK_EXPIRES},
    },
    # Quarterly file audit sample (audits/sampling.py): drawn at the first tick from 06:00 on
    # the quarter's first working day (catching up if missed), once per quarter.
    "audit-sample": {
        "task": "audits.tasks.audit_sample_tick",
        "schedule": QUARTER_HOUR,
        "options": {"expires": TICK_EXPIRES},
    },
}
