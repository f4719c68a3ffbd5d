"""Reads of the absence app: who is away now and who covers, who may see and set whose
absences, and what the apply_absences job has to do. Each runs a fixed number of queries."""

from datetime import datetime

from django.db.models import Exists, OuterRef, Q, QuerySet, Subquery
from django.shortcuts import get_object_or_404
from django.utils import timezone

from caserecords.models import Observation
from staff.models import MANAGER_ROLES, Role, User

from .models import Absence, AbsenceQuerySet, FiledEmail

# Who may set and see whose absences ---------------------------------------------------------


def _active_staff(user: User) -> bool:
    return user.is_authenticated and user.is_active


def can_manage_absence(actor: User, worker: User) -> bool:
    """A worker sets their own; a team leader or business support one for their team."""
    if not _active_staff(actor):
        return False
    if actor.pk == worker.pk:
        return True
    return (
        actor.role in (Role.TEAM_LEADER, Role.BUSINESS_SUPPORT)
        and actor.team_id is not None
        and actor.team_id == worker.team_id
    )


def staff_visible_to(user: User) -> QuerySet[User]:
    """The people this person may see: their team; a service's staff for its managers; all
    for the director and administrators; only themselves otherwise."""
    people = User.objects.filter(is_active=True)
    if not _active_staff(user):
        return people.none()
    if user.role in (Role.DIRECTOR, Role.ADMINISTRATOR):
        return people
    if user.role in (Role.PRACTICE_GROUP_LEAD, Role.HEAD_OF_SERVICE) and user.service_id:
        return people.filter(service_id=user.service_id)
    if user.team_id:
        # The team's managers above it (PGL, head of service) are people one works with too.
        return people.filter(
            Q(team_id=user.team_id)
            | Q(service_id=user.service_id, role__in=MANAGER_ROLES, team__isnull=True)
            | Q(pk=user.pk)
        )
    return people.filter(pk=user.pk)


def with_absence(people: QuerySet[User], at: datetime) -> QuerySet[User]:
    """Annotate each person with `absent`, `cover_id` and `away_until` at `at` (subqueries:
    no query per person)."""
    running = Absence.objects.active_at(at).filter(user_id=OuterRef("pk")).order_by("starts_on")
    return people.annotate(
        absent=Exists(running),
        cover_id=Subquery(running.values("cover_id")[:1]),
        away_until=Subquery(running.values("ends_on")[:1]),
    )


def staff_list(user: User, at: datetime) -> QuerySet[User]:
    return (
        with_absence(staff_visible_to(user), at)
        .select_related("team")
        .order_by("last_name", "first_name", "username")
    )


def staff_member_for_user(user: User, pk: int) -> User:
    """A colleague this person may see (with their team and service), or 404."""
    return get_object_or_404(staff_visible_to(user).select_related("team", "service"), pk=pk)


def absences_visible_to(user: User) -> AbsenceQuerySet:
    """The absences of the people this person may see."""
    return Absence.objects.filter(user__in=staff_visible_to(user)).select_related(
        "user", "cover", "recorded_by"
    )


def absence_for_user(user: User, pk: int) -> Absence:
    return get_object_or_404(absences_visible_to(user), pk=pk)


def absences_filtered(absences: AbsenceQuerySet, *, state: str, at: datetime) -> QuerySet:
    today = timezone.localdate(at)
    if state == "current":
        return absences.active_at(at)
    if state == "upcoming":
        return absences.upcoming_at(at)
    if state == "past":
        return absences.filter(Q(ends_on__lt=today) | Q(ended_early_at__isnull=False))
    return absences


def people_they_may_set_for(user: User) -> QuerySet[User]:
    """Whose absence this person may record: themselves, and their team for its leader or
    business support."""
    people = User.objects.filter(is_active=True)
    if not _active_staff(user):
        return people.none()
    if user.role in (Role.TEAM_LEADER, Role.BUSINESS_SUPPORT) and user.team_id:
        return people.filter(Q(team_id=user.team_id) | Q(pk=user.pk))
    return people.filter(pk=user.pk)


def possible_covers(user: User) -> QuerySet[User]:
    """Who may be named as cover: colleagues in the worker's team and its managers (or, for
    someone without a team, their service)."""
    people = User.objects.filter(is_active=True).exclude(
        role__in=[Role.AUDITOR, Role.ADMINISTRATOR]
    )
    if user.team_id:
        return people.filter(
            Q(team_id=user.team_id) | Q(service_id=user.service_id, role__in=MANAGER_ROLES)
        )
    if user.service_id:
        return people.filter(service_id=user.service_id)
    return people.filter(role__in=MANAGER_ROLES)


def default_cover(worker: User) -> User | None:
    """The worker's team leader (for a team leader: another, else their service's PGL)."""
    leaders = User.objects.filter(is_active=True).exclude(pk=worker.pk).order_by("pk")
    if worker.team_id:
        leader = leaders.filter(team_id=worker.team_id, role=Role.TEAM_LEADER).first()
        if leader is not None:
            return leader
    if worker.service_id:
        return leaders.filter(
            service_id=worker.service_id,
            role__in=[Role.PRACTICE_GROUP_LEAD, Role.HEAD_OF_SERVICE],
        ).first()
    return None


# Who is away now ----------------------------------------------------------------------------


def running(at: datetime) -> QuerySet[Absence]:
    """Every absence running at `at` (few at any time: one index scan)."""
    return Absence.objects.active_at(at)


def current_absence(user_id: int | None, at: datetime) -> Absence | None:
    """The absence of this person running at `at`, with the cover: one query."""
    return (
        running(at)
        .filter(Q(user_id=user_id))  # no worker: IS NULL, still one query
        .select_related("user", "cover")
        .order_by("starts_on")
        .first()
    )


def absences_of(user: User, at: datetime) -> list[Absence]:
    """This person's running and coming absences, soonest first: one query."""
    today = timezone.localdate(at)
    return list(
        Absence.objects.filter(user=user, ended_early_at__isnull=True)
        .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=today))
        .select_related("user", "cover", "recorded_by")
        .order_by("starts_on")
    )


def may_see_cover_caseload(viewer: User, worker: User, absence: Absence | None) -> bool:
    """The cover, the worker's team leader and the managers above may open the caseload."""
    if not _active_staff(viewer):
        return False
    if absence is not None and absence.cover_id == viewer.pk:
        return True
    if viewer.role == Role.DIRECTOR:
        return True
    if viewer.role == Role.TEAM_LEADER:
        return viewer.team_id is not None and viewer.team_id == worker.team_id
    if viewer.role in (Role.PRACTICE_GROUP_LEAD, Role.HEAD_OF_SERVICE):
        return viewer.service_id is not None and viewer.service_id == worker.service_id
    return False


# Emails filed on a child's record --------------------------------------------------------------

# The tab on the child's file lists at most this many (the observations list has them all).
FILE_TAB_LIMIT = 50


def filed_emails(child) -> list[FiledEmail]:
    """The emails filed on this child's record, newest first, each with `observation_id` (the
    child's own observation of it): one query."""
    own = Observation.objects.filter(filed_emails=OuterRef("pk"), child_id=child.pk)
    return list(
        FiledEmail.objects.filter(observations__child_id=child.pk)
        .annotate(observation_id=Subquery(own.values("pk")[:1]))
        .select_related("filed_by")
        .order_by("-sent_at", "-pk")[:FILE_TAB_LIMIT]
    )


# The apply_absences job ---------------------------------------------------------------------


def cover_to_start(at: datetime) -> QuerySet[Absence]:
    """Absences running at `at` whose cover has not started: one query."""
    return running(at).filter(cover_started_at__isnull=True).order_by("pk")


def cover_to_end(at: datetime) -> QuerySet[Absence]:
    """Absences over at `at` whose cover started and has not ended: one query."""
    over = Q(ended_early_at__isnull=False) | Q(ends_on__lt=timezone.localdate(at))
    return (
        Absence.objects.filter(cover_started_at__isnull=False, cover_ended_at__isnull=True)
        .filter(over)
        .order_by("pk")
    )


def summary_due() -> QuerySet[Absence]:
    """Absences whose cover has ended and whose worker has not had the summary: one query."""
    return (
        Absence.objects.filter(cover_ended_at__isnull=False, summary_sent_at__isnull=True)
        .select_related("user", "cover")
        .order_by("pk")
    )
