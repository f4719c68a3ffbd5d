"""The scheduled jobs of escalations: `escalate_unanswered` and `check_missing`.

Each finds its items in one query and hands each to a plain function (in
escalations.py and missing.py) that locks it, checks it still needs doing, and does
it; the dedupe keys of the notices and the unique constraint on missing-episode
escalations make a second run, or a concurrent one, change nothing.

Beat ticks them every 15 minutes (config/beat.py), which catches the end of the
working day (17:00 by default, ESCALATION_END_OF_DAY) on its quarter hour; the
management commands take `--now` for a frozen clock.
"""

from dataclasses import asdict, dataclass
from datetime import datetime

from django.db.models import F, Q
from django.utils import timezone

from . import escalations, missing
from .models import OPEN_ESCALATION_STATUSES, Escalation, EscalationStatus


@dataclass(frozen=True)
class UnansweredResult:
    sent_to_director: int = 0
    updates_overdue: int = 0

    def as_dict(self) -> dict[str, int]:
        return asdict(self)

    def __str__(self) -> str:
        return (
            f"{self.sent_to_director} briefing(s) sent to the Director, "
            f"{self.updates_overdue} overdue update(s) noticed"
        )


def unanswered(now: datetime) -> list[int]:
    """Briefings still with the PGL after the end of their working day (esc_unanswered_idx)."""
    rows = Escalation.objects.filter(status=EscalationStatus.WITH_PGL, director_due_at__lte=now)
    return list(rows.order_by("director_due_at", "pk").values_list("pk", flat=True))


def updates_overdue(now: datetime) -> list[int]:
    """Open escalations whose update date has passed and has not been noticed yet."""
    rows = Escalation.objects.filter(
        status__in=OPEN_ESCALATION_STATUSES, update_expected_on__lt=timezone.localdate(now)
    ).filter(
        Q(update_due_noticed_on__isnull=True) | ~Q(update_due_noticed_on=F("update_expected_on"))
    )
    return list(rows.order_by("update_expected_on", "pk").values_list("pk", flat=True))


def escalate_unanswered(now: datetime | None = None) -> UnansweredResult:
    """Send every unanswered category A briefing past its end of day to the Director, and
    notice every update date that has passed; once each."""
    now = now or timezone.now()
    sent = sum(
        escalations.escalation_send_unanswered(escalation_id=pk, now=now).done
        for pk in unanswered(now)
    )
    noticed = sum(
        escalations.escalation_update_overdue(escalation_id=pk, now=now).done
        for pk in updates_overdue(now)
    )
    return UnansweredResult(sent_to_director=sent, updates_overdue=noticed)


def check_missing(now: datetime | None = None) -> missing.CheckResult:
    """Raise the escalations of children missing too long, or at serious risk; once each."""
    return missing.check_missing(now)
