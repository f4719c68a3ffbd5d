"""What is overdue: the recording deadlines as set-based queries.

The overdue sweep (notifications app) calls these; each is one indexed query
whose cost grows with the overdue items, not with the size of the record.
An item is overdue from the first moment of the day after its due date in
Europe/London (a recording completed at any time on its due date is on time).
"""

from datetime import date, datetime

from django.db.models import QuerySet
from django.utils import timezone

from .models import Observation, PlannedContact


def today_at(now: datetime | None = None) -> date:
    """The local (Europe/London) date at `now`: the date the deadline rule compares with."""
    return timezone.localdate(now or timezone.now())


def overdue_observations(now: datetime | None = None) -> QuerySet[Observation]:
    """Draft observations past their due date (served by the partial index obs_draft_due_idx)."""
    return Observation.objects.overdue(today_at(now))


def overdue_planned_contacts(now: datetime | None = None) -> QuerySet[PlannedContact]:
    """Planned contacts with no observation past their due date (index plan_planned_due_idx).

    Cancelled and recorded ones never are; one whose observation is still a draft
    is recorded, and the draft is what overdue_observations finds.
    """
    return PlannedContact.objects.overdue(today_at(now))
