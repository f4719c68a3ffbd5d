"""Reads for management oversight: the dashboard's figures per team and the lists behind
them, the file's last read by a manager, and the unallocated cases report.

Every figure and its list come from the same filter, so they always agree; the dashboard
runs a fixed number of set-based queries however many teams it shows.
"""

from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.conf import settings
from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.db.models import Count, F, OuterRef, Q, QuerySet, Subquery

from staff.models import Service, Team, User

from . import access, codes, deadlines, queries
from .models import (
    Allocation,
    Approval,
    ApprovalStatus,
    Child,
    FileRead,
    LegalStatus,
    LegalStatusKind,
)
from .workingdays import Calendar, start_of_day

DEFAULT_READ_INTERVAL_DAYS = 20  # working days (DESIGN.md "Management oversight")


def read_interval_days() -> int:
    return getattr(settings, "OVERSIGHT_READ_INTERVAL_DAYS", DEFAULT_READ_INTERVAL_DAYS)


def working_days_before(day: date, count: int) -> date:
    """The working day `count` working days before `day` (one query: the closure days)."""
    calendar = Calendar.for_range(day - timedelta(days=count * 3 + 21), day)
    for _ in range(count):
        day -= timedelta(days=1)
        while not calendar.is_working_day(day):
            day -= timedelta(days=1)
    return day


def read_cutoff(today: date) -> date:
    """A file is due a read when no manager has read it on or since this day."""
    return working_days_before(today, read_interval_days())


def first_working_day(day: date) -> date:
    """The first working day of `day`'s month."""
    first = day.replace(day=1)
    return Calendar.for_range(first, first + timedelta(days=14)).next_working_day(first)


def last_file_read(child: Child) -> FileRead | None:
    """The latest read of the file by a manager (one query, index fileread_child_read_idx)."""
    reads = child.file_reads.filter(observation__entered_in_error=False)
    return reads.select_related("read_by").order_by("-read_at", "-pk").first()


# What each figure counts: one filter each, shared by the figure and its list -----------


def _read_children(cutoff: date) -> QuerySet:
    """The children whose files a manager has read since `cutoff` (read in error aside)."""
    return FileRead.objects.filter(
        read_at__gte=start_of_day(cutoff), observation__entered_in_error=False
    ).values("child_id")


def _unread_q(cutoff: date) -> Q:
    # A file opened within the interval is not yet due its first read. NOT IN an
    # uncorrelated subquery: PostgreSQL reads the interval's file reads once into a hash
    # (from fileread_read_idx), not once per open file as a correlated EXISTS would.
    return Q(referral_date__lt=cutoff) & ~Q(pk__in=_read_children(cutoff))


UNALLOCATED_Q = Q(worker__isnull=True)


def _open_children(user: User, team_ids) -> QuerySet[Child]:
    return access.children_visible_to(user).filter(team_id__in=team_ids, closed_on__isnull=True)


def waiting_approvals(user: User, team_ids) -> QuerySet[Approval]:
    children = access.children_visible_to(user).filter(team_id__in=team_ids)
    return Approval.objects.filter(status=ApprovalStatus.SUBMITTED, child__in=children)


# The dashboard ---------------------------------------------------------------------------


# A manager of at most this many teams (a team leader, a practice group lead of a few) sees
# the overdue recordings broken down by worker on the dashboard. A head of service or the
# director sees a figure per team; it links to the team's overdue list, which is by worker.
WORKERS_SHOWN_UP_TO_TEAMS = 3


@dataclass
class WorkerCount:
    worker_id: int
    name: str
    count: int = 0


@dataclass
class TeamOversight:
    team: Team
    unread: int = 0
    waiting: int = 0
    unallocated: int = 0
    overdue: int = 0
    # Most overdue first; None when the dashboard shows too many teams to break them down.
    overdue_by_worker: list[WorkerCount] | None = None


def _name(first: str, last: str, username: str) -> str:
    return f"{first} {last}".strip() or username


def _overdue_rows(user: User, team_ids: list[int], now: datetime | None) -> list[tuple]:
    """(team, worker, first name, last name, username, overdue recordings): one query.

    The overdue observations (read from obs_draft_due_idx alone) and planned contacts are
    joined to the children one may see in those teams once, counted per team and worker,
    and only then joined to the few hundred workers for their names. The ORM cannot join
    to a union nor join after grouping, so the pieces it builds are put together in SQL:
    the rules stay those of deadlines and access.
    """
    visible = access.children_visible_to(user).filter(team_id__in=team_ids)
    children = visible.values("id", "team_id").order_by()
    observations = deadlines.overdue_observations(now).values("child_id", owed_by=F("author_id"))
    planned = deadlines.overdue_planned_contacts(now).values("child_id", owed_by=F("created_by_id"))
    items = observations.order_by().union(planned.order_by(), all=True)
    try:
        children_sql, children_params = children.query.sql_with_params()
    except EmptyResultSet:  # a filter that can match no child: nothing to count
        return []
    items_sql, items_params = items.query.sql_with_params()
    # Only SQL the ORM compiled and a table name go into the text; values are parameters.
    sql = (
        "SELECT counted.team_id, counted.owed_by, person.first_name, person.last_name,"  # noqa: S608
        " person.username, counted.n FROM (SELECT child.team_id, item.owed_by, COUNT(*) AS n"
        f" FROM ({children_sql}) child INNER JOIN ({items_sql}) item ON item.child_id = child.id"
        " GROUP BY child.team_id, item.owed_by) counted"
        f" INNER JOIN {connection.ops.quote_name(User._meta.db_table)} person"
        " ON person.id = counted.owed_by"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, (*children_params, *items_params))
        return cursor.fetchall()


def _overdue_by_team(rows: list[tuple]) -> dict[int, list[WorkerCount]]:
    """team -> its workers' overdue counts, most first."""
    by_team: dict[int, list[WorkerCount]] = {}
    for team_id, worker_id, first, last, username, n in rows:
        by_team.setdefault(team_id, []).append(
            WorkerCount(worker_id, _name(first, last, username), n)
        )
    for workers in by_team.values():
        workers.sort(key=lambda worker: (-worker.count, worker.name))
    return by_team


def team_oversight(
    user: User, *, now: datetime | None = None, cutoff: date | None = None
) -> list[TeamOversight]:
    """The dashboard: per team this manager oversees, files not read by a manager within the
    interval, approvals waiting, unallocated cases and overdue recordings (by worker for a
    manager of at most WORKERS_SHOWN_UP_TO_TEAMS teams).

    Five queries whatever the number of teams: the teams, the closure days (unless `cutoff`
    is given), the children's figures, the approvals waiting, and the overdue observations
    and planned contacts together.
    """
    teams = list(access.teams_managed_by(user))
    team_ids = [team.pk for team in teams]
    cutoff = cutoff or read_cutoff(deadlines.today_at(now))
    if not teams:
        return []
    figures: dict[int, dict[str, int]] = {
        row["team_id"]: {"unread": row["unread"], "unallocated": row["unallocated"]}
        for row in _open_children(user, team_ids)
        .values("team_id")
        .annotate(
            unread=Count("pk", filter=_unread_q(cutoff)),
            unallocated=Count("pk", filter=UNALLOCATED_Q),
        )
        .order_by()
    }
    waiting = dict(
        waiting_approvals(user, team_ids)
        .values_list("child__team_id")
        .annotate(n=Count("pk"))
        .order_by()
    )
    by_worker = len(teams) <= WORKERS_SHOWN_UP_TO_TEAMS
    overdue = _overdue_by_team(_overdue_rows(user, team_ids, now))
    result = []
    for team in teams:
        row = figures.get(team.pk, {})
        workers = overdue.get(team.pk, [])
        result.append(
            TeamOversight(
                team,
                unread=row.get("unread", 0),
                waiting=waiting.get(team.pk, 0),
                unallocated=row.get("unallocated", 0),
                overdue=sum(worker.count for worker in workers),
                overdue_by_worker=workers if by_worker else None,
            )
        )
    return result


# The lists behind the figures ------------------------------------------------------------


def _latest_read():
    reads = FileRead.objects.filter(child=OuterRef("pk"), observation__entered_in_error=False)
    return Subquery(reads.order_by("-read_at").values("read_at")[:1])


def _current_allocation():
    return Allocation.objects.filter(child=OuterRef("pk"), ended_on__isnull=True)


def unread_files(user: User, team: Team, *, cutoff: date) -> QuerySet[Child]:
    """The team's open files no manager has read on or since `cutoff` (read_cutoff), never
    read or least recently read first, each with `last_read`."""
    children = _open_children(user, [team.pk]).filter(_unread_q(cutoff))
    children = children.annotate(last_read=_latest_read())
    return queries.with_list_data(children).order_by(
        F("last_read").asc(nulls_first=True), "referral_date", "last_name", "first_name", "pk"
    )


def unallocated_cases(user: User, team_ids) -> QuerySet[Child]:
    """Open cases held by a team with no worker, each with the reason and date of the
    current allocation (`allocation_reason`, `unallocated_since`), longest waiting first."""
    current = _current_allocation()
    children = _open_children(user, team_ids).filter(UNALLOCATED_Q)
    children = children.annotate(
        allocation_reason=Subquery(current.values("reason")[:1]),
        unallocated_since=Subquery(current.values("started_on")[:1]),
    )
    # "unallocated_since" is the annotation above (django-stubs cannot see it).
    return queries.with_list_data(children).order_by(
        F("unallocated_since").asc(), "last_name", "first_name", "pk"
    )


def waiting_approvals_list(user: User, team: Team) -> QuerySet[Approval]:
    return (
        waiting_approvals(user, [team.pk])
        .select_related("child", "submitted_by", "to_team")
        .order_by("submitted_at", "pk")
    )


# The unallocated cases report (seed 003 App. 7, 3.2) ---------------------------------------

NO_LEGAL_STATUS = "No current legal status"
NO_REASON = "No reason recorded"


@dataclass
class ServiceUnallocated:
    """A service's unallocated cases: how many, their nature and the reasons."""

    service: Service
    count: int = 0
    by_legal_status: Counter = field(default_factory=Counter)
    by_need: Counter = field(default_factory=Counter)
    by_reason: Counter = field(default_factory=Counter)

    def sections(self) -> list[tuple[str, list[tuple[str, int]]]]:
        """(title, [(label, count), ...] most first) for legal status, need and reasons."""
        return [
            ("Legal status", self.by_legal_status.most_common()),
            ("Primary need", self.by_need.most_common()),
            ("Reasons", self.by_reason.most_common()),
        ]

    def as_text(self) -> str:
        lines = [f"{self.count} unallocated case(s) in {self.service}."]
        for title, rows in self.sections():
            if rows:
                listed = "; ".join(f"{label}: {n}" for label, n in rows)
                lines.append(f"{title}: {listed}.")
        return "\n".join(lines)


def unallocated_summary(children: QuerySet[Child] | None = None) -> list[ServiceUnallocated]:
    """Per service, the unallocated open cases by legal status, primary need and reason.

    `children`: the cases one may see (default: every case, for the heads of service's
    monthly report). Three queries: the cases, their open legal statuses, the services.
    """
    base = Child.objects.all() if children is None else children
    current = _current_allocation()
    rows = list(
        base.filter(UNALLOCATED_Q, closed_on__isnull=True, team__isnull=False)
        .annotate(allocation_reason=Subquery(current.values("reason")[:1]))
        .values_list("pk", "team__service_id", "primary_need", "allocation_reason")
    )
    statuses: dict[int, list[str]] = {}
    open_statuses = LegalStatus.objects.filter(
        child_id__in=[row[0] for row in rows], ended_on__isnull=True
    ).order_by("kind")
    for child_id, kind in open_statuses.values_list("child_id", "kind"):
        statuses.setdefault(child_id, []).append(LegalStatusKind(kind).label)
    services = Service.objects.filter(pk__in={row[1] for row in rows}).order_by("name")
    reports = {service.pk: ServiceUnallocated(service) for service in services}
    for child_id, service_id, need, reason in rows:
        report = reports[service_id]
        report.count += 1
        for label in statuses.get(child_id) or [NO_LEGAL_STATUS]:
            report.by_legal_status[label] += 1
        report.by_need[codes.PrimaryNeed(need).label] += 1
        report.by_reason[(reason or "").strip() or NO_REASON] += 1
    return list(reports.values())
