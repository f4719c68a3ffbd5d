"""Planned contacts (the diary)."""

from datetime import UTC, datetime, timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from staff.models import User

from .. import access
from ..models import (
    Child,
    ChildSeen,
    Observation,
    ObservationKind,
    PlannedContact,
    PlannedContactStatus,
)
from ..workingdays import due_date
from . import observations
from .common import RecordLocked

# Planned contacts (the diary) -------------------------------------------------
#
# A planned contact expects a recording once its date has passed, due by the
# same working-day rule as the observation of that contact. Linking an
# observation (draft or completed) marks it recorded: from then on the
# observation carries the deadline, so a draft is overdue as a draft, once.

# Far-off dates are typing mistakes (and beyond the working-day calendar).
PLAN_AHEAD_LIMIT = timedelta(days=2 * 366)
EARLIEST_PLANNED = datetime(1900, 1, 1, tzinfo=UTC)


def _refuse_unless_recorder(user: User, child: Child) -> None:
    if not access.can_record(user, child):
        raise PermissionDenied("Your role cannot change the diary.")


def _lock_planned(planned_contact: PlannedContact) -> PlannedContact:
    """The planned contact, locked for this transaction; refused unless still planned."""
    planned = PlannedContact.objects.select_for_update().get(pk=planned_contact.pk)
    if planned.status == PlannedContactStatus.RECORDED:
        raise RecordLocked("This planned contact has already been recorded.")
    if planned.status == PlannedContactStatus.CANCELLED:
        raise RecordLocked("This planned contact was cancelled.")
    return planned


@transaction.atomic
def planned_contact_create(
    *,
    user: User,
    child: Child,
    kind: str,
    planned_for: datetime,
    safeguarding: bool = False,
    note: str = "",
    now: datetime | None = None,
) -> PlannedContact:
    """Plan a visit, call or meeting for a child; its recording is due by the working-day rule.

    The date may be in the past too (a contact put in the diary after the event).
    """
    _refuse_unless_recorder(user, child)
    now = now or timezone.now()
    if not child.is_open:
        raise ValidationError("This case is closed: contacts cannot be planned on it.")
    if planned_for < EARLIEST_PLANNED:
        raise ValidationError({"planned_for": "Enter a date after 1900."})
    if planned_for > now + PLAN_AHEAD_LIMIT:
        raise ValidationError({"planned_for": "A contact can be planned up to 2 years ahead."})
    planned = PlannedContact(
        child=child,
        kind=kind,
        planned_for=planned_for,
        safeguarding=safeguarding,
        note=note.strip(),
        created_by=user,
    )
    planned.apply_kind_rules()
    planned.due_by = due_date(planned.planned_for, planned.days_allowed)
    planned.full_clean()
    planned._history_user = user  # type: ignore[attr-defined]
    planned.save()
    return planned


@transaction.atomic
def planned_contact_cancel(
    *, planned_contact: PlannedContact, user: User, reason: str, now: datetime | None = None
) -> PlannedContact:
    """Cancel a planned contact, with the reason. A recorded one cannot be cancelled."""
    _refuse_unless_recorder(user, planned_contact.child)
    planned = _lock_planned(planned_contact)
    if not reason.strip():
        raise ValidationError({"reason": "Enter why the contact is cancelled"})
    planned.status = PlannedContactStatus.CANCELLED
    planned.cancel_reason = reason.strip()
    planned.cancelled_at = now or timezone.now()
    planned._history_user = user  # type: ignore[attr-defined]
    planned.save(update_fields=["status", "cancel_reason", "cancelled_at", "updated_at"])
    return planned


@transaction.atomic
def planned_contact_record(
    *, planned_contact: PlannedContact, observation: Observation, user: User
) -> PlannedContact:
    """Link the observation (draft or completed) that records a planned contact.

    The planned contact is then no longer expected: while the observation is a
    draft, the draft is what may be overdue.
    """
    _refuse_unless_recorder(user, planned_contact.child)
    planned = _lock_planned(planned_contact)
    if observation.child_id != planned.child_id:
        raise ValidationError({"observation": "Choose an observation on this child's file."})
    if observation.entered_in_error:
        raise ValidationError({"observation": "This observation was entered in error."})
    if PlannedContact.objects.filter(observation=observation).exists():
        raise ValidationError(
            {"observation": "This observation already records another planned contact."}
        )
    planned.status = PlannedContactStatus.RECORDED
    planned.observation = observation
    planned._history_user = user  # type: ignore[attr-defined]
    try:
        with transaction.atomic():
            planned.save(update_fields=["status", "observation", "updated_at"])
    except IntegrityError as error:  # a concurrent link of the same observation won
        raise ValidationError(
            {"observation": "This observation already records another planned contact."}
        ) from error
    return planned


@transaction.atomic
def planned_contact_no_access(
    *,
    planned_contact: PlannedContact,
    user: User,
    occurred_at: datetime,
    location: str,
    what_happened: str,
    late_reason: str = "",
    now: datetime | None = None,
) -> Observation:
    """Record a planned contact as a no-access visit or failed appointment.

    That is itself an observation (kind no access, the child not seen), completed
    at once and linked to the planned contact.
    """
    _refuse_unless_recorder(user, planned_contact.child)
    now = now or timezone.now()
    planned = _lock_planned(planned_contact)
    errors = {}
    if occurred_at > now:
        errors["occurred_at"] = "The time you tried to make the contact must be in the past."
    if not location.strip():
        errors["location"] = "Enter where and how you tried to make the contact"
    if not what_happened.strip():
        errors["what_happened"] = "Enter what happened"
    if errors:
        raise ValidationError(errors)
    planned_on = timezone.localtime(planned.planned_for)
    data = {
        "kind": ObservationKind.NO_ACCESS,
        "occurred_at": occurred_at,
        "location": location.strip(),
        "summary": f"No access: {planned.get_kind_display().lower()} planned for "
        f"{planned_on:%-d %B %Y}",
        "child_seen": ChildSeen.NOT_SEEN,
        "facts": what_happened.strip(),
        "safeguarding": planned.safeguarding,
    }
    observation = observations.observation_create(
        author=user,
        child=planned.child,
        data=data,
        complete=True,
        late_reason=late_reason,
        now=now,
        planned_contact=planned,
    )[0]
    observation.refresh_from_db()  # completed since it was created
    return observation
