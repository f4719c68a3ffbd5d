"""Reads of the audit that pages, the API and exports share: whose samples one may see,
and the quarterly reports."""

from dataclasses import dataclass, field

from django.db.models import Count, QuerySet
from django.shortcuts import get_object_or_404

from caserecords import access
from staff.models import Role, Team, User

from .models import (
    Answer,
    AuditAnswer,
    AuditDraw,
    AuditQuestion,
    AuditSample,
    Grade,
    SampleStatus,
)
from .quarters import Quarter

TREND_QUARTERS = 4


def can_see_reports(user: User) -> bool:
    return (
        user.is_authenticated
        and user.is_active
        and (user.role == Role.AUDITOR or access.can_manage_teams(user))
    )


def can_draw(user: User) -> bool:
    """The director and heads of service draw the sample on demand."""
    return (
        user.is_authenticated
        and user.is_active
        and user.role in (Role.DIRECTOR, Role.HEAD_OF_SERVICE)
    )


def report_teams(user: User) -> QuerySet[Team]:
    """The teams whose audit figures this person sees: auditors all, managers theirs."""
    if not can_see_reports(user):
        return Team.objects.none()
    if user.role == Role.AUDITOR:
        return Team.objects.select_related("service").order_by("service__name", "name")
    return access.teams_managed_by(user).select_related("service").order_by("service__name", "name")


def samples_visible_to(user: User) -> QuerySet[AuditSample]:
    """Auditors see the items sampled for them, managers their teams', the director all."""
    samples = AuditSample.objects.exclude(status=SampleStatus.WITHDRAWN)
    if not user.is_authenticated or not user.is_active:
        return samples.none()
    if user.role == Role.AUDITOR:
        return samples.filter(auditor=user)
    if access.can_manage_teams(user):
        # A restricted file in the team stays hidden from a manager not named on it.
        return samples.filter(
            team__in=access.teams_managed_by(user), child__in=access.children_visible_to(user)
        )
    return samples.none()


def sample_for_user(user: User, pk: int) -> AuditSample:
    """A sampled item on a file this person may see (an auditor through their grant), or 404.

    The child comes from access.child_for_user, so the read is logged with how access was
    given (the audit grant for an auditor).
    """
    samples = samples_visible_to(user).select_related("team__service", "auditor", "observation")
    sample = get_object_or_404(samples, pk=pk)
    sample.child = access.child_for_user(user, sample.child_id)
    return sample


def my_audits(user: User, quarter: Quarter | None) -> QuerySet[AuditSample]:
    samples = AuditSample.objects.filter(auditor=user).exclude(status=SampleStatus.WITHDRAWN)
    if quarter is not None:
        samples = samples.filter(quarter=str(quarter))
    return samples.select_related("child", "team", "observation").order_by(
        "-quarter", "status", "team__name", "child__last_name", "pk"
    )


def quarters_drawn() -> list[str]:
    return list(
        AuditDraw.objects.filter(superseded_at__isnull=True)
        .order_by("-quarter")
        .values_list("quarter", flat=True)
    )


# Reports ------------------------------------------------------------------------------


@dataclass
class Figures:
    """Completion and grades of a set of sampled items."""

    sampled: int = 0
    completed: int = 0
    grades: dict[str, int] = field(default_factory=lambda: dict.fromkeys(Grade.values, 0))

    def add(self, status: str, grade: str, count: int) -> None:
        self.sampled += count
        if status == SampleStatus.COMPLETED:
            self.completed += count
            self.grades[grade] = self.grades.get(grade, 0) + count

    @property
    def percent_completed(self) -> int | None:
        return round(100 * self.completed / self.sampled) if self.sampled else None

    @property
    def percent_good(self) -> int | None:
        """The share of completed audits graded good or outstanding."""
        good = self.grades[Grade.GOOD] + self.grades[Grade.OUTSTANDING]
        return round(100 * good / self.completed) if self.completed else None

    def grade_rows(self) -> list[tuple[str, int]]:
        return [(Grade(value).label, self.grades[value]) for value in Grade.values]


@dataclass
class QuestionFigures:
    question: AuditQuestion
    answered: int = 0
    no: int = 0

    @property
    def percent_no(self) -> int | None:
        return round(100 * self.no / self.answered) if self.answered else None


@dataclass
class Report:
    quarter: Quarter
    teams: list[tuple[Team, Figures]]
    services: list[tuple[str, Figures]]
    total: Figures
    questions: list[QuestionFigures]
    trend: list[tuple[Quarter, Figures]]


def report(user: User, quarter: Quarter, *, team: Team | None = None) -> Report:
    """The quarter's audit figures for the teams this person sees: four queries."""
    teams = list(report_teams(user))
    if team is not None:
        teams = [t for t in teams if t.pk == team.pk]
    team_ids = [t.pk for t in teams]
    quarters = [quarter, *quarter.back(TREND_QUARTERS - 1)]
    rows = (
        AuditSample.objects.filter(team_id__in=team_ids, quarter__in=[str(q) for q in quarters])
        .exclude(status=SampleStatus.WITHDRAWN)
        .order_by()
        .values("quarter", "team_id", "status", "grade")
        .annotate(count=Count("pk"))
    )
    by_team = {pk: Figures() for pk in team_ids}
    by_quarter = {str(q): Figures() for q in quarters}
    for row in rows:
        by_quarter[row["quarter"]].add(row["status"], row["grade"], row["count"])
        if row["quarter"] == str(quarter):
            by_team[row["team_id"]].add(row["status"], row["grade"], row["count"])
    by_service: dict[str, Figures] = {}
    for t in teams:
        service = by_service.setdefault(t.service.name, Figures())
        figures = by_team[t.pk]
        service.sampled += figures.sampled
        service.completed += figures.completed
        for grade, count in figures.grades.items():
            service.grades[grade] += count
    total = by_quarter[str(quarter)]
    return Report(
        quarter=quarter,
        teams=[(t, by_team[t.pk]) for t in teams],
        services=sorted(by_service.items()),
        total=total,
        questions=_question_figures(team_ids, quarter),
        trend=[(q, by_quarter[str(q)]) for q in reversed(quarters)],
    )


def _question_figures(team_ids: list[int], quarter: Quarter) -> list[QuestionFigures]:
    """The share of "no" per question in the quarter's completed audits: two queries."""
    questions = {
        q.pk: QuestionFigures(q)
        for q in AuditQuestion.objects.order_by("applies_to", "order", "pk")
    }
    rows = (
        AuditAnswer.objects.filter(
            sample__quarter=str(quarter),
            sample__team_id__in=team_ids,
            sample__status=SampleStatus.COMPLETED,
        )
        .exclude(answer=Answer.NOT_APPLICABLE)
        .order_by()
        .values("question_id", "answer")
        .annotate(count=Count("pk"))
    )
    for row in rows:
        figures = questions[row["question_id"]]
        figures.answered += row["count"]
        if row["answer"] == Answer.NO:
            figures.no += row["count"]
    return [f for f in questions.values() if f.answered or f.question.active]


def draw_overview(draw: AuditDraw) -> list[dict]:
    """Per team of a draw: files open, left out as recently audited, sampled (no query)."""
    return [
        {
            "team_id": int(key),
            "files": len(team["files"]),
            "recent": len(team["recent"]),
            "supervision": len(team["supervision"]),
        }
        for key, team in sorted(draw.population["teams"].items(), key=lambda item: int(item[0]))
    ]
