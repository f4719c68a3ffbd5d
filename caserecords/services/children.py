"""The child: referral, allocation, legal status, closure."""

from collections.abc import Mapping
from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from staff.models import Team, User

from .. import access
from ..models import (
    Allocation,
    Approval,
    ApprovalStatus,
    Child,
    ChronologyCategory,
    LegalStatus,
    LegalStatusKind,
    PlannedContactStatus,
)
from ..workingdays import start_of_day
from .chronology import chronology_record
from .diary import planned_contact_cancel


@transaction.atomic
def child_create(
    *, user: User, data: Mapping[str, Any], team: Team, worker: User | None = None
) -> Child:
    """Open a child's record at referral, allocated to a team (and a worker, if known)."""
    if not user.can_record:
        raise PermissionDenied("Your role cannot open a child's record.")
    child = Child(**data)
    child.full_clean(exclude=["team", "worker"])
    child.save()
    referred = start_of_day(child.referral_date)
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
        occurred_at=start_of_day(on),
        category=ChronologyCategory.ALLOCATION,
        headline=f"Allocated to {team.name} ({holder})",
        detail=reason,
        source=allocation,
        recorded_by=user,
    )
    return allocation


def _refuse_unless_recorder(user: User | None, child: Child) -> None:
    if user is not None and not access.can_record(user, child):
        raise PermissionDenied("Your role cannot change a child's legal status.")


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
    """Start an episode (CIN, CP plan, looked after). `user` is None for a system change."""
    _refuse_unless_recorder(user, child)
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
        occurred_at=start_of_day(started_on),
        category=ChronologyCategory.LEGAL_STATUS,
        headline=f"Started: {status}",
        source=status,
        recorded_by=user,
    )
    return status


@transaction.atomic
def legal_status_end(*, status: LegalStatus, ended_on: date, user: User | None) -> LegalStatus:
    _refuse_unless_recorder(user, status.child)
    if status.ended_on is not None:
        raise ValidationError("This episode has already ended.")
    if ended_on < status.started_on:
        raise ValidationError({"ended_on": "An episode cannot end before it started."})
    status.ended_on = ended_on
    status.save(update_fields=["ended_on"])
    chronology_record(
        child=status.child,
        occurred_at=start_of_day(ended_on),
        category=ChronologyCategory.LEGAL_STATUS,
        headline=f"Ended: {status}",
        recorded_by=user,
    )
    return status


def closure_errors(
    *,
    child: Child,
    closed_on: date | None,
    reason: str,
    summary: str,
    child_views: str,
    carer_views: str,
) -> dict[str, str]:
    """What is wrong with closing the case so (empty if nothing): checked when a closure is
    submitted for approval and again when the approved closure closes the case."""
    errors = {}
    allocation = Allocation.objects.filter(child=child, ended_on__isnull=True).first()
    if not child.is_open:
        errors["closed_on"] = "This case is already closed."
    elif closed_on is None:
        errors["closed_on"] = "Enter the date of closure."
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
    return errors


def _refuse_unless_approved(child: Child, approval: Approval | None) -> None:
    """A case closes only on an approved closure (or transfer out of the authority) with the
    child's and carer's views recorded (seed 003 App. 7, 3.4)."""
    if (
        approval is None
        or approval.child_id != child.pk
        or approval.status != ApprovalStatus.APPROVED
        or not approval.closes_the_case
    ):
        raise ValidationError(
            "A case can only be closed once a manager has approved its closure, with the "
            "child's and carer's views recorded."
        )


@transaction.atomic
def child_close(*, child: Child, user: User, approval: Approval) -> Child:
    """Close the case as its approved closure says: date, reason, summary and the child's and
    carer's views (App. 7, 3.4). Called by approval_decide when a closure is approved."""
    if not access.is_manager_of(user, child):
        raise PermissionDenied("A manager of the child's team closes a case.")
    _refuse_unless_approved(child, approval)
    closed_on, reason = approval.effective_on, approval.closure_reason
    summary, child_views, carer_views = (
        approval.closure_summary,
        approval.child_views,
        approval.carer_views,
    )
    errors = closure_errors(
        child=child,
        closed_on=closed_on,
        reason=reason,
        summary=summary,
        child_views=child_views,
        carer_views=carer_views,
    )
    if errors or closed_on is None:  # closure_errors refuses a closure without its date
        raise ValidationError(errors)
    allocation = Allocation.objects.filter(child=child, ended_on__isnull=True).first()
    for planned in child.planned_contacts.filter(status=PlannedContactStatus.PLANNED):
        planned_contact_cancel(planned_contact=planned, user=user, reason="The case was closed.")
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
        occurred_at=start_of_day(closed_on),
        category=ChronologyCategory.CLOSURE,
        headline=f"Case closed: {child.get_closure_reason_display()}",
        detail=child.closure_summary,
        recorded_by=user,
    )
    return child
