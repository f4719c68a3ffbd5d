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
}
