"""Celery tasks of the child's record: thin wrappers around the services, safe to run twice
(acks_late: a task whose worker dies is delivered again), because the notices they send are
unique per recipient and dedupe key. The beat schedule is in config/beat.py."""

from celery import shared_task
from django.db import InterfaceError, OperationalError

from . import services

RETRYING = {
    "acks_late": True,
    "autoretry_for": (OperationalError, InterfaceError, ConnectionError, TimeoutError),
    "max_retries": 5,
    "retry_backoff": 30,
    "retry_backoff_max": 600,
    "retry_jitter": True,
}


@shared_task(**RETRYING)
def unallocated_report_tick() -> int:
    """Beat's daily tick: from the month's first working day, send each head of service the
    month's unallocated cases report, once (seed 003 App. 7, 3.2). Returns services reported."""
    return services.unallocated_report_send()
