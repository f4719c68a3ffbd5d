"""Celery tasks: thin wrappers that call the sweep and the services, retrying on
transient failures. Each is safe to run twice (acks_late: a task whose worker dies
is delivered again), because everything it writes has a unique key.

The beat schedule that sends them is in config/beat.py.
"""

import smtplib

from celery import shared_task
from django.db import InterfaceError, OperationalError

from . import services, sweep

# A database that is restarting, a lost connection or a mail server that is down: try again.
TRANSIENT = (OperationalError, InterfaceError, smtplib.SMTPException, ConnectionError, TimeoutError)
RETRYING = {
    "acks_late": True,
    "autoretry_for": TRANSIENT,
    "max_retries": 5,
    "retry_backoff": 30,
    "retry_backoff_max": 600,
    "retry_jitter": True,
}


@shared_task(**RETRYING)
def overdue_sweep_tick() -> dict | None:
    """Beat's 15-minute tick: run the overdue sweep if a run is due now (see sweep_if_due)."""
    result = sweep.sweep_if_due()
    return result.as_dict() if result else None


@shared_task(**RETRYING)
def sweep_overdue_task(now_iso: str | None = None) -> dict:
    """Run the overdue sweep now, or as at `now_iso` (ISO 8601; local time if no offset)."""
    now = sweep.parse_now(now_iso) if now_iso else None
    return sweep.sweep_overdue(now).as_dict()


@shared_task(**RETRYING)
def send_pending_emails_task() -> int:
    """Email the notices not emailed yet; returns how many were handled."""
    return services.send_pending_emails()


# "Need to Know" escalations (notifications/escalation_jobs.py) ------------------------------


@shared_task(**RETRYING)
def escalate_unanswered_task(now_iso: str | None = None) -> dict:
    """Send unanswered category A briefings past the end of their day to the Director, and
    notice passed update dates (idempotent)."""
    from . import escalation_jobs

    now = sweep.parse_now(now_iso) if now_iso else None
    return escalation_jobs.escalate_unanswered(now).as_dict()


@shared_task(**RETRYING)
def check_missing_task(now_iso: str | None = None) -> dict:
    """Raise the escalations of children missing 48 h (looked after), 72 h (CP plan) or at
    serious risk (idempotent)."""
    from . import escalation_jobs

    now = sweep.parse_now(now_iso) if now_iso else None
    return {"raised": escalation_jobs.check_missing(now).raised}


# The absence job's task lives with the return summary it sends; imported here so the
# worker registers it (Celery autodiscovers tasks.py modules only).
from .return_summary import apply_absences_task  # noqa: E402, F401
