"""Close a case the only way there is: a closure submitted for approval and approved
(seed 003 App. 7, 3.4). For tests anywhere in the suite that need a closed case."""

from datetime import date

from caserecords import services
from caserecords.models import Approval, Child
from staff.models import User

CLOSURE = {
    "closure_reason": "RC7",
    "closure_summary": "Needs met; family supported by the school nurse.",
    "child_views": "Amelia said: 'I'm happy at home now.'",
    "carer_views": "Mother agrees the case can close.",
}


def submit_closure(child: Child, user: User, *, closed_on: date, **fields) -> Approval:
    data = {**CLOSURE, "effective_on": closed_on, **fields}
    return services.approval_submit(child=child, user=user, kind="closure", data=data).approval


def close_case(
    child: Child, *, submitted_by: User, approved_by: User, closed_on: date, **fields
) -> Child:
    """Submit the closure as `submitted_by` and approve it as `approved_by`: the case closes."""
    approval = submit_closure(child, submitted_by, closed_on=closed_on, **fields)
    services.approval_decide(approval=approval, user=approved_by, approve=True)
    child.refresh_from_db()
    return child
