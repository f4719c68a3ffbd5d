"""The apply_absences job: start and end cover on time, and on return send the worker one
summary of what arrived while away and what their cover did about each item (seed 000).

Each step is once per absence: cover starts and ends under a row lock with its own
timestamp (absence.services), and the summary is keyed by the absence (dedupe key
"absence_summary:<id>") and marked sent in the same transaction. Beat runs
`apply_absences_task` every 15 minutes (config/beat.py); `python manage.py apply_absences
[--now ISO-8601]` runs it on demand.
"""

import smtplib
from dataclasses import asdict, dataclass
from datetime import datetime

from celery import shared_task
from django.contrib.contenttypes.models import ContentType
from django.db import InterfaceError, OperationalError, transaction
from django.utils import timezone

from absence import queries as absence_queries
from absence import services as absence_services
from absence.models import Absence
from caserecords.models import Observation, ObservationStatus

from .models import Notification, NotificationKind
from .services import notify

# At most this many items are listed in the notice; the rest are counted.
LISTED = 50


@dataclass(frozen=True)
class AbsenceRun:
    covers_started: int = 0
    covers_ended: int = 0
    summaries_sent: int = 0

    def as_dict(self) -> dict[str, int]:
        return asdict(self)

    def __str__(self) -> str:
        return (
            f"cover started for {self.covers_started}, ended for {self.covers_ended}; "
            f"{self.summaries_sent} return summar{'y' if self.summaries_sent == 1 else 'ies'} sent"
        )


def arrived_while_away(absence: Absence) -> list[Notification]:
    """The notices that reached the cover for the worker during the absence: one query."""
    notices = Notification.objects.filter(
        covering_for_id=absence.user_id, created_at__gte=absence.starts_at
    )
    if absence.ends_at is not None:
        notices = notices.filter(created_at__lt=absence.ends_at)
    return list(notices.select_related("recipient").order_by("created_at", "pk"))


def _observation_states(notices: list[Notification]) -> dict[int, tuple[str, datetime | None]]:
    """Where the observations the notices are about stand now: one query."""
    kind = ContentType.objects.get_for_model(Observation)
    ids = {n.source_id for n in notices if n.source_type_id == kind.pk and n.source_id}
    if not ids:
        return {}
    rows = Observation.objects.filter(pk__in=ids).values_list("pk", "status", "completed_at")
    return {pk: (status, completed_at) for pk, status, completed_at in rows}


def _line(notice: Notification, states: dict, observation_type_id: int) -> str:
    local = timezone.localtime(notice.created_at)
    cover = notice.recipient.get_full_name() or notice.recipient.username
    read = (
        f"{cover} read it on {timezone.localtime(notice.read_at):%-d %B %Y}"
        if notice.read_at
        else f"{cover} has not opened it"
    )
    now = ""
    if notice.source_type_id == observation_type_id and notice.source_id in states:
        status, completed_at = states[notice.source_id]
        now = (
            f"; the recording was completed on {timezone.localtime(completed_at):%-d %B %Y}"
            if status == ObservationStatus.COMPLETED and completed_at
            else "; the recording is still a draft"
        )
    return f"- {local:%-d %B %Y}: {notice.subject}. {read}{now}."


def summary_text(absence: Absence, notices: list[Notification]) -> tuple[str, str]:
    """The summary's subject and body."""
    if not notices:
        return (
            "While you were away: nothing arrived",
            "Nothing was sent to you while you were away, so your cover received nothing for you.",
        )
    states = _observation_states(notices)
    observation_type = ContentType.objects.get_for_model(Observation).pk
    lines = [_line(n, states, observation_type) for n in notices[:LISTED]]
    if len(notices) > LISTED:
        lines.append(f"- and {len(notices) - LISTED} more: see your notifications.")
    count = len(notices)
    subject = f"While you were away: {count} notice{'s' if count != 1 else ''} went to your cover"
    body = (
        f"You were away from {absence.starts_on:%-d %B %Y}. These were sent to you and to "
        "your cover, with what the cover did about each and where it stands now. Bring the "
        "recording up to date (case recording protocol, section 5).\n\n" + "\n".join(lines)
    )
    return subject, body


@transaction.atomic
def return_summary_send(*, absence: Absence, at: datetime) -> bool:
    """Send the returned worker their summary, once per absence; whether it was sent now."""
    absence = Absence.objects.select_for_update().select_related("user").get(pk=absence.pk)
    if absence.summary_sent_at is not None or absence.cover_ended_at is None:
        return False
    subject, body = summary_text(absence, arrived_while_away(absence))
    notify(
        recipient=absence.user,
        kind=NotificationKind.ABSENCE_SUMMARY,
        subject=subject,
        body=body,
        link=absence.get_absolute_url(),
        source=absence,
        dedupe_key=f"absence_summary:{absence.pk}",
        at=at,
    )
    absence_services.absence_mark_summarised(absence=absence, at=at)
    return True


def apply_absences(now: datetime | None = None) -> AbsenceRun:
    """Start and end cover as at `now`, and send the return summaries now due."""
    now = now or timezone.now()
    started, ended = absence_services.absences_apply(now=now)
    sent = sum(
        return_summary_send(absence=absence, at=now) for absence in absence_queries.summary_due()
    )
    return AbsenceRun(started, ended, sent)


# The Celery task (beat: every 15 minutes). Its own options rather than tasks.RETRYING, so
# tasks.py can import this module without a cycle.
@shared_task(
    acks_late=True,
    autoretry_for=(OperationalError, InterfaceError, smtplib.SMTPException, ConnectionError),
    max_retries=5,
    retry_backoff=30,
    retry_backoff_max=600,
    retry_jitter=True,
)
def apply_absences_task(now_iso: str | None = None) -> dict:
    """Start and end cover and send return summaries, now or as at `now_iso` (ISO 8601)."""
    from .sweep import parse_now

    return apply_absences(parse_now(now_iso) if now_iso else None).as_dict()
