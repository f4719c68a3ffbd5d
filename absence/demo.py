"""Demo data of the absence app, added by `seed_demo` after the children's records.

worker2 is on leave this week, covered by worker; worker has a training day coming up.
"""

from datetime import date, timedelta

from caserecords.demo.builder import acting_as
from staff.models import User

from . import services


def seed(*, today: date) -> str:
    """Add this app's demo records; return a line for seed_demo's summary ("" for none)."""
    people = User.objects.in_bulk(["worker", "worker2"], field_name="username")
    worker, worker2 = people.get("worker"), people.get("worker2")
    if worker is None or worker2 is None:
        return ""
    with acting_as(worker2):
        services.absence_create(
            user=worker2,
            recorded_by=worker2,
            starts_on=today - timedelta(days=today.weekday()),
            ends_on=today + timedelta(days=6 - today.weekday()),
            planned=True,
            kind="leave",
            message="I am on leave this week. Wendy Walker is covering my cases.",
            cover=worker,
        )
    with acting_as(worker):
        services.absence_create(
            user=worker,
            recorded_by=worker,
            starts_on=today + timedelta(days=14),
            ends_on=today + timedelta(days=14),
            planned=True,
            kind="training",
            message="On a training course today; back tomorrow.",
        )
    return "2 absences (worker2 on leave this week, covered by worker)"
