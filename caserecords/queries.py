"""Reads that pages and the API share. Each returns a queryset or plain data in a fixed
number of queries."""

from datetime import date, datetime, time, timedelta

from django.db.models import Count, Exists, F, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from staff.models import Team, User

from . import access
from .models import (
    Allocation,
    Child,
    ChronologyEntry,
    Document,
    LegalStatus,
    LegalStatusKind,
    Observation,
    ObservationStatus,
    PlannedContact,
    PlannedContactStatus,
)


def open_legal_statuses(child: Child) -> list[LegalStatus]:
    """The child's current legal statuses, for the banner on every page of the file."""
    return list(child.legal_statuses.filter(ended_on__isnull=True).order_by("kind"))


# Lists of children ---------------------------------------------------------------------


def with_list_data(children: QuerySet[Child]) -> QuerySet[Child]:
    """Add what every list of children shows: team, worker and current legal statuses
    (`child.open_statuses`), in one extra query for the whole list."""
    return children.select_related("team", "worker").prefetch_related(
        Prefetch(
            "legal_statuses",
            queryset=LegalStatus.objects.filter(ended_on__isnull=True).order_by("kind"),
            to_attr="open_statuses",
        )
    )


def with_deadlines(children: QuerySet[Child], *, today: date) -> QuerySet[Child]:
    """Annotate each child with `last_contact`, `next_deadline` and `overdue_count`, and sort
    those with overdue recordings first, then by next deadline, then by name.

    Observations entered in error neither count as contact nor carry a deadline. Each
    figure is a subquery on the child's own index entries (obs_child_occurred_idx,
    obs_child_draft_due_idx), so a child with 5,000 observations costs what one with
    five does.
    """
    live = Observation.objects.filter(child=OuterRef("pk"), entered_in_error=False)
    drafts = live.filter(status=ObservationStatus.DRAFT)
    overdue = drafts.filter(due_by__lt=today)
    completed = live.filter(status=ObservationStatus.COMPLETED).order_by("-occurred_at")
    return children.annotate(
        last_contact=Subquery(completed.values("occurred_at")[:1]),
        next_deadline=Subquery(drafts.order_by("due_by").values("due_by")[:1]),
        overdue_count=Coalesce(
            Subquery(overdue.values("child").annotate(n=Count("due_by")).values("n")), 0
        ),
        has_overdue=Exists(overdue),
    ).order_by(
        # pk last: a total order, so that paging neither repeats nor skips a child.
        "-has_overdue",
        F("next_deadline").asc(nulls_last=True),
        "last_name",
        "first_name",
        "pk",
    )


def caseload(user: User, *, today: date) -> QuerySet[Child]:
    """The open cases allocated to this member of staff, with their deadlines."""
    children = access.children_visible_to(user).filter(worker_id=user.pk, closed_on__isnull=True)
    return with_list_data(with_deadlines(children, today=today))


def team_caseload(user: User, *, today: date) -> QuerySet[Child]:
    """The open cases of the team this member of staff belongs to, with their deadlines."""
    if not user.team_id:
        return Child.objects.none()
    children = access.children_visible_to(user).filter(team_id=user.team_id, closed_on__isnull=True)
    return with_list_data(with_deadlines(children, today=today))


def drafts_due(user: User) -> QuerySet[Observation]:
    """This author's draft observations on files they can see, soonest due first."""
    return (
        access.observations_visible_to(user)
        .filter(author_id=user.pk, status=ObservationStatus.DRAFT, entered_in_error=False)
        .select_related("child")
        .order_by("due_by", "occurred_at", "pk")
    )


def teams_with_children(children: QuerySet[Child]) -> QuerySet[Team]:
    """The teams holding any of these children (for a filter: only teams one can see)."""
    return Team.objects.filter(pk__in=children.values("team_id")).order_by("name")


def children_filtered(
    children: QuerySet[Child],
    *,
    search: str = "",
    team: Team | None = None,
    legal_status: str = "",
    state: str = "",
) -> QuerySet[Child]:
    """Filter a list of children by name or LA id, team, current legal status, open or closed."""
    for term in search.split():
        children = children.filter(
            Q(first_name__icontains=term)
            | Q(last_name__icontains=term)
            | Q(la_child_id__iexact=term)
        )
    if team is not None:
        children = children.filter(team=team)
    if legal_status in LegalStatusKind.values:
        # At most one open episode per kind, so the join adds no duplicates.
        children = children.filter(
            legal_statuses__kind=legal_status, legal_statuses__ended_on__isnull=True
        )
    if state == "open":
        children = children.filter(closed_on__isnull=True)
    elif state == "closed":
        children = children.filter(closed_on__isnull=False)
    return children


# The child's file ---------------------------------------------------------------------


def chronology(child: Child, *, include_withdrawn: bool = False) -> QuerySet[ChronologyEntry]:
    """The chronology at the front of the file, newest first (withdrawn entries for managers)."""
    entries = child.chronology.select_related("recorded_by").order_by("-occurred_at", "-pk")
    return entries if include_withdrawn else entries.filter(withdrawn=False)


def file_observations(child: Child) -> QuerySet[Observation]:
    return child.observations.select_related("author").order_by("-occurred_at", "-pk")


def file_documents(child: Child) -> QuerySet[Document]:
    return child.documents.select_related("uploaded_by").order_by("-document_date", "-pk")


def allocation_history(child: Child) -> QuerySet[Allocation]:
    return child.allocations.select_related("team", "worker").order_by("-started_on", "-pk")


def legal_status_history(child: Child) -> QuerySet[LegalStatus]:
    return child.legal_statuses.order_by("-started_on", "-pk")


# Planned contacts (the diary) ------------------------------------------------------------

# How far ahead the caseload page shows a worker's planned contacts.
UPCOMING_DAYS = 28


def diary(child: Child) -> list[PlannedContact]:
    """Every planned contact of the child, soonest first, with who planned it and the
    observation that recorded it."""
    return list(
        child.planned_contacts.select_related("created_by", "observation").order_by(
            "planned_for", "pk"
        )
    )


def waiting_planned_contacts(child: Child) -> QuerySet[PlannedContact]:
    """The child's planned contacts still waiting to be made or recorded, soonest first."""
    return (
        child.planned_contacts.filter(status=PlannedContactStatus.PLANNED)
        .select_related("created_by")
        .order_by("planned_for", "pk")
    )


def planned_contacts_upcoming(
    user: User, *, today: date, days: int = UPCOMING_DAYS
) -> QuerySet[PlannedContact]:
    """The contacts this member of staff planned that still wait to be made or recorded,
    up to `days` ahead (those whose date has passed included), soonest first."""
    until = datetime.combine(today + timedelta(days=days + 1), time.min)
    return (
        access.planned_contacts_visible_to(user)
        .filter(
            created_by_id=user.pk,
            status=PlannedContactStatus.PLANNED,
            planned_for__lt=timezone.make_aware(until),
        )
        .select_related("child")
        .order_by("planned_for", "pk")
    )
