"""Writes of the audit: start an audit (pre-filling what the record answers), save the
auditor's answers, and complete it, sending its actions to the team leader's inbox.

The draw itself is in sampling.py.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, Max, Q
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from caserecords import notices, services
from caserecords.models import (
    Child,
    ChronologyCategory,
    Observation,
    ObservationKind,
    ObservationStatus,
)
from staff.models import Role, User

from .models import (
    Answer,
    AuditAction,
    AuditAnswer,
    AuditQuestion,
    AuditSample,
    Prefill,
    SampleStatus,
)
from .quarters import Quarter

# Demographic fields Appendix 6 asks for, and the values that mean "not recorded".
NOT_OBTAINED_ETHNICITY = {"NOBT", ""}


# Pre-filling from the record --------------------------------------------------------------


@dataclass(frozen=True)
class Suggestion:
    answer: str
    evidence: str


def review_start(sample: AuditSample) -> datetime:
    """The period an audit looks at starts with the quarter before the draw's."""
    return Quarter.parse(sample.quarter).previous.starts_at


def _day(moment: datetime) -> str:
    return f"{timezone.localtime(moment):%-d %B %Y}"


def prefill_chronology(child: Child, since: datetime, now: datetime) -> Suggestion:
    found = child.chronology.filter(withdrawn=False).aggregate(
        entries=Count("pk"), latest=Max("occurred_at")
    )
    if not found["entries"]:
        return Suggestion(Answer.NO, "The file has no chronology entries.")
    return Suggestion(
        Answer.YES,
        f"The chronology has {found['entries']} entr{'ies' if found['entries'] != 1 else 'y'}, "
        f"the latest on {_day(found['latest'])}.",
    )


def prefill_demographics(child: Child, since: datetime, now: datetime) -> Suggestion:
    missing = []
    if child.date_of_birth is None and child.expected_date_of_birth is None:
        missing.append("date of birth")
    if child.ethnicity in NOT_OBTAINED_ETHNICITY:
        missing.append("ethnicity")
    if not child.sex:
        missing.append("sex")
    if not child.religion:
        missing.append("religion")
    if not child.first_language:
        missing.append("first language")
    if not child.disabilities:
        missing.append("disability")
    if missing:
        return Suggestion(Answer.NO, f"Not recorded on the child's details: {', '.join(missing)}.")
    return Suggestion(
        Answer.YES,
        "Date of birth, sex, ethnicity, religion, first language and disability are recorded"
        + (f"; gender: {child.gender}." if child.gender else " (no gender stated by the child)."),
    )


def prefill_manager_read(child: Child, since: datetime, now: datetime) -> Suggestion:
    read = (
        Observation.objects.filter(
            child=child,
            kind=ObservationKind.FILE_READ,
            status=ObservationStatus.COMPLETED,
            entered_in_error=False,
            occurred_at__gte=since,
            occurred_at__lte=now,
        )
        .select_related("author")
        .order_by("-occurred_at")
        .first()
    )
    if read is None:
        return Suggestion(
            Answer.NO, f"No completed team leader file read on the file since {_day(since)}."
        )
    return Suggestion(
        Answer.YES,
        f"{read.author} last recorded a file read on {_day(read.occurred_at)}: {read.summary}",
    )


def prefill_recordings_on_time(child: Child, since: datetime, now: datetime) -> Suggestion:
    today = timezone.localdate(now)
    found = child.observations.filter(entered_in_error=False).aggregate(
        overdue=Count("pk", filter=Q(status=ObservationStatus.DRAFT, due_by__lt=today)),
        completed=Count("pk", filter=Q(completed_at__gte=since, completed_at__lte=now)),
    )
    late = _late_completions(child, since, now)
    if found["overdue"] or late:
        return Suggestion(
            Answer.NO,
            f"{found['overdue']} recording(s) overdue now; {late} of {found['completed']} "
            f"completed since {_day(since)} were completed after their due date.",
        )
    return Suggestion(
        Answer.YES,
        f"No recording overdue; all {found['completed']} completed since {_day(since)} "
        "were completed by their due date.",
    )


def _late_completions(child: Child, since: datetime, now: datetime) -> int:
    """Completions in the period after their due day (local date): one query, counted here
    because the local date of a timestamp is not portable SQL."""
    rows = child.observations.filter(
        entered_in_error=False, completed_at__gte=since, completed_at__lte=now
    ).values_list("completed_at", "due_by")
    return sum(1 for completed_at, due_by in rows if timezone.localdate(completed_at) > due_by)


PREFILLS: dict[str, Callable[[Child, datetime, datetime], Suggestion]] = {
    Prefill.CHRONOLOGY: prefill_chronology,
    Prefill.DEMOGRAPHICS: prefill_demographics,
    Prefill.MANAGER_READ: prefill_manager_read,
    Prefill.RECORDINGS_ON_TIME: prefill_recordings_on_time,
}


# Starting and saving an audit ---------------------------------------------------------


def _require_auditor(sample: AuditSample, user: User) -> None:
    if sample.auditor_id != user.pk or not user.is_active:
        raise PermissionDenied("Only the auditor this item was assigned to can audit it.")
    if not sample.is_open:
        raise ValidationError("This audit is already completed and cannot be changed.")


def audit_start(*, sample: AuditSample, user: User, now: datetime | None = None) -> AuditSample:
    """Open the checklist: one answer per question, pre-filled where the record answers it."""
    now = now or timezone.now()
    _require_auditor(sample, user)
    with transaction.atomic():
        sample = AuditSample.objects.select_for_update().get(pk=sample.pk)
        if sample.status != SampleStatus.ASSIGNED:
            return sample
        questions = AuditQuestion.objects.filter(applies_to=sample.kind, active=True)
        child, since = sample.child, review_start(sample)
        answers = []
        for question in questions:
            found = PREFILLS[question.prefill](child, since, now) if question.prefill else None
            answers.append(
                AuditAnswer(
                    sample=sample,
                    question=question,
                    answer=found.answer if found else "",
                    suggested=found.answer if found else "",
                    evidence=found.evidence if found else "",
                )
            )
        bulk_create_with_history(answers, AuditAnswer, default_user=user)
        sample.status, sample.started_at = SampleStatus.IN_PROGRESS, now
        sample.save(update_fields=["status", "started_at", "updated_at"])
    return sample


@dataclass(frozen=True)
class NewAction:
    description: str
    due_date: date


def _check_complete(
    answers: list[AuditAnswer], given: dict[int, tuple[str, str]], grade: str
) -> None:
    errors: dict[str, list[str]] = {}
    for answer in answers:
        value, comment = given.get(answer.question_id, (answer.answer, answer.comment))
        if not value:
            errors[f"answer_{answer.question_id}"] = [f"Answer “{answer.question.text}”"]
        elif value == Answer.NO and not comment.strip():
            errors[f"comment_{answer.question_id}"] = [
                f"Say what is missing for “{answer.question.text}”"
            ]
    if not grade:
        errors["grade"] = ["Select the overall grade"]
    if errors:
        raise ValidationError(errors)


def audit_save(
    *,
    sample: AuditSample,
    user: User,
    answers: dict[int, tuple[str, str]],
    grade: str = "",
    summary: str = "",
    actions: list[NewAction] | None = None,
    complete: bool = False,
    now: datetime | None = None,
) -> list[notices.Away]:
    """Save the auditor's answers (question id -> (answer, comment)), grade and actions.

    Completing needs every question answered, a comment on each "no" and the grade; it
    locks the audit, puts it in the child's chronology and sends each action to the
    team leader's inbox. Returns who of those told is away, and who covers.
    """
    now = now or timezone.now()
    _require_auditor(sample, user)
    if sample.status == SampleStatus.ASSIGNED:
        sample = audit_start(sample=sample, user=user, now=now)
    today = timezone.localdate(now)
    for index, action in enumerate(actions or []):
        if action.due_date < today:
            message = "The due date must be today or later"
            raise ValidationError({f"actions-{index}-due_date": [message]})
    with transaction.atomic():
        sample = (
            AuditSample.objects.select_for_update()
            .select_related("child", "team")
            .get(pk=sample.pk)
        )
        rows = list(sample.answers.select_related("question"))
        if complete:
            _check_complete(rows, answers, grade)
        for row in rows:
            if row.question_id in answers and answers[row.question_id] != (row.answer, row.comment):
                row.answer, row.comment = answers[row.question_id]
                row.save(update_fields=["answer", "comment", "updated_at"])
        for action in actions or []:
            AuditAction.objects.create(
                sample=sample,
                description=action.description,
                due_date=action.due_date,
                created_by=user,
            )
        sample.grade, sample.summary = grade, summary
        fields = ["grade", "summary", "updated_at"]
        if complete:
            sample.status, sample.completed_at = SampleStatus.COMPLETED, now
            fields += ["status", "completed_at"]
        sample.save(update_fields=fields)
        if not complete:
            return []
        _to_chronology(sample, user, now)
        return _send_actions(sample, now)


def team_leaders(sample: AuditSample) -> list[User]:
    """Who receives the actions: the team's leaders (its heads of service if it has none)."""
    leaders = list(
        User.objects.filter(role=Role.TEAM_LEADER, team_id=sample.team_id, is_active=True)
    )
    return leaders or list(
        User.objects.filter(
            role=Role.HEAD_OF_SERVICE, service_id=sample.team.service_id, is_active=True
        )
    )


def _send_actions(sample: AuditSample, now: datetime) -> list[notices.Away]:
    actions = list(sample.actions.all())
    if not actions:
        return []
    away: list[notices.Away] = []
    child = sample.child
    for leader in team_leaders(sample):
        for action in actions:
            away += notices.notify(
                recipient=leader,
                kind="audit_action",
                subject=f"Audit action for {child.full_name}: {action.description}"[:200],
                body=(
                    f"The {sample.quarter} audit of {child.full_name}'s "
                    f"{sample.get_kind_display().lower()} ({child.la_child_id}) was graded "
                    f"{sample.get_grade_display().lower()}. Action by "
                    f"{action.due_date:%-d %B %Y}: {action.description}"
                ),
                link=sample.get_absolute_url(),
                dedupe_key=f"audit-action:{action.pk}",
                source=action,
                at=now,
            )
    unique: dict[tuple[int, int], notices.Away] = {}
    for note in away:
        unique.setdefault((note.worker.pk, note.cover.pk), note)
    return list(unique.values())


def _to_chronology(sample: AuditSample, user: User, now: datetime) -> None:
    actions = list(sample.actions.all())
    what = "File audit" if sample.kind == "file" else "Supervision record audit"
    detail = sample.summary
    if actions:
        listed = "; ".join(f"{a.description} (by {a.due_date:%-d %B %Y})" for a in actions)
        detail = f"{detail}\n\nActions for the team leader: {listed}".strip()
    services.chronology_record(
        child=sample.child,
        occurred_at=now,
        category=ChronologyCategory.AUDIT,
        headline=f"{what} {sample.quarter}: {sample.get_grade_display()}",
        detail=detail,
        source=sample,
        link=sample.get_absolute_url(),
        recorded_by=user,
    )
