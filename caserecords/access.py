"""Need-to-know access (Caldicott, seed 003 App. 3), in one place.

Every page, API view, export and job asks this module. The `*_for_user`
helpers return the object or raise Http404, so a file someone may not see
looks exactly like one that does not exist.
"""

from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone

from staff.models import MANAGER_ROLES, Role, Team, User

from .models import (
    AccessGrant,
    AccessLog,
    AccessReason,
    AccessWhy,
    Child,
    Document,
    Observation,
    PlannedContact,
)


def _role_q(user: User) -> Q | None:
    """The children this person's role and team give sight of: None for none, Q() for all."""
    if user.role == Role.DIRECTOR:
        return Q()
    if user.role in (Role.PRACTICE_GROUP_LEAD, Role.HEAD_OF_SERVICE):
        return Q(team__service_id=user.service_id) if user.service_id else None
    if user.role in (Role.SOCIAL_WORKER, Role.TEAM_LEADER, Role.BUSINESS_SUPPORT):
        # A worker also keeps sight of a child allocated to them personally.
        if user.team_id:
            return Q(team_id=user.team_id) | Q(worker_id=user.pk)
        return Q(worker_id=user.pk)
    # Auditors read only the files drawn into their audit sample (an AccessGrant each);
    # administrators manage accounts, not case files.
    return None


def grants_active(user: User, reasons=None) -> QuerySet[AccessGrant]:
    """This person's access grants in force now (optionally of the given reasons)."""
    now = timezone.now()
    grants = AccessGrant.objects.filter(user_id=user.pk, starts_at__lte=now).filter(
        Q(expires_at__isnull=True) | Q(expires_at__gt=now)
    )
    return grants.filter(reason__in=reasons) if reasons else grants


def grants_of_child(child: Child, reason: str) -> QuerySet[AccessGrant]:
    """The grants of one kind in force now on a child's file (e.g. the staff named on it)."""
    now = timezone.now()
    grants = AccessGrant.objects.filter(child_id=child.pk, reason=reason, starts_at__lte=now)
    return grants.filter(Q(expires_at__isnull=True) | Q(expires_at__gt=now))


def _visibility(user: User) -> tuple[Q, Q]:
    """(seen through role and team, seen through a grant) as filters on Child."""
    # Uncorrelated subqueries: the database reads this person's few grants once (a hashed
    # subplan on PostgreSQL), not once per child.
    granted = grants_active(user, [AccessReason.AUDIT, AccessReason.BREAK_GLASS]).values("child_id")
    role = _role_q(user)
    if role is None:
        return Q(pk__in=[]), Q(pk__in=granted)
    # A restricted file: only the staff named on it and the head of service (seed 003 App. 3).
    named = grants_active(user, [AccessReason.NAMED]).values("child_id")
    unrestricted = Q(restricted=False) | Q(pk__in=named)
    if user.role == Role.HEAD_OF_SERVICE:
        unrestricted = Q()
    return role & unrestricted, Q(pk__in=granted)


def children_visible_to(user: User) -> QuerySet[Child]:
    """The children whose files this member of staff may read."""
    children = Child.objects.all()
    if not user.is_authenticated or not user.is_active:
        return children.none()
    normal, granted = _visibility(user)
    return children.filter(normal | granted)


def can_see(user: User, child: Child) -> bool:
    """Whether this person may read the child's file: ask before telling anyone about it."""
    return children_visible_to(user).filter(pk=child.pk).exists()


def child_for_user(user: User, pk: int) -> Child:
    # Team and worker come along: every page of the file shows them in its banner.
    return get_object_or_404(children_visible_to(user).select_related("team", "worker"), pk=pk)


def _seen_through_role(user: User, child: Child) -> bool:
    """Whether the role and team rules (not a grant) give this person sight of the child.

    Worked out from the child in hand (its team is selected with it), so logging a normal
    read costs no query; only a restricted file asks whether the person is named on it.
    """
    role = user.role
    if role == Role.DIRECTOR:
        seen = True
    elif role in (Role.PRACTICE_GROUP_LEAD, Role.HEAD_OF_SERVICE):
        seen = child.team is not None and child.team.service_id == user.service_id
    elif role in (Role.SOCIAL_WORKER, Role.TEAM_LEADER, Role.BUSINESS_SUPPORT):
        seen = child.worker_id == user.pk or (
            user.team_id is not None and child.team_id == user.team_id
        )
    else:
        seen = False
    if seen and child.restricted and role != Role.HEAD_OF_SERVICE:
        seen = grants_active(user, [AccessReason.NAMED]).filter(child_id=child.pk).exists()
    return seen


def record_read(user: User, child: Child | None, what: str, *, channel: str = "page") -> None:
    """Log one read of a child's file or a record on it (one insert: seed 003 §1).

    Call it once per page or API answer that shows a child's record, never per item.
    `child` None: a service-wide read (a register, an export). Why is worked out from
    how the person has access: their role, or the grant (emergency access with its reason,
    an audit); only reads through a grant cost a query more.
    """
    why, reason = str(AccessWhy.NORMAL), ""
    if child is not None and not _seen_through_role(user, child):
        grant = grants_active(user).filter(child_id=child.pk).order_by("-starts_at").first()
        if grant is not None:
            why, reason = grant.reason, grant.explanation
    AccessLog.objects.create(
        user=user, child=child, what=what[:200], why=why, reason=reason, channel=channel
    )


def observations_visible_to(user: User) -> QuerySet[Observation]:
    return Observation.objects.filter(child__in=children_visible_to(user))


def observation_for_user(user: User, pk: int) -> Observation:
    # The child's team and worker come along for the banner on every observation page.
    observations = observations_visible_to(user).select_related(
        "child__team", "child__worker", "author"
    )
    return get_object_or_404(observations, pk=pk)


def document_for_user(user: User, pk: int) -> Document:
    return get_object_or_404(
        Document.objects.filter(child__in=children_visible_to(user)).select_related("child"), pk=pk
    )


def planned_contacts_visible_to(user: User) -> QuerySet[PlannedContact]:
    return PlannedContact.objects.filter(child__in=children_visible_to(user))


def planned_contact_for_user(user: User, pk: int) -> PlannedContact:
    # The child's team and worker come along for the banner on every page of the file.
    planned = planned_contacts_visible_to(user).select_related("child__team", "child__worker")
    return get_object_or_404(planned, pk=pk)


def _is_active_staff(user: User) -> bool:
    # A member of staff who has left keeps their account (their records name them) but no rights.
    return user.is_authenticated and user.is_active


def can_record(user: User, child: Child) -> bool:
    """Recording roles may add to any file they can see; auditors only read."""
    return _is_active_staff(user) and user.can_record


def can_upload(user: User, child: Child) -> bool:
    return _is_active_staff(user) and (user.can_record or user.role == Role.BUSINESS_SUPPORT)


def is_manager_of(user: User, child: Child) -> bool:
    """Whether this person manages the child's team: team leader, PGL, head of service, director."""
    if not _is_active_staff(user):
        return False
    if user.role == Role.DIRECTOR:
        return True
    if user.role == Role.TEAM_LEADER:
        return child.team_id is not None and child.team_id == user.team_id
    if user.role in (Role.PRACTICE_GROUP_LEAD, Role.HEAD_OF_SERVICE):
        return child.team is not None and child.team.service_id == user.service_id
    return False


# Teams (the managers' timeliness pages) ---------------------------------------------


def can_manage_teams(user: User) -> bool:
    """Whether this person's role manages teams: team leader, PGL, head of service, director."""
    return _is_active_staff(user) and user.role in MANAGER_ROLES


def teams_managed_by(user: User) -> QuerySet[Team]:
    """The teams whose work this manager oversees: a team leader their team, a PGL or head of
    service their service's teams, the director every team; nobody else any."""
    teams = Team.objects.order_by("name")
    if not can_manage_teams(user):
        return teams.none()
    if user.role == Role.DIRECTOR:
        return teams
    if user.role == Role.TEAM_LEADER:
        return teams.filter(pk=user.team_id) if user.team_id else teams.none()
    return teams.filter(service_id=user.service_id) if user.service_id else teams.none()


def team_for_manager(user: User, pk: int) -> Team:
    # A team this person does not manage looks like one that does not exist.
    return get_object_or_404(teams_managed_by(user), pk=pk)
