"""Writes of the absence app: record an absence, end it early, start and end cover on
time, and file an email onto children's records.

Pages, the API, admin, the demo and the apply_absences job (notifications/return_summary.py)
all call these. Cover is started and ended once per absence: each step sets its own
timestamp under a row lock, and the chronology entries and the cover's notice have
unique keys of their own.
"""

from collections.abc import Sequence
from datetime import date, datetime, timedelta
from typing import NamedTuple

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from caserecords import access, notices
from caserecords import services as records
from caserecords.models import Child, ChronologyCategory, ChronologyEntry, DocumentType
from staff.models import Role, User

from . import emails, queries
from .models import Absence, AbsenceKind, FiledEmail

# Absences ---------------------------------------------------------------------------------


class Recorded(NamedTuple):
    """A new absence, and who of those told about it (its cover) was away too."""

    absence: Absence
    away: list[notices.Away]


def _name(user: User) -> str:
    return user.get_full_name() or user.username


def _overlapping(user: User, starts_on: date, ends_on: date | None) -> list[Absence]:
    """The worker's absences sharing a day with [starts_on, ends_on]; withdrawn ones aside."""
    found = Absence.objects.filter(user=user)
    if ends_on is not None:
        found = found.filter(starts_on__lte=ends_on)
    found = found.exclude(ends_on__lt=starts_on)
    # Ended before it began: withdrawn, it holds no days.
    return [a for a in found if a.ended_early_at is None or a.ended_early_at >= a.starts_at]


def _validate(
    *, user: User, starts_on: date, ends_on: date | None, cover: User | None, today: date
) -> User:
    """Check the dates and the cover; return the cover (the team leader by default)."""
    errors: dict[str, str] = {}
    if ends_on is not None and ends_on < starts_on:
        errors["ends_on"] = "The last day away must be the same as or after the first day away."
    elif ends_on is not None and ends_on < today:
        errors["ends_on"] = (
            "The last day away must be today or later: this absence is already over."
        )
    if cover is None:
        cover = queries.default_cover(user)
        if cover is None:
            errors["cover"] = "Select who will cover: there is no team leader to cover by default."
    elif cover.pk == user.pk:
        errors["cover"] = "Select someone else to cover: a worker cannot cover for themselves."
    elif not cover.is_active:
        errors["cover"] = "Select someone who still works here to cover."
    if errors:
        raise ValidationError(errors)
    assert cover is not None
    return cover


@transaction.atomic
def absence_create(
    *,
    user: User,
    recorded_by: User,
    starts_on: date,
    ends_on: date | None,
    planned: bool,
    kind: str,
    message: str = "",
    cover: User | None = None,
    now: datetime | None = None,
) -> Recorded:
    """Record that `user` is (or will be) away, and who covers; start cover if it has begun.

    A worker records their own; a team leader or business support one for a member of
    their team. One worker's absences never overlap.
    """
    now = now or timezone.now()
    if not queries.can_manage_absence(recorded_by, user):
        raise PermissionDenied(
            "You can record absences for yourself and, as a team leader or "
            "business support, for members of your team."
        )
    if kind not in AbsenceKind.values:
        raise ValidationError({"kind": "Select the kind of absence."})
    cover = _validate(
        user=user, starts_on=starts_on, ends_on=ends_on, cover=cover, today=timezone.localdate(now)
    )
    # One at a time per worker, so two overlapping absences cannot both pass the check.
    User.objects.select_for_update().filter(pk=user.pk).first()
    clash = _overlapping(user, starts_on, ends_on)
    if clash:
        other = clash[0]
        until = f" to {other.ends_on:%-d %B %Y}" if other.ends_on else " with no end date"
        raise ValidationError(
            {
                "starts_on": f"{_name(user)} already has an absence from "
                f"{other.starts_on:%-d %B %Y}{until}. Change or end that one first."
            }
        )
    absence = Absence(
        user=user,
        starts_on=starts_on,
        ends_on=ends_on,
        planned=planned,
        kind=kind,
        message=message.strip(),
        cover=cover,
        recorded_by=recorded_by,
    )
    absence.full_clean()
    absence._history_user = recorded_by  # type: ignore[attr-defined]
    absence.save()
    away = absence_cover_start(absence=absence, at=now) if absence.is_active(now) else None
    return Recorded(absence, away or [])


@transaction.atomic
def absence_end(*, absence: Absence, user: User, at: datetime | None = None) -> Absence:
    """End an absence early (the worker is back), or withdraw one not yet begun."""
    at = at or timezone.now()
    if not queries.can_manage_absence(user, absence.user):
        raise PermissionDenied("You cannot change this absence.")
    absence = Absence.objects.select_for_update().get(pk=absence.pk)
    if absence.ended_early_at is not None or absence.is_over(at):
        raise ValidationError("This absence has already ended.")
    absence.ended_early_at, absence.ended_early_by = at, user
    if absence.starts_at <= at:
        # The last day away is the day before the return; a return on the first day keeps it.
        absence.ends_on = max(absence.starts_on, timezone.localdate(at) - timedelta(days=1))
    absence._history_user = user  # type: ignore[attr-defined]
    absence.save(update_fields=["ended_early_at", "ended_early_by", "ends_on", "updated_at"])
    absence_cover_end(absence=absence, at=at)
    return absence


# Cover starting and ending (the apply_absences job) ---------------------------------------


def _headline(absence: Absence, *, over: bool) -> str:
    who, cover = _name(absence.user), _name(absence.cover)
    since = f"{absence.starts_on:%-d %B %Y}"
    if over:
        until = f"{absence.ends_on:%-d %B %Y}"
        return f"Worker unavailable: {who} was away from {since} to {until}; {cover} covered"
    back = f", expected back after {absence.ends_on:%-d %B %Y}" if absence.ends_on else ""
    return f"Worker unavailable: {who} away from {since}{back}; {cover} is covering"


DETAIL = (
    "The allocated worker is away. Recording on this file may have gaps for this period, "
    "to be brought up to date on their return (case recording protocol, section 5)."
)


@transaction.atomic
def absence_cover_start(*, absence: Absence, at: datetime) -> list[notices.Away] | None:
    """Start cover: a "worker unavailable" entry on each open allocated child's file, and a
    notice to the cover. Once per absence: None when there was nothing to do, else who of
    those told was away (the cover, with their own cover)."""
    absence = Absence.objects.select_for_update().select_related("user", "cover").get(pk=absence.pk)
    if absence.cover_started_at is not None or not absence.is_active(at):
        return None
    headline = _headline(absence, over=False)
    for child in Child.objects.filter(worker_id=absence.user_id, closed_on__isnull=True):
        records.chronology_record(
            child=child,
            occurred_at=absence.starts_at,
            category=ChronologyCategory.WORKER_UNAVAILABLE,
            headline=headline,
            detail=DETAIL,
            source=absence,
            recorded_by=absence.recorded_by,
        )
    until = f" until {absence.ends_on:%-d %B %Y}" if absence.ends_on else ""
    away = notices.notify(
        recipient=absence.cover,
        kind="cover",
        subject=f"You are covering for {_name(absence.user)}{until}",
        body=(
            f"{_name(absence.user)} is away from {absence.starts_on:%-d %B %Y}{until}. "
            "What is sent to them comes to you too. Their caseload shows what is due and overdue."
        ),
        link=reverse("absence:cover-caseload", args=[absence.user_id]),
        dedupe_key=f"cover:absence:{absence.pk}",
        source=absence,
        at=at,
    )
    absence.cover_started_at = at
    absence.save(update_fields=["cover_started_at", "updated_at"])
    return away


@transaction.atomic
def absence_cover_end(*, absence: Absence, at: datetime) -> bool:
    """End cover on return: say on each file how long the worker was away. Once per absence."""
    absence = Absence.objects.select_for_update().select_related("user", "cover").get(pk=absence.pk)
    if absence.cover_ended_at is not None or absence.cover_started_at is None:
        return False
    if not absence.is_over(at):
        return False
    headline = _headline(absence, over=True)
    entries = ChronologyEntry.objects.filter(
        source_type=ContentType.objects.get_for_model(Absence), source_id=absence.pk
    ).select_related("child")
    for entry in entries:
        records.chronology_record(
            child=entry.child,
            occurred_at=absence.starts_at,
            category=ChronologyCategory.WORKER_UNAVAILABLE,
            headline=headline,
            detail=DETAIL,
            source=absence,
            recorded_by=absence.recorded_by,
        )
    absence.cover_ended_at = at
    absence.save(update_fields=["cover_ended_at", "updated_at"])
    return True


def absences_apply(*, now: datetime) -> tuple[int, int]:
    """Start the cover of absences begun and end that of those over; (started, ended)."""
    started = sum(
        absence_cover_start(absence=absence, at=now) is not None
        for absence in queries.cover_to_start(now)
    )
    ended = sum(absence_cover_end(absence=absence, at=now) for absence in queries.cover_to_end(now))
    return started, ended


def absence_mark_summarised(*, absence: Absence, at: datetime) -> None:
    """Note that the worker has been sent the summary of what arrived while away."""
    absence.summary_sent_at = at
    absence.save(update_fields=["summary_sent_at", "updated_at"])


# Email to record ----------------------------------------------------------------------------


@transaction.atomic
def email_file(
    *,
    user: User,
    children: Sequence[Child],
    raw: bytes,
    complete: bool = False,
    late_reason: str = "",
    now: datetime | None = None,
) -> FiledEmail:
    """File an email onto children's records: an observation of kind email on each file, its
    attachments documents there, and its headers kept (seed 000). All or nothing."""
    now = now or timezone.now()
    if not children:
        raise ValidationError({"children": "Select at least one child to file the email on."})
    first, *others = children
    if user.role == Role.AUDITOR or not all(access.can_record(user, c) for c in children):
        raise PermissionDenied("Your role cannot record on children's files.")
    message = emails.parse(raw)
    if message.sent_at > now:
        raise ValidationError({"file": "The email's date is in the future. Check the file."})
    data = {
        "kind": "email",
        "occurred_at": message.sent_at,
        "location": f"Email from {message.sender}"[:300],
        "summary": (message.subject or "Email (no subject)")[:300],
        "child_seen": "not_applicable",
        "facts": message.as_record(),
    }
    observations = records.observation_create(
        author=user,
        child=first,
        data=data,
        siblings=others,
        complete=complete,
        late_reason=late_reason,
        now=now,
    )
    filed = FiledEmail.objects.create(
        sender=message.sender[:500],
        recipients="\n".join(message.to),
        copied_to="\n".join(message.cc),
        sent_at=message.sent_at,
        subject=message.subject[:500],
        message_id=message.message_id[:500],
        attachment_count=len(message.attachments),
        filed_by=user,
        filed_at=now,
    )
    filed.observations.set(observations)
    documents = []
    for child in children:
        for attachment in message.attachments:
            try:
                document = records.document_upload(
                    child=child,
                    user=user,
                    upload=attachment.upload(),
                    document_type=DocumentType.OTHER,
                    title=f"Email attachment: {attachment.filename}"[:200],
                    document_date=timezone.localdate(message.sent_at),
                    copy_given_to_family=False,
                )
            except ValidationError as error:
                problem = " ".join(error.messages)
                raise ValidationError(
                    {"file": f"The attachment “{attachment.filename}” cannot be kept: {problem}"}
                ) from error
            documents.append(document)
    filed.documents.set(documents)
    return filed
