"""Approvals: assessments, plans, closures and transfers, approved or returned with comments by
a manager in writing (seed 003 App. 7, 2.11, 3.4, 3.7).

Submitting tells the approvers, deciding tells the submitter (caserecords.notices); both
say who was away, for the page of the person who acted. Approving a closure (or a transfer
to another authority) closes the case through child_close; approving a transfer to another
team moves the case through allocation_change; all in the decision's transaction.
"""

from collections.abc import Mapping
from datetime import datetime
from typing import Any, NamedTuple

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from staff.models import Role, User

from .. import access, notices
from ..models import (
    Approval,
    ApprovalKind,
    ApprovalStatus,
    Child,
    ChronologyCategory,
    TransferDestination,
)
from .children import allocation_change, child_close, closure_errors
from .chronology import chronology_record

# The fields a submission may fill in, by kind; the others are left empty.
COMMON_FIELDS = ("note", "document")
CLOSURE_FIELDS = ("effective_on", "closure_reason", "closure_summary", "child_views", "carer_views")
TRANSFER_FIELDS = (
    "destination",
    "to_team",
    "to_authority",
    "acceptance_date",
    "acceptance_reference",
    "acceptance_document",
)
FIELDS_BY_KIND: dict[str, tuple[str, ...]] = {
    ApprovalKind.CLOSURE: COMMON_FIELDS + CLOSURE_FIELDS,
    ApprovalKind.TRANSFER: COMMON_FIELDS + CLOSURE_FIELDS + TRANSFER_FIELDS,
}
# A transfer to another local authority closes the case here with this CIN census reason.
TRANSFER_OUT_REASON = "RC5"
# closure_errors names the fields as child_close does; the submission's names differ.
CLOSURE_ERROR_FIELDS = {
    "closed_on": "effective_on",
    "reason": "closure_reason",
    "summary": "closure_summary",
}


class Sent(NamedTuple):
    """An approval, and who of those told about it was away (with who covers)."""

    approval: Approval
    away: list[notices.Away]


def approvers(approval: Approval) -> list[User]:
    """Who decides: the team leaders of the child's team, or for a transfer out of the
    authority the heads of the team's service; only those who may see the file. Where no
    team leader may (a restricted file), the head of service decides, so nothing stalls."""
    child = approval.child
    team = child.team
    active = User.objects.filter(is_active=True).exclude(pk=approval.submitted_by_id)
    if team is None:
        return []
    heads = active.filter(role=Role.HEAD_OF_SERVICE, service_id=team.service_id)
    if approval.leaves_the_authority:
        return [head for head in heads if access.can_see(head, child)]
    leaders = [
        leader
        for leader in active.filter(role=Role.TEAM_LEADER, team_id=team.pk)
        if access.can_see(leader, child)
    ]
    return leaders or [head for head in heads if access.can_see(head, child)]


def approval_can_decide(user: User, approval: Approval) -> bool:
    """A team leader of the child's team (head of the service for a transfer out of the
    authority) decides; never the person who submitted it."""
    if not (user.is_authenticated and user.is_active) or user.pk == approval.submitted_by_id:
        return False
    if user.role not in (Role.TEAM_LEADER, Role.HEAD_OF_SERVICE):
        return False
    return any(approver.pk == user.pk for approver in approvers(approval))


def _details(kind: str, data: Mapping[str, Any]) -> dict[str, Any]:
    allowed = FIELDS_BY_KIND.get(kind, COMMON_FIELDS)
    details = {name: data.get(name) for name in allowed}
    for name, value in details.items():
        if isinstance(value, str):
            details[name] = value.strip()
        elif value is None and name not in (
            "document",
            "to_team",
            "acceptance_document",
            "effective_on",
            "acceptance_date",
        ):
            details[name] = ""
    return details


def _check_documents(child: Child, details: Mapping[str, Any]) -> dict[str, str]:
    errors = {}
    for name in ("document", "acceptance_document"):
        document = details.get(name)
        if document is not None and document.child_id != child.pk:
            errors[name] = "Choose a document on this child's file."
    return errors


def _check_closure(child: Child, details: Mapping[str, Any]) -> dict[str, str]:
    errors = closure_errors(
        child=child,
        closed_on=details.get("effective_on"),
        reason=details.get("closure_reason", ""),
        summary=details.get("closure_summary", ""),
        child_views=details.get("child_views", ""),
        carer_views=details.get("carer_views", ""),
    )
    return {CLOSURE_ERROR_FIELDS.get(name, name): message for name, message in errors.items()}


def _check_transfer(child: Child, details: dict[str, Any]) -> dict[str, str]:
    destination = details.get("destination")
    if destination == TransferDestination.TEAM:
        for name in ("closure_reason", "closure_summary", "child_views", "carer_views"):
            details[name] = ""
        for name in ("to_authority", "acceptance_reference"):
            details[name] = ""
        details["acceptance_date"] = details["acceptance_document"] = None
        return _check_team_transfer(child, details)
    if destination == TransferDestination.AUTHORITY:
        details["to_team"] = None
        details["closure_reason"] = TRANSFER_OUT_REASON
        return _check_closure(child, details) | _check_acceptance(details)
    return {"destination": "Choose where the case is transferred to."}


def _check_team_transfer(child: Child, details: Mapping[str, Any]) -> dict[str, str]:
    errors = {}
    team, on = details.get("to_team"), details.get("effective_on")
    if team is None:
        errors["to_team"] = "Choose the team the case is transferred to."
    elif team.pk == child.team_id:
        errors["to_team"] = "The case is already held by this team."
    current = child.allocations.filter(ended_on__isnull=True).first()
    if on is None:
        errors["effective_on"] = "Enter the date of the transfer."
    elif current is not None and on < current.started_on:
        errors["effective_on"] = (
            f"The transfer cannot be before the current allocation began "
            f"({current.started_on:%-d %B %Y})."
        )
    return errors


def _check_acceptance(details: Mapping[str, Any]) -> dict[str, str]:
    """Seed 003 App. 7, 3.7: the receiving authority confirms the transfer in writing."""
    errors = {}
    if not details.get("to_authority"):
        errors["to_authority"] = "Enter the local authority the case is transferred to."
    accepted = details.get("acceptance_date")
    if accepted is None:
        errors["acceptance_date"] = (
            "Enter the date of the receiving authority's written acceptance."
        )
    elif accepted > timezone.localdate():
        errors["acceptance_date"] = "The date of the written acceptance must be in the past."
    if not details.get("acceptance_reference") and details.get("acceptance_document") is None:
        errors["acceptance_reference"] = (
            "Give the reference of the written acceptance, or choose the letter on the file."
        )
    return errors


def _check(child: Child, kind: str, details: dict[str, Any]) -> None:
    errors = _check_documents(child, details)
    if kind == ApprovalKind.CLOSURE:
        errors |= _check_closure(child, details)
    elif kind == ApprovalKind.TRANSFER:
        errors |= _check_transfer(child, details)
    elif not details.get("note") and details.get("document") is None:
        errors["note"] = "Say what you are submitting, or choose the document on the file."
    if kind not in ApprovalKind.values:
        errors = {"kind": "Choose what you are submitting for approval."}
    elif child.approvals.filter(kind=kind, status=ApprovalStatus.SUBMITTED).exists():
        errors["kind"] = (
            f"A {ApprovalKind(kind).label.lower()} for this child is already waiting for approval."
        )
    if not child.is_open:
        raise ValidationError("This case is closed.")
    if errors:
        raise ValidationError(errors)


def _headline(approval: Approval) -> str:
    what = approval.get_kind_display()
    if approval.kind == ApprovalKind.TRANSFER:
        where = approval.to_team.name if approval.to_team else approval.to_authority
        what = f"Transfer to {where}"
    if approval.is_waiting:
        return f"Submitted for approval: {what}"
    return f"{what}: {approval.get_status_display().lower()} by {approval.decided_by}"


def _to_chronology(approval: Approval, user: User) -> None:
    chronology_record(
        child=approval.child,
        occurred_at=approval.decided_at or approval.submitted_at,
        category=ChronologyCategory.APPROVAL,
        headline=_headline(approval),
        detail=approval.comments,
        source=approval,
        link=approval.get_absolute_url(),
        recorded_by=user,
    )


@transaction.atomic
def approval_submit(
    *,
    child: Child,
    user: User,
    kind: str,
    data: Mapping[str, Any],
    now: datetime | None = None,
) -> Sent:
    """Submit an assessment, plan, closure or transfer for a manager's approval."""
    if not access.can_record(user, child):
        raise PermissionDenied("Your role cannot submit work for approval.")
    Child.objects.select_for_update().filter(pk=child.pk).first()  # one submission at a time
    details = _details(kind, data)
    _check(child, kind, details)
    approval = Approval(
        child=child, kind=kind, submitted_by=user, submitted_at=now or timezone.now(), **details
    )
    approval.full_clean()
    approval._history_user = user  # type: ignore[attr-defined]
    approval.save()
    _to_chronology(approval, user)
    away: list[notices.Away] = []
    for approver in approvers(approval):
        away += notices.notify(
            recipient=approver,
            kind="approval_request",
            subject=f"For your approval: {approval.get_kind_display().lower()} for {child}",
            body=f"{user} submitted it on {timezone.localtime(approval.submitted_at):%-d %B %Y}.",
            link=reverse("caserecords:approval", args=[approval.pk]),
            dedupe_key=f"approval:{approval.pk}:request",
            source=approval,
        )
    return Sent(approval, away)


@transaction.atomic
def approval_decide(
    *,
    approval: Approval,
    user: User,
    approve: bool,
    comments: str = "",
    now: datetime | None = None,
) -> Sent:
    """Approve, or return with comments. Approving a closure closes the case; approving a
    transfer moves it to the other team, or closes it for another authority."""
    approval = (
        Approval.objects.select_for_update(of=("self",))
        .select_related("child__team", "to_team", "submitted_by")
        .get(pk=approval.pk)
    )
    if not approval.is_waiting:
        raise ValidationError("This has already been decided.")
    if not approval_can_decide(user, approval):
        raise PermissionDenied(
            "The head of service approves a transfer out of the authority."
            if approval.leaves_the_authority
            else "A team leader of the child's team approves this, and not the person who "
            "submitted it."
        )
    comments = comments.strip()
    if not approve and not comments:
        raise ValidationError({"comments": "Say why it is returned and what needs to change."})
    approval.status = ApprovalStatus.APPROVED if approve else ApprovalStatus.RETURNED
    approval.decided_by, approval.decided_at, approval.comments = (
        user,
        now or timezone.now(),
        comments,
    )
    approval._history_user = user  # type: ignore[attr-defined]
    approval.save(update_fields=["status", "decided_by", "decided_at", "comments", "updated_at"])
    if approve:
        _carry_out(approval, user)
    _to_chronology(approval, user)
    away = notices.notify(
        recipient=approval.submitted_by,
        kind="approval_decision",
        subject=f"{approval.get_kind_display()} for {approval.child}: "
        f"{approval.get_status_display().lower()}",
        body=comments,
        link=reverse("caserecords:approval", args=[approval.pk]),
        dedupe_key=f"approval:{approval.pk}:decision",
        source=approval,
    )
    return Sent(approval, away)


def _carry_out(approval: Approval, user: User) -> None:
    child = approval.child
    if approval.closes_the_case:
        child_close(child=child, user=user, approval=approval)
    elif approval.kind == ApprovalKind.TRANSFER and approval.to_team is not None:
        if approval.effective_on is None:  # the table's constraint: never for a transfer
            raise ValidationError({"effective_on": "Enter the date of the transfer."})
        allocation_change(
            child=child,
            team=approval.to_team,
            worker=None,
            on=approval.effective_on,
            reason=f"Transfer approved by {user}",
            user=user,
        )
