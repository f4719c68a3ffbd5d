"""Writes to the information sharing logs: every rule of seed 001 §3 and seed 003 App. 2 lives here.

Pages, the API, admin and the demo call these functions. They check who may act,
validate (raising `ValidationError({field: message})`, nothing saved), write atomically,
keep each child's chronology in step and tell the allocated worker.
"""

from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, models, transaction
from django.utils import timezone

from caserecords import access, notices
from caserecords.models import Child, ChronologyCategory
from caserecords.services import RecordLocked, chronology_record, chronology_withdraw
from staff.models import User

from .models import (
    AmendmentStatus,
    Consent,
    Decision,
    SharingAmendment,
    SharingRecord,
    SharingStatus,
    SharingType,
)

# Fields a recorder fills in; an approved amendment may change them after completion.
RECORD_FIELDS = (
    "occurred_at",
    "name",
    "job_title",
    "organisation",
    "organisation_name",
    "telephone",
    "identity_confirmed_by",
    "reason",
    "information_requested",
    "case_reference",
    "consent",
    "no_consent_reason",
    "consent_given_by",
    "consent_limits",
    "family_informed",
    "not_informed_reason",
    "decision",
    "decision_reason",
    "third_party_information",
    "third_party_consent",
    "third_party_override_reason",
    "information_shared",
    "method",
    "receipt_confirmed_by",
    "outcome",
)
TEXT_FIELDS = frozenset(
    name
    for name in RECORD_FIELDS
    if isinstance(SharingRecord._meta.get_field(name), models.CharField | models.TextField)
)
# What the seed asks for on every record, with the message when it is missing.
REQUIRED = {
    "name": "Enter the name of the person at the other agency",
    "job_title": "Enter their job title",
    "organisation_name": "Enter their organisation, or choose it from the list",
    "telephone": "Enter their telephone number",
    "reason": "Give the reason for sharing or for the request",
    "consent": "Say whether this is with or without consent",
    "method": "Say how the information was shared or asked for",
}


def _normalise(record: SharingRecord) -> None:
    """Trim answers and drop those that no longer apply (typed, then the answer changed)."""
    for name in TEXT_FIELDS:
        setattr(record, name, (getattr(record, name) or "").strip())
    if record.organisation is not None:
        record.organisation_name = record.organisation_name or record.organisation.name
        record.telephone = record.telephone or record.organisation.telephone
    if record.consent == Consent.GIVEN:
        record.no_consent_reason = ""
    elif record.consent:
        record.consent_given_by = record.consent_limits = ""
    if record.family_informed is not False:
        record.not_informed_reason = ""
    if not record.third_party_information:
        record.third_party_consent, record.third_party_override_reason = None, ""
    elif record.third_party_consent:
        record.third_party_override_reason = ""


def _rule_errors(record: SharingRecord, *, now: datetime, completing: bool) -> dict[str, str]:
    """The seed's rules, each as {field: the clear message}."""
    errors = {name: message for name, message in REQUIRED.items() if not getattr(record, name)}
    if record.occurred_at is None:
        errors["occurred_at"] = "Enter the date and time of the contact"
    elif record.occurred_at > now:
        errors["occurred_at"] = "The date and time of the contact must be in the past"
    errors.update(_type_errors(record))
    if record.consent and record.consent != Consent.GIVEN and not record.no_consent_reason:
        errors["no_consent_reason"] = (
            "Give the reason for sharing without consent (the public interest justification)"
            if record.type != SharingType.REQUEST_MADE
            else "Give the reason for requesting the information without consent"
        )
    if record.consent == Consent.GIVEN and not record.consent_given_by:
        errors["consent_given_by"] = "Say who consented"
    if record.family_informed is False and not record.not_informed_reason:
        errors["not_informed_reason"] = "Give the reason the person or family were not informed"
    if record.decision == Decision.NOT_SHARE and not record.decision_reason:
        errors["decision_reason"] = "Give the reasons for the decision not to share"
    if (
        record.third_party_information
        and not record.third_party_consent
        and not record.third_party_override_reason
    ):
        errors["third_party_override_reason"] = (
            "Third-party information needs that party's consent: if they have not consented, "
            "give the justification for overriding it"
        )
    if completing and not record.outcome:
        errors["outcome"] = "Record the outcome and the next course of action before completing"
    return errors


def _type_errors(record: SharingRecord) -> dict[str, str]:
    errors = {}
    if record.type not in SharingType.values:
        return {"type": "Choose a disclosure, a request received or a request made"}
    if record.type != SharingType.REQUEST_MADE and record.family_informed is None:
        errors["family_informed"] = "Say whether the person or family were informed of the sharing"
    if record.type == SharingType.DISCLOSURE:
        if record.decision:
            errors["decision"] = "A disclosure has no decision to record: leave it empty"
        if not record.information_shared:
            errors["information_shared"] = "Say what type of information you shared"
        return errors
    if not record.information_requested:
        errors["information_requested"] = "Summarise the information requested"
    if record.type == SharingType.REQUEST_RECEIVED:
        if not record.identity_confirmed_by:
            errors["identity_confirmed_by"] = (
                "Say how the requester's identity was confirmed before anything is shared "
                "(for example, ring back)"
            )
        if not record.decision:
            errors["decision"] = "Select your decision: share or not share"
        elif record.decision == Decision.SHARE and not record.information_shared:
            errors["information_shared"] = "Say what type of information you shared"
    return errors


def _validate(record: SharingRecord, *, now: datetime, completing: bool = False) -> None:
    _normalise(record)
    errors = _rule_errors(record, now=now, completing=completing)
    try:  # lengths and choices, for what the rules above have not already refused
        record.clean_fields(exclude=[*errors, "recorded_by", "status", "completed_at"])
    except ValidationError as error:
        errors.update({name: messages[0] for name, messages in error.message_dict.items()})
    if errors:
        raise ValidationError(errors)


def _check_children(user: User, children: Sequence[Child]) -> list[Child]:
    """The children, each one the recorder may see and record on; refused otherwise."""
    unique = list({child.pk: child for child in children}.values())
    if not unique:
        raise ValidationError({"children": "Choose the child or children this is about"})
    ids = [child.pk for child in unique]
    if access.children_visible_to(user).filter(pk__in=ids).count() != len(ids):
        raise ValidationError({"children": "You can only record on files you have access to"})
    if not all(access.can_record(user, child) for child in unique):
        raise PermissionDenied("Your role cannot record information sharing.")
    return sorted(unique, key=lambda child: child.pk)


def _record_fields(data: Mapping[str, Any]) -> dict[str, Any]:
    return {name: data[name] for name in RECORD_FIELDS if name in data}


@transaction.atomic
def sharing_record_create(
    *,
    user: User,
    type: str,
    children: Sequence[Child],
    data: Mapping[str, Any],
    complete: bool = False,
    now: datetime | None = None,
) -> tuple[SharingRecord, list[notices.Away]]:
    """Record a disclosure, request received or request made, once for all its children.

    Each child's chronology gets an entry; the allocated worker of each child is told when
    someone else records it. Returns the record and who was away (their cover was told).
    """
    now = now or timezone.now()
    chosen = _check_children(user, children)
    record = SharingRecord(type=type, recorded_by=user, **_record_fields(data))
    if complete:
        record.status, record.completed_at = SharingStatus.COMPLETED, now
    _validate(record, now=now, completing=complete)
    record._history_user = user  # type: ignore[attr-defined]
    record.save()
    record.children.set(chosen)
    _to_chronology(record, chosen)
    return record, _tell_allocated_workers(record, chosen, user)


@transaction.atomic
def sharing_record_update(
    *,
    record: SharingRecord,
    user: User,
    data: Mapping[str, Any],
    children: Sequence[Child] | None = None,
    complete: bool = False,
    now: datetime | None = None,
) -> SharingRecord:
    """Edit a draft (and with `complete`, complete it). Only its author may; a completed
    record needs an amendment."""
    now = now or timezone.now()
    record = _locked_draft(record, user, "edit")
    fields = _record_fields(data)
    for name, value in fields.items():
        setattr(record, name, value)
    _validate(record, now=now, completing=complete)
    chosen = _check_children(user, children) if children is not None else None
    record._history_user = user  # type: ignore[attr-defined]
    record.save(update_fields=[*RECORD_FIELDS, "updated_at"])
    if chosen is not None and {c.pk for c in chosen} != set(_child_ids(record)):
        record.children.set(chosen)
        chronology_withdraw(source=record, reason="No longer about this child.")
    _to_chronology(record, chosen or list(record.children.all()))
    return sharing_record_complete(record=record, user=user, now=now) if complete else record


@transaction.atomic
def sharing_record_complete(
    *, record: SharingRecord, user: User, now: datetime | None = None
) -> SharingRecord:
    """Complete (lock) a draft: the outcome is recorded; later changes need an amendment."""
    now = now or timezone.now()
    record = _locked_draft(record, user, "complete")
    record.status, record.completed_at = SharingStatus.COMPLETED, now
    _validate(record, now=now, completing=True)
    record._history_user = user  # type: ignore[attr-defined]
    record.save(update_fields=[*RECORD_FIELDS, "status", "completed_at", "updated_at"])
    return record


def _locked_draft(record: SharingRecord, user: User, verb: str) -> SharingRecord:
    record = SharingRecord.objects.select_for_update().get(pk=record.pk)
    if not record.is_draft:
        raise RecordLocked("This record is completed. Request an amendment to change it.")
    if record.recorded_by_id != user.pk:
        raise PermissionDenied(f"Only the person who made the entry can {verb} a draft.")
    return record


def _child_ids(record: SharingRecord) -> list[int]:
    return list(record.children.values_list("pk", flat=True))


def _to_chronology(record: SharingRecord, children: Sequence[Child]) -> None:
    """One chronology entry per child, refreshed whenever the record changes."""
    detail = record.reason if len(record.reason) <= 300 else record.reason[:297] + "..."
    for child in children:
        chronology_record(
            child=child,
            occurred_at=record.occurred_at,
            category=ChronologyCategory.SHARING,
            headline=record.headline,
            detail=detail,
            source=record,
            link=record.get_absolute_url(),
            recorded_by=record.recorded_by,
        )


def _tell_allocated_workers(
    record: SharingRecord, children: Sequence[Child], user: User
) -> list[notices.Away]:
    """Tell each child's allocated worker, where someone else made the record (seed 000)."""
    by_worker: dict[int, tuple[User, list[Child]]] = {}
    for child in children:
        worker = child.worker
        # Never name a child to a worker who may not see the file (a restricted one, say).
        if worker is not None and worker.pk != user.pk and access.can_see(worker, child):
            by_worker.setdefault(worker.pk, (worker, []))[1].append(child)
    away: list[notices.Away] = []
    for worker, their_children in by_worker.values():
        names = ", ".join(child.full_name for child in their_children)
        away += notices.notify(
            recipient=worker,
            kind="sharing_record",
            subject=f"{record.short_type} recorded for {names} by {user}",
            body=record.headline,
            link=record.get_absolute_url(),
            dedupe_key=f"sharing-record-{record.pk}",
            source=record,
        )
    return away


# Amendments ----------------------------------------------------------------------------


def sharing_amendment_can_decide(*, user: User, record: SharingRecord) -> bool:
    """The author approves; where the author has left, a manager of one of the children."""
    if record.recorded_by.is_active:
        return user.pk == record.recorded_by_id
    return any(access.is_manager_of(user, child) for child in record.children.all())


def _clean_changes(record: SharingRecord, changes: Mapping[str, Any]) -> dict[str, Any]:
    """Validate the changes as the amended record; return those that change it, as text."""
    unknown = set(changes) - set(RECORD_FIELDS)
    if unknown:
        raise ValidationError(
            {"changes": f"These fields cannot be amended: {', '.join(sorted(unknown))}."}
        )
    trial = SharingRecord.objects.get(pk=record.pk)
    for name, value in changes.items():
        setattr(trial, name, value)
    _validate(trial, now=timezone.now(), completing=True)
    changed = [name for name in RECORD_FIELDS if getattr(trial, name) != getattr(record, name)]
    if not changed:
        raise ValidationError({"changes": "The amendment changes nothing."})
    return {name: _stored(trial, name) for name in changed}


def _stored(record: SharingRecord, name: str) -> Any:
    """A field's value as JSON keeps it: datetimes as ISO text, the organisation as its id."""
    field = _field(name)
    value = getattr(record, field.attname)
    return value.isoformat() if isinstance(value, datetime) else value


def _field(name: str) -> models.Field:
    field = SharingRecord._meta.get_field(name)
    assert isinstance(field, models.Field)
    return field


@transaction.atomic
def sharing_amendment_request(
    *, record: SharingRecord, user: User, reason: str, changes: Mapping[str, Any]
) -> SharingAmendment:
    """Ask to change a completed record, with the reason; applied once the approver agrees.

    The author amending their own record approves it at once.
    """
    record = (
        SharingRecord.objects.select_for_update().select_related("recorded_by").get(pk=record.pk)
    )
    if not reason.strip():
        raise ValidationError({"reason": "Give the reason for the amendment"})
    if record.is_draft:
        raise ValidationError("A draft can be edited directly by the person who made the entry.")
    if not any(access.can_record(user, child) for child in record.children.all()):
        raise PermissionDenied("Your role cannot request amendments.")
    stored = _clean_changes(record, changes)
    try:
        with transaction.atomic():
            amendment = SharingAmendment.objects.create(
                record=record, reason=reason.strip(), changes=stored, requested_by=user
            )
    except IntegrityError as error:
        raise ValidationError("This record already has a request waiting for approval.") from error
    if sharing_amendment_can_decide(user=user, record=record):
        return sharing_amendment_decide(
            amendment=amendment, user=user, approve=True, note="Requested by the approver."
        )
    notices.notify(
        recipient=record.recorded_by,
        kind="amendment_request",
        subject=f"{user} asks to amend your {record.short_type.lower()} record",
        body=reason.strip(),
        link=record.get_absolute_url(),
        dedupe_key=f"sharing-amendment-{amendment.pk}",
        source=amendment,
    )
    return amendment


@transaction.atomic
def sharing_amendment_decide(
    *, amendment: SharingAmendment, user: User, approve: bool, note: str = ""
) -> SharingAmendment:
    """Approve (and apply) or reject an amendment; a rejection says why."""
    amendment = SharingAmendment.objects.select_for_update().get(pk=amendment.pk)
    record = (
        SharingRecord.objects.select_for_update()
        .select_related("recorded_by")
        .get(pk=amendment.record_id)
    )
    if not amendment.is_pending:
        raise ValidationError("This request has already been decided.")
    if not sharing_amendment_can_decide(user=user, record=record):
        raise PermissionDenied("You cannot decide on this request.")
    if not approve and not note.strip():
        raise ValidationError({"decision_note": "Say why the request is rejected"})
    amendment.status = AmendmentStatus.APPROVED if approve else AmendmentStatus.REJECTED
    amendment.decided_by, amendment.decided_at = user, timezone.now()
    amendment.decision_note = note.strip()
    amendment.save(
        update_fields=["status", "decided_by", "decided_at", "decision_note", "updated_at"]
    )
    if approve:
        _apply(amendment, record, user)
    return amendment


def _apply(amendment: SharingAmendment, record: SharingRecord, user: User) -> None:
    for name, value in amendment.changes.items():
        field = _field(name)
        setattr(record, field.attname, field.to_python(value))
    record._change_reason = f"Amendment: {amendment.reason}"  # type: ignore[attr-defined]
    record._history_user = user  # type: ignore[attr-defined]
    record.save(update_fields=[*RECORD_FIELDS, "updated_at"])
    _to_chronology(record, list(record.children.all()))
