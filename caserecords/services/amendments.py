"""Amendments and "entered in error": nothing changes silently after completion."""

from collections.abc import Mapping
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from staff.models import User

from .. import access
from ..append_only import amendment_path
from ..models import (
    AmendmentKind,
    AmendmentRequest,
    AmendmentStatus,
    Observation,
    ObservationStatus,
)
from ..workingdays import due_date
from .chronology import _observation_to_chronology, chronology_withdraw
from .common import _DEADLINE_FIELDS, OBSERVATION_FIELDS, RecordLocked
from .observations import _concrete_field, _validate_observation


def amendment_can_decide(*, user: User, observation: Observation, kind: str) -> bool:
    """Who approves: the author for an amendment (a manager where the author has left);
    a manager of the child's team for "entered in error"."""
    if kind == AmendmentKind.AMEND and observation.author.is_active:
        return user.pk == observation.author_id
    return access.is_manager_of(user, observation.child)


def _clean_changes(observation: Observation, changes: Mapping[str, Any]) -> dict[str, Any]:
    """Validate the requested changes as the amended record; return those that change it."""
    unknown = set(changes) - set(OBSERVATION_FIELDS)
    if unknown:
        raise ValidationError(
            {"changes": f"These fields cannot be amended: {', '.join(sorted(unknown))}."}
        )
    trial = Observation.objects.get(pk=observation.pk)
    for name, value in changes.items():
        setattr(trial, name, value)
    trial.apply_kind_rules()
    trial.full_clean(exclude=["contact_group"])  # also turns form strings into values
    if "occurred_at" in changes:
        _validate_observation({"occurred_at": trial.occurred_at}, now=timezone.now())
    changed = [
        name for name in OBSERVATION_FIELDS if getattr(trial, name) != getattr(observation, name)
    ]
    if not changed:
        raise ValidationError({"changes": "The amendment changes nothing."})
    return {name: _concrete_field(name).value_to_string(trial) for name in changed}


@transaction.atomic
def amendment_request(
    *,
    observation: Observation,
    user: User,
    kind: str,
    reason: str,
    changes: Mapping[str, Any] | None = None,
) -> AmendmentRequest:
    """Ask to amend a completed observation, or to mark it entered in error.

    Where the requester is the one who approves (the author amending their own
    record; a manager marking an entry in error), the request is approved at once.
    """
    observation = (
        Observation.objects.select_for_update()
        .select_related("author", "child")
        .get(pk=observation.pk)
    )
    if kind not in AmendmentKind.values:
        raise ValidationError({"kind": "Choose an amendment or entered in error."})
    if not reason.strip():
        raise ValidationError({"reason": "Give the reason for the request."})
    if observation.entered_in_error:
        raise RecordLocked("This observation has been marked as entered in error.")
    if not access.can_record(user, observation.child):
        raise PermissionDenied("Your role cannot request amendments.")
    stored_changes: dict[str, Any] = {}
    if kind == AmendmentKind.AMEND:
        if observation.status == ObservationStatus.DRAFT:
            raise ValidationError("A draft can be edited directly by its author.")
        stored_changes = _clean_changes(observation, changes or {})
    if observation.amendment_requests.filter(status=AmendmentStatus.PENDING).exists():
        raise ValidationError("This observation already has a request waiting for approval.")
    try:
        with transaction.atomic():
            request = AmendmentRequest.objects.create(
                observation=observation,
                kind=kind,
                reason=reason.strip(),
                changes=stored_changes,
                requested_by=user,
            )
    except IntegrityError as error:  # a concurrent request won the race
        raise ValidationError("This observation already has a request waiting.") from error
    if amendment_can_decide(user=user, observation=observation, kind=kind):
        # Return the decided request, not the stale pending copy created above.
        request = amendment_decide(
            request=request, user=user, approve=True, note="Requested by the approver."
        )
    return request


@transaction.atomic
def amendment_decide(
    *, request: AmendmentRequest, user: User, approve: bool, note: str = ""
) -> AmendmentRequest:
    """Approve (and apply) or reject an amendment or entered-in-error request."""
    request = AmendmentRequest.objects.select_for_update().get(pk=request.pk)
    observation = (
        Observation.objects.select_for_update()
        .select_related("author", "child")
        .get(pk=request.observation_id)
    )
    if not request.is_pending:
        raise ValidationError("This request has already been decided.")
    if not amendment_can_decide(user=user, observation=observation, kind=request.kind):
        raise PermissionDenied("You cannot decide on this request.")
    if not approve and not note.strip():
        raise ValidationError({"decision_note": "Say why the request is rejected."})
    request.status = AmendmentStatus.APPROVED if approve else AmendmentStatus.REJECTED
    request.decided_by, request.decided_at, request.decision_note = (
        user,
        timezone.now(),
        note.strip(),
    )
    request.save(
        update_fields=["status", "decided_by", "decided_at", "decision_note", "updated_at"]
    )
    if approve:
        with amendment_path():  # the one way past the append-only triggers on PostgreSQL
            _apply(request, observation)
    return request


def _apply(request: AmendmentRequest, observation: Observation) -> None:
    observation._change_reason = f"{request.get_kind_display()}: {request.reason}"  # type: ignore[attr-defined]
    observation._history_user = request.decided_by  # type: ignore[attr-defined]
    if request.kind == AmendmentKind.ENTERED_IN_ERROR:
        observation.entered_in_error = True
        observation.entered_in_error_reason = request.reason
        observation.save(
            update_fields=["entered_in_error", "entered_in_error_reason", "updated_at"]
        )
        chronology_withdraw(source=observation, reason=f"Entered in error: {request.reason}")
        return
    for name, value in request.changes.items():
        setattr(observation, name, _concrete_field(name).to_python(value))
    update_fields = [*request.changes, "updated_at"]
    if _DEADLINE_FIELDS & set(request.changes):
        observation.due_by = due_date(observation.occurred_at, observation.days_allowed)
        update_fields.append("due_by")
    observation.save(update_fields=update_fields)
    _observation_to_chronology(observation)
