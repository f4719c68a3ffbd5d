"""Celery tasks of the audits app: thin wrappers around sampling (config/beat.py sends them)."""

from celery import shared_task
from django.db import InterfaceError, OperationalError

from . import sampling

RETRYING = {
    "acks_late": True,
    "autoretry_for": (OperationalError, InterfaceError),
    "max_retries": 5,
    "retry_backoff": 30,
    "retry_jitter": True,
}


@shared_task(**RETRYING)
def audit_sample_tick() -> dict | None:
    """Beat's daily tick: draw this quarter's sample on its first working day (once)."""
    result = sampling.draw_if_due()
    if result is None:
        return None
    return {
        "quarter": result.draw.quarter,
        "seed": result.draw.seed,
        "items": result.draw.samples.count(),
    }
