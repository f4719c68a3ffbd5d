"""Timeliness for managers: overdue recordings by worker, and the share of recordings each
team made within timescale (DESIGN.md "Recording timescales").

Reads for views/timeliness.py. Each function runs a fixed number of set-based queries,
whatever the size of the record: what is overdue comes from deadlines.py, who may see
which team from access.py.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta
from typing import Any

from django.db.models import Count, DateTimeField, ExpressionWrapper, F, Q, QuerySet
from django.urls import reverse
from django.utils import timezone

from staff.models import Team, User

from . import access, deadlines
from .models import Observation, ObservationKind, ObservationStatus, PlannedContact
from .workingdays import Calendar

# A draft is "due soon" on the caseload page when due within this many working days.
DUE_SOON_WORKING_DAYS = 2
# The team's overdue list shows each worker's oldest few; `?worker=` shows all of theirs.
ITEMS_PER_WORKER = 10
# The two periods of the figures, counted back from yesterday by due date.
RECENT_DAYS = 28  # the last 4 weeks
QUARTER_DAYS = 91  # the last quarter: 13 weeks


def due_soon_by(today: date) -> date:
    """The last due date that counts as due soon: the 2nd working day after today."""
    calendar = Calendar.around(today, DUE_SOON_WORKING_DAYS)
    return calendar.add_working_days(today, DUE_SOON_WORKING_DAYS)


# Overdue recordings by worker -----------------------------------------------------------


@dataclass(frozen=True)
class OverdueItem:
    """One recording past its due date: a draft observation, or a planned contact that
    was never recorded. Plain values: a team can have hundreds."""

    pk: int
    planned: bool  # a planned contact, else a draft observation
    kind: str
    child_id: int
    child_name: str
    contact_date: date
    due_by: date
    worker_id: int
    worker_name: str
    working_days_overdue: int = 0

    @property
    def record(self) -> str:
        return "Planned contact, not recorded" if self.planned else "Draft observation"

    @property
    def what(self) -> str:
        return ObservationKind(self.kind).label

    @property
    def url(self) -> str:
        if self.planned:
            return PlannedContact(pk=self.pk, child_id=self.child_id).get_absolute_url()
        return Observation(pk=self.pk).get_absolute_url()

    @property
    def child_url(self) -> str:
        return reverse("caserecords:child", args=[self.child_id])


@dataclass
class WorkerOverdue:
    """A worker's overdue recordings, oldest first, and the few the team's list shows."""

    worker_id: int
    worker_name: str
    items: list[OverdueItem] = field(default_factory=list)
    limit: int | None = ITEMS_PER_WORKER

    @property
    def count(self) -> int:
        return len(self.items)

    @property
    def oldest_due_by(self) -> date:
        return self.items[0].due_by

    @property
    def shown(self) -> list[OverdueItem]:
        return self.items if self.limit is None else self.items[: self.limit]

    @property
    def hidden(self) -> int:
        return self.count - len(self.shown)


def working_days_past(due_dates: set[date], today: date) -> dict[date, int]:
    """For each due date, the working days after it up to and including today.

    One query (the closure days of the range) and one pass over the calendar, however
    many items share it, so a list of overdue items costs the same as one.
    """
    if not due_dates:
        return {}
    start = min(due_dates)
    calendar = Calendar.for_range(start, today)
    counted, running, day = {start: 0}, 0, start
    while day < today:
        day += timedelta(days=1)
        running += calendar.is_working_day(day)
        counted[day] = running
    return {due: running - counted.get(due, running) for due in due_dates}


def _person(first: str, last: str, username: str) -> str:
    return f"{first} {last}".strip() or username


def _overdue_items(user: User, team: Team, now: datetime | None) -> list[OverdueItem]:
    """The team's overdue observations and planned contacts: two queries, plain values."""
    children = access.children_visible_to(user).filter(team_id=team.pk)
    names = ("child__first_name", "child__last_name")
    observations = (
        deadlines.overdue_observations(now)
        .filter(child__in=children)
        .values_list(
            "pk", "kind", "occurred_at", "due_by", "child_id", *names,
            "author_id", "author__first_name", "author__last_name", "author__username",
        )
    )  # fmt: skip
    planned = (
        deadlines.overdue_planned_contacts(now)
        .filter(child__in=children)
        .values_list(
            "pk", "kind", "planned_for", "due_by", "child_id", *names,
            "created_by_id", "created_by__first_name", "created_by__last_name",
            "created_by__username",
        )
    )  # fmt: skip
    return [
        OverdueItem(
            pk=pk,
            planned=is_planned,
            kind=kind,
            child_id=child_id,
            child_name=f"{child_first} {child_last}",
            contact_date=timezone.localdate(moment),
            due_by=due_by,
            worker_id=worker_id,
            worker_name=_person(first, last, username),
        )
        for is_planned, rows in ((False, observations), (True, planned))
        for (pk, kind, moment, due_by, child_id, child_first, child_last,
             worker_id, first, last, username) in rows
    ]  # fmt: skip


def overdue_by_worker(
    user: User, team: Team, *, now: datetime | None = None, worker_id: int | None = None
) -> list[WorkerOverdue]:
    """The team's overdue recordings (draft observations and planned contacts never
    recorded), grouped by the worker who owes them; with `worker_id`, that worker's only,
    all of them shown.

    The worker with the oldest overdue item comes first, and each worker's items run
    oldest first. Three queries: the observations, the planned contacts (each with child
    and worker), and the closure days for counting working days overdue.
    """
    today = deadlines.today_at(now)
    items = _overdue_items(user, team, now)
    items.sort(key=lambda item: (item.due_by, item.contact_date, item.child_name, item.pk))
    days_past = working_days_past({item.due_by for item in items}, today)
    by_worker: dict[int, WorkerOverdue] = {}
    for item in items:
        if worker_id is not None and item.worker_id != worker_id:
            continue
        group = by_worker.setdefault(
            item.worker_id,
            WorkerOverdue(
                item.worker_id,
                item.worker_name,
                limit=None if worker_id is not None else ITEMS_PER_WORKER,
            ),
        )
        group.items.append(replace(item, working_days_overdue=days_past[item.due_by]))
    return list(by_worker.values())


# Share recorded within timescale, per team ----------------------------------------------


@dataclass(frozen=True)
class Period:
    """Recordings whose due date falls from `start` to `end` (both included)."""

    key: str
    label: str
    start: date
    end: date


def periods(today: date) -> list[Period]:
    """The last 4 weeks and the last quarter, ending yesterday: by then every recording
    due in the period is either completed (on time or late) or overdue."""
    yesterday = today - timedelta(days=1)
    return [
        Period("recent", "Last 4 weeks", today - timedelta(days=RECENT_DAYS), yesterday),
        Period(
            "quarter", "Last quarter (13 weeks)", today - timedelta(days=QUARTER_DAYS), yesterday
        ),
    ]


@dataclass(frozen=True)
class Figures:
    """Recordings due in a period: completed on time, completed late, still overdue."""

    due: int = 0
    late: int = 0
    overdue: int = 0

    @property
    def on_time(self) -> int:
        return self.due - self.late - self.overdue

    @property
    def share(self) -> float | None:
        """Per cent recorded within timescale; None when nothing was due."""
        return 100 * self.on_time / self.due if self.due else None

    @property
    def percent(self) -> int | None:
        return None if self.share is None else round(self.share)


@dataclass(frozen=True)
class TeamFigures:
    team: Team
    by_period: dict[str, Figures]

    def __getitem__(self, key: str) -> Figures:
        return self.by_period[key]


# Completed after the end of its due day in London: the rule of observation_complete.
# Converting every completion to London time is most of the cost of the figures, so
# the cheap test goes first: local midnight after the due day is 23:00 or 24:00 UTC, so
# a completion before 23:00 UTC on the due day is on time whatever the clocks say.
COMPLETED_LATE = (
    Q(status=ObservationStatus.COMPLETED)
    & Q(
        completed_at__gte=ExpressionWrapper(
            F("due_by") + timedelta(hours=23), output_field=DateTimeField()
        )
    )
    & Q(completed_at__date__gt=F("due_by"))  # `__date`: in the current time zone
)


def _counts(period: Period, widest: Period) -> dict[str, Count]:
    # The query reads only the widest period, so a bound it shares with it is left out: it
    # would be tested on every row for nothing. Counting due_by (never null), not the
    # primary key, keeps the query to the index.
    in_period = Q()
    if period.start > widest.start:
        in_period &= Q(due_by__gte=period.start)
    if period.end < widest.end:
        in_period &= Q(due_by__lte=period.end)
    draft = Q(status=ObservationStatus.DRAFT)
    return {
        f"{period.key}_due": Count("due_by", filter=in_period or None),
        f"{period.key}_late": Count("due_by", filter=in_period & COMPLETED_LATE),
        f"{period.key}_overdue": Count("due_by", filter=in_period & draft),
    }


def figures_query(team_ids: list[int], spans: list[Period]) -> QuerySet[Observation, Any]:
    """One row per team with the counts of every period: a conditional aggregation over the
    observations due in the widest period, read from the index alone (obs_due_figures_idx
    for many teams, obs_child_due_figures_idx for a few)."""
    widest = Period("", "", min(p.start for p in spans), max(p.end for p in spans))
    counts: dict[str, Count] = {}
    for period in spans:
        counts |= _counts(period, widest)
    return (
        Observation.objects.filter(
            child__team__in=team_ids,
            entered_in_error=False,
            due_by__gte=widest.start,
            due_by__lte=widest.end,
        )
        .values("child__team_id")
        .annotate(**counts)
        .order_by()
    )


def team_figures(teams: Iterable[Team], *, today: date) -> list[TeamFigures]:
    """Each team's share of recordings made within timescale, by period.

    A recording belongs to the team that holds the child now; observations entered in
    error are left out. Two queries: the teams, and one conditional aggregation over
    the widest period for all of them.
    """
    team_list = list(teams)
    spans = periods(today)
    rows = figures_query([team.pk for team in team_list], spans) if team_list else []
    by_team: dict[int, dict[str, Any]] = {row["child__team_id"]: row for row in rows}
    return [TeamFigures(team, _figures(by_team.get(team.pk, {}), spans)) for team in team_list]


def _figures(row: dict, spans: list[Period]) -> dict[str, Figures]:
    return {
        p.key: Figures(
            due=row.get(f"{p.key}_due", 0),
            late=row.get(f"{p.key}_late", 0),
            overdue=row.get(f"{p.key}_overdue", 0),
        )
        for p in spans
    }
