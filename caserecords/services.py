"""Writes to the child's record: every business rule of the record lives here.

Pages, the API, admin actions, commands and jobs call these functions; they
check who may act, validate, and write atomically. Access to *see* a record is
checked before (access.py); these refuse actions the viewer may not take.
"""

import hashlib
from collections.abc import Iterable, Mapping, Sequence
from datetime import UTC, date, datetime, timedelta
from typing import Any

import filetype
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, models, transaction
from django.template.defaultfilters import filesizeformat
from django.utils import timezone

from staff.models import Team, User

from . import access
from .models import (
    Action,
    Allocation,
    AmendmentKind,
    AmendmentRequest,
    AmendmentStatus,
    Child,
    ChildSeen,
    ChronologyCategory,
    ChronologyEntry,
    Document,
    LegalStatus,
    LegalStatusKind,
    Observation,
    ObservationKind,
    ObservationStatus,
    Participant,
    PlannedContact,
    PlannedContactStatus,
)
from .workingdays import due_date


class RecordLocked(ValidationError):
    """The record is completed (or otherwise locked) and cannot be changed directly."""


# Fields a recorder fills in; an approved amendment may change them after completion.
OBSERVATION_FIELDS = (
    "kind",
    "occurred_at",
    "location",
    "summary",
    "child_seen",
    "child_views",
    "facts",
    "analysis",
    "safeguarding",
    "detailed",
    "significant",
)
# "kind" too: some kinds are always safeguarding (Observation.apply_kind_rules).
_DEADLINE_FIELDS = {"kind", "occurred_at", "safeguarding", "detailed"}


# Chronology -------------------------------------------------------------------


def chronology_record(
    *,
    child: Child,
    occurred_at: datetime,
    category: str,
    headline: str,
    detail: str = "",
    source: models.Model | None = None,
    link: str = "",
    recorded_by: User | None = None,
) -> ChronologyEntry:
    """Add a headline entry to a child's chronology, or refresh the one for `source`.

    Every app writes the chronology through here, linking back to its record.
    """
    fields = {
        "occurred_at": occurred_at,
        "category": category,
        "headline": headline[:300],
        "detail": detail,
        "link": link,
        "withdrawn": False,
        "withdrawn_reason": "",
    }
    if source is None:
        return ChronologyEntry.objects.create(child=child, recorded_by=recorded_by, **fields)
    entry, created = ChronologyEntry.objects.get_or_create(
        child=child,
        source_type=ContentType.objects.get_for_model(source),
        source_id=source.pk,
        defaults={**fields, "recorded_by": recorded_by},
    )
    if not created:
        for name, value in fields.items():
            setattr(entry, name, value)
        entry.save(update_fields=[*fields, "updated_at"])
    return entry


def chronology_withdraw(*, source: models.Model, reason: str) -> int:
    """Take the entries for `source` out of the chronology, keeping them (and their history)."""
    entries = ChronologyEntry.objects.filter(
        source_type=ContentType.objects.get_for_model(source), source_id=source.pk, withdrawn=False
    )
    count = 0
    for entry in entries:  # one per child; saved one by one so history records each
        entry.withdrawn, entry.withdrawn_reason = True, reason
        entry.save(update_fields=["withdrawn", "withdrawn_reason", "updated_at"])
        count += 1
    return count


def chronology_add_manual(
    *, child: Child, user: User, occurred_at: datetime, headline: str, detail: str = ""
) -> ChronologyEntry:
    if not access.can_record(user, child):
        raise PermissionDenied("Your role cannot add to the chronology.")
    if occurred_at > timezone.now():
        raise ValidationError(
            {"occurred_at": "The date of the event must be today or in the past."}
        )
    return chronology_record(
        child=child,
        occurred_at=occurred_at,
        category=ChronologyCategory.MANUAL,
        headline=headline,
        detail=detail,
        recorded_by=user,
    )


def _observation_to_chronology(observation: Observation) -> None:
    if observation.status != ObservationStatus.COMPLETED or observation.entered_in_error:
        return
    if observation.significant:
        chronology_record(
            child=observation.child,
            occurred_at=observation.occurred_at,
            category=ChronologyCategory.OBSERVATION,
            headline=f"{observation.get_kind_display()}: {observation.summary}",
            source=observation,
            link=observation.get_absolute_url(),
            recorded_by=observation.author,
        )
    else:
        chronology_withdraw(source=observation, reason="No longer marked significant.")


# Observations -----------------------------------------------------------------


def _validate_observation(data: Mapping[str, Any], *, now: datetime) -> None:
    errors: dict[str, str] = {}
    occurred_at = data.get("occurred_at")
    if occurred_at is not None and occurred_at > now:
        errors["occurred_at"] = (
            "The date and time of contact must be in the past. Plan future contacts in the diary."
        )
    if errors:
        raise ValidationError(errors)


def _observation_fields(data: Mapping[str, Any]) -> dict[str, Any]:
    """The fields a recorder fills in, from `data`."""
    return {name: data[name] for name in OBSERVATION_FIELDS if name in data}


def _set_participants_and_actions(
    observation: Observation,
    participants: Iterable[Mapping[str, Any]],
    actions: Iterable[Mapping[str, Any]],
) -> None:
    observation.participants.all().delete()
    observation.actions.all().delete()
    for row in participants:
        Participant(observation=observation, **row).save()
    for row in actions:
        Action(observation=observation, **row).save()


@transaction.atomic
def observation_create(
    *,
    author: User,
    child: Child,
    data: Mapping[str, Any],
    participants: Sequence[Mapping[str, Any]] = (),
    actions: Sequence[Mapping[str, Any]] = (),
    siblings: Sequence[Child] = (),
    complete: bool = False,
    late_reason: str = "",
    now: datetime | None = None,
    planned_contact: PlannedContact | None = None,
) -> list[Observation]:
    """Record one contact as a draft observation on the child's file and each sibling's.

    The contact is entered once; each child gets an observation of their own,
    sharing a contact group. With `complete`, each is completed as well. With
    `planned_contact` (from the child's diary), the child's observation records it.
    """
    now = now or timezone.now()
    visible = access.children_visible_to(author)
    if not access.can_record(author, child):
        raise PermissionDenied("Your role cannot record observations.")
    sibling_ids = {sibling.pk for sibling in siblings} - {child.pk}
    if sibling_ids and visible.filter(pk__in=sibling_ids).count() != len(sibling_ids):
        raise ValidationError({"siblings": "You can only record on files you have access to."})
    _validate_observation(data, now=now)
    fields = _observation_fields(data)
    first = Observation(child=child, author=author, **fields)
    first.apply_kind_rules()
    fields["safeguarding"] = first.safeguarding
    first.due_by = due_date(first.occurred_at, first.days_allowed)
    group = first.contact_group
    observations = []
    for target in [child, *Child.objects.filter(pk__in=sibling_ids).order_by("pk")]:
        observation = Observation(
            child=target, author=author, contact_group=group, due_by=first.due_by, **fields
        )
        observation.full_clean(exclude=["contact_group"])
        observation._history_user = author  # type: ignore[attr-defined]
        observation.save()
        _set_participants_and_actions(observation, participants, actions)
        observations.append(observation)
    if planned_contact is not None:
        planned_contact_record(
            planned_contact=planned_contact, observation=observations[0], user=author
        )
    if complete:
        for observation in observations:
            observation_complete(
                observation=observation, user=author, late_reason=late_reason, now=now
            )
    return observations


@transaction.atomic
def observation_update(
    *,
    observation: Observation,
    user: User,
    data: Mapping[str, Any],
    participants: Sequence[Mapping[str, Any]] | None = None,
    actions: Sequence[Mapping[str, Any]] | None = None,
    now: datetime | None = None,
) -> Observation:
    """Edit a draft. Only its author may; a completed observation needs an amendment."""
    observation = Observation.objects.select_for_update().get(pk=observation.pk)
    if observation.status != ObservationStatus.DRAFT:
        raise RecordLocked("This observation is completed. Request an amendment to change it.")
    if observation.author_id != user.pk:
        raise PermissionDenied("Only the author can edit a draft observation.")
    _validate_observation(data, now=now or timezone.now())
    fields = _observation_fields(data)
    changed = list(fields)
    for name, value in fields.items():
        setattr(observation, name, value)
    observation.apply_kind_rules()  # unticking safeguarding on a strategy discussion
    if _DEADLINE_FIELDS & set(changed):
        observation.due_by = due_date(observation.occurred_at, observation.days_allowed)
    observation.full_clean(exclude=["contact_group"])
    observation._history_user = user  # type: ignore[attr-defined]
    observation.save(update_fields=[*changed, "safeguarding", "due_by", "updated_at"])
    if participants is not None or actions is not None:
        _set_participants_and_actions(
            observation,
            participants if participants is not None else _rows(observation.participants),
            actions if actions is not None else _rows(observation.actions),
        )
    return observation


def _concrete_field(name: str) -> models.Field:
    field = Observation._meta.get_field(name)
    assert isinstance(field, models.Field)
    return field


def _rows(related: models.Manager) -> list[dict[str, Any]]:
    skip = {"id", "observation"}
    return [
        {f.name: getattr(obj, f.name) for f in obj._meta.concrete_fields if f.name not in skip}
        for obj in related.all()
    ]


@transaction.atomic
def observation_complete(
    *, observation: Observation, user: User, late_reason: str = "", now: datetime | None = None
) -> Observation:
    """Complete (lock) a draft. After its due date, a reason for lateness is required."""
    now = now or timezone.now()
    observation = Observation.objects.select_for_update().get(pk=observation.pk)
    if observation.status != ObservationStatus.DRAFT:
        raise RecordLocked("This observation is already completed.")
    if observation.author_id != user.pk:
        raise PermissionDenied("Only the author can complete an observation.")
    late = timezone.localdate(now) > observation.due_by
    late_reason = late_reason.strip()
    if late and not late_reason:
        raise ValidationError(
            {
                "late_reason": (
                    f"This recording was due by {observation.due_by:%-d %B %Y}. "
                    "Say why it was not recorded on time."
                )
            }
        )
    observation.status = ObservationStatus.COMPLETED
    observation.completed_at = now
    observation.late_reason = late_reason if late else ""
    observation._history_user = user  # type: ignore[attr-defined]
    observation.save(update_fields=["status", "completed_at", "late_reason", "updated_at"])
    _observation_to_chronology(observation)
    return observation


# Amendments and "entered in error" --------------------------------------------


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


# The child: referral, allocation, legal status, closure -------------------------


@transaction.atomic
def child_create(
    *, user: User, data: Mapping[str, Any], team: Team, worker: User | None = None
) -> Child:
    """Open a child's record at referral, allocated to a team (and a worker, if known)."""
    child = Child(**data)
    child.full_clean(exclude=["team", "worker"])
    child.save()
    referred = _start_of_day(child.referral_date)
    chronology_record(
        child=child,
        occurred_at=referred,
        category=ChronologyCategory.REFERRAL,
        headline=f"Referral received from {child.get_referral_source_display()}",
        recorded_by=user,
    )
    allocation_change(
        child=child, team=team, worker=worker, on=child.referral_date, reason="Referral", user=user
    )
    return child


@transaction.atomic
def allocation_change(
    *, child: Child, team: Team, worker: User | None, on: date, reason: str, user: User | None
) -> Allocation:
    """End the current allocation and start a new one (worker empty: unallocated in the team)."""
    if worker is not None and worker.team_id != team.pk:
        raise ValidationError({"worker": "The worker must belong to the team the case moves to."})
    current = (
        Allocation.objects.select_for_update().filter(child=child, ended_on__isnull=True).first()
    )
    if current is not None:
        if on < current.started_on:
            raise ValidationError({"on": "A new allocation cannot start before the current one."})
        current.ended_on = on
        current.save(update_fields=["ended_on"])
    allocation = Allocation.objects.create(
        child=child, team=team, worker=worker, started_on=on, reason=reason, created_by=user
    )
    child.team, child.worker = team, worker
    child.save(update_fields=["team", "worker", "updated_at"])
    holder = worker.display_name if worker else "unallocated"
    chronology_record(
        child=child,
        occurred_at=_start_of_day(on),
        category=ChronologyCategory.ALLOCATION,
        headline=f"Allocated to {team.name} ({holder})",
        detail=reason,
        source=allocation,
        recorded_by=user,
    )
    return allocation


@transaction.atomic
def legal_status_start(
    *,
    child: Child,
    kind: str,
    started_on: date,
    user: User | None,
    cp_category: str = "",
    lac_legal_status: str = "",
) -> LegalStatus:
    if child.legal_statuses.filter(kind=kind, ended_on__isnull=True).exists():
        raise ValidationError({"kind": "This child already has an open episode of this kind."})
    status = LegalStatus(
        child=child,
        kind=kind,
        started_on=started_on,
        cp_category=cp_category,
        lac_legal_status=lac_legal_status,
        created_by=user,
    )
    status.full_clean()
    status.save()
    chronology_record(
        child=child,
        occurred_at=_start_of_day(started_on),
        category=ChronologyCategory.LEGAL_STATUS,
        headline=f"Started: {status}",
        source=status,
        recorded_by=user,
    )
    return status


@transaction.atomic
def legal_status_end(*, status: LegalStatus, ended_on: date, user: User | None) -> LegalStatus:
    if status.ended_on is not None:
        raise ValidationError("This episode has already ended.")
    if ended_on < status.started_on:
        raise ValidationError({"ended_on": "An episode cannot end before it started."})
    status.ended_on = ended_on
    status.save(update_fields=["ended_on"])
    chronology_record(
        child=status.child,
        occurred_at=_start_of_day(ended_on),
        category=ChronologyCategory.LEGAL_STATUS,
        headline=f"Ended: {status}",
        recorded_by=user,
    )
    return status


@transaction.atomic
def child_close(
    *,
    child: Child,
    user: User,
    closed_on: date,
    reason: str,
    summary: str,
    child_views: str,
    carer_views: str,
) -> Child:
    """Close the case with its reason, summary and the child's and carer's views (App. 7, 3.4)."""
    if not access.is_manager_of(user, child):
        raise PermissionDenied("A manager of the child's team closes a case.")
    errors = {}
    allocation = Allocation.objects.filter(child=child, ended_on__isnull=True).first()
    if not child.is_open:
        errors["closed_on"] = "This case is already closed."
    elif closed_on > timezone.localdate():
        errors["closed_on"] = "The closure date must be today or in the past."
    elif allocation is not None and closed_on < allocation.started_on:
        errors["closed_on"] = (
            f"The closure date cannot be before the current allocation began "
            f"({allocation.started_on:%-d %B %Y})."
        )
    if not reason:
        errors["reason"] = "Choose the reason for closure."
    if not summary.strip():
        errors["summary"] = "Enter the closure summary."
    if not child_views.strip():
        errors["child_views"] = "Record the child's views on the closure."
    if not carer_views.strip():
        errors["carer_views"] = "Record the carer's views on the closure."
    if (
        reason in {"RC8", "RC9"}
        and child.legal_statuses.filter(
            kind__in=[LegalStatusKind.CHILD_PROTECTION, LegalStatusKind.CHILD_IN_NEED]
        ).exists()
    ):
        errors["reason"] = (
            "A case closed after assessment (RC8, RC9) cannot have had a CIN or CP plan."
        )
    if errors:
        raise ValidationError(errors)
    for status in child.legal_statuses.filter(ended_on__isnull=True):
        legal_status_end(status=status, ended_on=max(closed_on, status.started_on), user=user)
    if allocation is not None:  # saved, not QuerySet.update(), so its history records the end
        allocation.ended_on = closed_on
        allocation.save(update_fields=["ended_on"])
    child.closed_on, child.closure_reason = closed_on, reason
    child.closure_summary, child.closure_child_views, child.closure_carer_views = (
        summary.strip(),
        child_views.strip(),
        carer_views.strip(),
    )
    child.full_clean(exclude=["team", "worker"])
    child.save()
    chronology_record(
        child=child,
        occurred_at=_start_of_day(closed_on),
        category=ChronologyCategory.CLOSURE,
        headline=f"Case closed: {child.get_closure_reason_display()}",
        detail=child.closure_summary,
        recorded_by=user,
    )
    return child


def _start_of_day(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, datetime.min.time()))


# Documents --------------------------------------------------------------------

# Types recognised by content (magic numbers), not by the uploaded file's name.
DOCUMENT_TYPES = {
    "application/pdf": "PDF",
    "image/png": "PNG image",
    "image/jpeg": "JPEG image",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "Word document",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": "Excel spreadsheet",
    "application/vnd.oasis.opendocument.text": "OpenDocument text",
    "application/msword": "Word 97-2003 document",
}
TEXT_TYPE = "text/plain"


def _sniff(upload: UploadedFile) -> str | None:
    upload.seek(0)
    head = upload.read(8192)
    upload.seek(0)
    kind = filetype.guess(head)
    if kind is not None:
        return kind.mime if kind.mime in DOCUMENT_TYPES else None
    try:
        head.decode("utf-8")
    except UnicodeDecodeError:
        # The sample may end inside a multi-byte character; try once more without it.
        try:
            head[:-3].decode("utf-8")
        except UnicodeDecodeError:
            return None
    return TEXT_TYPE if b"\x00" not in head else None


@transaction.atomic
def document_upload(
    *,
    child: Child,
    user: User,
    upload: UploadedFile,
    document_type: str,
    title: str,
    document_date: date,
    copy_given_to_family: bool,
) -> Document:
    """Put a document on the child's file, checked by size and by content type."""
    if not access.can_upload(user, child):
        raise PermissionDenied("Your role cannot upload documents.")
    limit = settings.DOCUMENT_MAX_BYTES
    size = upload.size or 0
    if size == 0:
        raise ValidationError({"file": "The selected file is empty."})
    if size > limit:
        message = f"The selected file must be {filesizeformat(limit)} or smaller."
        raise ValidationError({"file": message})
    content_type = _sniff(upload)
    if content_type is None:
        allowed = ", ".join(sorted({*DOCUMENT_TYPES.values(), "plain text"}))
        raise ValidationError({"file": f"The selected file must be one of: {allowed}."})
    if document_date > timezone.localdate():
        raise ValidationError(
            {"document_date": "The date of the document must be today or in the past."}
        )
    digest = hashlib.sha256()
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    document = Document(
        child=child,
        document_type=document_type,
        title=title,
        document_date=document_date,
        original_name=(upload.name or "document")[:255],
        content_type=content_type,
        size=size,
        sha256=digest.hexdigest(),
        copy_given_to_family=copy_given_to_family,
        uploaded_by=user,
    )
    document.full_clean(exclude=["file"])  # before writing, so a refusal leaves no stray file
    document.file.save(upload.name or "document", upload, save=False)
    document.save()
    return document


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
    observation = observation_create(
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
