"""Approvals through the services: who submits and decides, notices both ways, closure only
on an approved closure with the views recorded (seed 003 App. 7, 2.11, 3.4, 3.7)."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from caserecords import services
from caserecords.models import (
    Approval,
    ApprovalStatus,
    ChronologyCategory,
    ChronologyEntry,
)
from notifications.models import Notification

from .closing import CLOSURE, close_case, submit_closure

CLOSED_ON = date(2026, 10, 30)


def notices(user, kind):
    return list(Notification.objects.filter(recipient=user, kind=kind))


# The closure rule ----------------------------------------------------------------


def test_a_case_cannot_be_closed_without_an_approved_closure(child, worker, teamleader):
    approval = submit_closure(child, worker, closed_on=CLOSED_ON)
    with pytest.raises(ValidationError) as error:
        services.child_close(child=child, user=teamleader, approval=approval)  # still waiting
    assert "approved its closure" in error.value.messages[0]
    child.refresh_from_db()
    assert child.is_open


def test_a_returned_closure_does_not_close_the_case(child, worker, teamleader):
    approval = submit_closure(child, worker, closed_on=CLOSED_ON)
    services.approval_decide(
        approval=approval, user=teamleader, approve=False, comments="Ask the carer first."
    )
    approval.refresh_from_db()
    with pytest.raises(ValidationError):
        services.child_close(child=child, user=teamleader, approval=approval)
    child.refresh_from_db()
    assert child.is_open
    assert approval.status == ApprovalStatus.RETURNED


def test_another_childs_approved_closure_does_not_close_this_case(
    child, sibling, worker, teamleader
):
    other = close_case(
        sibling, submitted_by=worker, approved_by=teamleader, closed_on=CLOSED_ON
    ).approvals.get()
    with pytest.raises(ValidationError):
        services.child_close(child=child, user=teamleader, approval=other)
    child.refresh_from_db()
    assert child.is_open


@pytest.mark.parametrize("field", ["child_views", "carer_views"])
def test_a_closure_cannot_be_submitted_without_the_childs_and_carers_views(child, worker, field):
    with pytest.raises(ValidationError) as error:
        submit_closure(child, worker, closed_on=CLOSED_ON, **{field: " "})
    assert field in error.value.message_dict
    assert not Approval.objects.exists()


def test_approving_a_closure_closes_the_case_with_its_details(child, worker, teamleader):
    approval = submit_closure(child, worker, closed_on=CLOSED_ON)
    sent = services.approval_decide(approval=approval, user=teamleader, approve=True)
    child.refresh_from_db()
    assert sent.approval.status == ApprovalStatus.APPROVED
    assert (sent.approval.decided_by, child.closed_on) == (teamleader, CLOSED_ON)
    assert child.closure_reason == "RC7"
    assert child.closure_child_views == CLOSURE["child_views"]
    assert child.closure_carer_views == CLOSURE["carer_views"]
    assert child.allocations.get().ended_on == CLOSED_ON
    approval_entry = ChronologyEntry.objects.get(child=child, category=ChronologyCategory.APPROVAL)
    assert approval_entry.headline == "Closure: approved by Tara Lewis"


def test_when_closing_fails_the_approval_is_not_saved_either(child, worker, teamleader):
    approval = submit_closure(child, worker, closed_on=CLOSED_ON)
    # The case moves to another allocation after the closure date before the decision.
    services.allocation_change(
        child=child, team=child.team, worker=None, on=date(2026, 11, 2), reason="Worker left",
        user=teamleader,
    )  # fmt: skip
    with pytest.raises(ValidationError):
        services.approval_decide(approval=approval, user=teamleader, approve=True)
    approval.refresh_from_db()
    child.refresh_from_db()
    assert approval.is_waiting
    assert child.is_open


# Who decides ----------------------------------------------------------------------


@pytest.mark.parametrize("who", ["worker", "colleague", "pgl", "director", "auditor"])
def test_only_a_team_leader_of_the_childs_team_approves(request, child, worker, who):
    approval = submit_closure(child, worker, closed_on=CLOSED_ON)
    with pytest.raises(PermissionDenied):
        services.approval_decide(approval=approval, user=request.getfixturevalue(who), approve=True)
    approval.refresh_from_db()
    assert approval.is_waiting


def test_a_team_leader_of_another_team_cannot_approve(child, worker, other_teamleader):
    approval = submit_closure(child, worker, closed_on=CLOSED_ON)
    with pytest.raises(PermissionDenied):
        services.approval_decide(approval=approval, user=other_teamleader, approve=True)


def test_a_team_leader_cannot_approve_their_own_submission(child, teamleader):
    approval = submit_closure(child, teamleader, closed_on=CLOSED_ON)
    with pytest.raises(PermissionDenied):
        services.approval_decide(approval=approval, user=teamleader, approve=True)


def test_an_auditor_cannot_submit(child, auditor):
    with pytest.raises(PermissionDenied):
        submit_closure(child, auditor, closed_on=CLOSED_ON)


def test_returning_needs_comments(child, worker, teamleader):
    approval = submit_closure(child, worker, closed_on=CLOSED_ON)
    with pytest.raises(ValidationError) as error:
        services.approval_decide(approval=approval, user=teamleader, approve=False, comments=" ")
    assert "comments" in error.value.message_dict


def test_a_decision_is_final(child, worker, teamleader):
    approval = submit_closure(child, worker, closed_on=CLOSED_ON)
    services.approval_decide(approval=approval, user=teamleader, approve=False, comments="No.")
    with pytest.raises(ValidationError):
        services.approval_decide(approval=approval, user=teamleader, approve=True)


def test_one_waiting_submission_per_kind(child, worker):
    services.approval_submit(child=child, user=worker, kind="assessment", data={"note": "CFA"})
    with pytest.raises(ValidationError) as error:
        services.approval_submit(child=child, user=worker, kind="assessment", data={"note": "2"})
    assert "kind" in error.value.message_dict
    services.approval_submit(child=child, user=worker, kind="cin_plan", data={"note": "Plan"})


def test_a_plan_needs_a_note_or_a_document(child, worker):
    with pytest.raises(ValidationError) as error:
        services.approval_submit(child=child, user=worker, kind="cp_plan", data={})
    assert "note" in error.value.message_dict


# Notices both ways, and the history -----------------------------------------------------


def test_submitting_tells_the_team_leader_and_deciding_tells_the_submitter(
    child, worker, teamleader, other_teamleader
):
    sent = services.approval_submit(
        child=child, user=worker, kind="assessment", data={"note": "Child and family assessment"}
    )
    [request] = notices(teamleader, "approval_request")
    assert request.link == sent.approval.get_absolute_url()
    assert not notices(other_teamleader, "approval_request")
    services.approval_decide(
        approval=sent.approval, user=teamleader, approve=False, comments="Add the father's views."
    )
    [decision] = notices(worker, "approval_decision")
    assert "returned" in decision.subject
    assert decision.body == "Add the father's views."
    history = [row.status for row in sent.approval.history.order_by("history_date")]
    assert history == ["submitted", "returned"]
    # Returned: submit again, and the first stays as it was.
    again = services.approval_submit(
        child=child, user=worker, kind="assessment", data={"note": "With the father's views"}
    )
    assert again.approval.pk != sent.approval.pk
    assert Approval.objects.filter(child=child).count() == 2


def test_the_submitter_is_told_who_covers_an_away_approver(child, worker, teamleader, monkeypatch):
    from caserecords import notices as port

    away = port.Away(worker=teamleader, cover=worker)
    monkeypatch.setattr(port, "_backend", lambda **kwargs: [away])
    sent = services.approval_submit(child=child, user=worker, kind="assessment", data={"note": "A"})
    assert sent.away == [away]


# Transfers -------------------------------------------------------------------------------


def transfer(child, user, **data):
    return services.approval_submit(child=child, user=user, kind="transfer", data=data).approval


def test_approving_a_transfer_to_another_team_moves_the_case(child, worker, teamleader, team_b):
    approval = transfer(
        child, worker, destination="team", to_team=team_b, effective_on=date(2026, 11, 2)
    )
    services.approval_decide(approval=approval, user=teamleader, approve=True)
    child.refresh_from_db()
    assert (child.team, child.worker, child.is_open) == (team_b, None, True)
    assert child.allocations.get(ended_on__isnull=True).team == team_b


def test_a_transfer_to_another_authority_needs_its_written_acceptance(child, worker):
    with pytest.raises(ValidationError) as error:
        transfer(
            child, worker, destination="authority", to_authority="Northshire County Council",
            effective_on=date(2026, 10, 30),
            **{k: CLOSURE[k] for k in CLOSURE if k != "closure_reason"},
        )  # fmt: skip
    assert {"acceptance_date", "acceptance_reference"} <= set(error.value.message_dict)


def test_the_head_of_service_approves_a_transfer_out_and_it_closes_the_case(
    child, worker, teamleader, headofservice, other_headofservice
):
    approval = transfer(
        child, worker, destination="authority", to_authority="Northshire County Council",
        acceptance_date=date(2026, 10, 28), acceptance_reference="NCC/2026/4411",
        effective_on=date(2026, 10, 30),
        closure_summary="Family moved to Northshire.",
        child_views="Amelia is looking forward to it.",
        carer_views="Mother asked for the transfer.",
    )  # fmt: skip
    assert [n.recipient for n in Notification.objects.filter(kind="approval_request")] == [
        headofservice
    ]
    for user in (teamleader, other_headofservice):
        with pytest.raises(PermissionDenied):
            services.approval_decide(approval=approval, user=user, approve=True)
    services.approval_decide(approval=approval, user=headofservice, approve=True)
    child.refresh_from_db()
    assert (child.closed_on, child.closure_reason) == (date(2026, 10, 30), "RC5")
    assert child.closure_child_views == "Amelia is looking forward to it."
