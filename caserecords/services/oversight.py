"""Management oversight: file reads and supervision, each recorded as observations on the
child's file (seed 003 §4 "Team Leader Monitoring"; App. 7, 6.3), and the monthly report of
unallocated cases to heads of service (App. 7, 3.2)."""

from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from staff.models import Role, User

from .. import access, notices, oversight_queries
from ..models import (
    Child,
    ChildSeen,
    ChronologyCategory,
    FileRead,
    FileReadPurpose,
    ObservationKind,
    Supervision,
    SupervisionCase,
)
from .chronology import chronology_record
from .observations import observation_create


def _note(*, kind: str, at: datetime, location: str, summary: str, facts: str, analysis: str):
    return {
        "kind": kind,
        "occurred_at": at,
        "location": location,
        "summary": summary[:300],
        "child_seen": ChildSeen.NOT_APPLICABLE,
        "facts": facts,
        "analysis": analysis,
        "safeguarding": False,
        "detailed": False,
        "significant": False,
    }


@transaction.atomic
def file_read_record(
    *,
    child: Child,
    user: User,
    purpose: str,
    what_was_read: str,
    decisions: str = "",
    actions: Sequence[Mapping[str, Any]] = (),
    read_at: datetime | None = None,
    late_reason: str = "",
    now: datetime | None = None,
) -> FileRead:
    """Record a manager's read of the file: a completed observation of kind file_read, with
    its purpose, what was read, decisions and actions, in the chronology as oversight."""
    if not access.is_manager_of(user, child):
        raise PermissionDenied("A manager of the child's team records a file read.")
    now = now or timezone.now()
    read_at = read_at or now
    errors = {}
    if purpose not in FileReadPurpose.values:
        errors["purpose"] = "Choose why you read the file."
    if not what_was_read.strip():
        errors["what_was_read"] = "Say what you read."
    if read_at > now:
        errors["read_at"] = "The date and time of the read must be in the past."
    if errors:
        raise ValidationError(errors)
    label = FileReadPurpose(purpose).label
    data = _note(
        kind=ObservationKind.FILE_READ,
        at=read_at,
        location="The child's file",
        summary=f"File read by {user} ({label.lower()})",
        facts=what_was_read.strip(),
        analysis=decisions.strip(),
    )
    [observation] = observation_create(
        author=user, child=child, data=data, actions=actions, complete=True,
        late_reason=late_reason, now=now,
    )  # fmt: skip
    observation.refresh_from_db()  # completed by a copy of it
    read = FileRead(
        observation=observation,
        child=child,
        read_at=read_at,
        read_by=user,
        purpose=purpose,
        what_was_read=what_was_read.strip(),
        decisions=decisions.strip(),
    )
    read._history_user = user  # type: ignore[attr-defined]
    read.save()
    chronology_record(
        child=child,
        occurred_at=read_at,
        category=ChronologyCategory.OVERSIGHT,
        headline=f"File read by {user} ({label.lower()})",
        detail=read.decisions,
        source=read,
        link=observation.get_absolute_url(),
        recorded_by=user,
    )
    return read


def _check_supervision(
    supervisor: User, worker: User, held_at: datetime, cases: Sequence[Mapping[str, Any]], now
) -> None:
    managed = access.teams_managed_by(supervisor)
    if (
        worker.pk == supervisor.pk
        or worker.team_id is None
        or not managed.filter(pk=worker.team_id).exists()
    ):
        raise PermissionDenied("You can record supervision only for workers in a team you manage.")
    errors: dict[str, str] = {}
    if held_at > now:
        errors["held_at"] = "The date of the supervision must be in the past."
    if not cases:
        errors["cases"] = "Choose at least one case that was discussed."
    for number, case in enumerate(cases, start=1):
        child = case["child"]
        if not access.is_manager_of(supervisor, child):
            errors["cases"] = "You can record supervision only on files of a team you manage."
        elif not (case.get("discussion", "").strip() and case.get("decisions", "").strip()):
            errors["cases"] = f"Case {number} ({child}): record the discussion and the decisions."
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def supervision_record(
    *,
    supervisor: User,
    worker: User,
    held_at: datetime,
    cases: Sequence[Mapping[str, Any]],
    late_reason: str = "",
    now: datetime | None = None,
) -> Supervision:
    """Record a supervision session and, on each child's file discussed, a completed
    observation of kind supervision with the discussion and the decisions.

    `cases`: one mapping per case discussed with `child`, `discussion` and `decisions`.
    """
    now = now or timezone.now()
    _check_supervision(supervisor, worker, held_at, cases, now)
    session = Supervision(supervisor=supervisor, worker=worker, held_at=held_at)
    session._history_user = supervisor  # type: ignore[attr-defined]
    session.save()
    for case in cases:
        child = case["child"]
        data = _note(
            kind=ObservationKind.SUPERVISION,
            at=held_at,
            location=f"Supervision of {worker} by {supervisor}",
            summary=f"Supervision with {worker}: decisions recorded",
            facts=case["discussion"].strip(),
            analysis=case["decisions"].strip(),
        )
        [observation] = observation_create(
            author=supervisor, child=child, data=data, complete=True,
            late_reason=late_reason, now=now,
        )  # fmt: skip
        discussed = SupervisionCase.objects.create(
            supervision=session,
            observation=observation,
            child=child,
            discussion=case["discussion"].strip(),
            decisions=case["decisions"].strip(),
        )
        chronology_record(
            child=child,
            occurred_at=held_at,
            category=ChronologyCategory.OVERSIGHT,
            headline=f"Case discussed in supervision of {worker} by {supervisor}",
            detail=discussed.decisions,
            source=discussed,
            link=observation.get_absolute_url(),
            recorded_by=supervisor,
        )
    return session


# The monthly report of unallocated cases (seed 003 App. 7, 3.2) -------------------------


def unallocated_report_send(*, now: datetime | None = None, force: bool = False) -> int:
    """Send each head of service the month's report of their service's unallocated cases,
    once per service and month (the notice's dedupe key). Returns the services reported.

    Runs on or after the month's first working day (beat ticks daily, so a day missed is
    made up the next); `force` sends before it, for the on-demand command.
    """
    now = now or timezone.now()
    today = timezone.localdate(now)
    if not force and today < oversight_queries.first_working_day(today):
        return 0
    heads = User.objects.filter(
        role=Role.HEAD_OF_SERVICE, is_active=True, service__isnull=False
    ).select_related("service")
    reports = {report.service.pk: report for report in oversight_queries.unallocated_summary()}
    reported = set()
    for head in heads:
        if head.service is None:  # excluded by the query; for the type checker
            continue
        report = reports.get(head.service.pk) or oversight_queries.ServiceUnallocated(head.service)
        link = reverse("caserecords:unallocated-report") + f"?service={head.service_id}"
        notices.notify(
            recipient=head,
            kind="unallocated_report",
            subject=f"Unallocated cases in {head.service}, {today:%B %Y}: {report.count}",
            body=report.as_text(),
            link=link,
            dedupe_key=f"unallocated-report:{head.service_id}:{today:%Y-%m}",
            at=now,
        )
        reported.add(head.service_id)
    return len(reported)
